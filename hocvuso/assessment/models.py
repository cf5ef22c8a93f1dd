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
    TestKind,
)
from hocvuso.framework.constants import RuleGroup
from hocvuso.framework.models import Competency, FrameworkVersion
from hocvuso.learning.models import Module
from hocvuso.people.models import Person


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
    """A task a mentor watches the learner do and notes evidence of (plan 67 III.3.c); see PracticalCheck."""

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
    """A test of one framework version. Defaults per kind: constants.py.

    - certification: one per rule group; passing it leads to the certificate (certificates app);
    - placement: one per rule group; the competencies answered right mark their lessons as known;
    - module_quiz: one per course module (`module`, `group` empty), open to every learner; practice only.
    """

    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="tests")
    kind = models.CharField(_("kind"), max_length=16, choices=TestKind.choices, default=TestKind.CERTIFICATION)
    group = models.CharField(_("group"), max_length=30, choices=RuleGroup.choices, blank=True)
    module = models.ForeignKey(Module, on_delete=models.PROTECT, null=True, blank=True, related_name="quizzes")
    title = models.CharField(_("title"), max_length=200)
    questions_per_competency = models.PositiveSmallIntegerField(default=DEFAULT_QUESTIONS_PER_COMPETENCY)
    # When set, this many questions in all, spread evenly over the competencies (module quizzes).
    question_count = models.PositiveSmallIntegerField(null=True, blank=True)
    # When set, only questions of this level or below are drawn (placement: level 1).
    max_question_level = models.PositiveSmallIntegerField(null=True, blank=True)
    pass_percent = models.PositiveSmallIntegerField(_("pass mark (%)"), default=DEFAULT_PASS_PERCENT)
    time_limit_minutes = models.PositiveSmallIntegerField(null=True, blank=True, default=DEFAULT_TIME_LIMIT_MINUTES)
    max_attempts = models.PositiveSmallIntegerField(default=DEFAULT_MAX_ATTEMPTS)  # 0: no limit
    attempt_window_days = models.PositiveSmallIntegerField(default=ATTEMPT_WINDOW_DAYS)
    cooldown_hours = models.PositiveSmallIntegerField(default=DEFAULT_COOLDOWN_HOURS)
    is_active = models.BooleanField(default=True)

    __test__ = False  # not a pytest test class

    class Meta:
        ordering = ["version", "kind", "group"]
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "group"],
                condition=Q(kind=TestKind.CERTIFICATION),
                name="certification_test_per_version_group",
            ),
            models.UniqueConstraint(
                fields=["version", "group"],
                condition=Q(kind=TestKind.PLACEMENT),
                name="placement_test_per_version_group",
            ),
            models.UniqueConstraint(
                fields=["version", "module"],
                condition=Q(kind=TestKind.MODULE_QUIZ),
                name="module_quiz_per_version_module",
            ),
            models.CheckConstraint(
                condition=Q(kind=TestKind.MODULE_QUIZ, module__isnull=False)
                | (~Q(kind=TestKind.MODULE_QUIZ) & Q(module__isnull=True)),
                name="module_quiz_has_module",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def unlimited_attempts(self) -> bool:
        return self.max_attempts == 0


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
    # The mentor, team member or officer who ran the test for the learner on their phone (assisted mode).
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


class PracticalCheck(models.Model):
    """A mentor, team member or officer watched the person do a practical task (plan 67 III.3.c).

    Never changed: a re-check is a new row, and the latest one per task is what is shown. The person
    agreed to the check and to the note (learner_consented is required). Practical checks count as
    demonstrated competency levels for the record; the certificate is decided by the certification test.
    """

    task = models.ForeignKey(PracticalTask, on_delete=models.PROTECT, related_name="checks")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="practical_checks")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    learner_consented = models.BooleanField(_("the learner agrees"))
    evidence_note = models.TextField(_("what you saw"))
    passed = models.BooleanField(_("done well"))
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["-checked_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(learner_consented=True), name="practical_check_consented")]
        indexes = [models.Index(fields=["person", "task", "checked_at"], name="practical_person_task_at")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.person_id} {self.checked_at:%Y-%m-%d}"
