"""Loading lessons from YAML: validation names file and key, reloads are idempotent, changes version."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from hocvuso.learning.constants import LessonStatus, ProgressEventKind
from hocvuso.learning.content import ContentError, load_content
from hocvuso.learning.models import Course, Lesson, LessonProgress, LessonVersion, LibraryDocument, Module
from hocvuso.learning.services import ProgressEventIn, record_progress_events
from tests.learning.builders import basic_framework, lesson_data, write_content
from tests.personas import Personas


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """These tests read the services' messages in their source language (msgids are English)."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

DOC = {
    "slug": "huong-dan-vneid-muc-2",
    "title": "Hướng dẫn kích hoạt tài khoản định danh điện tử mức độ 2",
    "summary": "Dành cho người dân.",
    "kind": "guide",
    "language": "vi",
    "publisher": "Bộ Công an",
    "issued_on": date(2024, 7, 1),
    "keywords": "vneid, định danh điện tử, mức 2",
    "licence": "CC BY 4.0",
    "competencies": ["CB-2.1"],
    "body": "Mở ứng dụng VNeID.",
}


def _image(src: str) -> bool:
    return src == "learning/img/ok-1.svg"


def _load(root: Path) -> Any:
    return load_content(root, image_exists=_image)


@pytest.fixture
def framework() -> None:
    basic_framework()


def test_a_content_directory_becomes_courses_modules_lessons_and_documents(tmp_path: Path, framework: None) -> None:
    image = {"type": "image", "src": "learning/img/ok-1.svg", "alt": "Màn hình"}
    first = lesson_data("pay-with-vietqr", competencies=["CB-3.1", "CB-3.2"], level=2, minutes=6)
    first["translations"]["vi"]["blocks"].append(image)
    first["translations"]["km"] = {"needs_review": True, "title": "បង់ប្រាក់", "blocks": [{"type": "tip", "text": "x"}]}
    root = write_content(tmp_path, {"pay-with-vietqr": first, "bank-app": lesson_data("bank-app")}, {DOC["slug"]: DOC})

    summary = _load(root)

    assert (summary.courses, summary.modules, summary.lessons_created, summary.library_created) == (1, 1, 2, 1)
    lesson = Lesson.objects.get(slug="pay-with-vietqr")
    assert (lesson.level, lesson.minutes, lesson.order) == (2, 6, 1)
    assert sorted(lesson.competencies.values_list("code", flat=True)) == ["CB-3.1", "CB-3.2"]
    assert lesson.published is not None and lesson.published.number == 1
    assert lesson.published.status == LessonStatus.PUBLISHED
    km = lesson.published.texts.get(language="km")
    assert km.needs_review and km.blocks == [{"type": "tip", "text": "x"}]
    assert Lesson.objects.get(slug="bank-app").order == 2
    assert Course.objects.get().translations == {"en": {"title": "Basic digital skills"}}
    doc = LibraryDocument.objects.get()
    assert "dinh danh dien tu" in doc.search_text and doc.title_folded.startswith("huong dan")
    assert list(doc.competencies.values_list("code", flat=True)) == ["CB-2.1"]
    assert "2 created" in summary.line()


def test_loading_an_unchanged_directory_again_changes_nothing(tmp_path: Path, framework: None) -> None:
    root = write_content(tmp_path, {"bank-app": lesson_data("bank-app")}, {DOC["slug"]: DOC})
    _load(root)
    versions = list(LessonVersion.objects.values_list("pk", "number", "status"))

    summary = _load(root)

    assert (summary.lessons_created, summary.lessons_updated, summary.lessons_unchanged) == (0, 0, 1)
    assert (summary.library_created, summary.library_updated, summary.library_unchanged) == (0, 0, 1)
    assert list(LessonVersion.objects.values_list("pk", "number", "status")) == versions


def test_a_changed_file_makes_a_new_version_and_past_progress_keeps_its_number(
    tmp_path: Path, framework: None, personas: Personas
) -> None:
    root = write_content(tmp_path, {"bank-app": lesson_data("bank-app")})
    _load(root)
    lesson = Lesson.objects.get(slug="bank-app")
    done = ProgressEventIn(
        id=uuid.uuid4(), lesson="bank-app", kind=ProgressEventKind.COMPLETED, occurred_at=timezone.now()
    )
    record_progress_events(personas.learner_a, [done])
    changed = lesson_data("bank-app")
    changed["translations"]["vi"]["title"] = "Mở tài khoản ngân hàng trên điện thoại"
    write_content(tmp_path, {"bank-app": changed})

    summary = _load(root)

    assert summary.lessons_updated == 1
    lesson.refresh_from_db()
    assert lesson.published is not None and lesson.published.number == 2
    old = LessonVersion.objects.get(lesson=lesson, number=1)
    assert old.status == LessonStatus.ARCHIVED
    assert old.texts.get().title == "Bài học bank-app"  # the archived version is never rewritten
    assert lesson.published.texts.get().title == "Mở tài khoản ngân hàng trên điện thoại"
    assert LessonProgress.objects.get(user=personas.learner_a, lesson=lesson).version_number == 1


def test_an_unchanged_file_does_not_overwrite_the_provinces_edit(tmp_path: Path, framework: None) -> None:
    root = write_content(tmp_path, {"bank-app": lesson_data("bank-app")})
    _load(root)
    lesson = Lesson.objects.get(slug="bank-app")
    edited = LessonVersion.objects.create(lesson=lesson, number=2, status=LessonStatus.PUBLISHED)
    LessonVersion.objects.filter(number=1).update(status=LessonStatus.ARCHIVED)
    lesson.published = edited
    lesson.save()

    assert _load(root).lessons_unchanged == 1
    lesson.refresh_from_db()
    assert lesson.published == edited


