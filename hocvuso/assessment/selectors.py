"""Reads of tests and attempts, always for one user: a user sees only their own attempts.

`item_views` is the one place that decides what of a question is shown: before an attempt is closed
it carries no correctness at all (scoring is on the server only); after, the right answers and the
explanations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeGuard

from django.db.models import QuerySet
from django.templatetags.static import static
from django.utils import timezone

from hocvuso.accounts.models import User
from hocvuso.assessment import scoring
from hocvuso.assessment.constants import CLOSED, AttemptStatus, QuestionKind
from hocvuso.assessment.models import Attempt, AttemptItem, Question, TestDefinition
from hocvuso.framework.models import FrameworkVersion
from hocvuso.framework.selectors import requirements_of
from hocvuso.learning.constants import BASE_LANGUAGE
from hocvuso.learning.models import LessonText
from hocvuso.learning.selectors import basic_framework_version, published_lessons, rule_groups_for


def _signed_in(user: User | object) -> TypeGuard[User]:
    return isinstance(user, User) and user.is_authenticated


def tests_for(user: User | object) -> QuerySet[TestDefinition]:
    """The active tests of the published basic-757 version for the user's rule groups (none when signed out)."""
    version = basic_framework_version()
    if not _signed_in(user) or version is None:
        return TestDefinition.objects.none()
    return (
        TestDefinition.objects.filter(version=version, is_active=True, group__in=rule_groups_for(user))
        .select_related("version__framework")
        .order_by("group")
    )


def attempts_of(user: User | object) -> QuerySet[Attempt]:
    if not _signed_in(user):
        return Attempt.objects.none()
    return Attempt.objects.filter(user=user)


def required_levels(definition: TestDefinition) -> dict[str, int]:
    """{competency code: level} the test draws from: the rule's requirements that have questions."""
    required = requirements_of(definition.version, definition.group)
    with_questions = set(
        Question.objects.filter(is_active=True, competency_code__in=list(required)).values_list(
            "competency_code", flat=True
        )
    )
    return {code: level for code, level in required.items() if code in with_questions}


@dataclass
class Availability:
    """Whether the user may start (or resume) a test now, and if not, why and until when."""

    definition: TestDefinition
    in_progress: Attempt | None
    attempts_in_window: int
    attempts_left: int
    not_before: datetime | None  # the limit or the cooldown applies until then
    reason: str  # "", "limit" or "cooldown"
    last: Attempt | None
    passed: bool

    @property
    def can_start(self) -> bool:
        return self.in_progress is not None or not self.reason


def availability(user: User, definition: TestDefinition, now: datetime | None = None) -> Availability:
    now = now or timezone.now()
    mine = list(Attempt.objects.filter(user=user, definition=definition).order_by("-started_at"))
    in_progress = next((a for a in mine if a.status == AttemptStatus.IN_PROGRESS), None)
    window_start = now - timedelta(days=definition.attempt_window_days)
    in_window = [a for a in mine if a.started_at >= window_start]
    closed = [a for a in mine if a.status in CLOSED]
    last = closed[0] if closed else None
    reason, not_before = "", None
    if in_progress is None and len(in_window) >= definition.max_attempts:
        reason = "limit"
        oldest = sorted(a.started_at for a in in_window)[len(in_window) - definition.max_attempts]
        not_before = oldest + timedelta(days=definition.attempt_window_days)
    elif in_progress is None and last is not None and last.passed is False and last.submitted_at is not None:
        until = last.submitted_at + timedelta(hours=definition.cooldown_hours)
        if until > now:
            reason, not_before = "cooldown", until
    return Availability(
        definition=definition,
        in_progress=in_progress,
        attempts_in_window=len(in_window),
        attempts_left=max(0, definition.max_attempts - len(in_window)),
        not_before=not_before,
        reason=reason,
        last=last,
        passed=any(a.passed for a in closed),
    )


