"""Writes of the learning app: progress from devices, the province's lesson editing, the library.

Progress is idempotent: each event carries the device's UUID, stored once per user (a unique
constraint), so a phone that re-sends its offline queue changes nothing the second time. Lesson
versions are never modified once published: editing makes a draft, publishing archives the old one.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.framework.models import Competency
from hocvuso.learning.blocks import BlockError, clean_blocks, static_image_exists
from hocvuso.learning.constants import (
    BASE_LANGUAGE,
    CONTENT_LANGUAGES,
    DocumentKind,
    LessonStatus,
    ProgressEventKind,
    ProgressStatus,
)
from hocvuso.learning.models import Lesson, LessonProgress, LessonText, LessonVersion, LibraryDocument, ProgressEvent
from hocvuso.learning.selectors import published_lessons
from hocvuso.lib.text import fold, nfc

# A device reports reading time in small slices (the PWA every minute or so); one slice above
# 10 minutes is a phone left open, and a lesson read for more than 2 hours in total says nothing more.
MAX_SECONDS_PER_EVENT = 600
MAX_SECONDS_PER_LESSON = 7200
MAX_EVENTS_PER_CALL = 500
# Events dated before the campaign or more than a day ahead come from a wrong phone clock.
EARLIEST_EVENT = datetime(2025, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)


# Progress --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressEventIn:
    id: uuid.UUID
    lesson: str  # slug
    kind: str
    occurred_at: datetime
    seconds: int = 0
    offline: bool = False


@dataclass
class ProgressResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (event id, reason)


def _reason(event: ProgressEventIn, lessons: dict[str, Lesson], now: datetime) -> str:
    if event.kind not in ProgressEventKind.values:
        return _("Unknown kind of event “%(kind)s”.") % {"kind": event.kind}
    if event.lesson not in lessons:
        return _("There is no published lesson “%(slug)s”.") % {"slug": event.lesson}
    if event.seconds < 0:
        return _("The number of seconds cannot be negative.")
    when = event.occurred_at
    if timezone.is_naive(when):
        return _("The time of the event has no time zone.")
    if when < EARLIEST_EVENT or when > now + FUTURE_SLACK:
        return _("The time of the event is not plausible: check the phone's clock.")
    return ""


def record_progress_events(user: User, events: Sequence[ProgressEventIn]) -> ProgressResult:
    """Store the new events once each and fold them into the user's LessonProgress rows.

    An event already stored for this user (same client id) counts as a duplicate and changes
    nothing; an event for an unknown or unpublished lesson is rejected with a reason.
    """
    result = ProgressResult()
    now = timezone.now()
    slugs = {e.lesson for e in events}
    lessons = {lesson.slug: lesson for lesson in published_lessons().filter(slug__in=slugs).select_related("published")}
    fresh: dict[uuid.UUID, ProgressEventIn] = {}
    for event in events:
        reason = _reason(event, lessons, now)
        if reason:
            result.rejected.append((str(event.id), reason))
        elif event.id in fresh:
            result.duplicates += 1
        else:
            fresh[event.id] = event
    if not fresh:
        return result
    with transaction.atomic():
        # One sync of a user at a time: a phone retrying while its first request still runs must
        # not fold the same events twice (PostgreSQL row lock; SQLite serialises writers anyway).
        User.objects.select_for_update().filter(pk=user.pk).first()
        stored = set(
            ProgressEvent.objects.filter(user=user, client_event_id__in=list(fresh)).values_list(
                "client_event_id", flat=True
            )
        )
        result.duplicates += len(stored)
        new = [e for key, e in fresh.items() if key not in stored]
        inserted = _insert_events(user, new, lessons)
        result.duplicates += len(new) - len(inserted)
        result.accepted = len(inserted)
        _fold(user, inserted, lessons)
    return result


def _insert_events(user: User, events: list[ProgressEventIn], lessons: dict[str, Lesson]) -> list[ProgressEventIn]:
    rows = [
        ProgressEvent(
            user=user,
            client_event_id=e.id,
            lesson=lessons[e.lesson],
            kind=e.kind,
            seconds=min(e.seconds, MAX_SECONDS_PER_EVENT),
            occurred_at=e.occurred_at,
            offline=e.offline,
        )
        for e in events
    ]
    try:
        with transaction.atomic():
            ProgressEvent.objects.bulk_create(rows)
        return events
    except IntegrityError:
        # Another request stored some of them meanwhile: insert one by one, each under a savepoint.
        inserted = []
        for row, event in zip(rows, events, strict=True):
            try:
                with transaction.atomic():
                    row.pk = None
                    row.save(force_insert=True)
                inserted.append(event)
            except IntegrityError:
                continue
        return inserted


def _fold(user: User, events: list[ProgressEventIn], lessons: dict[str, Lesson]) -> None:
    by_lesson: dict[str, list[ProgressEventIn]] = defaultdict(list)
    for e in events:
        by_lesson[e.lesson].append(e)
    existing = {
        p.lesson_id: p
        for p in LessonProgress.objects.select_for_update().filter(
            user=user, lesson__in=[lessons[s] for s in by_lesson]
        )
    }
    for slug, mine in by_lesson.items():
        lesson = lessons[slug]
        mine.sort(key=lambda e: e.occurred_at)
        progress = existing.get(lesson.pk)
        created = progress is None
        if progress is None:
            progress = LessonProgress(
                user=user,
                lesson=lesson,
                version_number=lesson.published.number if lesson.published else 1,
                status=ProgressStatus.STARTED,
                started_at=mine[0].occurred_at,
            )
        changed: set[str] = set()
        if mine[0].occurred_at < progress.started_at:
            progress.started_at = mine[0].occurred_at
            changed.add("started_at")
        for e in mine:
            if e.kind == ProgressEventKind.READ_TIME and e.seconds:
                total = min(MAX_SECONDS_PER_LESSON, progress.seconds_spent + min(e.seconds, MAX_SECONDS_PER_EVENT))
                if total != progress.seconds_spent:
                    progress.seconds_spent = total
                    changed.add("seconds_spent")
            elif e.kind == ProgressEventKind.COMPLETED:
                if progress.status != ProgressStatus.COMPLETED:
                    progress.status = ProgressStatus.COMPLETED
                    progress.completed_at = e.occurred_at
                    # The version the learner completed; later versions never change it.
                    progress.version_number = lesson.published.number if lesson.published else progress.version_number
                    changed |= {"status", "completed_at", "version_number"}
                elif progress.completed_at is not None and e.occurred_at < progress.completed_at:
                    progress.completed_at = e.occurred_at  # an earlier offline completion arrived late
                    changed.add("completed_at")
        if created:
            progress.save()
        elif changed:
            progress.save(update_fields=[*sorted(changed), "updated_at"])


def mark_lesson_completed(user: User, lesson: Lesson, now: datetime | None = None) -> LessonProgress:
    """The no-JavaScript "I have finished" button: one completion event, through the same path."""
    event = ProgressEventIn(
        id=uuid.uuid4(), lesson=lesson.slug, kind=ProgressEventKind.COMPLETED, occurred_at=now or timezone.now()
    )
    result = record_progress_events(user, [event])
    if result.rejected:
        raise ValueError(result.rejected[0][1])
    return LessonProgress.objects.get(user=user, lesson=lesson)


def mark_tested_out(
    user: User, lesson_ids: Iterable[int], source: str, now: datetime | None = None
) -> list[LessonProgress]:
    """Mark lessons the user already knows (a placement test said so) as tested out.

    Never downgrades: a completed lesson stays completed and one already tested out is left as it is;
    a started one becomes tested out (the learner may still read it to the end, which completes it).
    Idempotent. Only published lessons are marked. Returns the rows that changed.
    """
    now = now or timezone.now()
    ids = set(lesson_ids)
    if not ids:
        return []
    lessons = {lesson.pk: lesson for lesson in published_lessons().filter(pk__in=ids).select_related("published")}
    changed: list[LessonProgress] = []
    with transaction.atomic():
        existing = {
            p.lesson_id: p
            for p in LessonProgress.objects.select_for_update().filter(user=user, lesson_id__in=list(lessons))
        }
        for lesson_id, lesson in lessons.items():
            progress = existing.get(lesson_id)
            if progress is None:
                progress = LessonProgress(
                    user=user,
                    lesson=lesson,
                    version_number=lesson.published.number if lesson.published else 1,
                    status=ProgressStatus.TESTED_OUT,
                    started_at=now,
                    source=source[:80],
                )
                try:
                    with transaction.atomic():
                        progress.save(force_insert=True)
                except IntegrityError:
                    continue  # the learner opened it at this very moment: leave their row alone
                changed.append(progress)
            elif progress.status == ProgressStatus.STARTED:
                progress.status = ProgressStatus.TESTED_OUT
                progress.source = source[:80]
                progress.save(update_fields=["status", "source", "updated_at"])
                changed.append(progress)
    return changed


# Lesson editing (the province) -----------------------------------------------------------------


class ContentEditError(ValueError):
    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


def lesson_draft(lesson: Lesson) -> LessonVersion | None:
    return LessonVersion.objects.filter(lesson=lesson, status=LessonStatus.DRAFT).first()


@transaction.atomic
def start_lesson_draft(lesson: Lesson, user: User) -> LessonVersion:
    """A draft copying the published texts (or the latest version's); the existing draft if there is one."""
    Lesson.objects.select_for_update().filter(pk=lesson.pk).first()
    draft = lesson_draft(lesson)
    if draft is not None:
        return draft
    source = lesson.published or LessonVersion.objects.filter(lesson=lesson).order_by("-number").first()
    top = LessonVersion.objects.filter(lesson=lesson).aggregate(n=Max("number"))["n"] or 0
    draft = LessonVersion.objects.create(
        lesson=lesson,
        number=top + 1,
        status=LessonStatus.DRAFT,
        created_by=user,
        change_note=_("edited from version %(n)d") % {"n": source.number} if source else "",
    )
    if source is not None:
        LessonText.objects.bulk_create(
            LessonText(
                version=draft,
                language=t.language,
                title=t.title,
                summary=t.summary,
                blocks=t.blocks,
                needs_review=t.needs_review,
                audio=t.audio,
            )
            for t in source.texts.all()
        )
    return draft


def _require_draft(draft: LessonVersion) -> None:
    if draft.status != LessonStatus.DRAFT:
        raise ContentEditError(_("Only a draft can be changed; published versions are never modified."))


@transaction.atomic
def save_lesson_text(
    draft: LessonVersion,
    language: str,
    title: str,
    summary: str,
    blocks: Any,
    needs_review: bool = False,
    image_exists: Callable[[str], bool] = static_image_exists,
) -> LessonText:
    _require_draft(draft)
    if language not in CONTENT_LANGUAGES:
        raise ContentEditError(_("Unknown language “%(lang)s”.") % {"lang": language})
    title = nfc(title)
    if not title:
        raise ContentEditError(_("The title is missing."))
    if len(title) > 200:
        raise ContentEditError(_("The title is too long (at most 200 characters)."))
    try:
        cleaned = clean_blocks(blocks, image_exists)
    except BlockError as exc:
        raise ContentEditError(_("Some blocks are not valid."), exc.problems) from exc
    if not cleaned:
        raise ContentEditError(_("A lesson needs at least one block."))
    text, _created = LessonText.objects.update_or_create(
        version=draft,
        language=language,
        defaults={"title": title, "summary": nfc(summary), "blocks": cleaned, "needs_review": needs_review},
    )
    return text


@transaction.atomic
def remove_lesson_text(draft: LessonVersion, language: str) -> None:
    """Drop one translation from a draft; the Vietnamese text cannot be removed."""
    _require_draft(draft)
    if language == BASE_LANGUAGE:
        raise ContentEditError(_("The Vietnamese text cannot be removed: other languages fall back to it."))
    LessonText.objects.filter(version=draft, language=language).delete()


@transaction.atomic
def publish_lesson_draft(draft: LessonVersion, user: User, change_note: str = "") -> LessonVersion:
    """The draft becomes what learners read; the old published version is archived, unchanged."""
    draft = LessonVersion.objects.select_for_update().get(pk=draft.pk)
    _require_draft(draft)
    if not draft.texts.filter(language=BASE_LANGUAGE).exists():
        raise ContentEditError(_("The draft has no Vietnamese text: write it first."))
    lesson = draft.lesson
    LessonVersion.objects.filter(lesson=lesson, status=LessonStatus.PUBLISHED).update(status=LessonStatus.ARCHIVED)
    draft.status = LessonStatus.PUBLISHED
    draft.published_at = timezone.now()
    draft.published_by = user
    fields = ["status", "published_at", "published_by"]
    if change_note:
        draft.change_note = nfc(change_note)[:300]
        fields.append("change_note")
    draft.save(update_fields=fields)
    lesson.published = draft
    lesson.save(update_fields=["published"])
    return draft


@transaction.atomic
def discard_draft(draft: LessonVersion) -> None:
    _require_draft(draft)
    draft.delete()


# Library ---------------------------------------------------------------------------------------


def library_search_text(doc: LibraryDocument) -> str:
    """What a search matches: the folded title, summary, keywords, publisher and text."""
    return fold(" ".join((doc.title, doc.summary, doc.keywords, doc.publisher, doc.body)))


@dataclass
class LibraryDocumentData:
    slug: str
    title: str
    summary: str = ""
    kind: str = DocumentKind.GUIDE
    language: str = BASE_LANGUAGE
    publisher: str = ""
    issued_on: date | None = None
    keywords: str = ""
    licence: str = ""
    url: str = ""
    body: str = ""
    is_published: bool = True
    competencies: Iterable[Competency] = ()


class LibraryError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _clean_document(data: LibraryDocumentData, current: LibraryDocument | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    slug = data.slug.strip().lower()
    if not slug or not all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in slug):
        errors["slug"] = _("Use only small letters without accents, digits and hyphens.")
    elif LibraryDocument.objects.filter(slug=slug).exclude(pk=current.pk if current else 0).exists():
        errors["slug"] = _("Another document already has this address.")
    title = nfc(data.title)
    if not title:
        errors["title"] = _("The title is missing.")
    if data.kind not in DocumentKind.values:
        errors["kind"] = _("Unknown kind of document.")
    if data.language not in CONTENT_LANGUAGES:
        errors["language"] = _("Unknown language.")
    if errors:
        raise LibraryError(errors)
    return {
        "slug": slug,
        "title": title,
        "summary": data.summary.strip(),
        "kind": data.kind,
        "language": data.language,
        "publisher": nfc(data.publisher),
        "issued_on": data.issued_on,
        "keywords": nfc(data.keywords),
        "licence": nfc(data.licence),
        "url": data.url.strip(),
        "body": data.body.strip(),
        "is_published": data.is_published,
    }


@transaction.atomic
def create_library_document(user: User, data: LibraryDocumentData) -> LibraryDocument:
    doc = LibraryDocument(**_clean_document(data, None))
    doc.title_folded = fold(doc.title)
    doc.search_text = library_search_text(doc)
    doc.save()
    doc.competencies.set(list(data.competencies))
    return doc


@transaction.atomic
def update_library_document(doc: LibraryDocument, user: User, data: LibraryDocumentData) -> LibraryDocument:
    for key, value in _clean_document(data, doc).items():
        setattr(doc, key, value)
    doc.title_folded = fold(doc.title)
    doc.search_text = library_search_text(doc)
    doc.save()
    doc.competencies.set(list(data.competencies))
    return doc