def test_lessons_listed_without_a_file_yet_are_reported_not_refused(tmp_path: Path, framework: None) -> None:
    root = write_content(
        tmp_path, {"bank-app": lesson_data("bank-app")}, modules={"cashless": ["bank-app", "pay-with-vietqr"]}
    )
    summary = _load(root)
    assert summary.lessons_without_file == ["pay-with-vietqr"]
    assert "pay-with-vietqr" in summary.line()


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        _load(root)
    assert not Lesson.objects.exists() and not Course.objects.exists()  # nothing written
    return caught.value.problems


def _with_blocks(slug: str, *blocks: dict[str, Any]) -> dict[str, Any]:
    data = lesson_data(slug)
    data["translations"]["vi"]["blocks"] = list(blocks)
    return data


def test_an_unknown_block_type_is_named_with_its_file_and_place(tmp_path: Path, framework: None) -> None:
    root = write_content(tmp_path, {"a": _with_blocks("a", {"type": "paragraph", "text": "x"}, {"type": "video"})})
    (problem,) = _problems(root)
    assert problem.startswith("lessons/a.yaml: translations.vi.blocks: ")
    assert "block 2" in problem and "video" in problem


def test_a_missing_vietnamese_title_is_refused(tmp_path: Path, framework: None) -> None:
    data = lesson_data("a")
    del data["translations"]["vi"]["title"]
    (problem,) = _problems(write_content(tmp_path, {"a": data}))
    assert problem == "lessons/a.yaml: translations.vi: “title” is missing"


def test_a_lesson_without_vietnamese_is_refused(tmp_path: Path, framework: None) -> None:
    data = lesson_data("a")
    data["translations"] = {"km": data["translations"]["vi"]}
    problems = _problems(write_content(tmp_path, {"a": data}))
    assert any("translations.vi is missing" in p for p in problems)


def test_an_unknown_competency_code_is_refused(tmp_path: Path, framework: None) -> None:
    (problem,) = _problems(write_content(tmp_path, {"a": lesson_data("a", competencies=["CB-9.9"])}))
    assert problem == "lessons/a.yaml: unknown competency code “CB-9.9” (not in the published framework basic-757)"


def test_a_missing_image_file_is_refused(tmp_path: Path, framework: None) -> None:
    image = {"type": "image", "src": "learning/img/missing.svg", "alt": "Ảnh"}
    (problem,) = _problems(write_content(tmp_path, {"a": _with_blocks("a", image)}))
    assert "lessons/a.yaml" in problem and "learning/img/missing.svg" in problem


def test_an_image_without_alt_text_is_refused(tmp_path: Path, framework: None) -> None:
    image = {"type": "image", "src": "learning/img/ok-1.svg"}
    (problem,) = _problems(write_content(tmp_path, {"a": _with_blocks("a", image)}))
    assert "“alt” is missing" in problem


def test_a_slug_that_differs_from_the_file_name_is_refused(tmp_path: Path, framework: None) -> None:
    problems = _problems(write_content(tmp_path, {"a": lesson_data("b")}, modules={"cashless": ["a"]}))
    assert problems == ["lessons/a.yaml: slug “b” differs from the file name “a”"]


def test_a_lesson_missing_from_courses_yaml_is_refused(tmp_path: Path, framework: None) -> None:
    problems = _problems(write_content(tmp_path, {"a": lesson_data("a")}, modules={"cashless": []}))
    assert problems == ["lessons/a.yaml: the lesson is not listed in any module of courses.yaml"]


def test_unknown_keys_and_bad_yaml_are_named(tmp_path: Path, framework: None) -> None:
    root = write_content(tmp_path, {"a": lesson_data("a", competency=["CB-3.1"]), "b": lesson_data("b")})
    (root / "lessons" / "b.yaml").write_text("slug: b\n  level: [", encoding="utf-8")
    problems = _problems(root)
    assert "lessons/a.yaml: unknown key “competency”" in problems
    assert any(p.startswith("lessons/b.yaml: not valid YAML") for p in problems)


def test_a_library_document_with_a_wrong_kind_is_refused(tmp_path: Path, framework: None) -> None:
    doc = {**DOC, "kind": "book"}
    problems = _problems(write_content(tmp_path, {}, {DOC["slug"]: doc}))
    assert problems == [
        f"library/{DOC['slug']}.yaml: unknown kind “book” (use guide, legal, poster, video, slides, other)"
    ]


def test_loading_needs_the_published_framework(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="basic-757"):
        _load(write_content(tmp_path, {"a": lesson_data("a")}))


def test_the_command_prints_a_one_line_summary(tmp_path: Path, framework: None) -> None:
    root = write_content(tmp_path, {"a": lesson_data("a")})
    out = StringIO()
    # Images are checked among the real static files; this lesson has none.
    call_command("load_content", "--dir", str(root), stdout=out)
    assert out.getvalue().strip() == (
        "Content loaded: 1 courses, 1 modules; lessons: 1 created, 0 updated, 0 unchanged; "
        "library documents: 0 (0 created, 0 updated)"
    )
    assert Module.objects.get().lessons.count() == 1


def test_the_command_lists_every_problem_and_loads_nothing(tmp_path: Path, framework: None) -> None:
    root = write_content(tmp_path, {"a": lesson_data("a", level=7), "b": lesson_data("b", competencies=["X"])})
    with pytest.raises(CommandError) as caught:
        call_command("load_content", "--dir", str(root), stdout=StringIO())
    message = str(caught.value)
    assert message.startswith("2 problem(s)")
    assert "lessons/a.yaml: “level” must be 1, 2 or 3" in message and "lessons/b.yaml: unknown competency" in message
    assert not Lesson.objects.exists()
