"""The lessons, courses and library shipped in learning/content/ load cleanly on the real framework."""

from __future__ import annotations

from hocvuso.learning.content import CONTENT_DIR, LoadSummary, load_content
from hocvuso.learning.models import Lesson, LibraryDocument


def test_every_shipped_lesson_and_document_loads_and_a_second_load_changes_nothing(content: LoadSummary) -> None:
    files = sorted(p.stem for p in (CONTENT_DIR / "lessons").glob("*.yaml"))
    assert content.lessons_created == len(files)
    assert sorted(Lesson.objects.filter(published__isnull=False).values_list("slug", flat=True)) == files
    assert LibraryDocument.objects.count() == len(list((CONTENT_DIR / "library").glob("*.yaml")))
    again = load_content()
    assert (again.lessons_created, again.lessons_updated, again.lessons_unchanged) == (0, 0, len(files))
    assert again.library_created == again.library_updated == 0


def test_every_shipped_lesson_has_competencies_and_a_vietnamese_text(content: LoadSummary) -> None:
    for lesson in Lesson.objects.select_related("published"):
        assert lesson.competencies.exists(), lesson.slug
        assert lesson.published is not None and lesson.published.texts.filter(language="vi").exists(), lesson.slug
