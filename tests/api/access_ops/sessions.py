"""API access matrix rows for the campaign router: sessions."""

from __future__ import annotations

from tests.api.access_ops import Op

COVERED: set[tuple[str, str]] = set()
OPS: list[Op] = []
