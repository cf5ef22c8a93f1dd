"""Load courses, lessons and library documents from learning/content/ (docs/content-format.md).

Everything is read and checked first; a problem anywhere stops the run before any write, with a
message naming the file and the key. Then one transaction writes what changed. A lesson file whose
content hash equals that of the last version loaded from a file does nothing; a changed file becomes
a new published version and the previous one is archived (never modified), so learners' progress
keeps the version number they read. Versions made in the province's editor are not overwritten by
an unchanged file.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from hocvuso.framework.models import Competency
from hocvuso.learning.blocks import BlockError, clean_blocks, static_image_exists
from hocvuso.learning.constants import BASE_LANGUAGE, CONTENT_LANGUAGES, DocumentKind, LessonStatus
from hocvuso.learning.models import Course, Lesson, LessonText, LessonVersion, LibraryDocument, Module
from hocvuso.learning.selectors import basic_framework_version
from hocvuso.learning.services import library_search_text
from hocvuso.lib.text import fold, nfc
from hocvuso.people.constants import TargetGroup

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LESSON_KEYS = frozenset({"slug", "level", "minutes", "competencies", "translations"})
TEXT_KEYS = frozenset({"title", "summary", "blocks", "needs_review"})
LIBRARY_KEYS = frozenset(
    {
        "slug",
        "title",
        "summary",
        "kind",
        "language",
        "publisher",
        "issued_on",
        "keywords",
        "licence",
        "url",
        "competencies",
        "body",
    }
)
LEVELS = (1, 2, 3)  # Decision 757: cơ bản, thành thạo, hướng dẫn được người khác


class ContentError(ValueError):
    """The content files have problems; nothing was written. `problems` name file and key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadSummary:
    courses: int = 0
    modules: int = 0
    lessons_created: int = 0
    lessons_updated: int = 0
    lessons_unchanged: int = 0
    lessons_without_file: list[str] = field(default_factory=list)
    library_created: int = 0
    library_updated: int = 0
    library_unchanged: int = 0

    @property
    def library_documents(self) -> int:
        return self.library_created + self.library_updated + self.library_unchanged

    def line(self) -> str:
        text = (
            f"{self.courses} courses, {self.modules} modules; lessons: {self.lessons_created} created, "
            f"{self.lessons_updated} updated, {self.lessons_unchanged} unchanged; library documents: "
            f"{self.library_documents} ({self.library_created} created, {self.library_updated} updated)"
        )
        if self.lessons_without_file:
            text += f"; listed without a file yet: {', '.join(self.lessons_without_file)}"
        return text


@dataclass
class _Placement:
    module_key: tuple[str, str]  # (course slug, module slug)
    order: int


@dataclass
class _LessonFile:
    slug: str
    level: int
    minutes: int
    codes: list[str]
    texts: dict[str, dict[str, Any]]  # language -> title, summary, blocks, needs_review
    content_hash: str
    name: str


