"""The indicator registry: every target of plan 67 section II and the campaign models' figures.

Code, not rows: an indicator's definition changes with a release (and its tests), never at run time.
Each one says what it counts (numerator), over whom (denominator), where it applies, which way is
better and the plan's default targets. services.refresh_commune computes them; docs/kpi.md lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hocvuso.kpi.constants import Level, Unit

AREA = (Level.PROVINCE, Level.COMMUNE, Level.HAMLET)
WITH_ORGANISATIONS = (*AREA, Level.ORGANISATION)


@dataclass(frozen=True)
class Indicator:
    slug: str
    title: Promise
    section: str  # the plan section it measures
    numerator: Promise
    denominator: Promise
    levels: tuple[str, ...] = AREA
    unit: str = Unit.PERCENT
    higher_is_better: bool = True
    # Plan defaults per year (percent, or the ratio for Unit.RATIO); None: the plan sets none that year.
    defaults: dict[int, Decimal | None] = field(default_factory=dict)
    # False: no data source yet; the value is shown as "no data yet", never a made-up number.
    has_data: bool = True
    # False: a unit's numerator or denominator is not the sum of its parts' (a mentor guiding learners in
    # two hamlets counts in both); the province row is still the sum of the communes (docs/kpi.md).
    additive: bool = True

    @property
    def direction(self) -> str:
        return "up" if self.higher_is_better else "down"


def _d(*values: int | None) -> dict[int, Decimal | None]:
    return {year: (None if v is None else Decimal(v)) for year, v in zip((2025, 2026), values, strict=True)}


CERTIFIED = _("people of the group holding a basic-skills certificate (basic-757) in force")

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "staff_skills",
        _("Public-sector staff with digital skills"),
        "II.1.a, II.2.a",
        CERTIFIED,
        _("civil servants and public employees of state agencies, public service units and schools"),
        WITH_ORGANISATIONS,
        defaults=_d(80, 100),
    ),
    Indicator(
        "primary_pupils_skills",
        _("Primary pupils with basic device skills"),
        "II.1.b, II.2.b",
        CERTIFIED,
        _("pupils of primary schools"),
        WITH_ORGANISATIONS,
        defaults=_d(100, 100),
    ),
    Indicator(
        "secondary_students_skills",
        _("Secondary pupils and students with digital skills"),
        "II.1.b, II.2.b",
        CERTIFIED,
        _("pupils of lower and upper secondary schools, students of colleges and universities"),
        WITH_ORGANISATIONS,
        defaults=_d(100, 100),
    ),
    Indicator(
        "students_specialised",
        _("College and university students proficient in specialised digital technology"),
        "II.2.b",
        _("students proficient in specialised digital technology for their trade: no data source yet"),
        _("students of colleges and universities"),
        WITH_ORGANISATIONS,
        defaults=_d(None, 50),
        has_data=False,
    ),
    Indicator(
        "adults_skills",
        _("Adults with basic digital skills"),
        "II.1.c, II.2.c",
        CERTIFIED,
        _("residents aged 15 or more"),
        defaults=_d(80, 100),
    ),
    Indicator(
        "adults_vneid_certified",
        _("Adults certified on VNeID"),
        "II.1.d, II.2.d",
        _("residents holding a basic-skills certificate in force that VNeID confirmed"),
        _("residents aged 15 or more"),
        defaults=_d(40, 60),
    ),
    Indicator(
        "workers_skills",
        _("Workers of enterprises and cooperatives with digital skills"),
        "II.1.đ, II.2.đ",
        CERTIFIED,
        _("workers of enterprises, cooperatives and cooperative unions"),
        WITH_ORGANISATIONS,
        defaults=_d(80, 100),
    ),
    Indicator(
        "households_covered",
        _("Households covered (digital family)"),
        "III.5.b",
        _("households with a member who passed a certification test"),
        _("households"),
        defaults=_d(None, None),
    ),
    Indicator(
        "residents_vneid_level2",
        _("Residents 16+ with VNeID level 2"),
        "III.5.d",
        _("residents aged 16 or more with VNeID level 2"),
        _("residents aged 16 or more"),
        defaults=_d(None, None),
    ),
    Indicator(
        "residents_digital_bank",
        _("Residents 16+ with a digital bank account"),
        "III.5.d",
        _("residents aged 16 or more with a digital bank account"),
        _("residents aged 16 or more"),
        defaults=_d(None, None),
    ),
    Indicator(
        "learners_per_mentor",
        _("Learners per mentor"),
        "III.5.a, footnote 7",
        _("mentor links of the unit's learners, active or ended with a certificate"),
        _("mentors guiding those learners"),
        unit=Unit.RATIO,
        defaults=_d(5, 5),
        additive=False,
    ),
    Indicator(
        "communes_with_support_person",
        _("Communes with a public-service support person"),
        "III.5.a",
        _("communes with a support person on duty"),
        _("communes"),
        (Level.PROVINCE, Level.COMMUNE),
        defaults=_d(100, 100),
    ),
    Indicator(
        "sessions_held",
        _("Community sessions held of those planned (this year)"),
        "III.4.d",
        _("sessions held since 1 January"),
        _("sessions held, cancelled, or planned and past"),
        (Level.PROVINCE, Level.COMMUNE),
        defaults=_d(100, 100),
    ),
    Indicator(
        "session_attendance",
        _("Attendance per session held (this year)"),
        "III.4.d",
        _("attendances at sessions since 1 January"),
        _("sessions held since 1 January"),
        (Level.PROVINCE, Level.COMMUNE),
        unit=Unit.RATIO,
        defaults=_d(None, None),
    ),
    Indicator(
        "households_visited",
        _("Households visited this year"),
        "III.5.đ",
        _("households with at least one visit since 1 January"),
        _("households"),
        defaults=_d(None, None),
    ),
)

BY_SLUG: dict[str, Indicator] = {i.slug: i for i in INDICATORS}
CHOICES = [(i.slug, i.slug) for i in INDICATORS]


def get(slug: str) -> Indicator | None:
    return BY_SLUG.get(slug)


def for_level(level: str) -> list[Indicator]:
    return [i for i in INDICATORS if level in i.levels]
