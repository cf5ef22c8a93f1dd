"""Writes of the KPI app: the count tables (refresh_commune, refresh_province), default targets, and the
callbacks that keep the counts fresh after certificate and test events.

refresh_commune recomputes every indicator for one commune, its hamlets and its organisations in a few
GROUP BY queries over that commune's rows, and upserts the UnitCount rows of the day in one transaction
(running it twice gives the same rows). The province row is then the sum of its communes' latest rows,
never a separate scan of the province's people.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit
from hocvuso.assessment.models import Attempt
from hocvuso.campaign.models import MentorLink, SupportPerson, Visit
from hocvuso.campaign.selectors.programmes import adult_q, has_basic_skills_q
from hocvuso.campaign.selectors.sessions import attendance_counts, sessions_held_vs_planned
from hocvuso.certificates.constants import VNeIDStatus
from hocvuso.certificates.models import Certificate
from hocvuso.framework.constants import BASIC_757
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.kpi import indicators
from hocvuso.kpi.constants import Level
from hocvuso.kpi.models import Target, UnitCount
from hocvuso.kpi.selectors import MARKER, latest_rows
from hocvuso.lib import jobs
from hocvuso.people.constants import ADULT_AGE, MembershipRole, OrganisationKind, SchoolLevel
from hocvuso.people.models import Household, Membership, Organisation, Person

logger = logging.getLogger(__name__)

Key = tuple[str, str, int]  # indicator, level, unit id
Counts = dict[Key, tuple[int, int]]

# The membership behind each group indicator: the same rules as people.selectors.target_groups.
STAFF_ROLES = (MembershipRole.CIVIL_SERVANT, MembershipRole.PUBLIC_EMPLOYEE)
SCHOOL_ROLES = (MembershipRole.PUPIL, MembershipRole.STUDENT)
PUBLIC_SECTOR = (OrganisationKind.STATE_AGENCY, OrganisationKind.PUBLIC_SERVICE_UNIT, OrganisationKind.SCHOOL)
WORKPLACES = (OrganisationKind.ENTERPRISE, OrganisationKind.COOPERATIVE, OrganisationKind.COOPERATIVE_UNION)
SECONDARY_AND_HIGHER = (
    SchoolLevel.LOWER_SECONDARY,
    SchoolLevel.UPPER_SECONDARY,
    SchoolLevel.COLLEGE,
    SchoolLevel.UNIVERSITY,
)
GROUPS: dict[str, Q] = {
    "staff_skills": Q(role__in=STAFF_ROLES, organisation__kind__in=PUBLIC_SECTOR),
    "primary_pupils_skills": Q(role__in=SCHOOL_ROLES, organisation__school_level=SchoolLevel.PRIMARY),
    "secondary_students_skills": Q(role__in=SCHOOL_ROLES, organisation__school_level__in=SECONDARY_AND_HIGHER),
    "workers_skills": Q(role=MembershipRole.WORKER, organisation__kind__in=WORKPLACES),
}


def today() -> date:
    return timezone.localdate()


def _active_memberships(day: date) -> QuerySet[Membership]:
    return Membership.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=day))


def certificates_in_force() -> QuerySet[Certificate]:
    """Basic-skills certificates in force (not revoked) of the basic-757 framework, any version."""
    return Certificate.objects.filter(revoked_at__isnull=True, version__framework__slug=BASIC_757)


def aged_q(day: date, years: int) -> Q:
    """Person aged `years` or more on `day` (by birth date, else birth year; as Person.age_on)."""
    try:
        cutoff = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        cutoff = day.replace(year=day.year - years, day=28)
    return Q(birth_date__lte=cutoff) | Q(birth_date__isnull=True, birth_year__lte=day.year - years)


def _add(counts: Counts, key: Key, numerator: int, denominator: int) -> None:
    n, d = counts.get(key, (0, 0))
    counts[key] = (n + numerator, d + denominator)


def _people(code: int, day: date, counts: Counts) -> None:
    """Every person-based indicator by hamlet, in one GROUP BY over the commune's people."""
    certified = certificates_in_force().filter(person_id=OuterRef("pk"))
    qs = Person.objects.filter(commune_id=code).annotate(
        has_cert=Exists(certified),
        has_vneid_cert=Exists(certified.filter(vneid__status=VNeIDStatus.CONFIRMED)),
        **{
            f"in_{slug}": Exists(_active_memberships(day).filter(q, person_id=OuterRef("pk")))
            for slug, q in GROUPS.items()
        },
    )
    adult, resident = aged_q(day, ADULT_AGE), adult_q(day)
    cert = Q(has_cert=True)
    measures: dict[str, tuple[Q, Q]] = {
        "adults_skills": (adult, adult & cert),
        "adults_vneid_certified": (adult, adult & Q(has_vneid_cert=True)),
        "residents_vneid_level2": (resident, resident & Q(vneid_level=2)),
        "residents_digital_bank": (resident, resident & Q(has_digital_bank_account=True)),
        **{slug: (Q(**{f"in_{slug}": True}), Q(**{f"in_{slug}": True}) & cert) for slug in GROUPS},
    }
    aggregates: dict[str, Count] = {}
    for slug, (den_q, num_q) in measures.items():
        aggregates[f"{slug}_d"] = Count("pk", filter=den_q)
        aggregates[f"{slug}_n"] = Count("pk", filter=num_q)
    for values in qs.values("hamlet_id").annotate(**aggregates).order_by():
        row: dict[str, Any] = dict(values)
        for slug in measures:
            n, d = row[f"{slug}_n"], row[f"{slug}_d"]
            _add(counts, (slug, Level.COMMUNE, code), n, d)
            if row["hamlet_id"] is not None:
                _add(counts, (slug, Level.HAMLET, row["hamlet_id"]), n, d)


