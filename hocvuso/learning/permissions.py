"""Who may read and change lessons, drafts, progress and library documents — decided here once.

Published lessons and library documents are open to everyone (plan 67 III.3.a: an open library);
drafts, version history and editing belong to the province (Department of Science and Technology).
Progress is private: a user sees only their own. "Missing" and "not yours" both answer 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.constants import RoleKind
from hocvuso.accounts.models import User
from hocvuso.learning.constants import LessonStatus
from hocvuso.learning.models import Lesson, LessonProgress, LessonVersion, LibraryDocument
from hocvuso.learning.selectors import library_documents, published_lessons

# The province owns the framework and its content (plan 67 V.1: Sở KH&CN).
CONTENT_EDITORS = (RoleKind.PROVINCE_ADMIN,)


def can_edit_content(user: User | object) -> bool:
    return acc.has_role(user, CONTENT_EDITORS)


def lessons_editable_by(user: User | object) -> QuerySet[Lesson]:
    return Lesson.objects.all() if can_edit_content(user) else Lesson.objects.none()


def get_published_lesson(slug: str) -> Lesson:
    lesson = published_lessons().select_related("published", "module__course").filter(slug=slug).first()
    if lesson is None:
        raise Http404
    return lesson


def get_lesson_to_edit(user: User | object, slug: str) -> Lesson:
    lesson = lessons_editable_by(user).select_related("published", "module__course").filter(slug=slug).first()
    if lesson is None:
        raise Http404
    return lesson


def get_draft_to_edit(user: User | object, slug: str) -> LessonVersion:
    """The draft of lesson `slug`, for an editor; 404 when there is none (or the user may not edit)."""
    draft = (
        LessonVersion.objects.select_related("lesson", "lesson__published")
        .filter(lesson__in=lessons_editable_by(user), lesson__slug=slug, status=LessonStatus.DRAFT)
        .first()
    )
    if draft is None:
        raise Http404
    return draft


def versions_visible_to(user: User | object, lesson: Lesson) -> QuerySet[LessonVersion]:
    """Version history and drafts: editors only; everyone else sees none."""
    if not can_edit_content(user):
        return LessonVersion.objects.none()
    return LessonVersion.objects.filter(lesson=lesson)


def progress_visible_to(user: User | object) -> QuerySet[LessonProgress]:
    if not isinstance(user, User) or not user.is_authenticated:
        return LessonProgress.objects.none()
    return LessonProgress.objects.filter(user=user)


def library_visible_to(user: User | object) -> QuerySet[LibraryDocument]:
    return library_documents(include_unpublished=can_edit_content(user))


def get_document_for(user: User | object, slug: str) -> LibraryDocument:
    doc = library_visible_to(user).filter(slug=slug).first()
    if doc is None:
        raise Http404
    return doc


def get_document_to_edit(user: User | object, slug: str) -> LibraryDocument:
    if not can_edit_content(user):
        raise Http404
    return get_document_for(user, slug)
