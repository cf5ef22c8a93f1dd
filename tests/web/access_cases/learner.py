"""Web access matrix rows for the learner views (hocvuso/web/views/learner.py).

Decisions (issue 3 §3), also written at the top of the views module:
- lessons, courses and lesson audio are open content: every persona, anonymous included, reads them;
  a lesson without a published version is 404 for everyone, a staff member included;
- "my path" and "I have finished this lesson" need sign-in, and no role: every signed-in user learns;
- the display settings are the browser's own cookies: anyone sets them (303 back to the page);
- sign-up is for visitors not signed in (signed-in users are sent to their path);
- the sign-ups waiting for confirmation: mentors, team members and officers (403 without such a role),
  each for the people of their own units (404 for another commune's).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hocvuso.accounts.services import create_user
from tests import factories
from tests.personas import PASSWORD, Personas
from tests.web.access_cases import Case
from tests.web.learner_support import build_small_course

PUBLIC: set[str] = set()

ALL_200 = (200, 200, 200, 200, 200, 200, 200, 200, 200)
ALL_404 = (404, 404, 404, 404, 404, 404, 404, 404, 404)


def _lesson(p: Personas, job: Any) -> str:
    return reverse("web:learn-lesson", args=[build_small_course().wifi.slug])


def _draft_only_lesson(p: Personas, job: Any) -> str:
    return reverse("web:learn-lesson", args=[build_small_course().draft_only.slug])


def _course(p: Personas, job: Any) -> str:
    return reverse("web:learn-course", args=[build_small_course().course.slug])


def _complete(p: Personas, job: Any) -> str:
    return reverse("web:learn-lesson-complete", args=[build_small_course().scam.slug])


def _audio(p: Personas, job: Any) -> str:
    lesson = build_small_course().scam
    return reverse("web:learn-lesson-audio", args=[lesson.slug, 1, "vi"])


def _waiting_in_a1(p: Personas, job: Any) -> str:
    """The confirmation of a person of hamlet A1 whose sign-up waits (mentor_a's hamlet)."""
    person = factories.PersonFactory(hamlet=p.hamlet_a1, full_name="Kim Thị Chờ")
    person.pending_user = create_user(username="0912777001", password=PASSWORD, phone="0912777001")
    person.save(update_fields=["pending_user"])
    return reverse("web:signup-confirm", args=[person.pk])


def _bad_sign_up(p: Personas, who: str) -> dict[str, Any]:
    """Two different passwords: the anonymous visitor sees the form again, nothing is created."""
    return {
        "full_name": "Lâm Thị Mới",
        "birth": "1990",
        "phone": "0912777002",
        "password1": "mat-khau-ban-dau-1",
        "password2": "mat-khau-khac-2",
        "commune": str(p.commune_a.code),
    }


CASES: list[Case] = [
    Case("learn", "get", lambda p, j: reverse("web:learn"), (200, 200, 200, 200, 200, 200, 200, 200, 302)),
    Case("learn-courses", "get", lambda p, j: reverse("web:learn-courses"), ALL_200),
    Case("learn-course", "get", _course, ALL_200),
    Case("learn-course", "get", lambda p, j: reverse("web:learn-course", args=["no-such-course"]), ALL_404),
    Case("learn-lesson", "get", _lesson, ALL_200),
    Case("learn-lesson", "get", _draft_only_lesson, ALL_404),
    Case("learn-lesson-complete", "post", _complete, (302, 302, 302, 302, 302, 302, 302, 302, 302)),
    Case("learn-lesson-audio", "get", _audio, ALL_200),
    Case(
        "learn-display",
        "post",
        lambda p, j: reverse("web:learn-display"),
        (303, 303, 303, 303, 303, 303, 303, 303, 303),
        data=lambda p, who: {"text": "large", "next": "/learn/courses/"},
    ),
    Case("signup", "get", lambda p, j: reverse("web:signup"), (302, 302, 302, 302, 302, 302, 302, 302, 200)),
    Case(
        "signup",
        "post",
        lambda p, j: reverse("web:signup"),
        (302, 302, 302, 302, 302, 302, 302, 302, 200),
        data=_bad_sign_up,
    ),
    Case(
        "signup-pending",
        "get",
        lambda p, j: reverse("web:signup-pending"),
        (200, 200, 200, 200, 200, 403, 403, 403, 302),
    ),
    Case("signup-confirm", "post", _waiting_in_a1, (302, 302, 404, 302, 302, 403, 403, 403, 302)),
]
