from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hocvuso.framework.models import Competency
from hocvuso.learning.constants import DocumentKind, LessonStatus, ProgressEventKind, ProgressStatus


class Course(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    # {"km": {"title": "...", "description": "..."}, "en": {...}}
    translations = models.JSONField(default=dict, blank=True)
    # people.constants.TargetGroup values this course is meant for; empty = everyone.
    target_groups = models.JSONField(default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    slug = models.SlugField(max_length=80)
    title = models.CharField(_("title"), max_length=200)
    translations = models.JSONField(default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["course", "order"]
        constraints = [models.UniqueConstraint(fields=["course", "slug"], name="module_slug_per_course")]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    """The stable identity of a lesson; what learners read is its published LessonVersion."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    slug = models.SlugField(max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    level = models.PositiveSmallIntegerField(_("proficiency level"), default=1)
    minutes = models.PositiveSmallIntegerField(_("minutes to read"), default=5)
    competencies = models.ManyToManyField(Competency, related_name="lessons", blank=True)
    published = models.ForeignKey("LessonVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["module__course__order", "module__order", "order"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.slug


class LessonVersion(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=LessonStatus.choices, default=LessonStatus.DRAFT)
    change_note = models.CharField(max_length=300, blank=True, default="")
    content_hash = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["lesson", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "number"], name="lesson_version_number"),
            models.UniqueConstraint(fields=["lesson"], condition=Q(status=LessonStatus.DRAFT), name="lesson_one_draft"),
        ]

    def __str__(self) -> str:
        return f"{self.lesson.slug} v{self.number}"


class LessonText(models.Model):
    """The lesson in one language. Vietnamese is required; others fall back to it with a note."""

    version = models.ForeignKey(LessonVersion, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=5)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, default="")
    blocks = models.JSONField(default=list)  # list of {"type": BlockType, ...}
    needs_review = models.BooleanField(default=False)  # e.g. Khmer awaiting a native speaker
    audio = models.FileField(upload_to="lesson-audio/", blank=True, default="")  # a recorded reading

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "language"], name="lesson_text_per_language")]

    def __str__(self) -> str:
        return f"{self.version} [{self.language}]"


class LessonProgress(models.Model):
    """One row per learner and lesson, folded from ProgressEvents."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    version_number = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.STARTED)
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    seconds_spent = models.PositiveIntegerField(default=0)
    # What set a status other than reading, e.g. "placement-attempt:12" for a tested-out lesson.
    source = models.CharField(max_length=80, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="progress_once_per_lesson")]
        indexes = [models.Index(fields=["lesson", "status"], name="progress_lesson_status")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.lesson_id} {self.status}"


class ProgressEvent(models.Model):
    """What a device reported, once: the client's UUID makes offline re-sends harmless."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client_event_id = models.UUIDField(default=uuid.uuid4)
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ProgressEventKind.choices)
    seconds = models.PositiveIntegerField(default=0)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    offline = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "client_event_id"], name="progress_event_once")]

    def __str__(self) -> str:
        return f"{self.client_event_id} {self.kind}"


class LibraryDocument(models.Model):
    """An item of the digital library (kho học liệu số): open documents with metadata (plan III.3.a)."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)
    title_folded = models.CharField(max_length=300, db_index=True, editable=False, default="")
    summary = models.TextField(_("summary"), blank=True, default="")
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices, default=DocumentKind.GUIDE)
    language = models.CharField(_("language"), max_length=5, default="vi")
    publisher = models.CharField(_("publisher"), max_length=200, blank=True, default="")
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True, default="")
    licence = models.CharField(_("licence"), max_length=100, blank=True, default="")
    url = models.URLField(_("address"), blank=True, default="")
    file = models.FileField(_("file"), upload_to="library/", blank=True, default="")
    body = models.TextField(_("text"), blank=True, default="")  # searchable text of the document
    search_text = models.TextField(editable=False, default="")  # folded title+summary+keywords+body
    competencies = models.ManyToManyField(Competency, related_name="library_documents", blank=True)
    is_published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "title"]
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")

    def __str__(self) -> str:
        return self.title
