"""Reads of courses, lessons, progress and the library, always limited to what the caller may see.

Learners read only published lesson versions; drafts and history are the editors' (permissions.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from hocvuso.accounts.models import User
from hocvuso.framework.constants import BASIC_757, RuleGroup, VersionStatus
from hocvuso.framework.models import Competency, FrameworkVersion, GroupRule
from hocvuso.learning.constants import BASE_LANGUAGE, DONE_STATUSES, ProgressStatus
from hocvuso.learning.models import Course, Lesson, LessonProgress, LessonText, LibraryDocument, Module
from hocvuso.lib.text import fold
from hocvuso.people.constants import TargetGroup
from hocvuso.people.models import Person
from hocvuso.people.selectors import person_target_groups

# People target groups (plan 67 section II) -> the framework's rule groups (Decision 757: four groups).
RULE_GROUP_OF: dict[str, str] = {
    TargetGroup.ADULT: RuleGroup.CITIZEN,
    TargetGroup.ELDERLY: RuleGroup.CITIZEN,
    TargetGroup.PUBLIC_SECTOR_STAFF: RuleGroup.PUBLIC_SECTOR_STAFF,
    TargetGroup.PRIMARY_PUPIL: RuleGroup.PUPIL_STUDENT,
    TargetGroup.SECONDARY_PUPIL: RuleGroup.PUPIL_STUDENT,
    TargetGroup.STUDENT: RuleGroup.PUPIL_STUDENT,
    TargetGroup.WORKER: RuleGroup.WORKER,
}
NOT_STARTED = "not_started"


def basic_framework_version() -> FrameworkVersion | None:
    """The published version of framework basic-757, which lessons are mapped to by competency code."""
    return FrameworkVersion.objects.filter(framework__slug=BASIC_757, status=VersionStatus.PUBLISHED).first()


# Courses and lessons --------------------------------------------------------------------------


def published_courses() -> QuerySet[Course]:
    return Course.objects.filter(is_published=True).order_by("order", "slug")


def published_lessons() -> QuerySet[Lesson]:
    """Lessons a learner may open: with a published version, in a published course."""
    return Lesson.objects.filter(published__isnull=False, module__course__is_published=True)


def course_title(course: Course | Module, language: str) -> str:
    return str((course.translations.get(language) or {}).get("title") or course.title)


def course_description(course: Course, language: str) -> str:
    return str((course.translations.get(language) or {}).get("description") or course.description)


def lesson_text(lesson: Lesson, language: str) -> tuple[LessonText, bool]:
    """The published text in `language`, or the Vietnamese one with fell_back=True (the UI says so)."""
    texts = {t.language: t for t in _published_texts(lesson)}
    if language in texts:
        return texts[language], False
    return texts[BASE_LANGUAGE], language != BASE_LANGUAGE


def _published_texts(lesson: Lesson) -> list[LessonText]:
    cached = getattr(lesson, "_published_texts", None)
    if cached is not None:
        return list(cached)
    if lesson.published_id is None:
        raise LookupError(f"lesson {lesson.slug} has no published version")
    return list(LessonText.objects.filter(version_id=lesson.published_id))


def with_published_texts(qs: QuerySet[Lesson]) -> QuerySet[Lesson]:
    """Prefetch the published texts, so that lesson_text() needs no query per lesson."""
    return qs.select_related("published").prefetch_related(Prefetch("published__texts", to_attr="_texts_prefetched"))


def _attach(lessons: list[Lesson]) -> None:
    for lesson in lessons:
        if lesson.published is not None and hasattr(lesson.published, "_texts_prefetched"):
            lesson._published_texts = lesson.published._texts_prefetched  # type: ignore[attr-defined]


@dataclass(frozen=True)
class LessonLink:
    """A neighbouring lesson as the pager shows it: its address and its title in the reader's language."""

    slug: str
    title: str


@dataclass(frozen=True)
class LessonReading:
    """What the lesson page needs besides the lesson: its text and its previous and next lessons."""

    text: LessonText
    fell_back: bool
    previous: LessonLink | None
    next: LessonLink | None


def lesson_reading(lesson: Lesson, language: str) -> LessonReading:
    """The published text of `lesson` in `language` (or Vietnamese), and its neighbours in the course.

    Two queries whatever the course: the reading order of the course's published lessons, then the
    published texts of the lesson and of its two neighbours, in `language` and Vietnamese only (the
    page is read often; issue 3 "Budget").
    """
    version = lesson.published_id
    if version is None:
        raise LookupError(f"lesson {lesson.slug} has no published version")
    order = list(
        published_lessons()
        .filter(module__course_id=lesson.module.course_id)
        .order_by("module__order", "order")
        .values_list("slug", "published_id")
    )
    at = next(i for i, (slug, _version) in enumerate(order) if slug == lesson.slug)
    around = [order[i] if 0 <= i < len(order) else None for i in (at - 1, at + 1)]
    versions = {version, *(row[1] for row in around if row is not None)}
    texts: dict[int, list[LessonText]] = defaultdict(list)
    for text in LessonText.objects.filter(version_id__in=versions, language__in={language, BASE_LANGUAGE}):
        texts[text.version_id].append(text)
    lesson._published_texts = texts[version]  # type: ignore[attr-defined]
    text, fell_back = lesson_text(lesson, language)
    links = [None if row is None else LessonLink(row[0], _text_in(texts[row[1]], language).title) for row in around]
    return LessonReading(text, fell_back, links[0], links[1])


