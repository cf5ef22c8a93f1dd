"""/api/v1 operations of the certificates app (filled in this session)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["certificates"])