def _organisations(code: int, day: date, counts: Counts) -> None:
    """Group indicators per organisation of the commune: distinct members, and those certified."""
    certified = Exists(certificates_in_force().filter(person_id=OuterRef("person_id")))
    for slug, q in GROUPS.items():
        rows = (
            _active_memberships(day)
            .filter(q, organisation__commune_id=code)
            .annotate(has_cert=certified)
            .values("organisation_id")
            .annotate(d=Count("person_id", distinct=True), n=Count("person_id", distinct=True, filter=Q(has_cert=True)))
            .order_by()
        )
        for row in rows:
            _add(counts, (slug, Level.ORGANISATION, row["organisation_id"]), row["n"], row["d"])


def _households(code: int, day: date, counts: Counts) -> None:
    skilled = Person.objects.filter(household_id=OuterRef("pk")).filter(has_basic_skills_q())
    visited = Visit.objects.filter(household_id=OuterRef("pk"), visited_on__gte=day.replace(month=1, day=1))
    rows = (
        Household.objects.filter(commune_id=code)
        .annotate(covered=Exists(skilled), visited=Exists(visited.filter(visited_on__lte=day)))
        .values("hamlet_id")
        .annotate(
            n=Count("pk"), covered_n=Count("pk", filter=Q(covered=True)), visited_n=Count("pk", filter=Q(visited=True))
        )
        .order_by()
    )
    for row in rows:
        units = [(Level.COMMUNE, code)] + ([(Level.HAMLET, row["hamlet_id"])] if row["hamlet_id"] is not None else [])
        for level, unit in units:
            _add(counts, ("households_covered", level, unit), row["covered_n"], row["n"])
            _add(counts, ("households_visited", level, unit), row["visited_n"], row["n"])


def _mentors(code: int, counts: Counts) -> None:
    """Plan 67 footnote 7: learners per mentor, counted as campaign.selectors.cascade.cascade_rates
    counts its branching: links of the unit's learners that are active or ended with a certificate,
    over the distinct mentors of those links."""
    rows = list(
        MentorLink.objects.filter(learner__commune_id=code)
        .filter(Q(ended_at__isnull=True) | Q(certified_at__isnull=False))
        .values_list("mentor_id", "learner__hamlet_id")
    )
    by_unit: dict[tuple[str, int], list[int]] = defaultdict(list)
    for mentor_id, hamlet_id in rows:
        by_unit[(Level.COMMUNE, code)].append(mentor_id)
        if hamlet_id is not None:
            by_unit[(Level.HAMLET, hamlet_id)].append(mentor_id)
    for (level, unit), mentors in by_unit.items():
        _add(counts, ("learners_per_mentor", level, unit), len(mentors), len(set(mentors)))


