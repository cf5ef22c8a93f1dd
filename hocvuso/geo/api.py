"""Administrative units: public reference data (no personal data), read-only."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from hocvuso.geo.models import Commune
from hocvuso.geo.schemas import CommuneOut

router = Router(tags=["units"])


@router.get("/communes", response=list[CommuneOut], auth=None, summary="Communes and wards of the campaign area")
def list_communes(request: HttpRequest, all_provinces: bool = False) -> list[CommuneOut]:
    qs = Commune.objects.all() if all_provinces else Commune.objects.filter(in_campaign_area=True)
    return [
        CommuneOut(
            code=c.code, name=c.name, kind=c.kind, province_code=c.province_id, in_campaign_area=c.in_campaign_area
        )
        for c in qs.order_by("code")
    ]
