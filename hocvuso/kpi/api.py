"""/api/v1 operations of the KPI app: the indicator registry with its targets, and one unit's values.

Values come from hocvuso.kpi.selectors.indicator_values, the function the pages use: the API and the
pages give the same figures for the same unit and day. Readers: the province administrator (every unit),
commune officers (their commune, its hamlets and organisations), team members and mentors (their
hamlets); 403 for anyone else; a unit outside the caller's answers 404.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from hocvuso.accounts.api import AUTH_ERRORS, READ_ERRORS, caller, signed_in
from hocvuso.accounts.constants import TokenScope
from hocvuso.accounts.models import User
from hocvuso.kpi import indicators, permissions, selectors, services
from hocvuso.kpi.models import Target
from hocvuso.kpi.schemas import IndicatorOut, TargetOut, UnitValuesOut, ValueOut

router = Router(tags=["kpi"])

SCOPE = (
    "Token scope: people:read. For the province administrator, commune officers, community tech team "
    "members and mentors (403 otherwise)."
)
LevelName = Literal["province", "commune", "hamlet", "organisation"]


def _reader(request: HttpRequest) -> User:
    user = caller(request)
    if not permissions.may_read(user):
        raise HttpError(403, _("Indicators are for the province, commune officers and field workers."))
    return user


@router.get(
    "/kpi/indicators",
    response={200: list[IndicatorOut], **AUTH_ERRORS},
    auth=signed_in(TokenScope.PEOPLE_READ),
    summary="Indicators and their targets",
    description="Every indicator of the registry (plan 67 section II and the campaign models): what it "
    "counts over whom, where it applies, and the province's default target per year. " + SCOPE,
)
def list_indicators(request: HttpRequest) -> list[IndicatorOut]:
    _reader(request)
    defaults: dict[str, dict[int, TargetOut]] = {}
    for indicator in indicators.INDICATORS:
        defaults[indicator.slug] = {
            year: TargetOut(year=year, value=value) for year, value in indicator.defaults.items() if value is not None
        }
    for target in Target.objects.filter(unit_id__isnull=True):
        defaults.setdefault(target.indicator, {})[target.year] = TargetOut(year=target.year, value=target.value)
    return [
        IndicatorOut(
            slug=i.slug,
            title=str(i.title),
            section=i.section,
            numerator=str(i.numerator),
            denominator=str(i.denominator),
            levels=list(i.levels),
            unit=i.unit,
            direction=i.direction,
            has_data=i.has_data,
            additive=i.additive,
            targets=[defaults[i.slug][year] for year in sorted(defaults[i.slug])],
        )
        for i in indicators.INDICATORS
    ]


@router.get(
    "/kpi/units/{level}/{unit_id}",
    response={200: UnitValuesOut, **READ_ERRORS},
    auth=signed_in(TokenScope.PEOPLE_READ),
    summary="Indicator values of one unit",
    description="The values of a province, commune, hamlet or organisation on `day` (default today) from "
    "its latest counts on or before that day, with the target and the state (on_track, at_risk, behind, "
    "no_target, no_data). 404 when the unit does not exist or is outside your units. " + SCOPE,
)
def unit_values(request: HttpRequest, level: LevelName, unit_id: int, day: date | None = None) -> UnitValuesOut:
    unit = permissions.get_unit_for(_reader(request), level, unit_id)
    day = day or services.today()
    return UnitValuesOut(
        level=unit.level,
        unit_id=unit.unit_id,
        name=unit.name,
        day=day,
        values=[
            ValueOut(
                indicator=v.slug,
                numerator=v.numerator,
                denominator=v.denominator,
                value=v.value,
                target=v.target,
                state=v.state,
                as_of=v.as_of,
            )
            for v in selectors.indicator_values(unit.level, unit.unit_id, day)
        ],
    )
