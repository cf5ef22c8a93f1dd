"""The open content API (courses, lessons with language fallback) and the learner's own path."""

from __future__ import annotations

import pytest
from django.test import Client

from hocvuso.learning.content import LoadSummary
from hocvuso.learning.models import Lesson
from hocvuso.learning.services import mark_lesson_completed
from tests.api.conftest import Api, token_for
from tests.learning.builders import basic_framework, lesson
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _open() -> Api:
    return Api(Client(), None)


@pytest.fixture
def two_lessons(db: None) -> list[Lesson]:
    basic_framework()
    return [
        lesson("fake-police-call", codes=("CB-5.1",), texts={"vi": "Cuộc gọi giả công an", "km": "ការហៅក្លែងក្លាយ"}),
        lesson("pay-with-vietqr", codes=("CB-3.1",), order=2),
    ]


def test_a_lesson_in_a_missing_language_comes_in_vietnamese_with_the_fallback_flag(two_lessons: list[Lesson]) -> None:
    km = _open().get("/lessons/fake-police-call", lang="km").json()
    assert (km["language"], km["fallback"], km["title"]) == ("km", False, "ការហៅក្លែងក្លាយ")
    fallback = _open().get("/lessons/pay-with-vietqr", lang="km").json()
    assert (fallback["language"], fallback["fallback"], fallback["version"]) == ("vi", True, 1)
    assert fallback["competencies"] == ["CB-3.1"]
    assert fallback["blocks"][0] == {
        "type": "paragraph",
        "text": "Mở ứng dụng ngân hàng.",
        "items": None,
        "src": None,
        "url": None,
        "alt": None,
        "caption": None,
    }


def test_courses_list_their_modules_and_lessons_with_my_status(personas: Personas, two_lessons: list[Lesson]) -> None:
    (course,) = _open().get("/courses").json()
    assert (course["slug"], course["lessons"]) == ("citizen-basics", 2)
    mark_lesson_completed(personas.learner_a, two_lessons[0])
    client = Client()
    client.force_login(personas.learner_a)
    detail = Api(client, None).get("/courses/citizen-basics", lang="km").json()
    (module,) = detail["modules"]
    assert [(x["slug"], x["status"], x["fallback"]) for x in module["lessons"]] == [
        ("fake-police-call", "completed", False),
        ("pay-with-vietqr", "not_started", True),
    ]
    assert _open().get("/courses/no-such-course").status_code == 404


def test_my_path_names_the_rule_the_gaps_and_the_next_lesson(personas: Personas, two_lessons: list[Lesson]) -> None:
    mark_lesson_completed(personas.learner_a, two_lessons[1])
    body = Api(Client(), token_for(personas.learner_a)).get("/me/path").json()
    assert (body["framework"], body["groups"]) == ("basic-757 v1", ["citizen"])
    assert [(s["competency"], s["lessons_done"]) for s in body["steps"]] == [
        ("CB-1.1", False),
        ("CB-3.1", True),
        ("CB-5.1", False),
    ]
    assert body["gaps"] == ["CB-1.1", "CB-5.1"]
    assert body["next_lesson"]["slug"] == "fake-police-call"
    assert (body["lessons_total"], body["lessons_completed"], body["percent"]) == (2, 1, 50)


def test_the_real_lessons_are_served_with_image_addresses(content: LoadSummary) -> None:
    body = _open().get("/lessons/pay-with-vietqr").json()
    images = [b for b in body["blocks"] if b["type"] == "image"]
    assert images and all(b["url"] == f"/static/{b['src']}" and b["alt"] for b in images)
    km = _open().get("/lessons/pay-with-vietqr", lang="km").json()
    assert (km["language"], km["fallback"], km["needs_review"]) == ("km", False, True)
