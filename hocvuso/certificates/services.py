"""Writes of the certificates app (filled in this session)."""

from __future__ import annotations

from hocvuso.assessment.models import Attempt


def issue_for_passed_attempt(attempt: Attempt) -> None:
    """Called once after an attempt is scored as passed (assessment.hooks)."""
