from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema


class TargetOut(Schema):
    year: int
    value: Decimal


class IndicatorOut(Schema):
    slug: str
    title: str
    section: str
    numerator: str
    denominator: str
    levels: list[str]
    unit: str
    direction: str
    has_data: bool
    additive: bool
    targets: list[TargetOut]  # the province defaults, by year


class ValueOut(Schema):
    indicator: str
    numerator: int | None
    denominator: int | None
    value: Decimal | None
    target: Decimal | None
    state: str
    as_of: date | None


class UnitValuesOut(Schema):
    level: str
    unit_id: int
    name: str
    day: date
    values: list[ValueOut]