@dataclass
class OptionView:
    position: int  # as shown: what an answer names
    text: str
    image_url: str | None
    correct: bool | None = None  # only once the attempt is closed
    place: int | None = None  # ordering: the place (1-based) the learner gave this step


@dataclass
class ItemView:
    position: int
    kind: str
    level: int
    competency: str
    prompt: str
    options: list[OptionView]
    answer: Any
    answered_at: datetime | None
    # Only once the attempt is closed:
    points: int | None = None
    correct_answer: Any = None
    explanation: str | None = None
    lessons: list[tuple[str, str]] = field(default_factory=list)  # (slug, title) of published lessons

    @property
    def chosen(self) -> set[int]:
        if isinstance(self.answer, list):
            return set(self.answer)
        return {self.answer} if isinstance(self.answer, int) and not isinstance(self.answer, bool) else set()


def attempt_items(attempt: Attempt) -> list[AttemptItem]:
    return list(
        AttemptItem.objects.filter(attempt=attempt).select_related("question_version__question").order_by("position")
    )


def _lesson_titles(slugs: set[str], language: str) -> dict[str, str]:
    """{slug: title in `language`, else Vietnamese} of the published lessons among `slugs`."""
    if not slugs:
        return {}
    versions = dict(published_lessons().filter(slug__in=slugs).values_list("published_id", "slug"))
    titles: dict[str, str] = {}
    for version_id, lang, title in LessonText.objects.filter(version_id__in=list(versions)).values_list(
        "version_id", "language", "title"
    ):
        slug = versions[version_id]
        if lang == language or (lang == BASE_LANGUAGE and slug not in titles):
            titles[slug] = title
    return titles


def item_views(attempt: Attempt, language: str = "vi") -> list[ItemView]:
    reveal = attempt.status in CLOSED
    items = attempt_items(attempt)
    titles = (
        _lesson_titles({s for i in items for s in i.question_version.data.get("lessons", [])}, language)
        if reveal
        else {}
    )
    views = []
    for item in items:
        qv = item.question_version
        data = qv.data
        options = data.get("options") or []
        shown = [
            OptionView(
                position=p,
                text=options[original]["text"],
                image_url=static(options[original]["image"]) if options[original].get("image") else None,
            )
            for p, original in enumerate(item.option_order)
        ]
        if qv.question.kind == QuestionKind.ORDERING and isinstance(item.answer, list):
            for place, position in enumerate(item.answer, start=1):
                if 0 <= position < len(shown):
                    shown[position].place = place
        view = ItemView(
            position=item.position,
            kind=qv.question.kind,
            level=qv.question.level,
            competency=qv.question.competency_code,
            prompt=data["prompt"],
            options=shown,
            answer=item.answer,
            answered_at=item.answered_at,
        )
        if reveal:
            view.points = item.points or 0
            view.correct_answer = scoring.correct_answer(view.kind, data, item.option_order)
            view.explanation = data.get("explanation", "")
            view.lessons = [(s, titles[s]) for s in data.get("lessons", []) if s in titles]
            if view.kind in (QuestionKind.SINGLE, QuestionKind.PICTURE, QuestionKind.MULTIPLE):
                for o in view.options:
                    o.correct = bool(options[item.option_order[o.position]].get("correct"))
        views.append(view)
    return views


def competency_levels(user: User | object, version: FrameworkVersion) -> dict[str, int]:
    """{competency code: level} the user demonstrated: in each passed attempt of a test of `version`,
    a competency counts at the highest level of its questions answered right."""
    if not _signed_in(user):
        return {}
    levels: dict[str, int] = {}
    rows = AttemptItem.objects.filter(
        attempt__user=user, attempt__passed=True, attempt__definition__version=version, points__gte=1
    ).values_list("question_version__question__competency_code", "question_version__question__level")
    for code, level in rows:
        levels[code] = max(levels.get(code, 0), level)
    return levels
