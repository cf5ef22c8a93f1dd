"""Versions: a changed file or a published draft makes a new version; earlier ones never change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from hocvuso.framework import selectors, services
from hocvuso.framework.constants import BASIC_757, DIGCOMP_22, RuleGroup, VersionStatus
from hocvuso.framework.models import (
    Competency,
    CompetencyMapping,
    Domain,
    FrameworkVersion,
    GroupRule,
    ProficiencyLevel,
    RuleRequirement,
)
from tests.framework.conftest import shipped, write


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """These tests read the services' messages in their source language (msgids are English)."""
    with translation.override("en"):
        yield


def snapshot(version: FrameworkVersion) -> dict[str, Any]:
    """Every stored value of a version's rows, except the status it is retired with."""
    version.refresh_from_db()
    return {
        "version": {k: v for k, v in vars(version).items() if not k.startswith("_") and k != "status"},
        "levels": list(ProficiencyLevel.objects.filter(version=version).order_by("pk").values()),
        "domains": list(Domain.objects.filter(version=version).order_by("pk").values()),
        "competencies": list(Competency.objects.filter(version=version).order_by("pk").values()),
        "rules": list(GroupRule.objects.filter(version=version).order_by("pk").values()),
        "requirements": list(RuleRequirement.objects.filter(rule__version=version).order_by("pk").values()),
        "mappings": list(CompetencyMapping.objects.filter(source__version=version).order_by("pk").values()),
    }


def test_a_changed_file_becomes_version_2_and_version_1_is_retired_unchanged(frameworks, tmp_path: Path):
    v1 = frameworks[BASIC_757]
    before = snapshot(v1)
    data = shipped("basic-757.yaml")
    data["domains"][0]["competencies"][0]["name"] = "Dùng điện thoại thông minh"
    data["rules"]["citizen"]["requirements"]["CB-4.1"] = 1
    v2 = services.load_framework_file(write(tmp_path, "basic-757.yaml", data))
    assert v2.number == 2 and v2.status == VersionStatus.PUBLISHED
    v1.refresh_from_db()
    assert v1.status == VersionStatus.RETIRED
    assert snapshot(v1) == before
    assert selectors.published_version(BASIC_757) == v2
    assert selectors.competency_by_code(v2, "CB-1.1").name == "Dùng điện thoại thông minh"
    assert selectors.competency_by_code(v1, "CB-1.1").name == "Sử dụng điện thoại thông minh"
    assert "CB-4.1" in selectors.requirements_of(v2, RuleGroup.CITIZEN)
    assert "CB-4.1" not in selectors.requirements_of(v1, RuleGroup.CITIZEN)
    # the new version's mappings are resolved at once against the published DigComp
    assert (
        CompetencyMapping.objects.filter(source__version=v2).count()
        == CompetencyMapping.objects.filter(source__version=v1).count()
    )


def test_loading_the_changed_file_again_does_nothing(frameworks, tmp_path: Path):
    data = shipped("basic-757.yaml")
    data["notes"] = "Ghi chú mới."
    path = write(tmp_path, "basic-757.yaml", data)
    v2 = services.load_framework_file(path)
    assert services.load_framework_file(path).pk == v2.pk
    assert FrameworkVersion.objects.filter(framework__slug=BASIC_757).count() == 2


def test_putting_the_old_file_back_makes_a_third_version(frameworks, tmp_path: Path):
    data = shipped("basic-757.yaml")
    data["notes"] = "Ghi chú mới."
    services.load_framework_file(write(tmp_path, "basic-757.yaml", data))
    v3 = services.load_framework_file(services.DATA_DIR / "basic-757.yaml")
    assert v3.number == 3 and v3.content_hash == frameworks[BASIC_757].content_hash


def test_a_draft_copies_the_published_version_and_changes_nothing_until_published(frameworks, province_user):
    v1 = frameworks[BASIC_757]
    draft = services.start_draft(v1.framework, province_user)
    assert (draft.number, draft.status, draft.created_by) == (2, VersionStatus.DRAFT, province_user)
    assert draft.competencies.count() == v1.competencies.count()
    assert selectors.requirements_of(draft, RuleGroup.WORKER) == selectors.requirements_of(v1, RuleGroup.WORKER)
    assert (
        CompetencyMapping.objects.filter(source__version=draft).count()
        == CompetencyMapping.objects.filter(source__version=v1).count()
    )
    assert selectors.published_version(BASIC_757) == v1


def test_editing_a_draft_and_publishing_it_leaves_the_earlier_version_byte_identical(frameworks, province_user):
    v1 = frameworks[BASIC_757]
    before = snapshot(v1)
    draft = services.start_draft(v1.framework, province_user)
    services.edit_competency(draft, "CB-2.1", name="VNeID mức 2", description="Mô tả mới.")
    services.edit_domain(draft, "CB-5", name="An toàn số", description="")
    services.edit_draft_notes(draft, "Tỉnh sửa ngày 10/10.")
    services.add_competency(draft, domain_code="CB-7", code="CB-7.7", name="Dùng hệ thống họp không giấy")
    services.remove_competency(draft, "CB-4.3")
    services.set_requirement(draft, RuleGroup.CITIZEN, "CB-4.1", 1)
    services.set_requirement(draft, RuleGroup.CITIZEN, "CB-1.1", 2)
    services.set_requirement(draft, RuleGroup.CITIZEN, "CB-5.2", None)
    published = services.publish_draft(draft, province_user)

    assert published.status == VersionStatus.PUBLISHED and published.published_by == province_user
    assert selectors.published_version(BASIC_757) == published
    assert snapshot(v1) == before
    v1.refresh_from_db()
    assert v1.status == VersionStatus.RETIRED
    assert selectors.requirements_of(published, RuleGroup.CITIZEN)["CB-1.1"] == 2
    assert "CB-5.2" not in selectors.requirements_of(published, RuleGroup.CITIZEN)
    assert selectors.competency_by_code(published, "CB-4.3") is None
    assert selectors.competency_by_code(v1, "CB-4.3") is not None
    assert selectors.competency_by_code(published, "CB-7.7") is not None
    assert selectors.competency_by_code(published, "CB-2.1").name == "VNeID mức 2"