def _text_in(texts: list[LessonText], language: str) -> LessonText:
    by_language = {t.language: t for t in texts}
    return by_language.get(language) or by_language[BASE_LANGUAGE]


def progress_by_lesson(user: User | object) -> dict[int, LessonProgress]:
    """The user's own progress rows, by lesson id (a user never sees another's progress)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    return {p.lesson_id: p for p in LessonProgress.objects.filter(user=user)}


def lesson_status(progress: LessonProgress | None) -> str:
    return progress.status if progress is not None else NOT_STARTED


@dataclass
class LessonEntry:
    lesson: Lesson
    title: str
    status: str  # not_started, started, completed, tested_out
    fell_back: bool

    @property
    def done(self) -> bool:
        return self.status in DONE_STATUSES

    @property
    def tested_out(self) -> bool:
        return self.status == ProgressStatus.TESTED_OUT


@dataclass
class ModuleOutline:
    module: Module
    title: str
    lessons: list[LessonEntry]


@dataclass
class CourseOutline:
    course: Course
    title: str
    description: str
    modules: list[ModuleOutline]

    @property
    def lessons(self) -> list[LessonEntry]:
        return [entry for m in self.modules for entry in m.lessons]

    @property
    def completed(self) -> int:
        return sum(1 for e in self.lessons if e.status in DONE_STATUSES)


def course_outline(course: Course, user: User | object, language: str = BASE_LANGUAGE) -> CourseOutline:
    """Modules and published lessons of a course, with the user's status for each lesson."""
    progress = progress_by_lesson(user)
    lessons = list(
        with_published_texts(published_lessons().filter(module__course=course)).order_by("module__order", "order")
    )
    _attach(lessons)
    by_module: dict[int, list[LessonEntry]] = defaultdict(list)
    for lesson in lessons:
        text, fell_back = lesson_text(lesson, language)
        by_module[lesson.module_id].append(
            LessonEntry(lesson, text.title, lesson_status(progress.get(lesson.pk)), fell_back)
        )
    modules = [
        ModuleOutline(m, course_title(m, language), by_module[m.pk])
        for m in course.modules.order_by("order")
        if by_module[m.pk]
    ]
    return CourseOutline(course, course_title(course, language), course_description(course, language), modules)


# The learner's path --------------------------------------------------------------------------


def _person_of(user: User) -> Person | None:
    try:
        return user.person  # type: ignore[attr-defined,no-any-return]
    except Person.DoesNotExist:
        return None


def rule_groups_for(user: User | object) -> list[str]:
    """The framework rule groups that apply to the user's person record; citizen when there is none."""
    person = _person_of(user) if isinstance(user, User) and user.is_authenticated else None
    return rule_groups_of_person(person)


def rule_groups_of_person(person: Person | None) -> list[str]:
    """The framework rule groups of a person's target groups; citizen when none maps (or no person)."""
    groups = person_target_groups(person) if person is not None else set()
    mapped = {RULE_GROUP_OF[g] for g in groups if g in RULE_GROUP_OF}
    ordered = [g for g in RuleGroup.values if g in mapped]
    return ordered or [RuleGroup.CITIZEN]


@dataclass
class CompetencyStep:
    competency: Competency
    min_level: int
    lessons: list[LessonEntry]  # lessons mapped to it up to the required level, lower level first
    completed: int  # lessons done: completed, or tested out by a placement test

    @property
    def lessons_done(self) -> bool:
        """All its lessons are done ("lessons done": certification is by the test)."""
        return bool(self.lessons) and self.completed == len(self.lessons)

    @property
    def tested_out(self) -> list[LessonEntry]:
        """Lessons skipped because a placement test showed the learner knows them."""
        return [e for e in self.lessons if e.tested_out]


