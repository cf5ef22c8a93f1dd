"""Progress from devices: each event counts once, reading time is capped, completion never regresses."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hocvuso.accounts.models import User
from hocvuso.learning.constants import LessonStatus, ProgressEventKind, ProgressStatus
from hocvuso.learning.models import Lesson, LessonProgress, LessonVersion, ProgressEvent
from hocvuso.learning.services import (
    MAX_SECONDS_PER_EVENT,
    MAX_SECONDS_PER_LESSON,
    ProgressEventIn,
    mark_lesson_completed,
    publish_lesson_draft,
    record_progress_events,
    save_lesson_text,
    start_lesson_draft,
)
from tests.api.conftest import Api, token_for
from tests.learning.builders import PARAGRAPH, basic_framework, lesson
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def vietqr(db: None) -> Lesson:
    basic_framework()
    return lesson("pay-with-vietqr")


def _event(kind: str, at: datetime | None = None, seconds: int = 0, slug: str = "pay-with-vietqr") -> ProgressEventIn:
    return ProgressEventIn(
        id=uuid.uuid4(), lesson=slug, kind=kind, occurred_at=at or timezone.now(), seconds=seconds, offline=True
    )


def _progress(user: User, lesson: Lesson) -> LessonProgress:
    return LessonProgress.objects.get(user=user, lesson=lesson)


def test_sending_the_same_events_twice_counts_them_once(personas: Personas, vietqr: Lesson) -> None:
    events = [_event(ProgressEventKind.OPENED), _event(ProgressEventKind.READ_TIME, seconds=90)]

    first = record_progress_events(personas.learner_a, events)
    again = record_progress_events(personas.learner_a, events)

    assert (first.accepted, first.duplicates, first.rejected) == (2, 0, [])
    assert (again.accepted, again.duplicates, again.rejected) == (0, 2, [])
    progress = _progress(personas.learner_a, vietqr)
    assert (progress.status, progress.seconds_spent) == (ProgressStatus.STARTED, 90)
    assert ProgressEvent.objects.filter(user=personas.learner_a).count() == 2


def test_an_event_repeated_inside_one_call_is_a_duplicate(personas: Personas, vietqr: Lesson) -> None:
    event = _event(ProgressEventKind.READ_TIME, seconds=30)
    result = record_progress_events(personas.learner_a, [event, event])
    assert (result.accepted, result.duplicates) == (1, 1)
    assert _progress(personas.learner_a, vietqr).seconds_spent == 30


def test_the_same_event_id_from_two_users_counts_for_each(personas: Personas, vietqr: Lesson) -> None:
    event = _event(ProgressEventKind.OPENED)
    assert record_progress_events(personas.learner_a, [event]).accepted == 1
    assert record_progress_events(personas.mentor_a, [event]).accepted == 1


def test_completion_takes_the_time_of_the_event_and_never_goes_back(personas: Personas, vietqr: Lesson) -> None:
    done_at = timezone.now() - timedelta(hours=3)
    record_progress_events(personas.learner_a, [_event(ProgressEventKind.COMPLETED, done_at)])
    record_progress_events(
        personas.learner_a, [_event(ProgressEventKind.OPENED), _event(ProgressEventKind.READ_TIME, seconds=20)]
    )
    progress = _progress(personas.learner_a, vietqr)
    assert progress.status == ProgressStatus.COMPLETED
    assert progress.completed_at == done_at
    assert progress.seconds_spent == 20


def test_an_earlier_offline_completion_arriving_late_moves_the_completion_date_back(
    personas: Personas, vietqr: Lesson
) -> None:
    now = timezone.now()
    record_progress_events(personas.learner_a, [_event(ProgressEventKind.COMPLETED, now)])
    record_progress_events(personas.learner_a, [_event(ProgressEventKind.COMPLETED, now - timedelta(days=2))])
    progress = _progress(personas.learner_a, vietqr)
    assert progress.completed_at == now - timedelta(days=2)
    assert progress.started_at == now - timedelta(days=2)


def test_reading_time_is_capped_per_event_and_per_lesson(personas: Personas, vietqr: Lesson) -> None:
    record_progress_events(personas.learner_a, [_event(ProgressEventKind.READ_TIME, seconds=5000)])
    assert _progress(personas.learner_a, vietqr).seconds_spent == MAX_SECONDS_PER_EVENT
    many = [_event(ProgressEventKind.READ_TIME, seconds=MAX_SECONDS_PER_EVENT) for _ in range(20)]
    record_progress_events(personas.learner_a, many)
    assert _progress(personas.learner_a, vietqr).seconds_spent == MAX_SECONDS_PER_LESSON


def test_events_for_unknown_or_unpublished_lessons_are_rejected_with_a_reason(
    personas: Personas, vietqr: Lesson
) -> None:
    hidden = Lesson.objects.create(module=vietqr.module, slug="draft-only")
    LessonVersion.objects.create(lesson=hidden, number=1, status=LessonStatus.DRAFT)
    unknown = _event(ProgressEventKind.OPENED, slug="no-such-lesson")
    draft = _event(ProgressEventKind.OPENED, slug="draft-only")
    good = _event(ProgressEventKind.OPENED)

    result = record_progress_events(personas.learner_a, [unknown, draft, good])

    assert result.accepted == 1
    assert [r[0] for r in result.rejected] == [str(unknown.id), str(draft.id)]
    assert "no-such-lesson" in result.rejected[0][1]
    assert not LessonProgress.objects.filter(lesson=hidden).exists()


def test_events_from_a_wrong_phone_clock_are_rejected(personas: Personas, vietqr: Lesson) -> None:
    future = _event(ProgressEventKind.OPENED, timezone.now() + timedelta(days=30))
    ancient = _event(ProgressEventKind.OPENED, timezone.now().replace(year=2001))
    result = record_progress_events(personas.learner_a, [future, ancient])
    assert result.accepted == 0 and len(result.rejected) == 2
    assert not LessonProgress.objects.exists()


def test_completing_records_the_version_read_and_a_later_version_keeps_it(personas: Personas, vietqr: Lesson) -> None:
    mark_lesson_completed(personas.learner_a, vietqr)
    draft = start_lesson_draft(vietqr, personas.province_admin)
    save_lesson_text(draft, "vi", "Trả tiền bằng mã QR", "", [PARAGRAPH])
    publish_lesson_draft(draft, personas.province_admin)

    assert _progress(personas.learner_a, vietqr).version_number == 1
    mark_lesson_completed(personas.mentor_a, vietqr)
    assert _progress(personas.mentor_a, vietqr).version_number == 2


def test_the_finish_button_path_completes_once_and_keeps_the_first_date(personas: Personas, vietqr: Lesson) -> None:
    first = mark_lesson_completed(personas.learner_a, vietqr, now=timezone.now() - timedelta(minutes=5))
    second = mark_lesson_completed(personas.learner_a, vietqr)
    assert second.completed_at == first.completed_at
    assert ProgressEvent.objects.filter(user=personas.learner_a, kind=ProgressEventKind.COMPLETED).count() == 2


def test_the_api_counts_duplicates_and_lists_rejections(personas: Personas, vietqr: Lesson) -> None:
    api = Api(Client(), token_for(personas.learner_a))
    event_id = str(uuid.uuid4())
    body = {
        "events": [
            {
                "id": event_id,
                "lesson": "pay-with-vietqr",
                "kind": "read_time",
                "seconds": 40,
                "occurred_at": timezone.now().isoformat(),
            },
            {"id": str(uuid.uuid4()), "lesson": "nope", "kind": "opened", "occurred_at": timezone.now().isoformat()},
        ]
    }
    first = api.post("/me/progress", body).json()
    again = api.post("/me/progress", body).json()

    assert (first["accepted"], first["duplicates"], len(first["rejected"])) == (1, 0, 1)
    assert (again["accepted"], again["duplicates"]) == (0, 1)
    (row,) = api.get("/me/progress").json()["items"]
    assert (row["lesson"], row["status"], row["seconds_spent"], row["version"]) == ("pay-with-vietqr", "started", 40, 1)


def test_the_api_refuses_more_than_500_events_in_one_call(personas: Personas, vietqr: Lesson) -> None:
    api = Api(Client(), token_for(personas.learner_a))
    event = {"lesson": "pay-with-vietqr", "kind": "opened", "occurred_at": timezone.now().isoformat()}
    response = api.post("/me/progress", {"events": [{**event, "id": str(uuid.uuid4())} for _ in range(501)]})
    assert response.status_code == 422
    assert not ProgressEvent.objects.exists()


def test_a_user_sees_only_their_own_progress_in_the_api(personas: Personas, vietqr: Lesson) -> None:
    mark_lesson_completed(personas.learner_a, vietqr)
    assert Api(Client(), token_for(personas.mentor_a)).get("/me/progress").json() == {"items": []}
    assert len(Api(Client(), token_for(personas.learner_a)).get("/me/progress").json()["items"]) == 1
