"""Web access matrix rows for the library views (hocvuso/web/views/library.py)."""

from __future__ import annotations

from tests.web.access_cases import Case

PUBLIC: set[str] = set()
CASES: list[Case] = []
