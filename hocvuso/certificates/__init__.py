"""Certificates "đạt phổ cập kỹ năng số": issue (once per person per framework version), revoke,
re-issue, sign (Ed25519, W3C Verifiable Credential / Open Badges 3.0 shape), render as PDF with a QR
code to the public verify page, verify online and offline, issue in batches, and the boundary to
VNeID (status per certificate, batch export, HTTP sender with retries).

Learns of passed tests through hocvuso.assessment.hooks.on_attempt_passed (registered in apps.py).
May import: hocvuso.lib, hocvuso.geo, hocvuso.framework, hocvuso.accounts, hocvuso.people,
hocvuso.learning, hocvuso.assessment.
"""
