"""Household and identity programmes (plan 67 III.5.b-d): coverage, identity gaps, 4T progress."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.assessment.services import save_answer, start_attempt, submit_attempt
from hocvuso.campaign.models import HouseholdGuide
from hocvuso.campaign.selectors.programmes import (
    FOUR_T_LESSONS,
    four_t_learners,
    people_without,
    programme_by_hamlet,
)
from hocvuso.campaign.services.programmes import (
    ProgrammeError,
    flag_livelihood,
    set_household_guide,
    unflag_livelihood,
)
from hocvuso.learning.constants import ProgressStatus
from hocvuso.learning.models import LessonProgress
from hocvuso.people.constants import VNeIDLevel
from tests import factories
from tests.assessment.builders import items_of, right_answer, small_bank
from tests.personas import Personas

TODAY = date(2026, 5, 1)


def _row(rows: list[Any], hamlet: Any) -> Any:
    return next(r for r in rows if r.hamlet == hamlet)


def test_a_household_is_covered_once_a_member_passed_the_certification_test(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    p = personas
    before = _row(programme_by_hamlet(p.officer_a), p.hamlet_a1)
    assert (before.households, before.covered) == (1, 0)
    attempt = start_attempt(p.learner_a, small_bank())
    for item in items_of(attempt):
        save_answer(attempt, item.position, right_answer(item))
    with django_capture_on_commit_callbacks(execute=True):
        submit_attempt(attempt.pk)
    after = _row(programme_by_hamlet(p.officer_a), p.hamlet_a1)
    assert (after.households, after.covered, after.not_covered) == (1, 1, 0)


def test_the_guide_is_a_member_of_the_household_and_can_change(personas: Personas) -> None:
    p = personas
    with pytest.raises(ProgrammeError):
        set_household_guide(p.officer_a, p.household_a, p.person_b)
    set_household_guide(p.team_member_a, p.household_a, p.person_a)
    other = factories.PersonFactory(hamlet=p.hamlet_a1, household=p.household_a)
    set_household_guide(p.team_member_a, p.household_a, other)
    assert HouseholdGuide.objects.get(household=p.household_a).person == other
    assert _row(programme_by_hamlet(p.team_member_a), p.hamlet_a1).with_guide == 1
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE_PROGRAMME).count() == 2


def test_identity_counts_only_residents_aged_16_or_more(personas: Personas) -> None:
    p = personas
    h = factories.HamletFactory(commune=p.commune_a, name="Khóm 9")
    factories.PersonFactory(hamlet=h, birth_year=1980, vneid_level=VNeIDLevel.LEVEL_2, has_digital_bank_account=True)
    factories.PersonFactory(hamlet=h, birth_year=1990, vneid_level=VNeIDLevel.LEVEL_1, has_digital_bank_account=False)
    factories.PersonFactory(hamlet=h, birth_year=None, birth_date=date(2010, 4, 30), national_id=None)
    factories.PersonFactory(hamlet=h, birth_year=None, birth_date=date(2010, 5, 2), national_id=None)  # 15 on TODAY
    factories.PersonFactory(hamlet=h, birth_year=2015)
    row = _row(programme_by_hamlet(p.officer_a, TODAY), h)
    assert (row.residents_16, row.vneid_level_2, row.digital_bank) == (3, 1, 1)
    assert (row.without_vneid, row.without_bank) == (2, 2)
    assert people_without(h, "vneid", TODAY).count() == 2
    assert people_without(h, "bank", TODAY).count() == 2


def test_a_team_member_sees_the_programmes_of_their_hamlet_only(personas: Personas) -> None:
    p = personas
    assert [r.hamlet for r in programme_by_hamlet(p.team_member_a)] == [p.hamlet_a1]
    assert {r.hamlet for r in programme_by_hamlet(p.officer_b)} == {p.hamlet_b1}
    assert programme_by_hamlet(p.learner_a) == []


def test_4t_progress_counts_the_4t_lessons_done(personas: Personas, content: Any) -> None:
    p = personas
    flag_livelihood(p.officer_a, p.person_a, "trader", market="Chợ Trà Vinh")
    flag_livelihood(p.officer_b, p.person_b, "farmer")
    from hocvuso.learning.models import Lesson

    lessons = list(Lesson.objects.filter(slug__in=FOUR_T_LESSONS))
    assert len(lessons) == len(FOUR_T_LESSONS)
    for lesson, status in zip(lessons[:2], (ProgressStatus.COMPLETED, ProgressStatus.STARTED), strict=True):
        LessonProgress.objects.create(user=p.learner_a, lesson=lesson, status=status, started_at=timezone.now())
    rows = four_t_learners(p.team_member_a)
    assert [(r.flag.person, r.lessons_done, r.lessons_total) for r in rows] == [(p.person_a, 1, len(FOUR_T_LESSONS))]
    assert [r.flag.person for r in four_t_learners(p.officer_b)] == [p.person_b]
    unflag_livelihood(p.officer_a, p.person_a)
    assert four_t_learners(p.team_member_a) == []
    with pytest.raises(ProgrammeError):
        flag_livelihood(p.officer_a, p.person_a, "fisher")
