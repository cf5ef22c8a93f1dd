"""Administrative units: public reference data (no personal data), read-only, no sign-in needed."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router

from hocvuso.geo.models import Commune
from hocvuso.geo.schemas import CommuneOut, ErrorOut, ValidationErrorOut

router = Router(tags=["units"])

# Commune and province codes are positive 32-bit integers in every database we run on.
MAX_CODE = 2**31 - 1


def commune_out(c: Commune) -> CommuneOut:
    return CommuneOut(
        code=c.code, name=c.name, kind=c.kind, province_code=c.province_id, in_campaign_area=c.in_campaign_area
    )


@router.get(
    "/communes",
    response={200: list[CommuneOut], 422: ValidationErrorOut},
    auth=None,
    summary="Communes and wards",
    description=(
        "The communes, wards and special zones of the campaign area (official codes, two-level "
        "government since 1 July 2025). `all_provinces=true` lists every unit of the country "
        "(3,321), `province_code` those of one province. Public reference data: no sign-in needed."
    ),
)
def list_communes(
    request: HttpRequest,
    all_provinces: bool = False,
    province_code: Annotated[int | None, Query(ge=1, le=MAX_CODE)] = None,
) -> list[CommuneOut]:
    qs = Commune.objects.all() if all_provinces or province_code else Commune.objects.filter(in_campaign_area=True)
    if province_code:
        qs = qs.filter(province_id=province_code)
    return [commune_out(c) for c in qs.order_by("code")]


@router.get(
    "/communes/{code}",
    response={200: CommuneOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=None,
    summary="One commune or ward",
)
def get_commune(request: HttpRequest, code: Annotated[int, Path(ge=1, le=MAX_CODE)]) -> CommuneOut:
    commune = Commune.objects.filter(code=code).first()
    if commune is None:
        raise Http404
    return commune_out(commune)
