"""A small published course and framework for the learner tests, independent of the real content files.

Framework basic-757 v1 with three competencies; citizens must reach CB-1.1 and CB-5.1 at level 1,
public-sector staff also CB-2.2 at level 2. Course "test-basics": two modules, five lessons, one of
them with a machine-drafted Khmer text, one with a draft only (never shown to learners).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from hocvuso.framework.constants import BASIC_757, RuleGroup, VersionStatus
from hocvuso.framework.models import Competency, Domain, Framework, FrameworkVersion, GroupRule, RuleRequirement
from hocvuso.learning.constants import LessonStatus
from hocvuso.learning.models import Course, Lesson, LessonText, LessonVersion, Module

KM_TITLE = "ជំហានដំបូងជាមួយទូរស័ព្ទ"


@dataclass
class SmallCourse:
    course: Course
    phone: Lesson  # CB-1.1, level 1, Vietnamese and Khmer (needs review)
    wifi: Lesson  # CB-1.1, level 1, Vietnamese only
    scam: Lesson  # CB-5.1, level 1
    portal: Lesson  # CB-2.2, level 2 (public-sector staff only)
    draft_only: Lesson  # no published version
    competencies: dict[str, Competency]


def _blocks(title: str) -> list[dict[str, Any]]:
    return [
        {"type": "paragraph", "text": f"Bài này giúp bạn {title.lower()}. Chữ **đậm** và <b>không phải HTML</b>."},
        {"type": "heading", "text": "Các bước"},
        {"type": "steps", "items": ["Mở điện thoại.", "Chạm vào **Cài đặt**.", "Làm theo hướng dẫn."]},
        {"type": "bullets", "items": ["Một ý.", "Ý khác."]},
        {"type": "tip", "text": "Nhờ con cháu giúp khi cần."},
        {"type": "warning", "text": "Không đưa mã OTP cho ai."},
    ]


def _lesson(module: Module, slug: str, order: int, level: int, codes: list[Competency], title: str) -> Lesson:
    lesson = Lesson.objects.create(module=module, slug=slug, order=order, level=level, minutes=4)
    lesson.competencies.set(codes)
    version = LessonVersion.objects.create(
        lesson=lesson, number=1, status=LessonStatus.PUBLISHED, published_at=timezone.now()
    )
    LessonText.objects.create(
        version=version, language="vi", title=title, summary=f"Tóm tắt: {title}.", blocks=_blocks(title)
    )
    lesson.published = version
    lesson.save(update_fields=["published"])
    return lesson


def build_small_course() -> SmallCourse:
    framework, _ = Framework.objects.get_or_create(slug=BASIC_757, defaults={"name": "Kỹ năng số cơ bản"})
    version = FrameworkVersion.objects.create(
        framework=framework, number=99, status=VersionStatus.PUBLISHED, published_at=timezone.now()
    )
    domain = Domain.objects.create(version=version, code="CB-1", name="Thiết bị", order=1)
    domain5 = Domain.objects.create(version=version, code="CB-5", name="An toàn", order=5)
    domain2 = Domain.objects.create(version=version, code="CB-2", name="Dịch vụ công", order=2)
    comps = {
        "CB-1.1": Competency.objects.create(
            version=version,
            domain=domain,
            code="CB-1.1",
            name="Sử dụng điện thoại thông minh",
            name_translations={"en": "Using a smartphone"},
            order=1,
        ),
        "CB-2.2": Competency.objects.create(
            version=version,
            domain=domain2,
            code="CB-2.2",
            name="Dịch vụ công trực tuyến",
            name_translations={"en": "Online public services"},
            order=2,
        ),
        "CB-5.1": Competency.objects.create(
            version=version,
            domain=domain5,
            code="CB-5.1",
            name="Nhận biết lừa đảo trực tuyến",
            name_translations={"en": "Spotting online scams"},
            order=1,
        ),
    }
    citizen = GroupRule.objects.create(version=version, group=RuleGroup.CITIZEN)
    staff = GroupRule.objects.create(version=version, group=RuleGroup.PUBLIC_SECTOR_STAFF)
    for rule, codes in ((citizen, {"CB-1.1": 1, "CB-5.1": 1}), (staff, {"CB-1.1": 1, "CB-5.1": 1, "CB-2.2": 2})):
        for code, level in codes.items():
            RuleRequirement.objects.create(rule=rule, competency=comps[code], min_level=level)

    course = Course.objects.create(slug="test-basics", title="Kỹ năng số thử nghiệm", description="Khóa thử.")
    first = Module.objects.create(course=course, slug="phone", title="Điện thoại", order=1)
    second = Module.objects.create(course=course, slug="safety", title="An toàn", order=2)
    phone = _lesson(first, "t-phone-first-steps", 1, 1, [comps["CB-1.1"]], "Làm quen điện thoại")
    LessonText.objects.create(
        version=phone.published,
        language="km",
        title=KM_TITLE,
        summary="មេរៀននេះជួយអ្នក។",
        blocks=[{"type": "paragraph", "text": "បើកទូរស័ព្ទ ហើយចុច **ការកំណត់**។"}],
        needs_review=True,
    )
    wifi = _lesson(first, "t-connect-wifi", 2, 1, [comps["CB-1.1"]], "Kết nối Wi-Fi")
    portal = _lesson(first, "t-public-portal", 3, 2, [comps["CB-2.2"]], "Vào Cổng dịch vụ công")
    scam = _lesson(second, "t-fake-police-call", 1, 1, [comps["CB-5.1"]], "Cuộc gọi giả công an")
    draft_only = Lesson.objects.create(module=second, slug="t-draft-only", order=2, level=1)
    draft = LessonVersion.objects.create(lesson=draft_only, number=1, status=LessonStatus.DRAFT)
    LessonText.objects.create(version=draft, language="vi", title="Bài nháp chưa xuất bản", blocks=[])
    return SmallCourse(course, phone, wifi, scam, portal, draft_only, comps)
