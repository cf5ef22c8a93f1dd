"""The test engine: stratified draws, resume, saving, deadlines, limits, cooldown, the passed hook."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from hocvuso.assessment import hooks
from hocvuso.assessment.constants import AttemptStatus
from hocvuso.assessment.content import load_questions
from hocvuso.assessment.models import Attempt, TestDefinition
from hocvuso.assessment.selectors import availability, competency_levels
from hocvuso.assessment.services import (
    AnswerInvalid,
    AssessmentRefused,
    save_answer,
    start_attempt,
    submit_attempt,
)
from hocvuso.framework.constants import RuleGroup
from hocvuso.framework.selectors import requirements_of
from tests.assessment.builders import items_of, right_answer, small_bank, wrong_answer


def _answer_all(attempt: Attempt, *, right: int, now: Any = None) -> None:
    for n, item in enumerate(items_of(attempt)):
        save_answer(attempt, item.position, right_answer(item) if n < right else wrong_answer(item), now=now)


@pytest.mark.parametrize("group", [RuleGroup.CITIZEN, RuleGroup.PUBLIC_SECTOR_STAFF])
def test_the_real_test_draws_two_questions_per_required_competency_at_or_below_its_level(
    content: Any, personas: Any, group: str
) -> None:
    load_questions()
    definition = TestDefinition.objects.get(kind="certification", group=group)
    required = requirements_of(definition.version, definition.group)
    attempt = start_attempt(personas.learner_a, definition)
    items = items_of(attempt)
    per_code = Counter(i.question_version.question.competency_code for i in items)
    with_questions = {c for c in required if c in set(per_code)}
    assert with_questions and all(per_code[c] == 2 for c in with_questions)
    assert set(per_code) <= set(required)
    assert all(
        i.question_version.question.level <= required[i.question_version.question.competency_code] for i in items
    )
    assert len({i.question_version_id for i in items}) == len(items)
    assert [i.position for i in items] == list(range(1, len(items) + 1))
    assert attempt.max_score == len(items)
    for item in items:
        assert sorted(item.option_order) == list(range(len(item.question_version.options)))


def test_the_citizen_rule_draws_from_every_required_competency_with_questions(content: Any, personas: Any) -> None:
    load_questions()
    definition = TestDefinition.objects.get(kind="certification", group=RuleGroup.CITIZEN)
    required = requirements_of(definition.version, definition.group)
    codes = {
        i.question_version.question.competency_code for i in items_of(start_attempt(personas.learner_a, definition))
    }
    assert codes == set(required)  # every citizen competency has questions in the real bank


def test_questions_and_options_are_shuffled(db: None, personas: Any) -> None:
    definition = small_bank()
    orders, option_orders = set(), set()
    for seed in range(8):
        attempt = start_attempt(personas.learner_a, definition, rng=random.Random(seed))
        items = items_of(attempt)
        orders.add(tuple(i.question_version.question.key for i in items))
        option_orders.update(tuple(i.option_order) for i in items if i.question_version.question.kind == "ordering")
        Attempt.objects.filter(pk=attempt.pk).delete()
    assert len(orders) > 1
    assert len(option_orders) > 1


def test_level_two_questions_are_never_drawn_for_a_level_one_rule(db: None, personas: Any) -> None:
    definition = small_bank()
    definition.questions_per_competency = 10
    definition.save()
    items = items_of(start_attempt(personas.learner_a, definition))
    assert {i.question_version.question.level for i in items} == {1}
    assert len(items) == 12  # 4 level-1 questions in each of the 3 competencies


def test_starting_again_resumes_the_attempt_in_progress_with_its_answers(db: None, personas: Any) -> None:
    definition = small_bank()
    attempt = start_attempt(personas.learner_a, definition)
    first = items_of(attempt)[0]
    save_answer(attempt, first.position, right_answer(first))
    again = start_attempt(personas.learner_a, definition)
    assert again.pk == attempt.pk
    assert items_of(again)[0].answer == right_answer(first)
    assert Attempt.objects.count() == 1


def test_saving_again_overwrites_the_answer(db: None, personas: Any) -> None:
    attempt = start_attempt(personas.learner_a, small_bank())
    item = items_of(attempt)[0]
    save_answer(attempt, item.position, wrong_answer(item))
    save_answer(attempt, item.position, right_answer(item))
    item.refresh_from_db()
    assert item.answer == right_answer(item)


def test_an_answer_of_the_wrong_shape_is_refused(db: None, personas: Any) -> None:
    definition = small_bank()
    definition.questions_per_competency = 4  # every level-1 kind, ordering included
    definition.save()
    attempt = start_attempt(personas.learner_a, definition)
    item = next(i for i in items_of(attempt) if i.question_version.question.kind == "ordering")
    with pytest.raises(AnswerInvalid, match="Give every step its own place"):
        save_answer(attempt, item.position, [0, 0, 1, 2])
    item.refresh_from_db()
    assert item.answer is None


def test_nothing_can_be_saved_after_submission(db: None, personas: Any) -> None:
    attempt = start_attempt(personas.learner_a, small_bank())
    item = items_of(attempt)[0]
    save_answer(attempt, item.position, wrong_answer(item))
    submit_attempt(attempt.pk)
    with pytest.raises(AssessmentRefused, match="handed in"):
        save_answer(attempt, item.position, right_answer(item))
    item.refresh_from_db()
    assert item.answer == wrong_answer(item)
    assert Attempt.objects.get(pk=attempt.pk).score == 0


def test_nothing_can_be_saved_after_the_deadline(db: None, personas: Any) -> None:
    attempt = start_attempt(personas.learner_a, small_bank())
    assert attempt.deadline == attempt.started_at + timedelta(minutes=30)
    item = items_of(attempt)[0]
    with pytest.raises(AssessmentRefused, match="time for this test is over"):
        save_answer(attempt, item.position, right_answer(item), now=attempt.deadline)
    item.refresh_from_db()
    assert item.answer is None


def test_a_submission_after_the_deadline_closes_it_as_expired_scored_on_answers_saved_in_time(
    db: None, personas: Any
) -> None:
    attempt = start_attempt(personas.learner_a, small_bank())
    _answer_all(attempt, right=len(items_of(attempt)))
    closed = submit_attempt(attempt.pk, now=attempt.deadline + timedelta(seconds=1))
    assert closed.status == AttemptStatus.EXPIRED
    assert closed.score == closed.max_score == 6
    assert closed.passed is True  # answered in time: the late hand-in does not cost the result


def test_an_attempt_without_answers_scores_zero_and_fails(db: None, personas: Any) -> None:
    closed = submit_attempt(start_attempt(personas.learner_a, small_bank()).pk)
    assert (closed.status, closed.score, closed.passed) == (AttemptStatus.SUBMITTED, 0, False)


def test_the_pass_mark_is_eighty_percent(db: None, personas: Any) -> None:
    definition = small_bank()
    attempt = start_attempt(personas.learner_a, definition)
    _answer_all(attempt, right=4)  # 4/6 = 67 %
    assert submit_attempt(attempt.pk).passed is False
    other = start_attempt(personas.officer_a, definition)
    _answer_all(other, right=5)  # 5/6 = 83 %
    assert submit_attempt(other.pk).passed is True


def test_submitting_twice_scores_once(db: None, personas: Any) -> None:
    attempt = start_attempt(personas.learner_a, small_bank())
    _answer_all(attempt, right=6)
    first = submit_attempt(attempt.pk)
    second = submit_attempt(attempt.pk, now=timezone.now() + timedelta(minutes=5))
    assert second.submitted_at == first.submitted_at
    assert second.score == first.score == 6


def test_a_failed_attempt_starts_a_cooldown_of_24_hours(db: None, personas: Any) -> None:
    definition = small_bank()
    now = timezone.now()
    failed = submit_attempt(start_attempt(personas.learner_a, definition, now=now).pk, now=now + timedelta(minutes=5))
    assert failed.passed is False
    with pytest.raises(AssessmentRefused, match="go over the lessons again"):
        start_attempt(personas.learner_a, definition, now=now + timedelta(hours=24))
    later = start_attempt(personas.learner_a, definition, now=now + timedelta(hours=24, minutes=6))
    assert later.pk != failed.pk


def test_at_most_three_attempts_in_30_days(db: None, personas: Any) -> None:
    definition = small_bank()
    definition.cooldown_hours = 0
    definition.save()
    start = timezone.now()
    for n in range(3):
        now = start + timedelta(days=n)
        submit_attempt(start_attempt(personas.learner_a, definition, now=now).pk, now=now + timedelta(minutes=1))
    state = availability(personas.learner_a, definition, start + timedelta(days=3))
    assert (state.attempts_left, state.reason, state.not_before) == (0, "limit", start + timedelta(days=30))
    with pytest.raises(AssessmentRefused, match="3 attempts allowed in 30 days"):
        start_attempt(personas.learner_a, definition, now=start + timedelta(days=29))
    assert start_attempt(personas.learner_a, definition, now=start + timedelta(days=30, seconds=1))


def test_an_expired_attempt_in_progress_is_closed_when_starting_again(db: None, personas: Any) -> None:
    definition = small_bank()
    definition.cooldown_hours = 0
    definition.save()
    old = start_attempt(personas.learner_a, definition)
    new = start_attempt(personas.learner_a, definition, now=old.deadline + timedelta(minutes=1))
    old.refresh_from_db()
    assert old.status == AttemptStatus.EXPIRED
    assert new.pk != old.pk and new.status == AttemptStatus.IN_PROGRESS


def test_the_passed_hook_runs_once_after_commit_and_levels_are_recorded(
    db: None, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    definition = small_bank()
    seen: list[int] = []
    hooks.on_attempt_passed.append(lambda a: seen.append(a.pk))
    try:
        attempt = start_attempt(personas.learner_a, definition, assisted_by=personas.mentor_a)
        _answer_all(attempt, right=6)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            submit_attempt(attempt.pk)
        assert seen == []  # not before the commit
        for callback in callbacks:
            callback()
        submit_attempt(attempt.pk)
    finally:
        hooks.on_attempt_passed.pop()
    assert seen == [attempt.pk]
    assert Attempt.objects.get(pk=attempt.pk).assisted_by == personas.mentor_a
    assert competency_levels(personas.learner_a, definition.version) == {"CB-1.1": 1, "CB-3.1": 1, "CB-5.1": 1}
    assert competency_levels(personas.officer_a, definition.version) == {}


def test_a_failed_attempt_demonstrates_no_level(db: None, personas: Any) -> None:
    definition = small_bank()
    attempt = start_attempt(personas.learner_a, definition)
    _answer_all(attempt, right=3)
    submit_attempt(attempt.pk)
    assert competency_levels(personas.learner_a, definition.version) == {}
