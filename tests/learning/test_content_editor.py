"""The province edits a lesson: a draft, block editing without JavaScript, preview, publish, history.
Learners only ever read the published version."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hocvuso.learning.constants import LessonStatus
from hocvuso.learning.models import Lesson, LessonVersion
from hocvuso.learning.services import (
    ContentEditError,
    discard_draft,
    publish_lesson_draft,
    save_lesson_text,
    start_lesson_draft,
)
from tests.api.conftest import Api
from tests.learning.builders import PARAGRAPH, basic_framework, lesson
from tests.personas import Personas
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def vietqr(db: None) -> Lesson:
    basic_framework()
    return lesson("pay-with-vietqr", texts={"vi": "Trả tiền bằng mã QR", "km": "បង់ប្រាក់"})


def _form(title: str, *rows: dict[str, str], action: str = "save", **extra: str) -> dict[str, Any]:
    data: dict[str, Any] = {"action": action, "title": title, "summary": "", "blocks-count": str(len(rows)), **extra}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"block-{i}-{key}"] = value
    return data


def test_a_draft_copies_the_published_texts_and_there_is_only_one(personas: Personas, vietqr: Lesson) -> None:
    draft = start_lesson_draft(vietqr, personas.province_admin)
    assert (draft.number, draft.status) == (2, LessonStatus.DRAFT)
    assert sorted(draft.texts.values_list("language", "title")) == [("km", "បង់ប្រាក់"), ("vi", "Trả tiền bằng mã QR")]
    assert start_lesson_draft(vietqr, personas.province_admin) == draft
    assert LessonVersion.objects.filter(lesson=vietqr, status=LessonStatus.DRAFT).count() == 1


def test_saving_checks_the_blocks(personas: Personas, vietqr: Lesson) -> None:
    draft = start_lesson_draft(vietqr, personas.province_admin)
    with pytest.raises(ContentEditError) as caught:
        save_lesson_text(draft, "vi", "Tiêu đề", "", [{"type": "steps", "items": []}, {"type": "video"}])
    assert len(caught.value.problems) == 2
    with pytest.raises(ContentEditError):
        save_lesson_text(draft, "vi", "", "", [PARAGRAPH])
    with pytest.raises(ContentEditError):
        save_lesson_text(draft, "vi", "Tiêu đề", "", [{"type": "image", "src": "learning/img/none.svg", "alt": "x"}])


def test_publishing_archives_the_old_version_without_changing_it(personas: Personas, vietqr: Lesson) -> None:
    old = vietqr.published
    draft = start_lesson_draft(vietqr, personas.province_admin)
    save_lesson_text(draft, "vi", "Trả tiền bằng VietQR", "Mới.", [{"type": "tip", "text": "Kiểm tra tên người nhận."}])

    publish_lesson_draft(draft, personas.province_admin, change_note="Sửa tiêu đề")

    vietqr.refresh_from_db()
    assert vietqr.published == draft
    assert old is not None
    old.refresh_from_db()
    assert old.status == LessonStatus.ARCHIVED and old.texts.get(language="vi").title == "Trả tiền bằng mã QR"
    draft.refresh_from_db()
    assert (draft.published_by, draft.change_note) == (personas.province_admin, "Sửa tiêu đề")
    with pytest.raises(ContentEditError):
        save_lesson_text(draft, "vi", "Sửa sau khi xuất bản", "", [PARAGRAPH])


def test_discarding_leaves_the_published_version(personas: Personas, vietqr: Lesson) -> None:
    draft = start_lesson_draft(vietqr, personas.province_admin)
    discard_draft(draft)
    vietqr.refresh_from_db()
    assert vietqr.published is not None and vietqr.published.number == 1
    assert not LessonVersion.objects.filter(status=LessonStatus.DRAFT).exists()


def test_learners_never_see_a_draft(personas: Personas, vietqr: Lesson) -> None:
    draft = start_lesson_draft(vietqr, personas.province_admin)
    save_lesson_text(draft, "vi", "Bản nháp bí mật", "", [PARAGRAPH])
    body = Api(Client(), None).get("/lessons/pay-with-vietqr").json()
    assert (body["title"], body["version"]) == ("Trả tiền bằng mã QR", 1)
    page = client_for(personas.learner_a).get(reverse("web:learn-lesson", args=["pay-with-vietqr"])).content.decode()
    assert "Bản nháp bí mật" not in page and "Trả tiền bằng mã QR" in page


def test_the_editor_adds_moves_and_removes_blocks_without_javascript(personas: Personas, vietqr: Lesson) -> None:
    client = client_for(personas.province_admin)
    client.post(reverse("web:content-draft-start", args=["pay-with-vietqr"]))
    url = reverse("web:content-draft-edit", args=["pay-with-vietqr", "vi"])
    first = {"type": "paragraph", "text": "Một"}
    second = {"type": "steps", "items": "Mở ứng dụng\nQuét mã"}

    added = client.post(url, _form("Tiêu đề", first, action="add", **{"new-type": "warning"}))
    assert added.status_code == 200 and added.context["rows"][-1]["type"] == "warning"
    moved = client.post(url, _form("Tiêu đề", first, second, action="up-1"))
    assert [r["type"] for r in moved.context["rows"]] == ["steps", "paragraph"]
    removed = client.post(url, _form("Tiêu đề", first, second, action="remove-0"))
    assert [r["type"] for r in removed.context["rows"]] == ["steps"]

    saved = client.post(url, _form("Trả tiền bằng VietQR", second, first))
    assert saved.status_code == 302
    draft = LessonVersion.objects.get(lesson=vietqr, status=LessonStatus.DRAFT)
    assert draft.texts.get(language="vi").blocks == [
        {"type": "steps", "items": ["Mở ứng dụng", "Quét mã"]},
        {"type": "paragraph", "text": "Một"},
    ]


def test_an_invalid_block_is_shown_with_its_problem_and_nothing_is_saved(personas: Personas, vietqr: Lesson) -> None:
    client = client_for(personas.province_admin)
    client.post(reverse("web:content-draft-start", args=["pay-with-vietqr"]))
    url = reverse("web:content-draft-edit", args=["pay-with-vietqr", "vi"])
    response = client.post(url, _form("Tiêu đề", {"type": "image", "src": "learning/img/none.svg", "alt": ""}))
    assert response.status_code == 400
    assert "block 1 (image)" in response.content.decode()
    draft = LessonVersion.objects.get(lesson=vietqr, status=LessonStatus.DRAFT)
    assert draft.texts.get(language="vi").title == "Trả tiền bằng mã QR"


def test_preview_publish_and_history_on_the_web(personas: Personas, vietqr: Lesson) -> None:
    client = client_for(personas.province_admin)
    client.post(reverse("web:content-draft-start", args=["pay-with-vietqr"]))
    edit = reverse("web:content-draft-edit", args=["pay-with-vietqr", "vi"])
    client.post(edit, _form("Trả tiền bằng VietQR", {"type": "warning", "text": "Không chuyển tiền cho người lạ."}))

    preview = client.get(reverse("web:content-draft-preview", args=["pay-with-vietqr"]))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert 'class="lesson-body"' in html and "Không chuyển tiền cho người lạ." in html
    assert "showing Vietnamese" not in html
    assert (
        "showing Vietnamese"
        in client.get(reverse("web:content-draft-preview", args=["pay-with-vietqr"]), {"lang": "en"}).content.decode()
    )

    published = client.post(reverse("web:content-draft-publish", args=["pay-with-vietqr"]), {"change_note": "VietQR"})
    assert published.status_code == 302
    history = client.get(reverse("web:content-lesson", args=["pay-with-vietqr"])).content.decode()
    assert "VietQR" in history and "replaced by a newer version" in history
    listing = client.get(reverse("web:content-lessons")).content.decode()
    assert "Trả tiền bằng VietQR" in listing
    assert Api(Client(), None).get("/lessons/pay-with-vietqr").json()["version"] == 2


def test_saving_a_real_lesson_unchanged_through_the_form_keeps_every_block(personas: Personas, content: object) -> None:
    """The form round-trips every block type of the shipped lessons (images, lists, callouts)."""
    real = Lesson.objects.select_related("published").get(slug="pay-with-vietqr")
    assert real.published is not None
    published = real.published.texts.get(language="vi")
    client = client_for(personas.province_admin)
    client.post(reverse("web:content-draft-start", args=[real.slug]))
    url = reverse("web:content-draft-edit", args=[real.slug, "vi"])
    page = client.get(url)
    rows = page.context["rows"]
    fields = {"title": published.title, "summary": published.summary}

    response = client.post(url, _form(fields["title"], *rows, summary=fields["summary"]))

    assert response.status_code == 302
    draft = LessonVersion.objects.get(lesson=real, status=LessonStatus.DRAFT)
    assert draft.texts.get(language="vi").blocks == published.blocks
