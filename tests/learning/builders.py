"""Small learning worlds for tests: a basic-757 framework, lessons, content directories.

The real frameworks and content are loaded by the `content` fixture (tests/conftest.py); these
builders make tests that do not depend on what the content writers have written so far.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.utils import timezone

from hocvuso.framework.constants import BASIC_757, RuleGroup, VersionStatus
from hocvuso.framework.models import (
    Competency,
    Domain,
    Framework,
    FrameworkVersion,
    GroupRule,
    ProficiencyLevel,
    RuleRequirement,
)
from hocvuso.learning.constants import LessonStatus
from hocvuso.learning.models import Course, Lesson, LessonText, LessonVersion, Module

CODES = (
    "CB-1.1",
    "CB-1.2",
    "CB-1.3",
    "CB-2.1",
    "CB-2.2",
    "CB-2.3",
    "CB-3.1",
    "CB-3.2",
    "CB-4.1",
    "CB-4.2",
    "CB-4.3",
    "CB-5.1",
    "CB-5.2",
    "CB-5.3",
    "CB-6.1",
)
RULES: dict[str, dict[str, int]] = {
    RuleGroup.CITIZEN: {"CB-1.1": 1, "CB-3.1": 1, "CB-5.1": 1},
    RuleGroup.PUBLIC_SECTOR_STAFF: {"CB-2.2": 2, "CB-5.2": 1},
    RuleGroup.PUPIL_STUDENT: {"CB-4.2": 1, "CB-1.1": 2},
    RuleGroup.WORKER: {"CB-3.2": 1},
}
PARAGRAPH = {"type": "paragraph", "text": "Mở ứng dụng ngân hàng."}


def basic_framework(rules: dict[str, dict[str, int]] | None = None) -> FrameworkVersion:
    """A published basic-757 version with the 15 citizen competencies and a small rule per group."""
    framework = Framework.objects.create(slug=BASIC_757, name="Khung kỹ năng số cơ bản")
    version = FrameworkVersion.objects.create(
        framework=framework, number=1, status=VersionStatus.PUBLISHED, published_at=timezone.now()
    )
    for n in (1, 2, 3):
        ProficiencyLevel.objects.create(version=version, number=n, name=f"Mức {n}")
    domains: dict[str, Domain] = {}
    competencies: dict[str, Competency] = {}
    for order, code in enumerate(CODES):
        prefix = code.split(".")[0]
        if prefix not in domains:
            domains[prefix] = Domain.objects.create(version=version, code=prefix, name=prefix, order=len(domains))
        competencies[code] = Competency.objects.create(
            version=version, domain=domains[prefix], code=code, name=f"Kỹ năng {code}", order=order
        )
    for group, requirements in (RULES if rules is None else rules).items():
        rule = GroupRule.objects.create(version=version, group=group)
        for code, level in requirements.items():
            RuleRequirement.objects.create(rule=rule, competency=competencies[code], min_level=level)
    return version


def module(course_slug: str = "citizen-basics", slug: str = "cashless") -> Module:
    course, _ = Course.objects.get_or_create(slug=course_slug, defaults={"title": "Kỹ năng số cơ bản"})
    found, _ = Module.objects.get_or_create(course=course, slug=slug, defaults={"title": "Không dùng tiền mặt"})
    return found


def lesson(
    slug: str,
    *,
    codes: tuple[str, ...] = ("CB-3.1",),
    level: int = 1,
    texts: dict[str, str] | None = None,
    where: Module | None = None,
    order: int = 0,
) -> Lesson:
    """A published lesson (version 1) mapped to `codes`; `texts` maps language to title (vi by default)."""
    made = Lesson.objects.create(module=where or module(), slug=slug, level=level, order=order)
    made.competencies.set(Competency.objects.filter(version__framework__slug=BASIC_757, code__in=codes))
    version = LessonVersion.objects.create(
        lesson=made, number=1, status=LessonStatus.PUBLISHED, published_at=timezone.now()
    )
    for language, title in (texts or {"vi": f"Bài {slug}"}).items():
        LessonText.objects.create(version=version, language=language, title=title, blocks=[PARAGRAPH])
    made.published = version
    made.save(update_fields=["published"])
    return made


# Content directories (YAML) ---------------------------------------------------------------------


def lesson_data(slug: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": slug,
        "level": 1,
        "minutes": 5,
        "competencies": ["CB-3.1"],
        "translations": {
            "vi": {
                "title": f"Bài học {slug}",
                "summary": "Một câu.",
                "blocks": [
                    {"type": "heading", "text": "Các bước"},
                    {"type": "steps", "items": ["Mở ứng dụng", "Chọn **Quét QR**"]},
                ],
            }
        },
    }
    data.update(overrides)
    return data


def write_content(
    root: Path,
    lessons: dict[str, dict[str, Any]],
    library: dict[str, dict[str, Any]] | None = None,
    modules: dict[str, list[str]] | None = None,
) -> Path:
    """A content directory like learning/content/: courses.yaml listing the lessons, one file each."""
    (root / "lessons").mkdir(parents=True, exist_ok=True)
    (root / "library").mkdir(exist_ok=True)
    modules = modules if modules is not None else {"cashless": list(lessons)}
    courses = {
        "courses": [
            {
                "slug": "citizen-basics",
                "title": "Kỹ năng số cơ bản cho người dân",
                "target_groups": ["adult"],
                "translations": {"en": {"title": "Basic digital skills"}},
                "modules": [{"slug": m, "title": f"Mô-đun {m}", "lessons": slugs} for m, slugs in modules.items()],
            }
        ]
    }
    (root / "courses.yaml").write_text(yaml.safe_dump(courses, allow_unicode=True), encoding="utf-8")
    for name, data in lessons.items():
        (root / "lessons" / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for name, data in (library or {}).items():
        (root / "library" / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return root