def _commune_only(code: int, day: date, now: datetime, counts: Counts) -> None:
    on_duty = SupportPerson.objects.filter(commune_id=code, since__lte=day).filter(
        Q(until__isnull=True) | Q(until__gte=day)
    )
    _add(counts, ("communes_with_support_person", Level.COMMUNE, code), int(on_duty.exists()), 1)
    start = day.replace(month=1, day=1)
    sessions = sessions_held_vs_planned(code, start, day, now=now)
    # campaign.selectors.sessions: a planned session whose start has passed counts as not held.
    _add(
        counts,
        ("sessions_held", Level.COMMUNE, code),
        sessions.held,
        sessions.held + sessions.planned_past + sessions.cancelled,
    )
    _add(
        counts,
        ("session_attendance", Level.COMMUNE, code),
        attendance_counts(code, start, day).attendances,
        sessions.held,
    )


def compute_commune(code: int, day: date, *, now: datetime | None = None) -> Counts:
    """Every indicator with data for the commune, its hamlets and organisations (zeros included)."""
    now = now or timezone.now()
    counts: Counts = {}
    hamlet_ids = list(Hamlet.objects.filter(commune_id=code).values_list("pk", flat=True))
    organisation_ids = list(Organisation.objects.filter(commune_id=code).values_list("pk", flat=True))
    for indicator in indicators.INDICATORS:
        if not indicator.has_data:
            continue
        units: list[tuple[str, int]] = [(Level.COMMUNE, code)]
        if Level.HAMLET in indicator.levels:
            units += [(Level.HAMLET, pk) for pk in hamlet_ids]
        if Level.ORGANISATION in indicator.levels:
            units += [(Level.ORGANISATION, pk) for pk in organisation_ids]
        for level, unit in units:
            counts[(indicator.slug, level, unit)] = (0, 0)
    _people(code, day, counts)
    _organisations(code, day, counts)
    _households(code, day, counts)
    _mentors(code, counts)
    _commune_only(code, day, now, counts)
    return counts


def _upsert(counts: Counts, day: date, now: datetime) -> None:
    rows = [
        UnitCount(indicator=slug, level=level, unit_id=unit, day=day, numerator=n, denominator=d, computed_at=now)
        for (slug, level, unit), (n, d) in counts.items()
    ]
    UnitCount.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["indicator", "level", "unit_id", "day"],
        update_fields=["numerator", "denominator", "computed_at"],
    )


def refresh_commune(code: int, day: date | None = None, *, province: bool = True, now: datetime | None = None) -> int:
    """Recompute and store the commune's rows (and, with `province`, its province's row) for `day`."""
    day = day or today()
    now = now or timezone.now()
    commune = Commune.objects.get(code=code)
    counts = compute_commune(code, day, now=now)
    with transaction.atomic():
        _upsert(counts, day, now)
    if province:
        refresh_province(commune.province_id, day, now=now)
    return len(counts)


def campaign_communes(province_code: int | None = None) -> QuerySet[Commune]:
    qs = Commune.objects.filter(in_campaign_area=True)
    if province_code is not None:
        qs = qs.filter(province_id=province_code)
    return qs.order_by("code")


def refresh_province(province_code: int, day: date | None = None, *, now: datetime | None = None) -> None:
    """The province's rows: the sum of its campaign communes' latest rows on or before `day`."""
    day = day or today()
    now = now or timezone.now()
    codes = list(campaign_communes(province_code).values_list("code", flat=True))
    counts: Counts = {}
    for indicator in indicators.INDICATORS:
        if indicator.has_data:
            counts[(indicator.slug, Level.PROVINCE, province_code)] = (0, 0)
    for row in latest_rows(Level.COMMUNE, codes, day):
        _add(counts, (row.indicator, Level.PROVINCE, province_code), row.numerator, row.denominator)
    with transaction.atomic():
        _upsert(counts, day, now)


