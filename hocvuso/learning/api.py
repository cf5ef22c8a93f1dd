"""/api/v1 operations of the learning app (a ninja Router, added in hocvuso/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["learning"])