@dataclass
class LearnerPath:
    version: FrameworkVersion | None
    groups: list[str]
    rules: list[GroupRule]
    steps: list[CompetencyStep] = field(default_factory=list)
    next_lesson: LessonEntry | None = None

    @property
    def gaps(self) -> list[CompetencyStep]:
        return [s for s in self.steps if not s.lessons_done]

    @property
    def lessons_total(self) -> int:
        return len({e.lesson.pk for s in self.steps for e in s.lessons})

    @property
    def lessons_completed(self) -> int:
        """Lessons done: completed, or skipped as already known (placement test)."""
        return len({e.lesson.pk for s in self.steps for e in s.lessons if e.done})

    @property
    def lessons_tested_out(self) -> int:
        return len({e.lesson.pk for s in self.steps for e in s.lessons if e.tested_out})

    @property
    def percent(self) -> int:
        total = self.lessons_total
        return round(100 * self.lessons_completed / total) if total else 0


def learner_path(user: User | object, language: str = BASE_LANGUAGE) -> LearnerPath:
    """What the user's rule groups require in framework basic-757 and how far their lessons cover it.

    A user in several groups (an adult civil servant) must meet each group's rule: the requirements
    are merged, keeping the highest level asked for a competency.
    """
    groups = rule_groups_for(user)
    version = basic_framework_version()
    if version is None:
        return LearnerPath(None, groups, [])
    rules = list(
        GroupRule.objects.filter(version=version, group__in=groups).prefetch_related("requirements__competency__domain")
    )
    rules.sort(key=lambda r: groups.index(r.group))
    required: dict[str, tuple[Competency, int]] = {}
    for rule in rules:
        for req in rule.requirements.all():
            code = req.competency.code
            if code not in required or required[code][1] < req.min_level:
                required[code] = (req.competency, req.min_level)
    progress = progress_by_lesson(user)
    lessons = list(
        with_published_texts(published_lessons())
        .filter(competencies__version=version, competencies__code__in=list(required))
        .prefetch_related("competencies")
        .order_by("level", "module__course__order", "module__order", "order")
        .distinct()
    )
    _attach(lessons)
    entries: dict[int, LessonEntry] = {}
    by_code: dict[str, list[LessonEntry]] = defaultdict(list)
    for lesson in lessons:
        text, fell_back = lesson_text(lesson, language)
        entry = entries.setdefault(
            lesson.pk, LessonEntry(lesson, text.title, lesson_status(progress.get(lesson.pk)), fell_back)
        )
        for competency in lesson.competencies.all():
            by_code[competency.code].append(entry)
    ordered = sorted(required.values(), key=lambda cl: (cl[0].domain.order, cl[0].order, cl[0].code))
    path = LearnerPath(version, groups, rules)
    for competency, min_level in ordered:
        mine = [e for e in by_code[competency.code] if e.lesson.level <= min_level]
        done = sum(1 for e in mine if e.done)
        path.steps.append(CompetencyStep(competency, min_level, mine, done))
    for step in path.gaps:
        pending = next((e for e in step.lessons if not e.done), None)
        if pending is not None:
            path.next_lesson = pending
            break
    return path


def lesson_ids_teaching(version: FrameworkVersion, levels: dict[str, int]) -> set[int]:
    """Published lessons mapped to a competency of `levels` ({code: level}) at or below that level."""
    if not levels:
        return set()
    q = Q(pk__in=[])
    for code, level in levels.items():
        q |= Q(competencies__code=code, level__lte=level)
    return set(published_lessons().filter(q, competencies__version=version).values_list("pk", flat=True))


def module_competency_levels(module: Module, version: FrameworkVersion) -> dict[str, int]:
    """{competency code: highest level of the module's published lessons mapped to it}."""
    levels: dict[str, int] = {}
    rows = published_lessons().filter(module=module, competencies__version=version)
    for code, level in rows.values_list("competencies__code", "level"):
        levels[code] = max(levels.get(code, 0), level)
    return levels


def modules_with_lessons() -> QuerySet[Module]:
    """Modules of published courses with at least one published lesson, in reading order."""
    return (
        Module.objects.filter(course__is_published=True, lessons__published__isnull=False)
        .select_related("course")
        .distinct()
        .order_by("course__order", "course__slug", "order")
    )


# Library ---------------------------------------------------------------------------------------


def library_documents(*, include_unpublished: bool = False) -> QuerySet[LibraryDocument]:
    qs = LibraryDocument.objects.all()
    return qs if include_unpublished else qs.filter(is_published=True)


def search_library(query: str, qs: QuerySet[LibraryDocument] | None = None, limit: int = 200) -> list[LibraryDocument]:
    """Accent-insensitive search: every folded word must occur; more words in the title rank first,
    then the newest. "vneid muc 2" finds "Định danh điện tử VNeID mức 2"."""
    qs = library_documents() if qs is None else qs
    words = fold(query).split()
    if not words:
        return list(qs.order_by("-issued_on", "title")[:limit])
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    found = list(qs.filter(condition)[: limit * 5])
    found.sort(key=lambda d: d.issued_on.toordinal() if d.issued_on else 0, reverse=True)
    found.sort(key=lambda d: sum(1 for w in words if w in d.title_folded), reverse=True)
    return found[:limit]
