"""Load the question bank from assessment/content/questions/<code>.yaml (docs/question-format.md).

Every file is read and checked first; any problem stops the run before a write, with a message
naming the file and the question key. Then one transaction writes what changed: a question whose
content hash equals its current version's does nothing; a changed one becomes a new version (the old
version is kept unchanged, so attempts keep what they were given). Questions and practical tasks
removed from the files are deactivated, never deleted. The default certification and placement tests
of every rule group of the published framework basic-757, and a quiz for every module of the
published courses whose lessons have questions, are created when missing (constants.py). Load the
lessons (load_content) first: module quizzes follow the modules.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Max

from hocvuso.assessment.constants import (
    LEVELS,
    PLACEMENT_LEVEL,
    PLACEMENT_MAX_ATTEMPTS,
    PLACEMENT_PASS_PERCENT,
    PLACEMENT_QUESTIONS_PER_COMPETENCY,
    QUIZ_PASS_PERCENT,
    QUIZ_QUESTION_COUNT,
    UNLIMITED_ATTEMPTS,
    QuestionKind,
    TestKind,
)
from hocvuso.assessment.models import PracticalTask, Question, QuestionVersion, TestDefinition
from hocvuso.assessment.selectors import required_levels
from hocvuso.framework.constants import RuleGroup
from hocvuso.framework.models import Competency, FrameworkVersion, GroupRule
from hocvuso.learning.blocks import static_image_exists
from hocvuso.learning.selectors import basic_framework_version, modules_with_lessons
from hocvuso.lib.text import nfc

QUESTIONS_DIR = Path(__file__).resolve().parent / "content" / "questions"
KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FILE_KEYS = frozenset({"competency", "questions", "practical"})
QUESTION_KEYS = frozenset({"key", "level", "kind", "prompt", "options", "answer", "explanation", "lessons"})
PRACTICAL_KEYS = frozenset({"key", "level", "task", "evidence_hint"})
# (fewest, most) options per kind (docs/question-format.md)
OPTION_COUNT = {
    QuestionKind.SINGLE: (3, 4),
    QuestionKind.PICTURE: (3, 4),
    QuestionKind.MULTIPLE: (4, 5),
    QuestionKind.ORDERING: (3, 5),
}
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class QuestionBankError(ValueError):
    """The question files have problems; nothing was written. `problems` name file and key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class BankSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    practical: int = 0
    tests_created: int = 0

    @property
    def questions(self) -> int:
        return self.created + self.updated + self.unchanged

    def line(self) -> str:
        return (
            f"{self.questions} questions ({self.created} created, {self.updated} new versions, "
            f"{self.unchanged} unchanged, {self.deactivated} withdrawn); {self.practical} practical tasks; "
            f"{self.tests_created} tests created"
        )


@dataclass
class _Question:
    key: str
    code: str
    level: int
    kind: str
    data: dict[str, Any]
    content_hash: str


