"""The province's lesson editor (issue 3 §1): lessons with their versions, drafts edited block by
block without JavaScript, a preview exactly as learners see it, publish and discard.

Only content editors (province administrator) reach these pages: 403 for other signed-in users,
sign-in for visitors; a lesson or draft that does not exist answers 404. Published versions are
never modified: editing always goes through a draft (hocvuso.learning.services).
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hocvuso.accounts.models import User
from hocvuso.learning import permissions as perms
from hocvuso.learning.blocks import LIST_BLOCKS, TEXT_BLOCKS
from hocvuso.learning.constants import BASE_LANGUAGE, CONTENT_LANGUAGES, BlockType, LessonStatus
from hocvuso.learning.models import LessonText, LessonVersion
from hocvuso.learning.selectors import lesson_text
from hocvuso.learning.services import (
    ContentEditError,
    discard_draft,
    lesson_draft,
    publish_lesson_draft,
    remove_lesson_text,
    save_lesson_text,
    start_lesson_draft,
)
from hocvuso.web.views.registry import role_required

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "km": "ភាសាខ្មែរ", "en": "English"}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@role_required(perms.CONTENT_EDITORS)
def lessons(request: HttpRequest) -> HttpResponse:
    drafts = LessonVersion.objects.filter(lesson=OuterRef("pk"), status=LessonStatus.DRAFT)
    rows = list(
        perms.lessons_editable_by(request.user)
        .select_related("module__course", "published")
        .annotate(versions_count=Count("versions"), has_draft=Exists(drafts))
        .order_by("module__course__order", "module__order", "order", "slug")
    )
    titles = dict(
        LessonText.objects.filter(
            version_id__in=[r.published_id for r in rows if r.published_id], language=BASE_LANGUAGE
        ).values_list("version__lesson_id", "title")
    )
    for row in rows:
        row.title = titles.get(row.pk, "")  # type: ignore[attr-defined]
    return render(request, "web/content/lessons.html", {"rows": rows})


@role_required(perms.CONTENT_EDITORS)
def lesson_history(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = perms.get_lesson_to_edit(request.user, slug)
    versions = list(
        perms.versions_visible_to(request.user, lesson)
        .select_related("created_by", "published_by")
        .prefetch_related("texts")
        .order_by("-number")
    )
    return render(
        request,
        "web/content/lesson.html",
        {
            "lesson": lesson,
            "versions": versions,
            "draft": next((v for v in versions if v.status == LessonStatus.DRAFT), None),
            "title": lesson_text(lesson, BASE_LANGUAGE)[0].title if lesson.published_id else lesson.slug,
            "competencies": lesson.competencies.order_by("code"),
        },
    )


@role_required(perms.CONTENT_EDITORS)
@require_POST
def draft_start(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = perms.get_lesson_to_edit(request.user, slug)
    existing = lesson_draft(lesson)
    start_lesson_draft(lesson, _user(request))
    if existing is not None:
        messages.info(request, _("This lesson already has a draft: you continue it."))
    return redirect("web:content-draft-edit", slug=lesson.slug, language=BASE_LANGUAGE)


# The block editor ----------------------------------------------------------------------------


def _rows_from_blocks(blocks: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "type": str(b.get("type", "")),
            "text": str(b.get("text", "")),
            "items": "\n".join(b.get("items") or []),
            "src": str(b.get("src", "")),
            "alt": str(b.get("alt", "")),
            "caption": str(b.get("caption", "")),
        }
        for b in blocks
    ]


def _rows_from_post(data: QueryDict) -> list[dict[str, str]]:
    try:
        count = min(int(data.get("blocks-count", "0")), 200)
    except ValueError:
        count = 0
    keys = ("type", "text", "items", "src", "alt", "caption")
    return [{k: data.get(f"block-{i}-{k}", "").strip() for k in keys} for i in range(max(count, 0))]


def _blocks_from_rows(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Rows as the editor posts them -> blocks; only the fields of each block's type are kept."""
    blocks: list[dict[str, Any]] = []
    for row in rows:
        kind = row["type"]
        lines = [line.strip() for line in row["items"].splitlines() if line.strip()]
        if kind in TEXT_BLOCKS:
            # A list turned into a paragraph (the type changed) keeps its words.
            blocks.append({"type": kind, "text": row["text"] or " ".join(lines)})
        elif kind in LIST_BLOCKS:
            lines = lines or [line.strip() for line in row["text"].splitlines() if line.strip()]
            blocks.append({"type": kind, "items": lines})
        elif kind == BlockType.IMAGE:
            block = {"type": kind, "src": row["src"], "alt": row["alt"]}
            if row["caption"]:
                block["caption"] = row["caption"]
            blocks.append(block)
        else:
            blocks.append({"type": kind})
    return blocks


def _apply_action(action: str, rows: list[dict[str, str]], new_type: str) -> list[dict[str, str]]:
    """Add, remove or move a row (the no-JavaScript buttons of the editor)."""
    rows = list(rows)
    name, _sep, index = action.partition("-")
    if name == "add":
        kind = new_type if new_type in BlockType.values else BlockType.PARAGRAPH
        rows.append({"type": kind, "text": "", "items": "", "src": "", "alt": "", "caption": ""})
        return rows
    if not index.isdigit() or int(index) >= len(rows):
        return rows
    i = int(index)
    if name == "remove":
        del rows[i]
    elif name == "up" and i > 0:
        rows[i - 1], rows[i] = rows[i], rows[i - 1]
    elif name == "down" and i < len(rows) - 1:
        rows[i + 1], rows[i] = rows[i], rows[i + 1]
    return rows


