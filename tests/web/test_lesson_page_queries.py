"""The lesson page is read the most (issue 3 "Budget"): a fixed, small number of queries and no write.

A learner who opened the lesson before costs seven queries: the session, the user, the lesson (with
its version, module and course), the course's reading order, the texts of the lesson and its two
neighbours, the learner's progress row, and the learner's roles (the menu). A query budget, unlike a
timing, does not depend on the machine, so it is pinned here; bench/pages.py measures the rate.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hocvuso.learning.constants import LessonStatus
from hocvuso.learning.models import Lesson, LessonText, LessonVersion
from hocvuso.learning.services import publish_lesson_draft, save_lesson_text, start_lesson_draft
from tests.personas import Personas
from tests.web.helpers import client_for
from tests.web.learner_support import SmallCourse, build_small_course

pytestmark = pytest.mark.django_db

LESSON_PAGE_QUERIES = 7


@pytest.fixture
def small(personas: Personas) -> SmallCourse:
    return build_small_course()


def _url(lesson: Lesson) -> str:
    return reverse("web:learn-lesson", args=[lesson.slug])


def _add_lessons(small: SmallCourse, count: int) -> None:
    module = small.phone.module
    for n in range(count):
        lesson = Lesson.objects.create(module=module, slug=f"t-extra-{n}", order=10 + n, level=1)
        version = LessonVersion.objects.create(lesson=lesson, number=1, status=LessonStatus.PUBLISHED)
        LessonText.objects.create(version=version, language="vi", title=f"Bài thêm {n}", blocks=[])
        lesson.published = version
        lesson.save(update_fields=["published"])


def test_a_learner_reopening_a_lesson_costs_a_fixed_number_of_queries_and_writes_nothing(
    personas: Personas, small: SmallCourse
) -> None:
    client = client_for(personas.learner_a)
    client.get(_url(small.wifi))  # the first opening records "opened"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(small.wifi))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'rel="prev"' in page and 'rel="next"' in page  # both neighbours are on the page
    sql = [q["sql"].lstrip().upper() for q in queries.captured_queries]
    assert len(sql) <= LESSON_PAGE_QUERIES, "\n".join(sql)
    assert not [s for s in sql if s.startswith(("INSERT", "UPDATE", "DELETE"))]


def test_the_number_of_queries_does_not_grow_with_the_course(personas: Personas, small: SmallCourse) -> None:
    client = client_for(personas.learner_a)
    client.get(_url(small.wifi))
    with CaptureQueriesContext(connection) as few:
        client.get(_url(small.wifi))
    _add_lessons(small, 12)
    with CaptureQueriesContext(connection) as many:
        client.get(_url(small.wifi))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_an_anonymous_reader_costs_fewer_queries_still(personas: Personas, small: SmallCourse) -> None:
    client = client_for(None)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url(small.wifi)).status_code == 200
    assert len(queries.captured_queries) <= LESSON_PAGE_QUERIES - 3  # no session, user, progress


def test_a_new_published_version_is_shown_at_once_although_the_body_is_cached(
    personas: Personas, small: SmallCourse
) -> None:
    client = client_for(personas.learner_a)
    assert "Nhờ con cháu giúp khi cần." in client.get(_url(small.wifi)).content.decode()
    draft = start_lesson_draft(small.wifi, personas.province_admin)
    save_lesson_text(draft, "vi", "Kết nối Wi-Fi", "", [{"type": "paragraph", "text": "Nội dung mới của bài."}])
    publish_lesson_draft(draft, personas.province_admin)
    page = client.get(_url(small.wifi)).content.decode()
    assert "Nội dung mới của bài." in page and "Nhờ con cháu giúp khi cần." not in page


def test_the_cached_body_follows_the_interface_language(personas: Personas, small: SmallCourse) -> None:
    client = client_for(personas.learner_a)

    def body() -> str:
        page = client.get(_url(small.wifi)).content.decode()
        return page.split('class="lesson-body"')[1].split("</div>")[0]

    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Mẹo:" in body()  # the Vietnamese body, now cached
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Tip:" in body() and "Mẹo:" not in body()
