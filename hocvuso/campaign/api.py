"""/api/v1 operations of the campaign app, one router module per area under campaign/routes/."""

from __future__ import annotations

from ninja import Router

from hocvuso.campaign.routes.sessions import router as sessions_router
from hocvuso.campaign.routes.teams import router as teams_router
from hocvuso.campaign.routes.visits import router as visits_router

router = Router(tags=["campaign"])
router.add_router("/", teams_router)
router.add_router("/", visits_router)
router.add_router("/", sessions_router)
