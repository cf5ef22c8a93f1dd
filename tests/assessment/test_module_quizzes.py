"""Module quizzes: one per module whose lessons have questions, 5 questions from the competencies of
its lessons, pass at 60 %, unlimited attempts without a pause or time limit, answers shown after;
passing marks the quiz done on the path; quizzes never count as demonstrated levels."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.urls import reverse

from hocvuso.assessment import selectors
from hocvuso.assessment.constants import QUIZ_QUESTION_COUNT, AttemptStatus
from hocvuso.assessment.content import ensure_default_tests
from hocvuso.assessment.models import TestDefinition
from hocvuso.assessment.selectors import availability, competency_levels, module_quizzes_for
from hocvuso.assessment.services import save_answer, start_attempt, submit_attempt
from tests.assessment.builders import items_of, right_answer, small_bank
from tests.learning.builders import lesson, module
from tests.web.helpers import client_for


@pytest.fixture
def quiz(db: None) -> TestDefinition:
    small_bank()
    lesson("wifi", codes=("CB-1.1",), order=1)
    lesson("scam", codes=("CB-5.1",), order=2)
    lesson("scam-advanced", codes=("CB-5.1",), level=2, order=3)
    lesson("no-questions", codes=("CB-6.1",), order=1, where=module(slug="other"))
    version = small_bank().version
    assert ensure_default_tests(version) == 1  # only the module whose lessons have questions
    assert ensure_default_tests(version) == 0  # idempotent
    return TestDefinition.objects.get(kind="module_quiz")


def test_a_quiz_draws_five_questions_from_its_lessons_competencies_up_to_their_level(
    personas: Any, quiz: TestDefinition
) -> None:
    assert quiz.module is not None and quiz.module.slug == "cashless" and quiz.group == ""
    items = items_of(start_attempt(personas.learner_a, quiz))
    assert len(items) == QUIZ_QUESTION_COUNT
    per_code = Counter(i.question_version.question.competency_code for i in items)
    assert set(per_code) == {"CB-1.1", "CB-5.1"}
    # CB-5.1 is taught up to level 2 in this module, CB-1.1 at level 1 only.
    assert all(
        i.question_version.question.level == 1 for i in items if i.question_version.question.competency_code == "CB-1.1"
    )
    assert len({i.question_version_id for i in items}) == len(items)


def test_every_learner_sees_the_quizzes_whatever_their_group(personas: Any, quiz: TestDefinition) -> None:
    for user in (personas.learner_a, personas.officer_b, personas.outsider):
        assert quiz in selectors.tests_for(user)


def test_quizzes_have_no_limit_no_pause_and_no_time_limit(personas: Any, quiz: TestDefinition) -> None:
    learner = personas.learner_a
    for _ in range(6):
        attempt = start_attempt(learner, quiz)
        assert attempt.deadline is None
        assert submit_attempt(attempt.pk).passed is False
    state = availability(learner, quiz)
    assert state.can_start and state.attempts_left is None and state.reason == ""


def test_passing_at_sixty_percent_marks_the_quiz_done_on_the_path(personas: Any, quiz: TestDefinition) -> None:
    learner = personas.learner_a
    attempt = start_attempt(learner, quiz)
    for item in items_of(attempt)[:3]:  # 3 of 5 right
        save_answer(attempt, item.position, right_answer(item))
    done = submit_attempt(attempt.pk)
    assert (done.status, done.score, done.passed) == (AttemptStatus.SUBMITTED, 3, True)
    assert [(row.definition, row.passed) for row in module_quizzes_for(learner)] == [(quiz, True)]
    page = client_for(learner).get(reverse("web:learn")).content.decode()
    assert "quiz done" in page
    result = client_for(learner).get(reverse("web:attempt-result", args=[attempt.pk])).content.decode()
    assert "does not give a certificate" in result and "GIAI-THICH" in result
    assert competency_levels(learner, quiz.version) == {}


def test_the_tests_page_lists_the_quiz_under_module_quizzes(personas: Any, quiz: TestDefinition) -> None:
    page = client_for(personas.learner_a).get(reverse("web:tests")).content.decode()
    assert "Module quizzes" in page and "Take the quiz" in page
    assert reverse("web:test-start", args=[quiz.pk]) in page
