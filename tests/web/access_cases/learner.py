"""Web access matrix rows for the learner views (hocvuso/web/views/learner.py)."""

from __future__ import annotations

from tests.web.access_cases import Case

PUBLIC: set[str] = set()
CASES: list[Case] = []
