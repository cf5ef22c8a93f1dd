"""API access matrix rows for the learning router: open content, own progress only."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone

from hocvuso.framework.constants import BASIC_757
from hocvuso.framework.models import Framework
from hocvuso.learning.constants import LessonStatus, ProgressStatus
from hocvuso.learning.models import Lesson, LessonProgress, LessonVersion, LibraryDocument, ProgressEvent
from tests.api.access_ops import PERSONAS, Op, World, expect
from tests.learning.builders import basic_framework, lesson

COVERED: set[tuple[str, str]] = {
    ("get", "/api/v1/courses"),
    ("get", "/api/v1/courses/{slug}"),
    ("get", "/api/v1/lessons/{slug}"),
    ("get", "/api/v1/me/path"),
    ("get", "/api/v1/me/progress"),
    ("post", "/api/v1/me/progress"),
    ("get", "/api/v1/library"),
    ("get", "/api/v1/library/{slug}"),
}


def _learning(w: World) -> World:
    """Two published lessons (learner_a and officer_a each started one), a lesson that exists only
    as a draft, and a published and an unpublished library document."""
    if Framework.objects.filter(slug=BASIC_757).exists():
        return w
    basic_framework()
    first = lesson("pay-with-vietqr", codes=("CB-3.1",))
    second = lesson("fake-police-call", codes=("CB-5.1",))
    hidden = Lesson.objects.create(module=first.module, slug="draft-only")
    LessonVersion.objects.create(lesson=hidden, number=1, status=LessonStatus.DRAFT)
    now = timezone.now()
    for user, started in ((w.p.learner_a, first), (w.p.officer_a, second)):
        LessonProgress.objects.create(user=user, lesson=started, status=ProgressStatus.STARTED, started_at=now)
    LibraryDocument.objects.create(slug="open-guide", title="Hướng dẫn VNeID", search_text="huong dan vneid")
    LibraryDocument.objects.create(slug="hidden-guide", title="Bản nháp", is_published=False)
    return w


def _event() -> dict[str, Any]:
    return {
        "events": [
            {
                "id": str(uuid.uuid4()),
                "lesson": "pay-with-vietqr",
                "kind": "completed",
                "occurred_at": timezone.now().isoformat(),
            }
        ]
    }


EVERYONE_200 = expect({}, 200, anonymous=200)
EVERYONE_404 = expect({}, 404, anonymous=404)

OPS: list[Op] = [
    Op("list courses", None, lambda a, w: (_learning(w), a.get("/courses"))[1], EVERYONE_200),
    Op("get a course", None, lambda a, w: (_learning(w), a.get("/courses/citizen-basics"))[1], EVERYONE_200),
    Op("get a published lesson", None, lambda a, w: (_learning(w), a.get("/lessons/pay-with-vietqr"))[1], EVERYONE_200),
    Op(
        "get a lesson that is only a draft",
        None,
        lambda a, w: (_learning(w), a.get("/lessons/draft-only"))[1],
        EVERYONE_404,
    ),
    Op("get my path", None, lambda a, w: (_learning(w), a.get("/me/path"))[1], expect({}, 200)),
    Op(
        "list my progress",
        None,
        lambda a, w: (_learning(w), a.get("/me/progress"))[1],
        expect({}, 200),
        rows=lambda w: {"learner_a": {"pay-with-vietqr"}, "officer_a": {"fake-police-call"}},
        ids=lambda body: {row["lesson"] for row in body["items"]},
    ),
    Op(
        "send progress events",
        None,
        lambda a, w: (_learning(w), a.post("/me/progress", _event()))[1],
        expect({}, 200),
        snapshot=lambda w: (_learning(w), ProgressEvent.objects.count(), LessonProgress.objects.count())[1:],
    ),
    Op(
        "search the library",
        None,
        lambda a, w: (_learning(w), a.get("/library"))[1],
        EVERYONE_200,
        rows=lambda w: {name: {"open-guide"} for name in PERSONAS},
        ids=lambda body: {row["slug"] for row in body["items"]},
    ),
    Op("get a library document", None, lambda a, w: (_learning(w), a.get("/library/open-guide"))[1], EVERYONE_200),
    Op(
        "get an unpublished library document",
        None,
        lambda a, w: (_learning(w), a.get("/library/hidden-guide"))[1],
        EVERYONE_404,
    ),
]
