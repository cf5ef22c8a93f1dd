"""/api/v1 operations of the VNeID boundary (filled in this session)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["vneid"])
