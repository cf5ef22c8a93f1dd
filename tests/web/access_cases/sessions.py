"""Web access matrix rows for the campaign pages: sessions."""

from __future__ import annotations

from tests.web.access_cases import Case

PUBLIC: set[str] = set()
CASES: list[Case] = []
