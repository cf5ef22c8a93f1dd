"""Loading the shipped frameworks: what is in them, and loading again changes nothing."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from hocvuso.framework.constants import BASIC_757, DIGCOMP_22, LEARNERS_TT02, RuleGroup, VersionStatus
from hocvuso.framework.models import (
    Competency,
    CompetencyMapping,
    Domain,
    Framework,
    FrameworkVersion,
    GroupRule,
    ProficiencyLevel,
    RuleRequirement,
)
from hocvuso.framework.services import DATA_DIR, load_all, load_framework_file

# The codes lesson and library files refer to (docs/content-format.md).
LESSON_CODES = {
    "CB-1.1": "Sử dụng điện thoại thông minh",
    "CB-1.2": "Kết nối Internet (Wi-Fi, dữ liệu di động)",
    "CB-1.3": "Cài đặt, cập nhật ứng dụng an toàn",
    "CB-2.1": "Định danh điện tử VNeID (mức độ 2)",
    "CB-2.2": "Dịch vụ công trực tuyến",
    "CB-2.3": "Phản ánh, kiến nghị trực tuyến",
    "CB-3.1": "Thanh toán không dùng tiền mặt, ứng dụng ngân hàng, VietQR",
    "CB-3.2": "Mua bán trực tuyến, thương mại điện tử, mô hình 4T",
    "CB-4.1": "Nhắn tin, gọi video",
    "CB-4.2": "Tìm kiếm và đánh giá thông tin, nhận biết tin giả",
    "CB-4.3": "Sử dụng trợ lý AI an toàn",
    "CB-5.1": "Nhận biết lừa đảo trực tuyến",
    "CB-5.2": "Mật khẩu, mã OTP, bảo vệ tài khoản",
    "CB-5.3": "Bảo vệ dữ liệu cá nhân",
    "CB-6.1": "Sức khỏe điện tử",
}


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (
            Framework,
            FrameworkVersion,
            ProficiencyLevel,
            Domain,
            Competency,
            GroupRule,
            RuleRequirement,
            CompetencyMapping,
        )
    )


def test_the_three_frameworks_load_as_published_version_1(frameworks):
    assert set(frameworks) == {BASIC_757, LEARNERS_TT02, DIGCOMP_22}
    for version in frameworks.values():
        assert version.number == 1
        assert version.status == VersionStatus.PUBLISHED
        assert version.published_at is not None
        assert len(version.content_hash) == 64
        assert version.notes  # each file says what is official and what is ours


def test_basic_757_has_every_code_the_lessons_use_with_its_name(frameworks):
    names = dict(Competency.objects.filter(version=frameworks[BASIC_757]).values_list("code", "name"))
    for code, name in LESSON_CODES.items():
        assert names[code].startswith(name), code


def test_basic_757_has_three_levels_and_competencies_for_staff_and_workers(frameworks):
    version = frameworks[BASIC_757]
    assert list(version.levels.values_list("number", "name")) == [
        (1, "Cơ bản"),
        (2, "Thành thạo"),
        (3, "Hướng dẫn được người khác"),
    ]
    codes = set(version.competencies.values_list("code", flat=True))
    assert {"CB-7.1", "CB-7.2", "CB-7.4", "CB-8.1", "CB-8.2"} <= codes
    assert all(re.fullmatch(r"CB-\d\.\d", code) for code in codes)
    # every competency sits in the domain its code names
    for c in version.competencies.select_related("domain"):
        assert c.code.startswith(c.domain.code + ".")


def test_basic_757_top_level_names_are_translated_to_english_and_khmer(frameworks):
    version = frameworks[BASIC_757]
    assert {"en", "km"} <= set(version.framework.name_translations)
    for obj in [*version.domains.all(), *version.levels.all(), *version.competencies.filter(code__in=LESSON_CODES)]:
        assert {"en", "km"} <= set(obj.name_translations), obj


def test_every_framework_has_english_names_for_its_competencies(frameworks):
    for version in frameworks.values():
        for c in version.competencies.all():
            assert c.name_translations.get("en"), (version, c.code)


def test_learners_tt02_has_six_domains_including_ai_and_eight_levels(frameworks):
    version = frameworks[LEARNERS_TT02]
    assert list(version.domains.values_list("code", flat=True)) == ["1", "2", "3", "4", "5", "6"]
    assert version.domains.get(code="6").name == "Ứng dụng trí tuệ nhân tạo"
    assert version.competencies.count() == 24
    assert version.levels.count() == 8
    assert list(version.rules.values_list("group", flat=True)) == [RuleGroup.PUPIL_STUDENT]


def test_loading_again_changes_nothing(frameworks):
    before = _counts()
    results = load_all()
    assert [r.created for r in results] == [False, False, False]
    assert [r.version.pk for r in results] == [frameworks[s].pk for s in (BASIC_757, LEARNERS_TT02, DIGCOMP_22)]
    assert _counts() == before


def test_loading_one_unchanged_file_returns_the_published_version(frameworks):
    assert load_framework_file(DATA_DIR / "basic-757.yaml").pk == frameworks[BASIC_757].pk


def test_the_command_prints_one_line_per_framework_and_is_idempotent(db):
    out = StringIO()
    call_command("load_frameworks", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("basic-757: v1 (new version, published)")
    again = StringIO()
    call_command("load_frameworks", stdout=again)
    assert all("(unchanged)" in line for line in again.getvalue().splitlines())
    assert FrameworkVersion.objects.count() == 3


def test_a_file_mapping_onto_a_framework_not_shipped_stops_load_all(db, tmp_path: Path):
    for name in ("basic-757.yaml", "learners-tt02.yaml", "digcomp-2.2.yaml"):
        data = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
        if name == "basic-757.yaml":
            data["domains"][0]["competencies"][0]["maps_to"] = {"unesco-dlgf": {"full": ["1.1"]}}
        (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    from hocvuso.framework.services import FrameworkError

    with pytest.raises(FrameworkError, match="unesco-dlgf"):
        load_all(tmp_path)
    assert FrameworkVersion.objects.count() == 0  # all or nothing
