"""/api/v1 operations of the learning app: courses and lessons (open), the learner's own path and
progress (signed in), and the digital library (open).

Content is public: published lessons are what every resident may read. Progress is the caller's
own only; a device posts its queued events, each with a UUID, and re-sending changes nothing.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.templatetags.static import static
from django.utils.translation import get_language
from ninja import Path, Query, Router

from hocvuso.accounts.api import AUTH_ERRORS, WRITE_ERRORS, caller, signed_in
from hocvuso.framework.models import Competency
from hocvuso.geo.schemas import ErrorOut
from hocvuso.learning import permissions, selectors, services
from hocvuso.learning.constants import BASE_LANGUAGE, CONTENT_LANGUAGES, BlockType
from hocvuso.learning.models import Course, Lesson, LibraryDocument
from hocvuso.learning.schemas import (
    SLUG,
    BlockOut,
    CourseDetailOut,
    CourseOut,
    DocumentDetailOut,
    DocumentOut,
    DocumentPage,
    LessonOut,
    LessonSummaryOut,
    ModuleOut,
    PathLessonOut,
    PathOut,
    PathStepOut,
    ProgressIn,
    ProgressListOut,
    ProgressOut,
    ProgressResultOut,
    RejectedEventOut,
)

router = Router(tags=["learning"])

SlugPath = Annotated[str, Path(min_length=1, max_length=100, pattern=SLUG)]
Lang = Annotated[
    str | None,
    Query(
        min_length=2,
        max_length=5,
        pattern=r"^[a-z]{2}$",
        description="vi, km or en; a missing translation falls back to Vietnamese (fallback: true).",
    ),
]
SearchText = Annotated[
    str,
    Query(
        max_length=200,
        pattern=r"^[^\x00]*$",
        description="Words to find, ignoring accents and case; every word must occur.",
    ),
]
Limit = Annotated[int, Query(ge=1, le=200, description="Rows per page (at most 200).")]
Offset = Annotated[int, Query(ge=0, le=100_000, description="Rows to skip.")]
OPEN_ERRORS: dict[int, Any] = {404: ErrorOut, 422: AUTH_ERRORS[422]}


def _language(lang: str | None) -> str:
    chosen = lang or (get_language() or BASE_LANGUAGE)[:2]
    return chosen if chosen in CONTENT_LANGUAGES else BASE_LANGUAGE


def _course_out(course: Course, language: str) -> dict[str, Any]:
    return {
        "slug": course.slug,
        "title": selectors.course_title(course, language),
        "description": selectors.course_description(course, language),
        "target_groups": list(course.target_groups),
    }


@router.get(
    "/courses",
    response={200: list[CourseOut], 422: AUTH_ERRORS[422]},
    auth=None,
    summary="Courses",
    description="Published courses, in order. Open to everyone.",
)
def list_courses(request: HttpRequest, lang: Lang = None) -> list[CourseOut]:
    language = _language(lang)
    counts: dict[int, int] = {}
    for course_id in selectors.published_lessons().values_list("module__course_id", flat=True):
        counts[course_id] = counts.get(course_id, 0) + 1
    return [CourseOut(**_course_out(c, language), lessons=counts.get(c.pk, 0)) for c in selectors.published_courses()]


def _codes(lesson: Lesson) -> list[str]:
    return sorted(c.code for c in lesson.competencies.all())


@router.get(
    "/courses/{slug}",
    response={200: CourseDetailOut, **OPEN_ERRORS},
    auth=None,
    summary="One course with its modules and lessons",
    description="Open to everyone; a signed-in browser session also gets its own status for each lesson.",
)
def get_course(request: HttpRequest, slug: SlugPath, lang: Lang = None) -> CourseDetailOut:
    language = _language(lang)
    course = selectors.published_courses().filter(slug=slug).first()
    if course is None:
        raise Http404
    outline = selectors.course_outline(course, request.user, language)
    codes = {
        lesson.pk: _codes(lesson)
        for lesson in Lesson.objects.filter(pk__in=[e.lesson.pk for e in outline.lessons]).prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.only("code"))
        )
    }
    modules = [
        ModuleOut(
            slug=m.module.slug,
            title=m.title,
            lessons=[
                LessonSummaryOut(
                    slug=e.lesson.slug,
                    title=e.title,
                    level=e.lesson.level,
                    minutes=e.lesson.minutes,
                    competencies=codes.get(e.lesson.pk, []),
                    status=e.status,
                    fallback=e.fell_back,
                )
                for e in m.lessons
            ],
        )
        for m in outline.modules
    ]
    return CourseDetailOut(**_course_out(course, language), lessons=len(outline.lessons), modules=modules)


def _block_out(block: dict[str, Any]) -> BlockOut:
    out = BlockOut(**{k: v for k, v in block.items() if k in BlockOut.model_fields})
    if block.get("type") == BlockType.IMAGE and block.get("src"):
        out.url = static(block["src"])
    return out


@router.get(
    "/lessons/{slug}",
    response={200: LessonOut, **OPEN_ERRORS},
    auth=None,
    summary="One lesson, as learners read it",
    description="The published version in the language asked for, or in Vietnamese with fallback: true. "
    "Open to everyone; drafts are never returned.",
)
def get_lesson(request: HttpRequest, slug: SlugPath, lang: Lang = None) -> LessonOut:
    language = _language(lang)
    lesson = permissions.get_published_lesson(slug)
    text, fell_back = selectors.lesson_text(lesson, language)
    assert lesson.published is not None
    return LessonOut(
        slug=lesson.slug,
        course=lesson.module.course.slug,
        module=lesson.module.slug,
        level=lesson.level,
        minutes=lesson.minutes,
        competencies=_codes(lesson),
        version=lesson.published.number,
        language=text.language,
        fallback=fell_back,
        needs_review=text.needs_review,
        title=text.title,
        summary=text.summary,
        blocks=[_block_out(b) for b in text.blocks],
    )


def _path_lesson(entry: selectors.LessonEntry) -> PathLessonOut:
    return PathLessonOut(slug=entry.lesson.slug, title=entry.title, level=entry.lesson.level, status=entry.status)


@router.get(
    "/me/path",
    response={200: PathOut, **AUTH_ERRORS},
    auth=signed_in(),
    summary="My learning path",
    description="What the digital-skills rule of your group(s) asks (framework basic-757), the lessons for "
    'each competency, how many you completed and the next lesson to take. "lessons_done" is not a '
    "certification: that comes from a test. Token scope: none (any token of the user).",
)
def my_path(request: HttpRequest, lang: Lang = None) -> PathOut:
    path = selectors.learner_path(caller(request), _language(lang))
    return PathOut(
        framework=f"{path.version.framework.slug} v{path.version.number}" if path.version else None,
        groups=path.groups,
        steps=[
            PathStepOut(
                competency=s.competency.code,
                name=s.competency.name,
                min_level=s.min_level,
                lessons=[_path_lesson(e) for e in s.lessons],
                completed=s.completed,
                lessons_done=s.lessons_done,
            )
            for s in path.steps
        ],
        gaps=[s.competency.code for s in path.gaps],
        next_lesson=_path_lesson(path.next_lesson) if path.next_lesson else None,
        lessons_total=path.lessons_total,
        lessons_completed=path.lessons_completed,
        percent=path.percent,
    )


@router.get(
    "/me/progress",
    response={200: ProgressListOut, **AUTH_ERRORS},
    auth=signed_in(),
    summary="My progress",
    description="Your own progress on each lesson you opened. Token scope: none (any token of the user).",
)
def my_progress(request: HttpRequest) -> ProgressListOut:
    rows = permissions.progress_visible_to(caller(request)).select_related("lesson").order_by("started_at", "pk")
    return ProgressListOut(
        items=[
            ProgressOut(
                lesson=p.lesson.slug,
                status=p.status,
                version=p.version_number,
                started_at=p.started_at,
                completed_at=p.completed_at,
                seconds_spent=p.seconds_spent,
            )
            for p in rows
        ]
    )


@router.post(
    "/me/progress",
    response={200: ProgressResultOut, **WRITE_ERRORS},
    auth=signed_in(),
    summary="Send progress events",
    description="Events queued by a device (at most 500 per call), each with its own UUID. An event sent "
    "again is counted in `duplicates` and changes nothing; an event for a lesson that is not published "
    "is listed in `rejected` with a reason. Completing a lesson is never undone. "
    "Token scope: none (any token of the user).",
)
def post_progress(request: HttpRequest, payload: ProgressIn) -> ProgressResultOut:
    events = [
        services.ProgressEventIn(
            id=e.id, lesson=e.lesson, kind=e.kind, occurred_at=e.occurred_at, seconds=e.seconds, offline=e.offline
        )
        for e in payload.events
    ]
    result = services.record_progress_events(caller(request), events)
    return ProgressResultOut(
        accepted=result.accepted,
        duplicates=result.duplicates,
        rejected=[RejectedEventOut(id=i, reason=r) for i, r in result.rejected],
    )


def _document_out(doc: LibraryDocument) -> dict[str, Any]:
    return {
        "slug": doc.slug,
        "title": doc.title,
        "summary": doc.summary,
        "kind": doc.kind,
        "language": doc.language,
        "publisher": doc.publisher,
        "issued_on": doc.issued_on,
        "keywords": doc.keywords,
        "licence": doc.licence,
        "url": doc.url,
        "competencies": sorted(c.code for c in doc.competencies.all()),
    }


@router.get(
    "/library",
    response={200: DocumentPage, 422: AUTH_ERRORS[422]},
    auth=None,
    summary="The digital library",
    description="Open documents of the digital library (plan 67 III.3.a). `q` searches title, summary, "
    "keywords and text, ignoring accents and case; every word must occur.",
)
def list_library(request: HttpRequest, q: SearchText = "", limit: Limit = 50, offset: Offset = 0) -> DocumentPage:
    found = selectors.search_library(q, limit=offset + limit + 1)
    rows = found[offset : offset + limit + 1]
    ids = [d.pk for d in rows[:limit]]
    with_codes = {d.pk: d for d in LibraryDocument.objects.filter(pk__in=ids).prefetch_related("competencies")}
    return DocumentPage(
        items=[DocumentOut(**_document_out(with_codes[pk])) for pk in ids],
        limit=limit,
        offset=offset,
        next_offset=offset + limit if len(rows) > limit else None,
    )


@router.get(
    "/library/{slug}",
    response={200: DocumentDetailOut, **OPEN_ERRORS},
    auth=None,
    summary="One library document",
    description="Open to everyone.",
)
def get_library_document(request: HttpRequest, slug: SlugPath) -> DocumentDetailOut:
    doc = permissions.get_document_for(None, slug)
    return DocumentDetailOut(**_document_out(doc), body=doc.body, file=doc.file.url if doc.file else None)
