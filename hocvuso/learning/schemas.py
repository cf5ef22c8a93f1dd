"""API shapes of courses, lessons, the learner's path and progress, and the digital library."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

from hocvuso.learning.services import MAX_EVENTS_PER_CALL

SLUG = r"^[-a-zA-Z0-9_]+$"
Slug = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=SLUG)]


class CourseOut(Schema):
    slug: str
    title: str
    description: str
    target_groups: list[str] = Field(description="Target groups the course is meant for; empty for everyone.")
    lessons: int = Field(description="Number of published lessons.")


class LessonSummaryOut(Schema):
    slug: str
    title: str
    level: int = Field(description="Proficiency level of framework basic-757 (1 basic, 2 proficient, 3 can guide).")
    minutes: int
    competencies: list[str] = Field(description="Codes of framework basic-757, e.g. CB-3.1.")
    status: str = Field(description="Your status: not_started, started or completed (not_started when signed out).")
    fallback: bool = Field(description="True when the title is Vietnamese because the language asked for is missing.")


class ModuleOut(Schema):
    slug: str
    title: str
    lessons: list[LessonSummaryOut]


class CourseDetailOut(CourseOut):
    modules: list[ModuleOut]


class BlockOut(Schema):
    type: str = Field(description="heading, paragraph, steps, bullets, tip, warning or image.")
    text: str | None = Field(default=None, description="heading, paragraph, tip, warning; **bold** is the only markup.")
    items: list[str] | None = Field(default=None, description="steps (numbered) and bullets.")
    src: str | None = Field(default=None, description="image: path among the static files.")
    url: str | None = Field(default=None, description="image: address to fetch it from.")
    alt: str | None = None
    caption: str | None = None


class LessonOut(Schema):
    slug: str
    course: str
    module: str
    level: int
    minutes: int
    competencies: list[str]
    version: int = Field(description="Number of the published version.")
    language: str = Field(description="Language of the text returned.")
    fallback: bool = Field(description="True when the language asked for is missing and Vietnamese is returned.")
    needs_review: bool = Field(description="A machine-drafted translation awaiting a native speaker.")
    title: str
    summary: str
    blocks: list[BlockOut]


class PathLessonOut(Schema):
    slug: str
    title: str
    level: int
    status: str = Field(
        description="not_started, started, completed, or tested_out (skipped: a placement test showed it is "
        "already known; it counts as done and can still be read)."
    )


class PathStepOut(Schema):
    competency: str = Field(description="Code, e.g. CB-2.1.")
    name: str
    min_level: int = Field(description="Level the rule requires.")
    lessons: list[PathLessonOut]
    completed: int = Field(description="Lessons done: completed or tested out.")
    lessons_done: bool = Field(description="Every lesson for this competency is done (not a certification).")


class PathOut(Schema):
    framework: str | None = Field(description="Framework and version the path follows, e.g. basic-757 v1.")
    groups: list[str] = Field(description="Rule groups that apply to you: citizen, public_sector_staff, ...")
    steps: list[PathStepOut]
    gaps: list[str] = Field(description="Codes of competencies whose lessons are not all done.")
    next_lesson: PathLessonOut | None
    lessons_total: int
    lessons_completed: int
    percent: int


class ProgressOut(Schema):
    lesson: str
    status: str = Field(description="started, completed, or tested_out (already known: placement test).")
    version: int = Field(description="The lesson version read (completed) by you.")
    started_at: datetime
    completed_at: datetime | None
    seconds_spent: int


class ProgressListOut(Schema):
    items: list[ProgressOut]


class ProgressEventIn(Schema):
    id: uuid.UUID = Field(description="A UUID made by the device; sending the same event again changes nothing.")
    lesson: Slug
    kind: Literal["opened", "read_time", "completed"]
    seconds: int = Field(default=0, ge=0, le=86_400, description="read_time: seconds read (at most 600 count).")
    occurred_at: datetime = Field(description="When it happened on the device, with its time zone.")
    offline: bool = False


class ProgressIn(Schema):
    events: list[ProgressEventIn] = Field(max_length=MAX_EVENTS_PER_CALL)


class RejectedEventOut(Schema):
    id: str
    reason: str


class ProgressResultOut(Schema):
    accepted: int
    duplicates: int = Field(description="Events already received earlier (or twice in this call).")
    rejected: list[RejectedEventOut]


class DocumentOut(Schema):
    slug: str
    title: str
    summary: str
    kind: str
    language: str
    publisher: str
    issued_on: date | None
    keywords: str
    licence: str
    url: str = Field(description="The official original, when there is one.")
    competencies: list[str]


class DocumentPage(Schema):
    items: list[DocumentOut]
    limit: int
    offset: int
    next_offset: int | None


class DocumentDetailOut(DocumentOut):
    body: str = Field(description="Our own write-up of the document, plain paragraphs.")
    file: str | None = Field(description="Address of an attached file, when there is one.")