def test_loading_the_unchanged_file_after_a_province_edit_keeps_the_edit(frameworks, province_user):
    draft = services.start_draft(frameworks[BASIC_757].framework, province_user)
    services.edit_competency(draft, "CB-4.1", name="Nhắn tin Zalo, gọi video", description="")
    published = services.publish_draft(draft, province_user)
    results = services.load_all()
    assert results[0].created is False
    assert selectors.published_version(BASIC_757) == published


def test_only_one_draft_at_a_time(frameworks, province_user):
    framework = frameworks[BASIC_757].framework
    services.start_draft(framework, province_user)
    with pytest.raises(services.FrameworkError, match="already has a draft"):
        services.start_draft(framework, province_user)


def test_the_database_refuses_a_second_draft_or_a_second_published_version(frameworks):
    v1 = frameworks[BASIC_757]
    FrameworkVersion.objects.create(framework=v1.framework, number=2, status=VersionStatus.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        FrameworkVersion.objects.create(framework=v1.framework, number=3, status=VersionStatus.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        FrameworkVersion.objects.create(framework=v1.framework, number=4, status=VersionStatus.PUBLISHED)


@pytest.mark.parametrize(
    "change",
    [
        lambda v: services.edit_competency(v, "CB-1.1", name="X", description=""),
        lambda v: services.edit_domain(v, "CB-1", name="X", description=""),
        lambda v: services.edit_draft_notes(v, "X"),
        lambda v: services.add_competency(v, domain_code="CB-1", code="CB-1.9", name="X"),
        lambda v: services.remove_competency(v, "CB-1.1"),
        lambda v: services.set_requirement(v, RuleGroup.CITIZEN, "CB-4.1", 1),
        lambda v: services.publish_draft(v, None),
        lambda v: services.discard_draft(v),
    ],
    ids=["competency", "domain", "notes", "add", "remove", "rule", "publish", "discard"],
)
def test_a_published_version_refuses_every_change(frameworks, change):
    v1 = frameworks[BASIC_757]
    before = snapshot(v1)
    with pytest.raises(services.FrameworkError, match="Only a draft"):
        change(v1)
    assert snapshot(v1) == before
    v1.refresh_from_db()
    assert v1.status == VersionStatus.PUBLISHED


def test_a_discarded_draft_leaves_the_published_version_in_force(frameworks, province_user):
    draft = services.start_draft(frameworks[BASIC_757].framework, province_user)
    services.discard_draft(draft)
    assert not FrameworkVersion.objects.filter(pk=draft.pk).exists()
    assert selectors.published_version(BASIC_757) == frameworks[BASIC_757]


def test_draft_edits_are_checked(frameworks, province_user):
    draft = services.start_draft(frameworks[BASIC_757].framework, province_user)
    with pytest.raises(services.FrameworkError, match="already used"):
        services.add_competency(draft, domain_code="CB-1", code="CB-1.1", name="Trùng mã")
    with pytest.raises(services.FrameworkError, match="No domain"):
        services.add_competency(draft, domain_code="CB-99", code="CB-99.1", name="X")
    with pytest.raises(services.FrameworkError, match="no spaces"):
        services.add_competency(draft, domain_code="CB-1", code="CB 1.9", name="X")
    with pytest.raises(services.FrameworkError, match="no level 4"):
        services.set_requirement(draft, RuleGroup.CITIZEN, "CB-1.1", 4)
    with pytest.raises(services.FrameworkError, match="cannot be empty"):
        services.edit_competency(draft, "CB-1.1", name="  ", description="")
    with pytest.raises(services.FrameworkError, match="No competency"):
        services.edit_competency(draft, "CB-0.0", name="X", description="")
    with pytest.raises(services.FrameworkError, match="at least one competency"):
        services.remove_competency(draft, "CB-6.1")


def test_removing_the_last_requirement_of_a_group_removes_its_rule(frameworks, province_user):
    draft = services.start_draft(frameworks[BASIC_757].framework, province_user)
    for code in list(selectors.requirements_of(draft, RuleGroup.CITIZEN)):
        services.set_requirement(draft, RuleGroup.CITIZEN, code, None)
    assert selectors.rule_for(draft, RuleGroup.CITIZEN) is None
    services.set_requirement(draft, RuleGroup.CITIZEN, "CB-1.1", 1)
    assert selectors.requirements_of(draft, RuleGroup.CITIZEN) == {"CB-1.1": 1}


def test_a_new_digcomp_version_gets_the_mappings_of_the_published_frameworks(frameworks, tmp_path: Path):
    old_digcomp = frameworks[DIGCOMP_22]
    data = shipped("digcomp-2.2.yaml")
    data["notes"] += "\nThêm ghi chú."
    new_digcomp = services.load_framework_file(write(tmp_path, "digcomp-2.2.yaml", data))
    basic = frameworks[BASIC_757]
    to_new = CompetencyMapping.objects.filter(source__version=basic, target__version=new_digcomp).count()
    to_old = CompetencyMapping.objects.filter(source__version=basic, target__version=old_digcomp).count()
    assert to_new == to_old > 0
