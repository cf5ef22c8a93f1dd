"""Web access matrix rows for the content views (hocvuso/web/views/content.py): the province only."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hocvuso.learning.services import start_lesson_draft
from tests.learning.builders import lesson
from tests.personas import Personas
from tests.web.access_cases import Case

PUBLIC: set[str] = set()

EDITOR_200 = (200, 403, 403, 403, 403, 403, 403, 403, 302)
EDITOR_302 = (302, 403, 403, 403, 403, 403, 403, 403, 302)
EDITOR_404 = (404, 403, 403, 403, 403, 403, 403, 403, 302)


def _lesson(p: Personas, job: Any) -> str:
    return lesson("pay-with-vietqr").slug


def _with_draft(p: Personas, job: Any) -> str:
    made = lesson("pay-with-vietqr")
    start_lesson_draft(made, p.province_admin)
    return made.slug


def _save(p: Personas, who: str) -> dict[str, Any]:
    return {
        "action": "save",
        "title": f"Trả tiền bằng mã QR ({who})",
        "summary": "",
        "blocks-count": "1",
        "block-0-type": "paragraph",
        "block-0-text": "Mở ứng dụng ngân hàng.",
    }


CASES: list[Case] = [
    Case("content-lessons", "get", lambda p, j: (_lesson(p, j), reverse("web:content-lessons"))[1], EDITOR_200),
    Case("content-lesson", "get", lambda p, j: reverse("web:content-lesson", args=[_lesson(p, j)]), EDITOR_200),
    Case("content-lesson", "get", lambda p, j: reverse("web:content-lesson", args=["no-such-lesson"]), EDITOR_404),
    Case(
        "content-draft-start", "post", lambda p, j: reverse("web:content-draft-start", args=[_lesson(p, j)]), EDITOR_302
    ),
    Case(
        "content-draft-start",
        "post",
        lambda p, j: reverse("web:content-draft-start", args=["no-such-lesson"]),
        EDITOR_404,
    ),
    Case(
        "content-draft-edit",
        "get",
        lambda p, j: reverse("web:content-draft-edit", args=[_with_draft(p, j), "vi"]),
        EDITOR_200,
    ),
    Case(
        "content-draft-edit",
        "get",
        lambda p, j: reverse("web:content-draft-edit", args=[_lesson(p, j), "vi"]),  # no draft yet
        EDITOR_404,
    ),
    Case(
        "content-draft-edit",
        "post",
        lambda p, j: reverse("web:content-draft-edit", args=[_with_draft(p, j), "km"]),
        EDITOR_302,
        data=_save,
    ),
    Case(
        "content-draft-preview",
        "get",
        lambda p, j: reverse("web:content-draft-preview", args=[_with_draft(p, j)]),
        EDITOR_200,
    ),
    Case(
        "content-draft-publish",
        "post",
        lambda p, j: reverse("web:content-draft-publish", args=[_with_draft(p, j)]),
        EDITOR_302,
    ),
    Case(
        "content-draft-publish",
        "post",
        lambda p, j: reverse("web:content-draft-publish", args=[_lesson(p, j)]),  # nothing to publish
        EDITOR_404,
    ),
    Case(
        "content-draft-discard",
        "post",
        lambda p, j: reverse("web:content-draft-discard", args=[_with_draft(p, j)]),
        EDITOR_302,
    ),
]
