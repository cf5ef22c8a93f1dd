"""/api/v1 operations of the campaign app: visits (being built: issue 5)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["campaign"])
