from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hocvuso.assessment.constants import (
    ATTEMPT_WINDOW_DAYS,
    DEFAULT_COOLDOWN_HOURS,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_PASS_PERCENT,
    DEFAULT_QUESTIONS_PER_COMPETENCY,
    DEFAULT_TIME_LIMIT_MINUTES,
    AttemptStatus,
    QuestionKind,
)
from hocvuso.framework.constants import RuleGroup
from hocvuso.framework.models import Competency, FrameworkVersion


class Question(models.Model):
    """The stable identity of a question of the bank; what learners are given is a QuestionVersion."""

    key = models.SlugField(max_length=80, unique=True)
    competency_code = models.CharField(max_length=20, db_index=True)  # stable across framework versions
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="questions")
    level = models.PositiveSmallIntegerField(_("proficiency level"))
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    current_version = models.PositiveIntegerField(default=1)
    is_active = models.BooleanField(default=True)  # false when the question left the bank files

    class Meta:
        ordering = ["competency_code", "level", "key"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.key


class QuestionVersion(models.Model):
    """One edition of a question, never modified once loaded: attempts keep the version they were given.

    data: {"prompt", "options": [{"text", "correct"?, "image"?}], "answer"? (true_false),
    "explanation", "lessons": [slug]}; ordering options are stored in the correct order.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "-number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="question_version_number")]

    def __str__(self) -> str:
        return f"{self.question.key} v{self.number}"

    @property
    def options(self) -> list[dict[str, Any]]:
        return list(self.data.get("options") or [])


class PracticalTask(models.Model):
    """A task a mentor watches the learner do and notes evidence of (plan 67 III.3.c); no UI yet."""

    key = models.SlugField(max_length=80, unique=True)
    competency_code = models.CharField(max_length=20, db_index=True)
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="practical_tasks")
    level = models.PositiveSmallIntegerField()
    task = models.TextField()
    evidence_hint = models.TextField(blank=True, default="")
    content_hash = models.CharField(max_length=64, default="")

    class Meta:
        ordering = ["competency_code", "key"]

    def __str__(self) -> str:
        return self.key


class TestDefinition(models.Model):
    """The certification test of one rule group in one framework version. Defaults: constants.py."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="tests")
    group = models.CharField(_("group"), max_length=30, choices=RuleGroup.choices)
    title = models.CharField(_("title"), max_length=200)
    questions_per_competency = models.PositiveSmallIntegerField(default=DEFAULT_QUESTIONS_PER_COMPETENCY)
    pass_percent = models.PositiveSmallIntegerField(_("pass mark (%)"), default=DEFAULT_PASS_PERCENT)
    time_limit_minutes = models.PositiveSmallIntegerField(null=True, blank=True, default=DEFAULT_TIME_LIMIT_MINUTES)
    max_attempts = models.PositiveSmallIntegerField(default=DEFAULT_MAX_ATTEMPTS)
    attempt_window_days = models.PositiveSmallIntegerField(default=ATTEMPT_WINDOW_DAYS)
    cooldown_hours = models.PositiveSmallIntegerField(default=DEFAULT_COOLDOWN_HOURS)
    is_active = models.BooleanField(default=True)

    __test__ = False  # not a pytest test class

    class Meta:
        ordering = ["version", "group"]
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        constraints = [models.UniqueConstraint(fields=["version", "group"], name="test_per_version_group")]

    def __str__(self) -> str:
        return self.title


class Attempt(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    definition = models.ForeignKey(TestDefinition, on_delete=models.PROTECT, related_name="attempts")
    status = models.CharField(max_length=12, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(default=0)
    passed = models.BooleanField(null=True, blank=True)
    # A mentor or team member who helped the learner take it (recorded now; the assisted UI comes later).
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "definition"],
                condition=Q(status=AttemptStatus.IN_PROGRESS),
                name="attempt_one_in_progress",
            )
        ]
        indexes = [models.Index(fields=["user", "definition", "started_at"], name="attempt_user_def_started")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.definition_id} {self.status}"


class AttemptItem(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    question_version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    # Indexes into question_version options, in the order shown; answers name shown positions.
    option_order = models.JSONField(default=list)
    answer = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    points = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="attempt_item_position")]

    def __str__(self) -> str:
        return f"{self.attempt_id} #{self.position}"
