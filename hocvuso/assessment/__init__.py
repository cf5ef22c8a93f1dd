"""Question bank (versioned, loaded from assessment/content/questions/*.yaml), certification tests
per framework version and rule group, attempts, server-side scoring, and practical tasks.

Scoring happens only on the server; correct answers are never sent before an attempt is submitted.
Higher apps (certificates) learn of a passed attempt through hooks.on_attempt_passed.
May import: hocvuso.lib, hocvuso.geo, hocvuso.framework, hocvuso.accounts, hocvuso.people, hocvuso.learning.
"""
