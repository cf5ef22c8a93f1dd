"""What offline.js sends when the phone is connected again, through the API as the browser sends it
(session cookie + X-CSRFToken): re-sent batches, late and out-of-order events change progress once.

offline.js keeps each event on the phone until an answer names it, so a batch whose answer was lost
(the connection dropped on the way back) is sent again with whatever was recorded meanwhile.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hocvuso.learning.constants import LessonStatus, ProgressStatus
from hocvuso.learning.models import Course, Lesson, LessonProgress, LessonText, LessonVersion, Module, ProgressEvent
from tests.personas import Personas

pytestmark = pytest.mark.django_db
URL = "/api/v1/me/progress"


@pytest.fixture
def lesson() -> Lesson:
    course = Course.objects.create(slug="citizen-basics-test", title="Kỹ năng số cơ bản")
    module = Module.objects.create(course=course, slug="safety", title="An toàn")
    lesson = Lesson.objects.create(module=module, slug="otp-never-share-test", minutes=5)
    version = LessonVersion.objects.create(
        lesson=lesson, number=1, status=LessonStatus.PUBLISHED, published_at=timezone.now()
    )
    LessonText.objects.create(version=version, language="vi", title="Không bao giờ đưa mã OTP", blocks=[])
    lesson.published = version
    lesson.save(update_fields=["published"])
    return lesson


def phone_of(user: Any) -> Client:
    """The browser of a signed-in learner: CSRF checked, token taken from the cookie as offline.js does."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/offline/")  # any page with a form sets the csrftoken cookie
    return client


def send(client: Client, events: list[dict[str, Any]]) -> Any:
    response = client.post(
        URL,
        json.dumps({"events": events}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert response.status_code == 200, response.content
    return response.json()


def event(lesson: Lesson, kind: str, when: datetime, seconds: int = 0, *, offline: bool = True) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "lesson": lesson.slug,
        "kind": kind,
        "seconds": seconds,
        "occurred_at": when.isoformat(),
        "offline": offline,
    }


def test_a_batch_sent_again_after_reconnecting_changes_progress_once(personas: Personas, lesson: Lesson) -> None:
    phone = phone_of(personas.learner_a)
    t0 = timezone.now() - timedelta(hours=2)
    batch = [
        event(lesson, "opened", t0),
        event(lesson, "read_time", t0 + timedelta(minutes=4), 240),
        event(lesson, "completed", t0 + timedelta(minutes=5)),
    ]
    assert send(phone, batch) == {"accepted": 3, "duplicates": 0, "rejected": []}
    progress = LessonProgress.objects.get(user=personas.learner_a, lesson=lesson)
    first_update = progress.updated_at

    assert send(phone, batch) == {"accepted": 0, "duplicates": 3, "rejected": []}

    progress.refresh_from_db()
    assert progress.status == ProgressStatus.COMPLETED
    assert progress.seconds_spent == 240  # not 480
    assert progress.completed_at == t0 + timedelta(minutes=5)
    assert progress.updated_at == first_update  # the re-send wrote nothing
    stored = ProgressEvent.objects.filter(user=personas.learner_a, lesson=lesson)
    assert stored.count() == 3
    assert set(stored.values_list("offline", flat=True)) == {True}
    assert LessonProgress.objects.filter(user=personas.learner_a).count() == 1


def test_a_completion_whose_answer_was_lost_is_counted_once_with_what_came_after(
    personas: Personas, lesson: Lesson
) -> None:
    phone = phone_of(personas.learner_a)
    t0 = timezone.now() - timedelta(hours=1)
    completed = event(lesson, "completed", t0)
    send(phone, [completed])  # stored, but the phone went offline before the answer came back
    later = event(lesson, "read_time", t0 + timedelta(minutes=3), 90)

    answer = send(phone, [completed, later])

    assert answer == {"accepted": 1, "duplicates": 1, "rejected": []}
    assert ProgressEvent.objects.filter(user=personas.learner_a, kind="completed").count() == 1
    progress = LessonProgress.objects.get(user=personas.learner_a, lesson=lesson)
    assert (progress.status, progress.completed_at, progress.seconds_spent) == (ProgressStatus.COMPLETED, t0, 90)


def test_events_arriving_out_of_order_are_folded_by_when_they_happened(personas: Personas, lesson: Lesson) -> None:
    phone = phone_of(personas.learner_a)
    t0 = timezone.now() - timedelta(days=1)
    # This phone's completion arrives first; the opening and an earlier completion from another
    # phone, both made offline, arrive later.
    send(phone, [event(lesson, "completed", t0 + timedelta(minutes=30), offline=False)])
    send(phone, [event(lesson, "completed", t0 + timedelta(minutes=10)), event(lesson, "opened", t0)])

    progress = LessonProgress.objects.get(user=personas.learner_a, lesson=lesson)
    assert progress.status == ProgressStatus.COMPLETED
    assert progress.started_at == t0
    assert progress.completed_at == t0 + timedelta(minutes=10)


def test_the_same_event_id_from_two_learners_on_one_phone_is_two_events(personas: Personas, lesson: Lesson) -> None:
    t0 = timezone.now() - timedelta(hours=3)
    shared = event(lesson, "completed", t0)
    assert send(phone_of(personas.learner_a), [shared])["accepted"] == 1
    assert send(phone_of(personas.outsider), [shared])["accepted"] == 1
    assert ProgressEvent.objects.filter(client_event_id=shared["id"]).count() == 2


def test_a_sync_without_the_csrf_token_is_refused_and_stores_nothing(personas: Personas, lesson: Lesson) -> None:
    phone = phone_of(personas.learner_a)
    batch = {"events": [event(lesson, "completed", timezone.now() - timedelta(minutes=5))]}
    response = phone.post(URL, json.dumps(batch), content_type="application/json")
    assert response.status_code == 403  # offline.js keeps the events and tries again later
    assert not ProgressEvent.objects.filter(user=personas.learner_a).exists()


def test_a_signed_out_phone_cannot_send_progress(lesson: Lesson) -> None:
    batch = {"events": [event(lesson, "completed", timezone.now() - timedelta(minutes=5))]}
    response = Client().post(URL, json.dumps(batch), content_type="application/json")
    assert response.status_code == 401
    assert not ProgressEvent.objects.exists()