@role_required(perms.CONTENT_EDITORS)
@require_http_methods(["GET", "POST"])
def draft_edit(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    if language not in CONTENT_LANGUAGES:
        raise Http404
    draft = perms.get_draft_to_edit(request.user, slug)
    text = draft.texts.filter(language=language).first()
    status = 200
    problems: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "save")
        fields = {
            "title": request.POST.get("title", ""),
            "summary": request.POST.get("summary", ""),
            "needs_review": request.POST.get("needs_review") == "on",
        }
        rows = _rows_from_post(request.POST)
        if action == "remove-language":
            try:
                remove_lesson_text(draft, language)
            except ContentEditError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The translation was removed from the draft."))
            return redirect("web:content-draft-edit", slug=slug, language=BASE_LANGUAGE)
        if action == "save":
            try:
                save_lesson_text(draft, language, blocks=_blocks_from_rows(rows), **fields)  # type: ignore[arg-type]
            except ContentEditError as exc:
                problems = [exc.message, *exc.problems]
                status = 400
            else:
                messages.success(request, _("The draft was saved."))
                return redirect("web:content-draft-edit", slug=slug, language=language)
        else:
            rows = _apply_action(action, rows, request.POST.get("new-type", ""))
    else:
        fields = {
            "title": text.title if text else "",
            "summary": text.summary if text else "",
            "needs_review": text.needs_review if text else language != BASE_LANGUAGE,
        }
        rows = _rows_from_blocks(text.blocks if text else [])
    context = {
        "draft": draft,
        "lesson": draft.lesson,
        "language": language,
        "draft_languages": [(code, LANGUAGE_NAMES[code]) for code in CONTENT_LANGUAGES],
        "existing": set(draft.texts.values_list("language", flat=True)),
        "fields": fields,
        "rows": rows,
        "block_types": BlockType.choices,
        "text_types": [str(t) for t in TEXT_BLOCKS],
        "list_types": [str(t) for t in LIST_BLOCKS],
        "problems": problems,
    }
    return render(request, "web/content/draft_edit.html", context, status=status)


@role_required(perms.CONTENT_EDITORS)
def draft_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The draft exactly as a learner will see it, through the learner's lesson template."""
    draft = perms.get_draft_to_edit(request.user, slug)
    texts = {t.language: t for t in draft.texts.all()}
    if BASE_LANGUAGE not in texts:
        messages.error(request, _("The draft has no Vietnamese text yet."))
        return redirect("web:content-draft-edit", slug=slug, language=BASE_LANGUAGE)
    language = request.GET.get("lang", BASE_LANGUAGE)
    fallback = language not in texts
    return render(
        request,
        "web/content/draft_preview.html",
        {
            "draft": draft,
            "lesson": draft.lesson,
            "text": texts[BASE_LANGUAGE] if fallback else texts[language],
            "fallback": fallback and language in CONTENT_LANGUAGES,
            "wanted_language": LANGUAGE_NAMES.get(language, language),
            "draft_languages": [(code, LANGUAGE_NAMES[code]) for code in CONTENT_LANGUAGES if code in texts],
        },
    )


@role_required(perms.CONTENT_EDITORS)
@require_POST
def draft_publish(request: HttpRequest, slug: str) -> HttpResponse:
    draft = perms.get_draft_to_edit(request.user, slug)
    try:
        published = publish_lesson_draft(draft, _user(request), change_note=request.POST.get("change_note", ""))
    except ContentEditError as exc:
        messages.error(request, exc.message)
        return redirect("web:content-draft-edit", slug=slug, language=BASE_LANGUAGE)
    messages.success(request, _("Version %(n)d is published: learners now read it.") % {"n": published.number})
    return redirect("web:content-lesson", slug=slug)


@role_required(perms.CONTENT_EDITORS)
@require_POST
def draft_discard(request: HttpRequest, slug: str) -> HttpResponse:
    draft = perms.get_draft_to_edit(request.user, slug)
    discard_draft(draft)
    messages.success(request, _("The draft was discarded; the published version is unchanged."))
    return redirect("web:content-lesson", slug=slug)


urlpatterns: list[URLPattern] = [
    path("content/", lessons, name="content-lessons"),
    path("content/lessons/<slug:slug>/", lesson_history, name="content-lesson"),
    path("content/lessons/<slug:slug>/draft/", draft_start, name="content-draft-start"),
    path("content/lessons/<slug:slug>/draft/preview/", draft_preview, name="content-draft-preview"),
    path("content/lessons/<slug:slug>/draft/publish/", draft_publish, name="content-draft-publish"),
    path("content/lessons/<slug:slug>/draft/discard/", draft_discard, name="content-draft-discard"),
    path("content/lessons/<slug:slug>/draft/<str:language>/", draft_edit, name="content-draft-edit"),
]
