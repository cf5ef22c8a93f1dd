"""Door to door (plan 67 III.5.đ, "đi từng ngõ, gõ từng nhà, hướng dẫn từng người"): the worklist of
households a field worker should visit first, and the visits already made.

The need of a household is computed in SQL: its members are joined once and counted by condition, so
that a page of the worklist is one query whatever the size of the commune (docs/campaign.md, "Door to
door", has the figures at 1M people). Lists are paged with a limit and an offset; nothing is counted over
the whole commune.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.models import User
from hocvuso.assessment.models import Attempt
from hocvuso.campaign import permissions
from hocvuso.campaign.models import Visit
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.learning.constants import ProgressStatus
from hocvuso.learning.models import LessonProgress
from hocvuso.lib.ethnicity import KINH
from hocvuso.people.constants import ELDERLY_AGE, VNEID_TARGET_AGE, VNeIDLevel
from hocvuso.people.models import Household, Person


class Need(models.TextChoices):
    """Why a household is high on the worklist (plan 67 III.5.đ: "nhất là ... vùng đồng bào dân tộc
    thiểu số"; III.5.d: VNeID and a digital bank account for every citizen aged 16+)."""

    NOT_LEARNED = "not_learned", _("nobody has learned yet")
    ELDERLY = "elderly", _("elderly member (60+)")
    DISABILITY = "disability", _("member with a disability")
    POOR = "poor", _("poor or near-poor")
    MINORITY = "minority", _("ethnic minority")
    NO_VNEID = "no_vneid", _("nobody 16+ with VNeID level 2")
    NO_BANK = "no_bank", _("no digital bank account")


# How much each need moves a household up. Nobody having learned yet weighs most: the campaign's first
# aim is that every household has someone who can guide the others ("Gia đình số", III.5.b).
NEED_WEIGHTS: dict[str, int] = {
    Need.NOT_LEARNED: 3,
    Need.ELDERLY: 2,
    Need.DISABILITY: 2,
    Need.POOR: 2,
    Need.MINORITY: 1,
    Need.NO_VNEID: 1,
    Need.NO_BANK: 1,
}
NOT_VISITED_DAYS = 30
Row = TypeVar("Row", bound=models.Model)
PAGE_SIZE = 30


@dataclass(frozen=True)
class WorklistFilters:
    commune: int | None = None
    hamlet: int | None = None
    needs: frozenset[str] = field(default_factory=frozenset)  # every one of these needs
    follow_up_due: bool = False
    not_visited_recently: bool = False  # no visit in the last NOT_VISITED_DAYS days


def today() -> date:
    return timezone.localdate()


def with_needs(qs: QuerySet[Household], on: date | None = None) -> QuerySet[Household]:
    """Annotate each household with one boolean per Need (`need_<value>`), `need_score`, `last_visit_on`
    and `follow_up_on` (of the latest visit).

    The members are joined once and counted by condition (one pass over the people of the commune, found
    through the join condition on `commune_id`, which the person indexes start with); a separate EXISTS per
    need lets PostgreSQL hash each over the whole person table (a scan of 1M rows per need)."""
    on = on or today()
    adult = Q(m__birth_year__lte=on.year - VNEID_TARGET_AGE) | Q(m__birth_year__isnull=True)
    done = LessonProgress.objects.filter(user_id=OuterRef("m__user_id"), status=ProgressStatus.COMPLETED)
    passed = Attempt.objects.filter(user_id=OuterRef("m__user_id"), passed=True)
    counts = {
        "n_members": Count("m"),
        # Nobody learned yet: no member whose account completed a lesson or passed a test.
        "n_learned": Count("m", filter=Q(m__user_id__isnull=False) & (Q(Exists(done)) | Q(Exists(passed)))),
        "n_elderly": Count("m", filter=Q(m__birth_year__lte=on.year - ELDERLY_AGE)),
        "n_disability": Count("m", filter=Q(m__disability__gt="")),
        # Ethnic group codes: "01" is Kinh, every other group sorts after it, "" (unknown) before.
        "n_minority": Count("m", filter=Q(m__ethnicity__gt=KINH)),
        # An unknown birth year counts as 16+: nobody is left out of the VNeID need for missing data.
        "n_adults": Count("m", filter=adult),
        "n_vneid_2": Count("m", filter=adult & Q(m__vneid_level=VNeIDLevel.LEVEL_2)),
        "n_bank": Count("m", filter=Q(m__has_digital_bank_account=True)),
    }
    flags: dict[str, Q] = {
        Need.NOT_LEARNED: Q(n_members__gt=0, n_learned=0),
        Need.ELDERLY: Q(n_elderly__gt=0),
        Need.DISABILITY: Q(n_disability__gt=0),
        Need.POOR: Q(is_poor=True) | Q(is_near_poor=True),
        Need.MINORITY: Q(n_minority__gt=0),
        Need.NO_VNEID: Q(n_adults__gt=0, n_vneid_2=0),
        Need.NO_BANK: Q(n_members__gt=0, n_bank=0),
    }
    annotations = {
        f"need_{name}": Case(When(flag, then=Value(True)), default=Value(False), output_field=BooleanField())
        for name, flag in flags.items()
    }
    score = sum(
        (
            Case(When(flags[name], then=Value(weight)), default=Value(0), output_field=IntegerField())
            for name, weight in NEED_WEIGHTS.items()
        ),
        start=Value(0, output_field=IntegerField()),
    )
    latest = Visit.objects.filter(household_id=OuterRef("pk")).order_by("-visited_on", "-created_at")
    return (
        qs.alias(m=FilteredRelation("members", condition=Q(members__commune_id=F("commune_id"))))
        .annotate(**counts)
        .annotate(**annotations)
        .annotate(
            need_score=score,
            last_visit_on=Subquery(latest.values("visited_on")[:1], output_field=DateField()),
            follow_up_on=Subquery(latest.values("follow_up_on")[:1], output_field=DateField()),
        )
    )


def needs_of(household: Household) -> list[Need]:
    """The needs of an annotated household, heaviest first (the badges of the worklist)."""
    return [Need(name) for name in NEED_WEIGHTS if getattr(household, f"need_{name}", False)]


def needs_worklist_commune(user: User | object, filters: WorklistFilters) -> bool:
    """A province-wide field worker (the province administrator) picks a commune or a hamlet first: the
    worklist is for walking a hamlet, and ranking every household of the province is not."""
    if filters.commune or filters.hamlet:
        return False
    return bool(acc.scope_for(user, permissions.FIELD_WORKERS).province_codes)


def worklist_for(user: User | object, filters: WorklistFilters, on: date | None = None) -> QuerySet[Household]:
    """The households of the hamlets where `user` works, neediest first."""
    on = on or today()
    qs = permissions.households_worked_by(user)
    if filters.commune:
        qs = qs.filter(commune_id=filters.commune)
    if filters.hamlet:
        qs = qs.filter(hamlet_id=filters.hamlet)
    qs = with_needs(qs, on)
    for name in filters.needs:
        if name in NEED_WEIGHTS:
            qs = qs.filter(**{f"need_{name}": True})
    if filters.follow_up_due:
        qs = qs.filter(Q(follow_up_on__lte=on))
    if filters.not_visited_recently:
        qs = qs.filter(Q(last_visit_on__isnull=True) | Q(last_visit_on__lt=on - timedelta(days=NOT_VISITED_DAYS)))
    return qs.select_related("hamlet", "head").order_by(
        F("need_score").desc(), F("last_visit_on").asc(nulls_first=True), "pk"
    )


def page_of(qs: QuerySet[Row], limit: int, offset: int) -> tuple[list[Row], int | None]:
    """One page and the offset of the next one (None on the last page); no count over the commune."""
    rows = list(qs[offset : offset + limit + 1])
    if len(rows) > limit:
        return rows[:limit], offset + limit
    return rows, None


def hamlets_for_worklist(user: User | object, commune: int | None = None) -> QuerySet[Hamlet]:
    qs = permissions.hamlets_worked_by(user)
    if commune:
        qs = qs.filter(commune_id=commune)
    return qs.order_by("commune_id", "name")


def communes_for_worklist(user: User | object) -> QuerySet[Commune]:
    return Commune.objects.filter(code__in=permissions.hamlets_worked_by(user).values("commune_id")).order_by("name")


def visits_of_household(user: User | object, household: Household) -> QuerySet[Visit]:
    return (
        permissions.visits_visible_to(user)
        .filter(household=household)
        .select_related("visitor")
        .prefetch_related("people_met")
        .order_by("-visited_on", "-created_at")
    )


def household_members(household: Household) -> QuerySet[Person]:
    return Person.objects.filter(household=household).order_by("birth_year", "name_folded", "pk")


def is_overdue(follow_up_on: date | None, on: date | None = None) -> bool:
    return follow_up_on is not None and follow_up_on <= (on or today())
