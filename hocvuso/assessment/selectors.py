"""Reads of tests, attempts and practical checks, always for one user: a user lists only their own
attempts; the mentor who runs a test for a learner (assisted mode) may open that one attempt while it
is in progress and its result for ASSISTED_RESULT_HOURS after (attempts_open_to).

`item_views` is the one place that decides what of a question is shown: before an attempt is closed
it carries no correctness at all (scoring is on the server only); after, the right answers and the
explanations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeGuard

from django.db.models import Q, QuerySet
from django.templatetags.static import static
from django.utils import timezone

from hocvuso.accounts.models import User
from hocvuso.assessment import scoring
from hocvuso.assessment.constants import ASSISTED_RESULT_HOURS, CLOSED, AttemptStatus, QuestionKind, TestKind
from hocvuso.assessment.models import Attempt, AttemptItem, PracticalCheck, PracticalTask, Question, TestDefinition
from hocvuso.framework.models import FrameworkVersion
from hocvuso.framework.selectors import requirements_of
from hocvuso.learning.constants import BASE_LANGUAGE
from hocvuso.learning.models import LessonText, Module
from hocvuso.learning.selectors import (
    basic_framework_version,
    module_competency_levels,
    published_lessons,
    rule_groups_for,
    rule_groups_of_person,
)
from hocvuso.people.models import Person


def _signed_in(user: User | object) -> TypeGuard[User]:
    return isinstance(user, User) and user.is_authenticated


KIND_ORDER = {TestKind.PLACEMENT: 0, TestKind.CERTIFICATION: 1, TestKind.MODULE_QUIZ: 2}


def tests_for(user: User | object) -> QuerySet[TestDefinition]:
    """The active tests of the published basic-757 version the user may take (none when signed out):
    the certification and placement tests of their rule groups, and every module quiz."""
    if not _signed_in(user):
        return TestDefinition.objects.none()
    return tests_for_groups(rule_groups_for(user))


def tests_for_groups(groups: list[str]) -> QuerySet[TestDefinition]:
    version = basic_framework_version()
    if version is None:
        return TestDefinition.objects.none()
    return (
        TestDefinition.objects.filter(version=version, is_active=True)
        .filter(Q(kind=TestKind.MODULE_QUIZ) | Q(group__in=groups))
        .select_related("version__framework", "module__course")
        .order_by("kind", "group", "module__course__order", "module__order")
    )


def tests_for_person(person: Person) -> QuerySet[TestDefinition]:
    """The tests a person may be given in assisted mode: those of their rule groups and the quizzes."""
    return tests_for_groups(rule_groups_of_person(person))


def placement_test_for(user: User | object) -> TestDefinition | None:
    """The placement test of the user's first rule group, if there is one."""
    groups = rule_groups_for(user) if _signed_in(user) else []
    found = {d.group: d for d in tests_for(user).filter(kind=TestKind.PLACEMENT)}
    return next((found[g] for g in groups if g in found), None)


def attempts_of(user: User | object) -> QuerySet[Attempt]:
    """The user's own attempts, assisted ones included (their history)."""
    if not _signed_in(user):
        return Attempt.objects.none()
    return Attempt.objects.filter(user=user)


def attempts_open_to(user: User | object, now: datetime | None = None) -> QuerySet[Attempt]:
    """Attempts the user may open: their own, and those they run for a learner (assisted mode) while in
    progress and for ASSISTED_RESULT_HOURS after they were handed in."""
    if not _signed_in(user):
        return Attempt.objects.none()
    since = (now or timezone.now()) - timedelta(hours=ASSISTED_RESULT_HOURS)
    assisted = Q(assisted_by=user) & (Q(status=AttemptStatus.IN_PROGRESS) | Q(submitted_at__gte=since))
    return Attempt.objects.filter(Q(user=user) | assisted)


def _with_questions(levels: dict[str, int]) -> dict[str, int]:
    lowest: dict[str, int] = {}
    for code, level in Question.objects.filter(is_active=True, competency_code__in=list(levels)).values_list(
        "competency_code", "level"
    ):
        lowest[code] = min(lowest.get(code, level), level)
    return {code: level for code, level in levels.items() if code in lowest and lowest[code] <= level}


