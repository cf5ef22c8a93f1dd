"""The door-to-door worklist (plan 67 III.5.đ): the households of a field worker's hamlets, neediest
first, with the reasons shown; filters; one query for a page whatever the size of the commune."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from hocvuso.accounts.services import create_user
from hocvuso.assessment.models import Attempt
from hocvuso.campaign.constants import VisitOutcome
from hocvuso.campaign.models import Visit
from hocvuso.campaign.selectors.visits import Need, WorklistFilters, needs_of, worklist_for
from hocvuso.geo.models import Hamlet
from hocvuso.learning.constants import ProgressStatus
from hocvuso.learning.models import Course, Lesson, LessonProgress, Module
from hocvuso.lib.ethnicity import KHMER, KINH
from hocvuso.people.constants import Disability, VNeIDLevel
from hocvuso.people.models import Household, Person
from tests import factories
from tests.personas import Personas
from tests.web.helpers import client_for

TODAY = date(2025, 10, 10)


def _lesson() -> Lesson:
    course, _ = Course.objects.get_or_create(slug="wl-course", defaults={"title": "Course"})
    module, _ = Module.objects.get_or_create(course=course, slug="wl-module", defaults={"title": "Module"})
    lesson, _ = Lesson.objects.get_or_create(module=module, slug="wl-lesson")
    return lesson


def calm_household(hamlet: Hamlet, **member: Any) -> Household:
    """A household with no need at all (one member aged 30, Kinh, VNeID level 2, a digital bank account,
    who completed a lesson), then `member` overrides for its member (None: no member learned)."""
    household = factories.HouseholdFactory(hamlet=hamlet, commune=hamlet.commune)
    learned = member.pop("learned", True)
    fields: dict[str, Any] = {
        "birth_year": TODAY.year - 30,
        "ethnicity": KINH,
        "vneid_level": VNeIDLevel.LEVEL_2,
        "has_digital_bank_account": True,
        **member,
    }
    person = factories.PersonFactory(hamlet=hamlet, household=household, **fields)
    if learned:
        user = create_user(username=f"u{person.pk}", password=None, full_name=person.full_name)
        person.user = user
        person.save(update_fields=["user"])
        LessonProgress.objects.create(
            user=user, lesson=_lesson(), status=ProgressStatus.COMPLETED, started_at=timezone.now()
        )
    household.head = person
    household.save(update_fields=["head"])
    return household


def ordered(user: Any, filters: WorklistFilters | None = None) -> list[int]:
    return [h.pk for h in worklist_for(user, filters or WorklistFilters(), TODAY)]


NEED_MEMBER = {
    Need.NOT_LEARNED: {"learned": False},
    Need.ELDERLY: {"birth_year": TODAY.year - 70},
    Need.DISABILITY: {"disability": Disability.VISION},
    Need.MINORITY: {"ethnicity": KHMER},
    Need.NO_VNEID: {"vneid_level": VNeIDLevel.LEVEL_1},
    Need.NO_BANK: {"has_digital_bank_account": False},
}


@pytest.mark.parametrize("need", list(Need), ids=str)
def test_each_need_moves_a_household_above_one_without_needs(personas: Personas, need: Need) -> None:
    calm = calm_household(personas.hamlet_a1)
    needy = calm_household(personas.hamlet_a1, **NEED_MEMBER.get(need, {}))
    if need == Need.POOR:
        Household.objects.filter(pk=needy.pk).update(is_near_poor=True)
    rows = list(worklist_for(personas.team_member_a, WorklistFilters(), TODAY))
    by_pk = {h.pk: h for h in rows}
    assert [h.pk for h in rows].index(needy.pk) < [h.pk for h in rows].index(calm.pk)
    assert needs_of(by_pk[needy.pk]) == [need]
    assert needs_of(by_pk[calm.pk]) == []
    assert by_pk[calm.pk].need_score == 0  # type: ignore[attr-defined]


def test_more_needs_come_first(personas: Personas) -> None:
    one = calm_household(personas.hamlet_a1, has_digital_bank_account=False)
    many = calm_household(
        personas.hamlet_a1, learned=False, birth_year=TODAY.year - 75, ethnicity=KHMER, vneid_level=VNeIDLevel.NONE
    )
    none = calm_household(personas.hamlet_a1)
    order = ordered(personas.team_member_a)
    assert order.index(many.pk) < order.index(one.pk) < order.index(none.pk)


def test_a_passed_test_counts_as_learned(personas: Personas) -> None:
    from tests.assessment.builders import small_bank

    household = calm_household(personas.hamlet_a1, learned=False)
    person = household.members.get()
    user = create_user(username="passed", password=None)
    Person.objects.filter(pk=person.pk).update(user=user)
    assert needs_of(worklist_for(personas.officer_a, WorklistFilters(), TODAY).get(pk=household.pk)) == [
        Need.NOT_LEARNED
    ]
    Attempt.objects.create(user=user, definition=small_bank(), started_at=timezone.now(), passed=True)
    assert needs_of(worklist_for(personas.officer_a, WorklistFilters(), TODAY).get(pk=household.pk)) == []


def test_children_alone_do_not_make_the_vneid_need_but_an_unknown_age_does(personas: Personas) -> None:
    child = calm_household(personas.hamlet_a1, birth_year=TODAY.year - 10, vneid_level=VNeIDLevel.NONE)
    unknown = calm_household(personas.hamlet_a1, birth_year=None, national_id=None, vneid_level=VNeIDLevel.NONE)
    rows = {h.pk: h for h in worklist_for(personas.officer_a, WorklistFilters(), TODAY)}
    assert Need.NO_VNEID not in needs_of(rows[child.pk])
    assert Need.NO_VNEID in needs_of(rows[unknown.pk])


def test_among_equal_needs_the_household_never_visited_comes_first(personas: Personas) -> None:
    visited = calm_household(personas.hamlet_a1)
    never = calm_household(personas.hamlet_a1)
    Visit.objects.create(
        household=visited,
        hamlet=visited.hamlet,
        commune=visited.commune,
        visited_on=TODAY - timedelta(days=3),
        visitor=personas.team_member_a,
        outcome=VisitOutcome.HELPED,
    )
    order = ordered(personas.team_member_a)
    assert order.index(never.pk) < order.index(visited.pk)


def test_a_team_member_sees_only_the_households_of_their_hamlet(personas: Personas) -> None:
    in_a1 = calm_household(personas.hamlet_a1)
    in_a2 = calm_household(personas.hamlet_a2)
    mine = ordered(personas.team_member_a)
    assert in_a1.pk in mine and personas.household_a.pk in mine
    assert in_a2.pk not in mine and personas.household_b.pk not in mine
    assert {in_a1.pk, in_a2.pk, personas.household_a.pk} <= set(ordered(personas.officer_a))
    assert personas.household_b.pk not in ordered(personas.officer_a)
    assert ordered(personas.officer_b) == [personas.household_b.pk]


def _visit(household: Household, user: Any, on: date, follow_up: date | None = None) -> Visit:
    return Visit.objects.create(
        household=household,
        hamlet=household.hamlet,
        commune=household.commune,
        visited_on=on,
        visitor=user,
        outcome=VisitOutcome.PARTLY,
        follow_up_on=follow_up,
    )


def test_filters_by_hamlet_need_follow_up_and_last_visit(personas: Personas) -> None:
    officer = personas.officer_a
    a1 = calm_household(personas.hamlet_a1)
    a2_elderly = calm_household(personas.hamlet_a2, birth_year=TODAY.year - 80)
    due = calm_household(personas.hamlet_a1)
    _visit(due, officer, TODAY - timedelta(days=40), follow_up=TODAY - timedelta(days=1))
    later = calm_household(personas.hamlet_a1)
    _visit(later, officer, TODAY - timedelta(days=2), follow_up=TODAY + timedelta(days=5))

    assert a2_elderly.pk not in ordered(officer, WorklistFilters(hamlet=personas.hamlet_a1.pk))
    assert a1.pk in ordered(officer, WorklistFilters(hamlet=personas.hamlet_a1.pk))
    assert ordered(officer, WorklistFilters(needs=frozenset({Need.ELDERLY}))) == [a2_elderly.pk]
    assert ordered(officer, WorklistFilters(follow_up_due=True)) == [due.pk]
    stale = ordered(officer, WorklistFilters(not_visited_recently=True))
    assert due.pk in stale and a1.pk in stale and later.pk not in stale


def test_the_worklist_page_shows_why_and_the_visits(personas: Personas) -> None:
    household = calm_household(personas.hamlet_a1, birth_year=1940, ethnicity=KHMER)
    _visit(household, personas.officer_a, timezone.localdate() - timedelta(days=1), timezone.localdate())
    response = client_for(personas.team_member_a).get(reverse("web:worklist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "elderly member (60+)" in page and "ethnic minority" in page
    assert "Come back:" in page and "(due)" in page
    assert reverse("web:visit-new", args=[household.pk]) in page
    assert reverse("web:visit-new", args=[personas.household_b.pk]) not in page


def test_the_worklist_page_filters_from_the_query_string(personas: Personas) -> None:
    elderly = calm_household(personas.hamlet_a1, birth_year=1940)
    calm = calm_household(personas.hamlet_a1)
    page = client_for(personas.officer_a).get(reverse("web:worklist"), {"need": "elderly"}).content.decode()
    assert reverse("web:visit-new", args=[elderly.pk]) in page
    assert reverse("web:visit-new", args=[calm.pk]) not in page


def test_the_province_administrator_chooses_a_commune_first(personas: Personas) -> None:
    client = client_for(personas.province_admin)
    page = client.get(reverse("web:worklist")).content.decode()
    assert "Choose a commune to see its households." in page
    page = client.get(reverse("web:worklist"), {"commune": personas.commune_b.code}).content.decode()
    assert reverse("web:visit-new", args=[personas.household_b.pk]) in page


def test_the_worklist_pages_through_the_households(personas: Personas) -> None:
    import hocvuso.campaign.selectors.visits as selectors

    for _ in range(selectors.PAGE_SIZE + 2):
        calm_household(personas.hamlet_a1)
    client = client_for(personas.team_member_a)
    first = client.get(reverse("web:worklist")).content.decode()
    assert "page=2" in first
    second = client.get(reverse("web:worklist"), {"page": 2}).content.decode()
    # PAGE_SIZE + 2 new households and the personas' household_a: three on the second page
    assert len(re.findall(r'href="/campaign/households/\d+/visit/"', second)) == 3
    assert "page=3" not in second


WORKLIST_PAGE_QUERIES = 6  # session, user, roles, communes, hamlets, the worklist itself


def test_the_worklist_page_costs_the_same_few_queries_whatever_the_number_of_households(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    client = client_for(personas.officer_a)
    client.get(reverse("web:worklist"))  # warm the session
    for _ in range(3):
        calm_household(personas.hamlet_a1)
    with django_assert_num_queries(WORKLIST_PAGE_QUERIES):
        client.get(reverse("web:worklist"))
    for _ in range(25):
        household = calm_household(personas.hamlet_a2, birth_year=1950)
        _visit(household, personas.officer_a, TODAY, TODAY)
    with django_assert_num_queries(WORKLIST_PAGE_QUERIES):
        response = client.get(reverse("web:worklist"), {"need": ["elderly", "no_bank"], "due": "1", "stale": "1"})
    assert response.status_code == 200