def _hash(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _text(problems: list[str], where: str, data: dict[str, Any], key: str, limit: int = 1000) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: “{key}” is missing or not a text")
        return ""
    if len(value) > limit:
        problems.append(f"{where}: “{key}” is too long (at most {limit} characters)")
    return nfc(value.strip())


def _options(problems: list[str], where: str, kind: str, raw: Any, image_exists: Callable[[str], bool]) -> list[dict]:
    if kind == QuestionKind.TRUE_FALSE:
        if raw:
            problems.append(f"{where}: a true_false question has no “options” (use “answer: true|false”)")
        return []
    fewest, most = OPTION_COUNT[QuestionKind(kind)]
    if not isinstance(raw, list) or not fewest <= len(raw) <= most:
        problems.append(f"{where}: a {kind} question needs {fewest} to {most} options")
        return []
    options: list[dict[str, Any]] = []
    for i, option in enumerate(raw, start=1):
        at = f"{where}: option {i}"
        if not isinstance(option, dict):
            problems.append(f"{at}: must be a mapping such as {{text: ..., correct: false}}")
            continue
        allowed = {"text"} | ({"correct"} if kind != QuestionKind.ORDERING else set())
        allowed |= {"image"} if kind == QuestionKind.PICTURE else set()
        for extra in sorted(set(option) - allowed):
            problems.append(f"{at}: unknown key “{extra}” for a {kind} question")
        out: dict[str, Any] = {"text": _text(problems, at, option, "text", 300)}
        if kind != QuestionKind.ORDERING:
            if not isinstance(option.get("correct"), bool):
                problems.append(f"{at}: “correct” must be true or false")
            out["correct"] = option.get("correct") is True
        if kind == QuestionKind.PICTURE:
            image = option.get("image")
            if not isinstance(image, str) or not image.startswith("assessment/img/"):
                problems.append(f"{at}: “image” must be a static path assessment/img/<key>-<a|b|c>.svg")
            elif not image_exists(image):
                problems.append(f"{at}: the image “{image}” is not among the static files")
            out["image"] = image
        options.append(out)
    right = sum(1 for o in options if o.get("correct"))
    if kind in (QuestionKind.SINGLE, QuestionKind.PICTURE) and right != 1:
        problems.append(f"{where}: a {kind} question needs exactly one correct option (it has {right})")
    if kind == QuestionKind.MULTIPLE and right < 2:
        problems.append(f"{where}: a multiple question needs two or more correct options (it has {right})")
    return options


def _read_question(
    problems: list[str], name: str, code: str, raw: Any, i: int, image_exists: Callable[[str], bool]
) -> _Question | None:
    if not isinstance(raw, dict):
        problems.append(f"{name}: questions[{i}]: must be a mapping")
        return None
    key = raw.get("key")
    if not isinstance(key, str) or not KEY.match(key):
        problems.append(f"{name}: questions[{i}]: “key” must be small letters, digits and hyphens")
        return None
    where = f"{name}: question “{key}”"
    before = len(problems)
    for extra in sorted(set(raw) - QUESTION_KEYS):
        problems.append(f"{where}: unknown key “{extra}”")
    level = raw.get("level")
    if level not in LEVELS or isinstance(level, bool):
        problems.append(f"{where}: “level” must be 1, 2 or 3 (it is {level!r})")
    kind = raw.get("kind")
    if kind not in QuestionKind.values:
        problems.append(f"{where}: unknown kind {kind!r} (use {', '.join(QuestionKind.values)})")
        return None
    data: dict[str, Any] = {
        "prompt": _text(problems, where, raw, "prompt"),
        "options": _options(problems, where, kind, raw.get("options"), image_exists),
        "explanation": _text(problems, where, raw, "explanation"),
    }
    if kind == QuestionKind.TRUE_FALSE:
        if not isinstance(raw.get("answer"), bool):
            problems.append(f"{where}: a true_false question needs “answer: true” or “answer: false”")
        data["answer"] = raw.get("answer") is True
    elif "answer" in raw:
        problems.append(f"{where}: only true_false questions have “answer”")
    lessons = raw.get("lessons") or []
    if not isinstance(lessons, list) or not all(isinstance(s, str) for s in lessons):
        problems.append(f"{where}: “lessons” must be a list of lesson slugs")
        lessons = []
    data["lessons"] = lessons
    if len(problems) > before:
        return None
    return _Question(key, code, int(level or 0), kind, data, _hash({"level": level, "kind": kind, **data}))


def _read_practical(problems: list[str], name: str, raw: Any, i: int) -> dict[str, Any] | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("key"), str) or not KEY.match(raw["key"]):
        problems.append(f"{name}: practical[{i}]: must be a mapping with a “key” of small letters, digits, hyphens")
        return None
    where = f"{name}: practical task “{raw['key']}”"
    before = len(problems)
    for extra in sorted(set(raw) - PRACTICAL_KEYS):
        problems.append(f"{where}: unknown key “{extra}”")
    if raw.get("level") not in LEVELS:
        problems.append(f"{where}: “level” must be 1, 2 or 3")
    task = {
        "key": raw["key"],
        "level": raw.get("level"),
        "task": _text(problems, where, raw, "task"),
        "evidence_hint": _text(problems, where, raw, "evidence_hint"),
    }
    return task if len(problems) == before else None


def read_bank(
    root: Path, codes: set[str], image_exists: Callable[[str], bool] = static_image_exists
) -> tuple[list[_Question], list[dict[str, Any]]]:
    """Every question and practical task of the files under `root`, checked. Raises QuestionBankError."""
    problems: list[str] = []
    questions: list[_Question] = []
    tasks: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    paths = sorted(root.glob("*.yaml"))
    if not paths:
        problems.append(f"{root}: no question files (*.yaml)")
    for path in paths:
        name = path.name
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            problems.append(f"{name}: not valid YAML ({' '.join(str(exc).split())})")
            continue
        if not isinstance(data, dict):
            problems.append(f"{name}: must be a mapping with “competency” and “questions”")
            continue
        for extra in sorted(set(data) - FILE_KEYS):
            problems.append(f"{name}: unknown key “{extra}”")
        code = data.get("competency")
        if code != path.stem:
            problems.append(f"{name}: competency “{code}” differs from the file name “{path.stem}”")
            continue
        if code not in codes:
            problems.append(f"{name}: unknown competency code “{code}” (not in the published framework basic-757)")
            continue
        raw_questions = data.get("questions")
        if not isinstance(raw_questions, list) or not raw_questions:
            problems.append(f"{name}: “questions” must be a non-empty list")
            raw_questions = []
        found = [_read_question(problems, name, code, q, i, image_exists) for i, q in enumerate(raw_questions, 1)]
        found_tasks = [_read_practical(problems, name, t, i) for i, t in enumerate(data.get("practical") or [], 1)]
        for key in [q.key for q in found if q] + [t["key"] for t in found_tasks if t]:
            if key in seen:
                problems.append(f"{name}: key “{key}” is used twice (also in {seen[key]})")
            seen[key] = name
        questions += [q for q in found if q]
        tasks += [{**t, "code": code} for t in found_tasks if t]
    if problems:
        raise QuestionBankError(problems)
    return questions, tasks