def required_levels(definition: TestDefinition) -> dict[str, int]:
    """{competency code: level} the test draws from, keeping the competencies with questions at or below it:
    the rule's requirements (certification; placement capped at max_question_level), or the competencies
    of the module's lessons at the level of those lessons (module quiz)."""
    if definition.kind == TestKind.MODULE_QUIZ:
        if definition.module is None:
            return {}
        wanted = module_competency_levels(definition.module, definition.version)
    else:
        wanted = requirements_of(definition.version, definition.group)
    if definition.max_question_level:
        wanted = {code: min(level, definition.max_question_level) for code, level in wanted.items()}
    return _with_questions(wanted)


@dataclass
class Availability:
    """Whether the user may start (or resume) a test now, and if not, why and until when."""

    definition: TestDefinition
    in_progress: Attempt | None
    attempts_in_window: int
    attempts_left: int | None  # None: no limit
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
    limited = not definition.unlimited_attempts
    if limited and in_progress is None and len(in_window) >= definition.max_attempts:
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
        attempts_left=max(0, definition.max_attempts - len(in_window)) if limited else None,
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
    """{competency code: level} the user demonstrated, for the record: in each passed attempt of a
    certification test of `version`, a competency counts at the highest level of its questions answered
    right; a practical task whose latest check passed counts at the task's level. (Placement tests and
    module quizzes, one or a few questions per competency, do not count.)"""
    if not _signed_in(user):
        return {}
    levels: dict[str, int] = {}
    rows = AttemptItem.objects.filter(
        attempt__user=user,
        attempt__passed=True,
        attempt__definition__version=version,
        attempt__definition__kind=TestKind.CERTIFICATION,
        points__gte=1,
    ).values_list("question_version__question__competency_code", "question_version__question__level")
    for code, level in rows:
        levels[code] = max(levels.get(code, 0), level)
    person = Person.objects.filter(user=user).first()
    if person is not None:
        for check in latest_practical_checks(person):
            if check.passed and check.task.competency.version_id == version.pk:
                code = check.task.competency_code
                levels[code] = max(levels.get(code, 0), check.task.level)
    return levels


def known_competencies(attempt: Attempt) -> dict[str, int]:
    """{competency code: level} a closed attempt showed: every question of the competency answered right,
    at the highest level asked. (A placement test marks the lessons of these as known.)"""
    right: dict[str, bool] = {}
    levels: dict[str, int] = {}
    for code, level, points in AttemptItem.objects.filter(attempt=attempt).values_list(
        "question_version__question__competency_code", "question_version__question__level", "points"
    ):
        right[code] = right.get(code, True) and bool(points)
        levels[code] = max(levels.get(code, 0), level)
    return {code: levels[code] for code, ok in right.items() if ok}


@dataclass
class QuizRow:
    """A module quiz as the learner's path shows it."""

    definition: TestDefinition
    module: Module
    passed: bool
    in_progress: Attempt | None


def module_quizzes_for(user: User | object) -> list[QuizRow]:
    """Every module quiz with whether the user passed it (a quiz "done" on the path)."""
    quizzes = list(tests_for(user).filter(kind=TestKind.MODULE_QUIZ))
    if not quizzes:
        return []
    mine = attempts_of(user).filter(definition__in=quizzes)
    passed = set(mine.filter(passed=True).values_list("definition_id", flat=True))
    open_ = {a.definition_id: a for a in mine.filter(status=AttemptStatus.IN_PROGRESS)}
    return [QuizRow(d, d.module, d.pk in passed, open_.get(d.pk)) for d in quizzes if d.module is not None]


# Practical checks ------------------------------------------------------------------------------


def practical_tasks_for(person: Person) -> list[PracticalTask]:
    """The practical tasks of the competencies the person's rule groups require, at or below the level."""
    version = basic_framework_version()
    if version is None:
        return []
    required: dict[str, int] = {}
    for group in rule_groups_of_person(person):
        for code, level in requirements_of(version, group).items():
            required[code] = max(required.get(code, 0), level)
    tasks = PracticalTask.objects.filter(competency__version=version, competency_code__in=list(required))
    return [t for t in tasks.select_related("competency") if t.level <= required[t.competency_code]]


def latest_practical_checks(person: Person) -> list[PracticalCheck]:
    """The latest check of each task for the person (re-checks keep the history; the latest counts)."""
    latest: dict[int, PracticalCheck] = {}
    for check in (
        PracticalCheck.objects.filter(person=person)
        .select_related("task__competency", "checked_by")
        .order_by("-checked_at", "-pk")
    ):
        latest.setdefault(check.task_id, check)
    return sorted(latest.values(), key=lambda c: (c.task.competency_code, c.task.key))