# libyaml when installed: the pure-Python parser takes seconds for the 33 lessons.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=512)
def _parse(path: Path, mtime_ns: int, size: int) -> Any:
    """A file's data, parsed once per version of the file (tests load the content many times)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader


class _Checker:
    def __init__(self, root: Path, codes: set[str], image_exists: Callable[[str], bool]) -> None:
        self.root = root
        self.codes = codes
        self.image_exists = image_exists
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def read(self, path: Path) -> Any:
        name = str(path.relative_to(self.root))
        try:
            stat = path.stat()
            return copy.deepcopy(_parse(path, stat.st_mtime_ns, stat.st_size))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            self.problem(name, f"not valid YAML ({' '.join(str(exc).split())})")
            return None

    def text(self, where: str, data: dict[str, Any], key: str, *, required: bool = False, limit: int = 300) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.problem(where, f"“{key}” is missing")
            return ""
        if not isinstance(value, str | int | float):
            self.problem(where, f"“{key}” must be a text")
            return ""
        text = nfc(str(value))
        if len(text) > limit:
            self.problem(where, f"“{key}” is too long (at most {limit} characters)")
        return text

    def competency_codes(self, where: str, value: Any, *, required: bool) -> list[str]:
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
            self.problem(where, "“competencies” must be a list of competency codes such as [CB-3.1]")
            return []
        if required and not value:
            self.problem(where, "“competencies” is empty: name at least one code of framework basic-757")
        for code in value:
            if code not in self.codes:
                self.problem(where, f"unknown competency code “{code}” (not in the published framework basic-757)")
        return [c for c in value if c in self.codes]

    def translations(self, where: str, value: Any) -> dict[str, dict[str, Any]]:
        if not isinstance(value, dict):
            self.problem(where, "“translations” must map languages (vi, km, en) to texts")
            return {}
        if BASE_LANGUAGE not in value:
            self.problem(where, "translations.vi is missing: every lesson is written in Vietnamese first")
        texts: dict[str, dict[str, Any]] = {}
        for language, text in value.items():
            at = f"{where}: translations.{language}"
            if language not in CONTENT_LANGUAGES:
                self.problems.append(f"{at}: unknown language (use {', '.join(CONTENT_LANGUAGES)})")
                continue
            if not isinstance(text, dict):
                self.problems.append(f"{at}: must be a mapping with title, summary and blocks")
                continue
            for key in sorted(set(text) - TEXT_KEYS):
                self.problems.append(f"{at}: unknown key “{key}”")
            title = self.text(at, text, "title", required=True, limit=200)
            summary = self.text(at, text, "summary", limit=1000)
            needs_review = text.get("needs_review", False)
            if not isinstance(needs_review, bool):
                self.problems.append(f"{at}.needs_review: must be true or false")
            try:
                blocks = clean_blocks(text.get("blocks"), self.image_exists)
            except BlockError as exc:
                self.problems.extend(f"{at}.blocks: {p}" for p in exc.problems)
                continue
            if not blocks:
                self.problems.append(f"{at}.blocks: the lesson has no blocks")
            texts[language] = {
                "title": title,
                "summary": summary,
                "blocks": blocks,
                "needs_review": needs_review is True,
            }
        return texts


def _hash(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _read_courses(check: _Checker) -> tuple[list[dict[str, Any]], dict[str, _Placement]]:
    path = check.root / "courses.yaml"
    name = "courses.yaml"
    if not path.exists():
        check.problem(name, "the file is missing")
        return [], {}
    data = check.read(path)
    if data is None:
        return [], {}
    raw = data.get("courses") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        check.problem(name, "must have a list “courses”")
        return [], {}
    courses: list[dict[str, Any]] = []
    placements: dict[str, _Placement] = {}
    for i, course in enumerate(raw, start=1):
        where = f"{name}: courses[{i}]"
        if not isinstance(course, dict):
            check.problem(where, "must be a mapping")
            continue
        slug = check.text(where, course, "slug", required=True, limit=80)
        where = f"{name}: course “{slug or i}”"
        groups = course.get("target_groups") or []
        if not isinstance(groups, list) or any(g not in TargetGroup.values for g in groups):
            check.problem(where, f"“target_groups” must be a list of {', '.join(TargetGroup.values)}")
            groups = []
        modules = []
        for j, module in enumerate(course.get("modules") or [], start=1):
            at = f"{where}: modules[{j}]"
            if not isinstance(module, dict):
                check.problem(at, "must be a mapping")
                continue
            module_slug = check.text(at, module, "slug", required=True, limit=80)
            at = f"{where}: module “{module_slug or j}”"
            lessons = module.get("lessons") or []
            if not isinstance(lessons, list) or not all(isinstance(s, str) for s in lessons):
                check.problem(at, "“lessons” must be a list of lesson slugs")
                lessons = []
            for order, lesson in enumerate(lessons, start=1):
                if lesson in placements:
                    check.problem(at, f"lesson “{lesson}” is listed twice")
                placements[lesson] = _Placement((slug, module_slug), order)
            modules.append(
                {
                    "slug": module_slug,
                    "title": check.text(at, module, "title", required=True, limit=200),
                    "translations": _translations(check, at, module.get("translations"), ("title",)),
                    "order": j,
                }
            )
        courses.append(
            {
                "slug": slug,
                "title": check.text(where, course, "title", required=True, limit=200),
                "description": check.text(where, course, "description", limit=2000),
                "target_groups": groups,
                "translations": _translations(check, where, course.get("translations"), ("title", "description")),
                "order": i,
                "modules": modules,
            }
        )
    return courses, placements


def _translations(check: _Checker, where: str, value: Any, keys: tuple[str, ...]) -> dict[str, dict[str, str]]:
    if not value:
        return {}
    if not isinstance(value, dict):
        check.problem(where, "“translations” must map languages to texts")
        return {}
    out: dict[str, dict[str, str]] = {}
    for language, texts in value.items():
        at = f"{where}: translations.{language}"
        if language not in CONTENT_LANGUAGES or language == BASE_LANGUAGE:
            check.problem(at, f"unknown language (use {', '.join(CONTENT_LANGUAGES[1:])})")
            continue
        if not isinstance(texts, dict):
            check.problem(at, "must be a mapping")
            continue
        out[language] = {k: check.text(at, texts, k, limit=2000) for k in keys if texts.get(k)}
    return out


def _read_lesson(check: _Checker, path: Path) -> _LessonFile | None:
    name = str(path.relative_to(check.root))
    data = check.read(path)
    if data is None:
        return None
    if not isinstance(data, dict):
        check.problem(name, "must be a mapping with slug, level, minutes, competencies, translations")
        return None
    before = len(check.problems)
    for key in sorted(set(data) - LESSON_KEYS):
        check.problem(name, f"unknown key “{key}”")
    slug = data.get("slug")
    if slug != path.stem:
        check.problem(name, f"slug “{slug}” differs from the file name “{path.stem}”")
    level = data.get("level")
    if level not in LEVELS:
        check.problem(name, f"“level” must be 1, 2 or 3 (it is {level!r})")
    minutes = data.get("minutes", 5)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 120:
        check.problem(name, f"“minutes” must be a whole number from 1 to 120 (it is {minutes!r})")
    codes = check.competency_codes(name, data.get("competencies"), required=True)
    texts = check.translations(name, data.get("translations"))
    if len(check.problems) > before:
        return None
    return _LessonFile(
        slug=path.stem,
        level=int(level),  # type: ignore[arg-type]
        minutes=minutes,
        codes=codes,
        texts=texts,
        content_hash=_hash(data),
        name=name,
    )


def _read_document(check: _Checker, path: Path) -> dict[str, Any] | None:
    name = str(path.relative_to(check.root))
    data = check.read(path)
    if data is None:
        return None
    if not isinstance(data, dict):
        check.problem(name, "must be a mapping")
        return None
    before = len(check.problems)
    for key in sorted(set(data) - LIBRARY_KEYS):
        check.problem(name, f"unknown key “{key}”")
    if data.get("slug") != path.stem:
        check.problem(name, f"slug “{data.get('slug')}” differs from the file name “{path.stem}”")
    kind = data.get("kind", DocumentKind.GUIDE)
    if kind not in DocumentKind.values:
        check.problem(name, f"unknown kind “{kind}” (use {', '.join(DocumentKind.values)})")
    language = data.get("language", BASE_LANGUAGE)
    if language not in CONTENT_LANGUAGES:
        check.problem(name, f"unknown language “{language}”")
    issued_on = data.get("issued_on")
    if issued_on is not None and not isinstance(issued_on, date):
        check.problem(name, "“issued_on” must be a date written as YYYY-MM-DD")
        issued_on = None
    url = check.text(name, data, "url", limit=200)
    if url and not url.startswith(("https://", "http://")):
        check.problem(name, "“url” must start with https://")
    keywords = data.get("keywords") or ""
    if isinstance(keywords, list):
        keywords = ", ".join(str(k) for k in keywords)
    doc = {
        "slug": path.stem,
        "title": check.text(name, data, "title", required=True, limit=300),
        "summary": check.text(name, data, "summary", limit=3000),
        "kind": kind,
        "language": language,
        "publisher": check.text(name, data, "publisher", limit=200),
        "issued_on": issued_on,
        "keywords": check.text(name, {"keywords": keywords}, "keywords", limit=300),
        "licence": check.text(name, data, "licence", limit=100),
        "url": url,
        "body": (data.get("body") or "").strip() if isinstance(data.get("body") or "", str) else "",
        "codes": check.competency_codes(name, data.get("competencies"), required=False),
    }
    if len(check.problems) > before:
        return None
    return doc


def load_content(root: Path = CONTENT_DIR, *, image_exists: Callable[[str], bool] = static_image_exists) -> LoadSummary:
    """Check every content file, then write what changed in one transaction. Raises ContentError."""
    version = basic_framework_version()
    if version is None:
        raise ContentError(["framework basic-757 has no published version: load the frameworks first"])
    competencies = {c.code: c for c in Competency.objects.filter(version=version)}
    check = _Checker(root, set(competencies), image_exists)
    courses, placements = _read_courses(check)
    lessons: list[_LessonFile] = []
    for path in sorted((root / "lessons").glob("*.yaml")):
        lesson = _read_lesson(check, path)
        if lesson is None:
            continue
        if lesson.slug not in placements:
            check.problem(lesson.name, "the lesson is not listed in any module of courses.yaml")
            continue
        lessons.append(lesson)
    documents = [d for p in sorted((root / "library").glob("*.yaml")) if (d := _read_document(check, p))]
    if check.problems:
        raise ContentError(check.problems)
    with transaction.atomic():
        summary = LoadSummary()
        modules = _write_courses(courses, summary)
        found = {lesson.slug for lesson in lessons}
        summary.lessons_without_file = [s for s in placements if s not in found]
        _write_lessons(lessons, placements, modules, competencies, summary)
        _write_documents(documents, competencies, summary)
    return summary


def _write_courses(courses: list[dict[str, Any]], summary: LoadSummary) -> dict[tuple[str, str], Module]:
    modules: dict[tuple[str, str], Module] = {}
    for data in courses:
        course, _created = Course.objects.update_or_create(
            slug=data["slug"],
            defaults={k: data[k] for k in ("title", "description", "target_groups", "translations", "order")},
        )
        summary.courses += 1
        for m in data["modules"]:
            module, _created = Module.objects.update_or_create(
                course=course,
                slug=m["slug"],
                defaults={"title": m["title"], "translations": m["translations"], "order": m["order"]},
            )
            modules[(course.slug, module.slug)] = module
            summary.modules += 1
    return modules


def _write_lessons(
    files: list[_LessonFile],
    placements: dict[str, _Placement],
    modules: dict[tuple[str, str], Module],
    competencies: dict[str, Competency],
    summary: LoadSummary,
) -> None:
    existing = {lesson.slug: lesson for lesson in Lesson.objects.filter(slug__in=[f.slug for f in files])}
    last_loaded: dict[int, tuple[int, str]] = {}  # lesson id -> (number, hash) of the last version loaded from a file
    top: dict[int, int] = {}
    for lesson_id, number, content_hash in LessonVersion.objects.filter(lesson__in=existing.values()).values_list(
        "lesson_id", "number", "content_hash"
    ):
        top[lesson_id] = max(top.get(lesson_id, 0), number)
        if content_hash and number > last_loaded.get(lesson_id, (0, ""))[0]:
            last_loaded[lesson_id] = (number, content_hash)
    now = timezone.now()
    for f in files:
        place = placements[f.slug]
        module = modules[place.module_key]
        lesson = existing.get(f.slug)
        fields = {"module": module, "order": place.order, "level": f.level, "minutes": f.minutes}
        if lesson is None:
            lesson = Lesson.objects.create(slug=f.slug, **fields)
        elif any(getattr(lesson, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(lesson, k, v)
            lesson.save(update_fields=list(fields))
        wanted = {competencies[c].pk for c in f.codes}
        if lesson.pk not in top or set(lesson.competencies.values_list("pk", flat=True)) != wanted:
            lesson.competencies.set(wanted)
        if lesson.pk in last_loaded and last_loaded[lesson.pk][1] == f.content_hash:
            summary.lessons_unchanged += 1
            continue
        if lesson.pk in top:
            summary.lessons_updated += 1
        else:
            summary.lessons_created += 1
        LessonVersion.objects.filter(lesson=lesson, status=LessonStatus.PUBLISHED).update(status=LessonStatus.ARCHIVED)
        version = LessonVersion.objects.create(
            lesson=lesson,
            number=top.get(lesson.pk, 0) + 1,
            status=LessonStatus.PUBLISHED,
            change_note=f"loaded from {f.name}",
            content_hash=f.content_hash,
            published_at=now,
        )
        LessonText.objects.bulk_create(
            LessonText(version=version, language=language, **text) for language, text in f.texts.items()
        )
        lesson.published = version
        lesson.save(update_fields=["published"])


def _write_documents(docs: list[dict[str, Any]], competencies: dict[str, Competency], summary: LoadSummary) -> None:
    existing = {d.slug: d for d in LibraryDocument.objects.filter(slug__in=[d["slug"] for d in docs])}
    for data in docs:
        codes = data.pop("codes")
        doc = existing.get(data["slug"]) or LibraryDocument(slug=data["slug"])
        created = doc.pk is None
        changed = [k for k, v in data.items() if getattr(doc, k) != v]
        for k in changed:
            setattr(doc, k, data[k])
        doc.title_folded = fold(doc.title)
        doc.search_text = library_search_text(doc)
        if created:
            doc.save()
        elif changed:
            doc.save(update_fields=[*changed, "title_folded", "search_text"])
        wanted = {competencies[c].pk for c in codes}
        if created or set(doc.competencies.values_list("pk", flat=True)) != wanted:
            doc.competencies.set(wanted)
        if created:
            summary.library_created += 1
        elif changed:
            summary.library_updated += 1
        else:
            summary.library_unchanged += 1