def load_questions(
    root: Path = QUESTIONS_DIR, *, image_exists: Callable[[str], bool] = static_image_exists
) -> BankSummary:
    version = basic_framework_version()
    if version is None:
        raise QuestionBankError(["framework basic-757 has no published version: load the frameworks first"])
    competencies = {c.code: c for c in Competency.objects.filter(version=version)}
    questions, tasks = read_bank(root, set(competencies), image_exists)
    summary = BankSummary()
    with transaction.atomic():
        _write_questions(questions, competencies, summary)
        _write_tasks(tasks, competencies, summary)
        summary.tests_created = ensure_default_tests(version)
    return summary


def _write_questions(found: list[_Question], competencies: dict[str, Competency], summary: BankSummary) -> None:
    existing = {q.key: q for q in Question.objects.all()}
    current = {
        (qv.question_id, qv.number): qv.content_hash
        for qv in QuestionVersion.objects.only("question_id", "number", "content_hash")
    }
    top = dict(QuestionVersion.objects.values("question_id").annotate(n=Max("number")).values_list("question_id", "n"))
    for f in found:
        fields = {
            "competency_code": f.code,
            "competency": competencies[f.code],
            "level": f.level,
            "kind": f.kind,
            "is_active": True,
        }
        question = existing.get(f.key)
        if question is None:
            question = Question.objects.create(key=f.key, current_version=1, **fields)
            QuestionVersion.objects.create(question=question, number=1, content_hash=f.content_hash, data=f.data)
            summary.created += 1
            continue
        changed = [k for k, v in fields.items() if getattr(question, k) != v]
        if current.get((question.pk, question.current_version)) == f.content_hash:
            summary.unchanged += 1
        else:
            number = top.get(question.pk, 0) + 1
            QuestionVersion.objects.create(question=question, number=number, content_hash=f.content_hash, data=f.data)
            question.current_version = number
            changed.append("current_version")
            summary.updated += 1
        for k in changed:
            if k != "current_version":
                setattr(question, k, fields[k])
        if changed:
            question.save(update_fields=changed)
    keys = {f.key for f in found}
    summary.deactivated = Question.objects.filter(is_active=True).exclude(key__in=keys).update(is_active=False)


def _write_tasks(tasks: list[dict[str, Any]], competencies: dict[str, Competency], summary: BankSummary) -> None:
    for t in tasks:
        PracticalTask.objects.update_or_create(
            key=t["key"],
            defaults={
                "competency_code": t["code"],
                "competency": competencies[t["code"]],
                "level": t["level"],
                "task": t["task"],
                "evidence_hint": t["evidence_hint"],
                "content_hash": _hash(t),
            },
        )
        summary.practical += 1


def ensure_default_tests(version: FrameworkVersion) -> int:
    """When missing, with our defaults (constants.py): the certification and the placement test of each
    rule group of `version`, and the quiz of each module whose lessons have questions. Returns how many
    were created; existing tests (maybe edited in the back office) are left as they are."""
    created = 0
    name = f"{version.framework.name} v{version.number}"
    for group in GroupRule.objects.filter(version=version).values_list("group", flat=True):
        label = RuleGroup(group).label if group in RuleGroup.values else group
        _test, made = TestDefinition.objects.get_or_create(
            version=version,
            kind=TestKind.CERTIFICATION,
            group=group,
            defaults={"title": f"{name}: {label}"},
        )
        created += int(made)
        _test, made = TestDefinition.objects.get_or_create(
            version=version,
            kind=TestKind.PLACEMENT,
            group=group,
            defaults={
                "title": f"{name}: {label} (placement)",
                "questions_per_competency": PLACEMENT_QUESTIONS_PER_COMPETENCY,
                "max_question_level": PLACEMENT_LEVEL,
                "pass_percent": PLACEMENT_PASS_PERCENT,
                "time_limit_minutes": None,
                "max_attempts": PLACEMENT_MAX_ATTEMPTS,
                "cooldown_hours": 0,
            },
        )
        created += int(made)
    for module in modules_with_lessons():
        if TestDefinition.objects.filter(version=version, kind=TestKind.MODULE_QUIZ, module=module).exists():
            continue
        quiz = TestDefinition(
            version=version,
            kind=TestKind.MODULE_QUIZ,
            group="",
            module=module,
            title=f"{module.course.title}: {module.title}",
            question_count=QUIZ_QUESTION_COUNT,
            pass_percent=QUIZ_PASS_PERCENT,
            time_limit_minutes=None,
            max_attempts=UNLIMITED_ATTEMPTS,
            cooldown_hours=0,
        )
        if required_levels(quiz):
            quiz.save()
            created += 1
    return created
