"""The placement test: one level-1 question per competency of the learner's group; the competencies
answered right mark their lessons as tested out (skipped, still readable), never downgrading a
completed lesson; the path counts them as done and offers the test before the learner starts."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from hocvuso.assessment.constants import PLACEMENT_MAX_ATTEMPTS
from hocvuso.assessment.selectors import availability, competency_levels
from hocvuso.assessment.services import AssessmentRefused, start_attempt, submit_attempt
from hocvuso.learning.constants import ProgressStatus
from hocvuso.learning.models import LessonProgress
from hocvuso.learning.selectors import learner_path
from hocvuso.learning.services import mark_lesson_completed
from tests.assessment.builders import CITIZEN_CODES, answer_by_competency, items_of, placement_test
from tests.learning.builders import lesson
from tests.web.helpers import client_for


@pytest.fixture
def lessons(db: None) -> dict[str, Any]:
    placement_test()
    return {
        "wifi": lesson("wifi", codes=("CB-1.1",), order=1),
        "bank": lesson("bank", codes=("CB-3.1",), order=2),
        "scam": lesson("scam", codes=("CB-5.1",), order=3),
        "scam2": lesson("scam-advanced", codes=("CB-5.1",), level=2, order=4),
    }


def _status(user: Any, item: Any) -> str:
    row = LessonProgress.objects.filter(user=user, lesson=item).first()
    return row.status if row else "not_started"


def test_the_placement_test_draws_one_level_one_question_per_competency_without_a_time_limit(
    personas: Any, lessons: dict[str, Any]
) -> None:
    attempt = start_attempt(personas.learner_a, placement_test())
    items = items_of(attempt)
    assert Counter(i.question_version.question.competency_code for i in items) == dict.fromkeys(CITIZEN_CODES, 1)
    assert all(i.question_version.question.level == 1 for i in items)
    assert attempt.deadline is None


def test_competencies_answered_right_mark_their_lessons_tested_out_and_the_others_stay(
    personas: Any, lessons: dict[str, Any]
) -> None:
    learner = personas.learner_a
    attempt = start_attempt(learner, placement_test())
    answer_by_competency(attempt, {"CB-1.1", "CB-5.1"})
    submit_attempt(attempt.pk)
    assert _status(learner, lessons["wifi"]) == ProgressStatus.TESTED_OUT
    assert _status(learner, lessons["scam"]) == ProgressStatus.TESTED_OUT
    assert _status(learner, lessons["bank"]) == "not_started"  # answered wrong
    assert _status(learner, lessons["scam2"]) == "not_started"  # level 2: the placement asked level 1
    row = LessonProgress.objects.get(user=learner, lesson=lessons["wifi"])
    assert row.source == f"placement-attempt:{attempt.pk}"


def test_a_completed_lesson_stays_completed_and_a_started_one_becomes_tested_out(
    personas: Any, lessons: dict[str, Any]
) -> None:
    learner = personas.learner_a
    mark_lesson_completed(learner, lessons["wifi"])
    LessonProgress.objects.create(
        user=learner, lesson=lessons["scam"], status=ProgressStatus.STARTED, started_at=timezone.now()
    )
    attempt = start_attempt(learner, placement_test())
    answer_by_competency(attempt, set(CITIZEN_CODES))
    submit_attempt(attempt.pk)
    submit_attempt(attempt.pk)  # again: nothing changes
    assert _status(learner, lessons["wifi"]) == ProgressStatus.COMPLETED
    assert _status(learner, lessons["scam"]) == ProgressStatus.TESTED_OUT
    assert LessonProgress.objects.filter(user=learner).count() == 3


def test_reading_a_tested_out_lesson_to_the_end_completes_it(personas: Any, lessons: dict[str, Any]) -> None:
    learner = personas.learner_a
    attempt = start_attempt(learner, placement_test())
    answer_by_competency(attempt, {"CB-1.1"})
    submit_attempt(attempt.pk)
    mark_lesson_completed(learner, lessons["wifi"])
    assert _status(learner, lessons["wifi"]) == ProgressStatus.COMPLETED


def test_the_path_counts_tested_out_lessons_as_done_and_moves_to_the_next_unknown_one(
    personas: Any, lessons: dict[str, Any]
) -> None:
    learner = personas.learner_a
    attempt = start_attempt(learner, placement_test())
    answer_by_competency(attempt, {"CB-1.1", "CB-5.1"})
    submit_attempt(attempt.pk)
    path = learner_path(learner)
    assert path.lessons_completed == 2 and path.lessons_tested_out == 2
    assert path.next_lesson is not None and path.next_lesson.lesson.slug == "bank"
    done = {s.competency.code for s in path.steps if s.lessons_done}
    assert done == {"CB-1.1", "CB-5.1"}


def test_the_path_shows_skipped_lessons_with_a_link_to_read_them_anyway(personas: Any, lessons: dict[str, Any]) -> None:
    attempt = start_attempt(personas.learner_a, placement_test())
    answer_by_competency(attempt, {"CB-1.1"})
    submit_attempt(attempt.pk)
    page = client_for(personas.learner_a).get(reverse("web:learn")).content.decode()
    assert "skipped, you already know this" in page
    assert "read it anyway" in page and reverse("web:learn-lesson", args=["wifi"]) in page
    assert "Take the placement test" not in page  # taken already


def test_the_path_offers_the_placement_test_before_the_learner_starts_learning(
    personas: Any, lessons: dict[str, Any]
) -> None:
    client = client_for(personas.learner_a)
    page = client.get(reverse("web:learn")).content.decode()
    assert "Take the placement test" in page
    assert reverse("web:test-start", args=[placement_test().pk]) in page
    mark_lesson_completed(personas.learner_a, lessons["bank"])
    assert "Take the placement test" not in client.get(reverse("web:learn")).content.decode()


def test_the_result_page_says_how_many_skills_are_already_known(personas: Any, lessons: dict[str, Any]) -> None:
    attempt = start_attempt(personas.learner_a, placement_test())
    answer_by_competency(attempt, {"CB-1.1", "CB-5.1"})
    submit_attempt(attempt.pk)
    page = client_for(personas.learner_a).get(reverse("web:attempt-result", args=[attempt.pk])).content.decode()
    assert "You already know 2 skills" in page


def test_two_placement_attempts_per_thirty_days_and_no_pause_between_them(
    personas: Any, lessons: dict[str, Any]
) -> None:
    learner, definition = personas.learner_a, placement_test()
    now = timezone.now()
    for n in range(PLACEMENT_MAX_ATTEMPTS):
        attempt = start_attempt(learner, definition, now=now + timedelta(minutes=n))
        submit_attempt(attempt.pk, now=now + timedelta(minutes=n))  # nothing answered: "failed", no pause
    with pytest.raises(AssessmentRefused, match="2 attempts allowed in 30 days"):
        start_attempt(learner, definition, now=now + timedelta(minutes=5))
    assert availability(learner, definition, now + timedelta(days=31)).can_start


def test_placement_answers_do_not_count_as_demonstrated_levels(personas: Any, lessons: dict[str, Any]) -> None:
    definition = placement_test()
    attempt = start_attempt(personas.learner_a, definition)
    answer_by_competency(attempt, set(CITIZEN_CODES))
    assert submit_attempt(attempt.pk).passed
    assert competency_levels(personas.learner_a, definition.version) == {}
