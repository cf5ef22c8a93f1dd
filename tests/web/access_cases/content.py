"""Web access matrix rows for the content views (hocvuso/web/views/content.py)."""

from __future__ import annotations

from tests.web.access_cases import Case

PUBLIC: set[str] = set()
CASES: list[Case] = []
