"""Web access matrix rows for the pwa views (hocvuso/web/views/pwa.py)."""

from __future__ import annotations

from tests.web.access_cases import Case

PUBLIC: set[str] = set()
CASES: list[Case] = []
