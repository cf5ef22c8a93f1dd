"""Reads of the household and identity programmes (plan 67 III.5.b-d), for field workers, scoped to
the hamlets they work in (hocvuso.campaign.permissions).

- "Gia đình số" (III.5.b): a household is *covered* when at least one member has basic digital
  skills, meaning here: a member whose account has a passed certification test (hocvuso.assessment,
  read only). Reading lessons alone does not count — the plan asks members to master the skills of the
  framework, which the certification test checks.
- "Mỗi công dân - Một danh tính số" (III.5.d): residents aged 16 or more (people.constants.
  VNEID_TARGET_AGE; by birth date, else by birth year; people without either are not counted) with VNeID
  level 2, and with a digital bank account.
- "Chợ số - Nông thôn số" 4T (III.5.c): flagged traders and farmers with their progress in the 4T
  lessons: FOUR_T_LESSONS (the module trade-4t of the course citizen-basics, plus taking payments by QR
  at a stall).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hocvuso.accounts.models import User
from hocvuso.assessment.models import Attempt
from hocvuso.campaign import permissions
from hocvuso.campaign.models import HouseholdGuide, LivelihoodFlag
from hocvuso.geo.models import Hamlet
from hocvuso.learning.constants import DONE_STATUSES
from hocvuso.learning.models import Lesson, LessonProgress
from hocvuso.people.constants import VNEID_TARGET_AGE, VNeIDLevel
from hocvuso.people.models import Household, Person

CERTIFICATION = "certification"  # assessment TestKind.CERTIFICATION
# Plan 67 III.5.c, 4T: Tiểu thương - Thương mại điện tử - Thanh toán không dùng tiền mặt - Tiết kiệm số.
FOUR_T_LESSONS = ("4t-market-stall", "sell-farm-products-online", "online-shopping-safely", "receive-money-qr-stall")


def _skilled_user_ids() -> QuerySet[Attempt]:
    return Attempt.objects.filter(passed=True, definition__kind=CERTIFICATION)


def has_basic_skills_q(prefix: str = "") -> Q:
    """Q on Person (at `prefix`): their account passed a certification test."""
    passed = _skilled_user_ids().filter(user_id=OuterRef(f"{prefix}user_id"))
    return Q(Exists(passed))


def _covered(household_ref: str = "pk") -> Exists:
    skilled = Person.objects.filter(household_id=OuterRef(household_ref)).filter(
        Exists(_skilled_user_ids().filter(user_id=OuterRef("user_id")))
    )
    return Exists(skilled)


@dataclass(frozen=True)
class HamletProgramme:
    hamlet: Hamlet
    households: int
    with_guide: int
    covered: int
    residents_16: int
    vneid_level_2: int
    digital_bank: int

    @property
    def not_covered(self) -> int:
        return self.households - self.covered

    @property
    def without_vneid(self) -> int:
        return self.residents_16 - self.vneid_level_2

    @property
    def without_bank(self) -> int:
        return self.residents_16 - self.digital_bank


def adult_q(today: date | None = None) -> Q:
    """Person aged VNEID_TARGET_AGE or more on `today` (same rule as Person.age_on)."""
    today = today or timezone.localdate()
    try:
        cutoff = today.replace(year=today.year - VNEID_TARGET_AGE)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - VNEID_TARGET_AGE, day=28)
    return Q(birth_date__lte=cutoff) | Q(birth_date__isnull=True, birth_year__lte=today.year - VNEID_TARGET_AGE)


def hamlets_for(user: User | object) -> QuerySet[Hamlet]:
    return permissions.hamlets_worked_by(user).select_related("commune").order_by("commune_id", "name_folded")


def programme_by_hamlet(
    user: User | object, today: date | None = None, *, commune_code: int | None = None
) -> list[HamletProgramme]:
    """Per hamlet `user` works in: households (with a guide, covered) and the identity counts."""
    hamlets = hamlets_for(user)
    if commune_code is not None:
        hamlets = hamlets.filter(commune_id=commune_code)
    hamlet_list = list(hamlets[:500])
    ids = [h.pk for h in hamlet_list]
    house = {
        row["hamlet_id"]: row
        for row in Household.objects.filter(hamlet_id__in=ids)
        .annotate(covered=_covered(), guided=Exists(HouseholdGuide.objects.filter(household_id=OuterRef("pk"))))
        .values("hamlet_id")
        .annotate(
            n=Count("pk"),
            guided_n=Count("pk", filter=Q(guided=True)),
            covered_n=Count("pk", filter=Q(covered=True)),
        )
    }
    people = {
        row["hamlet_id"]: row
        for row in Person.objects.filter(adult_q(today), hamlet_id__in=ids)
        .values("hamlet_id")
        .annotate(
            n=Count("pk"),
            vneid=Count("pk", filter=Q(vneid_level=VNeIDLevel.LEVEL_2)),
            bank=Count("pk", filter=Q(has_digital_bank_account=True)),
        )
    }
    rows = []
    for h in hamlet_list:
        hh: dict[str, Any] = dict(house.get(h.pk) or {})
        pp: dict[str, Any] = dict(people.get(h.pk) or {})
        rows.append(
            HamletProgramme(
                h,
                hh.get("n", 0),
                hh.get("guided_n", 0),
                hh.get("covered_n", 0),
                pp.get("n", 0),
                pp.get("vneid", 0),
                pp.get("bank", 0),
            )
        )
    return rows


def get_hamlet_for(user: User | object, pk: int) -> Hamlet:
    hamlet = hamlets_for(user).filter(pk=pk).first()
    if hamlet is None:
        raise Http404
    return hamlet


def households_of_hamlet(hamlet: Hamlet) -> QuerySet[Household]:
    return (
        Household.objects.filter(hamlet=hamlet)
        .annotate(covered=_covered())
        .select_related("digital_guide__person", "head")
        .order_by("code", "address", "pk")
    )


def people_without(hamlet: Hamlet, missing: str, today: date | None = None) -> QuerySet[Person]:
    """Residents 16+ of the hamlet without VNeID level 2 (`missing`="vneid") or a digital bank account
    ("bank")."""
    rows = Person.objects.filter(adult_q(today), hamlet=hamlet)
    if missing == "bank":
        rows = rows.filter(has_digital_bank_account=False)
    else:
        rows = rows.exclude(vneid_level=VNeIDLevel.LEVEL_2)
    return rows.select_related("household").order_by("name_folded", "pk")


def get_household_for(user: User | object, pk: int) -> Household:
    return permissions.get_household_to_visit(user, pk)


# ---- 4T -----------------------------------------------------------------------------------------------


def four_t_lessons() -> list[Lesson]:
    order = {slug: i for i, slug in enumerate(FOUR_T_LESSONS)}
    return sorted(Lesson.objects.filter(slug__in=FOUR_T_LESSONS), key=lambda lesson: order[lesson.slug])


@dataclass(frozen=True)
class FourTRow:
    flag: LivelihoodFlag
    lessons_done: int
    lessons_total: int


def four_t_learners(user: User | object, *, hamlet: Hamlet | None = None) -> list[FourTRow]:
    """Flagged traders and farmers of `user`'s hamlets with their 4T lessons done (completed, or
    known already from a placement test)."""
    flags = LivelihoodFlag.objects.filter(person__in=permissions.people_worked_with_by(user)).select_related(
        "person__hamlet", "person__user"
    )
    if hamlet is not None:
        flags = flags.filter(person__hamlet=hamlet)
    flag_list = list(flags.order_by("person__hamlet__name_folded", "person__name_folded")[:1000])
    lessons = [lesson.pk for lesson in four_t_lessons()]
    user_ids = [f.person.user_id for f in flag_list if f.person.user_id]
    done = dict(
        LessonProgress.objects.filter(user_id__in=user_ids, lesson_id__in=lessons, status__in=DONE_STATUSES)
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    return [FourTRow(f, done.get(f.person.user_id, 0) if f.person.user_id else 0, len(lessons)) for f in flag_list]


def people_to_flag(user: User | object) -> QuerySet[Person]:
    return permissions.people_worked_with_by(user)


def get_person_to_flag(user: User | object, pk: int) -> Person:
    person = people_to_flag(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person
