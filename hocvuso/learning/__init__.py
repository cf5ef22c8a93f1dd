"""Courses, modules and lessons (versioned, multilingual structured text), learner progress,
offline sync, read-aloud audio, and the digital library (kho học liệu số, plan 67 III.3.a).

Lessons are loaded from learning/content/ (YAML, see docs/content-format.md) and edited by the
province as new draft versions. Progress is idempotent: every client event carries a UUID.
May import: hocvuso.lib, hocvuso.geo, hocvuso.framework, hocvuso.accounts, hocvuso.people.
"""
