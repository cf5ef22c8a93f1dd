from django.db import models
from django.utils.translation import gettext_lazy as _

# Lessons are written in Vietnamese; Khmer and English are optional per lesson (issue 3 §2).
CONTENT_LANGUAGES = ("vi", "km", "en")
BASE_LANGUAGE = "vi"


class LessonStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("replaced by a newer version")


class ProgressStatus(models.TextChoices):
    STARTED = "started", _("started")
    COMPLETED = "completed", _("completed")
    # Known already: a placement test showed the learner has this lesson's skill (issue 4 §1). It counts
    # as done on the path, is shown as "skipped", stays readable, and reading it to the end completes it.
    TESTED_OUT = "tested_out", _("skipped, already known")


# What counts as done on the learner's path.
DONE_STATUSES = (ProgressStatus.COMPLETED, ProgressStatus.TESTED_OUT)


class ProgressEventKind(models.TextChoices):
    OPENED = "opened", _("opened the lesson")
    READ_TIME = "read_time", _("time spent reading")
    COMPLETED = "completed", _("completed the lesson")


class BlockType(models.TextChoices):
    """Structured lesson content: a lesson body is a list of blocks (docs/content-format.md)."""

    HEADING = "heading", _("heading")
    PARAGRAPH = "paragraph", _("paragraph")
    STEPS = "steps", _("numbered steps")
    BULLETS = "bullets", _("list")
    TIP = "tip", _("tip")
    WARNING = "warning", _("warning")
    IMAGE = "image", _("image")


class DocumentKind(models.TextChoices):
    GUIDE = "guide", _("guide")
    LEGAL = "legal", _("legal document")
    POSTER = "poster", _("poster or leaflet")
    VIDEO = "video", _("video")
    SLIDES = "slides", _("slides")
    OTHER = "other", _("other")
