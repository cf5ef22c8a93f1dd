"""Reads of the KPI app: indicator values with their targets and state, read only from the count tables
(UnitCount) and Target rows — a few hundred rows, never the registry's people. The pages, the API and
every export use these functions, so they give the same number for the same unit and day.

State (docs/kpi.md): on track when the value reaches the year's target; at risk when it reaches 85% of
the target pro rata to the day of the year; behind otherwise. No target: "no target"; no data source or
an empty denominator: "no data yet".
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, Q

from hocvuso.geo.models import Commune, Hamlet
from hocvuso.kpi import indicators
from hocvuso.kpi.constants import AT_RISK_SHARE, Level, State, Unit
from hocvuso.kpi.indicators import Indicator
from hocvuso.kpi.models import Target, UnitCount

MARKER = "households_covered"  # written for every province, commune and hamlet row set
ORGANISATION_MARKER = "staff_skills"


@dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    numerator: int | None
    denominator: int | None
    value: Decimal | None  # percent (1 decimal) or ratio (2 decimals); None: no data
    target: Decimal | None
    state: str
    as_of: date | None

    @property
    def slug(self) -> str:
        return self.indicator.slug


def latest_rows(level: str, unit_ids: Iterable[int], day: date) -> list[UnitCount]:
    """Each unit's rows of its latest filled day on or before `day` (a unit is written all at once)."""
    marker = ORGANISATION_MARKER if level == Level.ORGANISATION else MARKER
    last_days: dict[date, list[int]] = defaultdict(list)
    for unit, last in (
        UnitCount.objects.filter(indicator=marker, level=level, unit_id__in=list(unit_ids), day__lte=day)
        .values("unit_id")
        .annotate(last=Max("day"))
        .values_list("unit_id", "last")
        .order_by()
    ):
        last_days[last].append(unit)
    rows: list[UnitCount] = []
    for last, units in last_days.items():
        rows += UnitCount.objects.filter(level=level, unit_id__in=units, day=last)
    return rows


