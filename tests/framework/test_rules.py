"""The rule of each group for "đạt phổ cập kỹ năng số" (plan 67 III.2.a)."""

from __future__ import annotations

from hocvuso.framework import selectors
from hocvuso.framework.constants import BASIC_757, DIGCOMP_22, LEARNERS_TT02, RuleGroup

CITIZEN_ESSENTIALS = {"CB-1.1", "CB-1.2", "CB-2.1", "CB-2.2", "CB-3.1", "CB-5.1", "CB-5.2"}


def test_basic_757_has_a_rule_for_each_of_the_four_groups(frameworks):
    version = frameworks[BASIC_757]
    assert sorted(version.rules.values_list("group", flat=True)) == sorted(RuleGroup.values)


def test_citizens_need_the_essentials_at_level_1(frameworks):
    assert selectors.requirements_of(frameworks[BASIC_757], RuleGroup.CITIZEN) == dict.fromkeys(CITIZEN_ESSENTIALS, 1)


def test_public_sector_staff_need_at_least_what_citizens_need_and_their_work_skills(frameworks):
    version = frameworks[BASIC_757]
    citizen = selectors.requirements_of(version, RuleGroup.CITIZEN)
    staff = selectors.requirements_of(version, RuleGroup.PUBLIC_SECTOR_STAFF)
    assert all(staff.get(code, 0) >= level for code, level in citizen.items())
    assert all(staff[code] >= 2 for code in CITIZEN_ESSENTIALS)
    assert {"CB-7.1", "CB-7.2", "CB-7.4"} <= set(staff)


def test_workers_need_workplace_data_safety_and_pupils_online_learning(frameworks):
    version = frameworks[BASIC_757]
    assert selectors.requirements_of(version, RuleGroup.WORKER)["CB-8.2"] == 2
    pupils = selectors.requirements_of(version, RuleGroup.PUPIL_STUDENT)
    assert pupils["CB-9.1"] == 2 and "CB-4.3" in pupils


def test_rule_for_returns_the_requirements_with_their_competencies(frameworks):
    rule = selectors.rule_for(frameworks[BASIC_757], RuleGroup.CITIZEN)
    assert rule is not None
    codes = [req.competency.code for req in rule.requirements.all()]
    assert codes[0] == "CB-1.1" and set(codes) == CITIZEN_ESSENTIALS
    assert all(req.competency.version_id == frameworks[BASIC_757].pk for req in rule.requirements.all())


def test_learners_tt02_sets_a_rule_for_pupils_only_and_digcomp_none(frameworks):
    assert selectors.rule_for(frameworks[LEARNERS_TT02], RuleGroup.CITIZEN) is None
    pupils = selectors.requirements_of(frameworks[LEARNERS_TT02], RuleGroup.PUPIL_STUDENT)
    assert {"6.1", "6.2"} <= set(pupils)  # AI, plan 67 III.4.b
    assert not frameworks[DIGCOMP_22].rules.exists()


def test_competency_lookup_by_code_is_per_version(frameworks):
    c = selectors.competency_by_code(frameworks[BASIC_757], "CB-2.1")
    assert c is not None and c.domain.code == "CB-2"
    assert selectors.competency_by_code(frameworks[DIGCOMP_22], "CB-2.1") is None
    assert set(selectors.competencies_by_code(frameworks[DIGCOMP_22])) >= {"1.1", "5.4"}