def is_filled(code: int, day: date) -> bool:
    return UnitCount.objects.filter(indicator=MARKER, level=Level.COMMUNE, unit_id=code, day=day).exists()


# Targets -------------------------------------------------------------------------------------------------


def load_default_targets() -> int:
    """The plan's targets (section II) as province defaults; an existing row (maybe edited) is kept."""
    made = 0
    for indicator in indicators.INDICATORS:
        for year, value in indicator.defaults.items():
            if value is None:
                continue
            _target, created = Target.objects.get_or_create(
                indicator=indicator.slug, year=year, unit_id=None, defaults={"level": Level.PROVINCE, "value": value}
            )
            made += int(created)
    return made


def set_target(
    indicator: str,
    year: int,
    value: Decimal,
    *,
    level: str = Level.PROVINCE,
    unit_id: int | None = None,
    by: User | None = None,
) -> Target:
    """Set the province default (unit_id None) or one unit's override of an indicator's target (audited)."""
    if indicators.get(indicator) is None:
        raise ValueError(indicator)
    with transaction.atomic():
        target, _created = Target.objects.update_or_create(
            indicator=indicator,
            year=year,
            level=level if unit_id is not None else Level.PROVINCE,
            unit_id=unit_id,
            defaults={"value": value, "updated_by": by},
        )
        audit(
            by,
            AuditAction.CHANGE_KPI_TARGET,
            object_type="kpi_target",
            object_id=target.pk,
            details={"indicator": indicator, "year": year, "level": target.level, "unit": unit_id, "value": str(value)},
        )
    return target


# Freshness: callbacks from lower apps -------------------------------------------------------------------


# At most one refresh of a commune waits to start at any time: a batch of 500 certificates for one
# commune queues one job, not 500. The job clears the mark when it starts, so an event that happens
# while it runs queues the next one (nothing is missed); a job that never starts frees it on expiry.
PENDING_KEY = "kpi:refresh-pending:{code}"
PENDING_SECONDS = 120


def schedule_refresh(codes: Iterable[int]) -> None:
    """Refresh these communes as a job (Celery, or a thread in this process). Never raises: a
    certificate or a test result is committed whatever happens to the counts (the fill job catches up)."""
    from hocvuso.kpi import tasks

    for code in dict.fromkeys(c for c in codes if c):
        try:
            if not cache.add(PENDING_KEY.format(code=code), 1, PENDING_SECONDS):
                continue  # a refresh of this commune is already waiting to start: it will see this event
            jobs.enqueue(tasks.refresh_commune, code)
        except Exception:
            logger.exception("KPI refresh of commune %s not started", code)


def clear_pending(code: int) -> None:
    cache.delete(PENDING_KEY.format(code=code))


def _organisation_communes(person_ids: list[int]) -> list[int]:
    """Communes of the organisations these people belong to: an organisation's rows are computed with
    its own commune, wherever its members live."""
    return list(Membership.objects.filter(person_id__in=person_ids).values_list("organisation__commune_id", flat=True))


def on_certificate_changed(cert: Certificate) -> None:
    """certificates.hooks: a certificate was issued or revoked (its holder's commune then and now, and
    the communes of the holder's organisations)."""
    current = Person.objects.filter(pk=cert.person_id).values_list("commune_id", flat=True).first()
    schedule_refresh([current or 0, cert.commune_id, *_organisation_communes([cert.person_id])])


def on_attempt_passed(attempt: Attempt) -> None:
    """assessment.hooks: a passed certification test makes the learner's household covered."""
    people = list(Person.objects.filter(user_id=attempt.user_id).values_list("pk", "commune_id"))
    schedule_refresh([c for _pk, c in people] + _organisation_communes([pk for pk, _c in people]))