def value_of(indicator: Indicator, numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    if indicator.unit == Unit.RATIO:
        return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def state_of(value: Decimal | None, target: Decimal | None, day: date, *, has_data: bool = True) -> str:
    if not has_data or value is None:
        return State.NO_DATA
    if target is None:
        return State.NO_TARGET
    if value >= target:
        return State.ON_TRACK
    days_in_year = 366 if calendar.isleap(day.year) else 365
    expected = target * Decimal(day.timetuple().tm_yday) / Decimal(days_in_year)
    return State.AT_RISK if value >= AT_RISK_SHARE * expected else State.BEHIND


def targets_for(
    level: str, unit_ids: Iterable[int], year: int, parents: dict[int, int] | None = None
) -> dict[int, dict[str, Decimal]]:
    """Per unit, per indicator: the unit's override, else (hamlets and organisations) its commune's,
    else the province default row, else the plan's default in the registry."""
    unit_ids = list(unit_ids)
    parents = parents or {}
    q = Q(unit_id__isnull=True) | Q(level=level, unit_id__in=unit_ids)
    if parents:
        q |= Q(level=Level.COMMUNE, unit_id__in=set(parents.values()))
    rows = list(Target.objects.filter(q, year=year))
    defaults: dict[str, Decimal] = {i.slug: v for i in indicators.INDICATORS if (v := i.defaults.get(year)) is not None}
    defaults.update({t.indicator: t.value for t in rows if t.unit_id is None})
    communes = {(t.indicator, t.unit_id): t.value for t in rows if t.level == Level.COMMUNE and t.unit_id is not None}
    own = {(t.indicator, t.unit_id): t.value for t in rows if t.level == level and t.unit_id is not None}
    result: dict[int, dict[str, Decimal]] = {}
    for unit in unit_ids:
        chosen = dict(defaults)
        parent = parents.get(unit)
        for slug in indicators.BY_SLUG:
            if parent is not None and (slug, parent) in communes:
                chosen[slug] = communes[(slug, parent)]
            if (slug, unit) in own:
                chosen[slug] = own[(slug, unit)]
        result[unit] = chosen
    return result


def _parents(level: str, unit_ids: list[int]) -> dict[int, int]:
    from hocvuso.people.models import Organisation

    if level == Level.HAMLET:
        return dict(Hamlet.objects.filter(pk__in=unit_ids).values_list("pk", "commune_id"))
    if level == Level.ORGANISATION:
        return dict(Organisation.objects.filter(pk__in=unit_ids).values_list("pk", "commune_id"))
    return {}


def values_for_units(
    level: str, unit_ids: Iterable[int], day: date, slugs: Iterable[str] | None = None
) -> dict[int, list[IndicatorValue]]:
    """The indicator values of each unit (registry order), from its latest rows on or before `day`."""
    unit_ids = list(unit_ids)
    wanted = [i for i in indicators.for_level(level) if slugs is None or i.slug in set(slugs)]
    counts: dict[tuple[int, str], UnitCount] = {(r.unit_id, r.indicator): r for r in latest_rows(level, unit_ids, day)}
    targets = targets_for(level, unit_ids, day.year, _parents(level, unit_ids))
    result: dict[int, list[IndicatorValue]] = {}
    for unit in unit_ids:
        values = []
        for indicator in wanted:
            row = counts.get((unit, indicator.slug)) if indicator.has_data else None
            n = row.numerator if row else None
            d = row.denominator if row else None
            value = value_of(indicator, n, d) if row and d is not None and n is not None else None
            target = targets[unit].get(indicator.slug)
            values.append(
                IndicatorValue(
                    indicator=indicator,
                    numerator=n,
                    denominator=d,
                    value=value,
                    target=target,
                    state=state_of(value, target, day, has_data=indicator.has_data),
                    as_of=row.day if row else None,
                )
            )
        result[unit] = values
    return result


def indicator_values(level: str, unit_id: int, day: date) -> list[IndicatorValue]:
    """Every indicator of one unit (the one source for pages, API and exports)."""
    return values_for_units(level, [unit_id], day)[unit_id]


def as_of(values: list[IndicatorValue]) -> date | None:
    days = [v.as_of for v in values if v.as_of is not None]
    return max(days) if days else None


@dataclass(frozen=True)
class RankedUnit:
    code: int
    name: str
    value: IndicatorValue


def communes_ranked(province_code: int, slug: str, day: date) -> list[RankedUnit]:
    """The campaign communes of the province on one indicator, best first (no data last)."""
    communes = list(Commune.objects.filter(province_id=province_code, in_campaign_area=True).order_by("name_folded"))
    values = values_for_units(Level.COMMUNE, [c.code for c in communes], day, [slug])
    rows = [RankedUnit(c.code, c.name, values[c.code][0]) for c in communes if values[c.code]]
    return sorted(rows, key=lambda r: (r.value.value is None, -(r.value.value or 0)))


def hamlets_of(commune_code: int, day: date) -> list[tuple[Hamlet, list[IndicatorValue]]]:
    hamlets = list(Hamlet.objects.filter(commune_id=commune_code).order_by("name_folded"))
    values = values_for_units(Level.HAMLET, [h.pk for h in hamlets], day)
    return [(h, values[h.pk]) for h in hamlets]


@dataclass(frozen=True)
class TargetRow:
    target: Target
    indicator: Indicator | None
    unit_name: str  # "" for the province default


def targets_of_province(province_code: int) -> list[TargetRow]:
    """The province defaults and the overrides of its communes, by indicator (registry order) and year."""
    names = dict(Commune.objects.filter(province_id=province_code).values_list("code", "name"))
    rows = Target.objects.filter(Q(unit_id__isnull=True) | Q(level=Level.COMMUNE, unit_id__in=list(names)))
    order = {slug: i for i, slug in enumerate(indicators.BY_SLUG)}
    listed = [TargetRow(t, indicators.get(t.indicator), names.get(t.unit_id or 0, "")) for t in rows]
    return sorted(listed, key=lambda r: (order.get(r.target.indicator, 99), r.target.year, r.unit_name))
