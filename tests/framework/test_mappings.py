"""DigComp 2.2 as loaded, and how basic-757 and learners-tt02 map onto it."""

from __future__ import annotations

from hocvuso.framework import selectors
from hocvuso.framework.constants import BASIC_757, DIGCOMP_22, LEARNERS_TT02, MappingStrength
from hocvuso.framework.models import Competency, CompetencyMapping

DIGCOMP_CODES = {
    "1": ["1.1", "1.2", "1.3"],
    "2": ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"],
    "3": ["3.1", "3.2", "3.3", "3.4"],
    "4": ["4.1", "4.2", "4.3", "4.4"],
    "5": ["5.1", "5.2", "5.3", "5.4"],
}


def test_digcomp_has_21_competences_in_5_areas_with_the_official_numbers(frameworks):
    version = frameworks[DIGCOMP_22]
    found = {
        d.code: list(d.competencies.order_by("order").values_list("code", flat=True)) for d in version.domains.all()
    }
    assert found == DIGCOMP_CODES
    assert version.competencies.count() == 21
    assert version.competencies.get(code="2.6").name_translations["en"] == "Managing digital identity"


def test_digcomp_has_8_levels_in_four_bands(frameworks):
    names = [lv.name_translations["en"] for lv in frameworks[DIGCOMP_22].levels.all()]
    assert len(names) == 8
    assert [n.split(" (")[0] for n in names] == [
        "Foundation",
        "Foundation",
        "Intermediate",
        "Intermediate",
        "Advanced",
        "Advanced",
        "Highly specialised",
        "Highly specialised",
    ]


def test_every_basic_757_competency_maps_to_at_least_one_digcomp_competence(frameworks):
    digcomp = frameworks[DIGCOMP_22]
    for c in Competency.objects.filter(version=frameworks[BASIC_757]):
        targets = CompetencyMapping.objects.filter(source=c, target__version=digcomp)
        assert targets.exists(), c.code


def test_learners_tt02_maps_each_digcomp_competence_to_its_namesake_fully(frameworks):
    tt02, digcomp = frameworks[LEARNERS_TT02], frameworks[DIGCOMP_22]
    for codes in DIGCOMP_CODES.values():
        for code in codes:
            mapping = CompetencyMapping.objects.get(source__version=tt02, source__code=code, target__code=code)
            assert mapping.target.version_id == digcomp.pk
            assert mapping.strength == MappingStrength.FULL
    ai = CompetencyMapping.objects.filter(source__version=tt02, source__domain__code="6")
    assert ai.exists() and set(ai.values_list("strength", flat=True)) == {MappingStrength.PARTIAL}


def test_the_comparison_lists_each_digcomp_competence_with_what_covers_it(frameworks):
    data = selectors.comparison()
    assert data.reference == frameworks[DIGCOMP_22]
    assert [v.framework.slug for v in data.frameworks] == [BASIC_757, LEARNERS_TT02]
    assert len(data.rows) == 21
    by_code = {row.target.code: row for row in data.rows}
    assert {m.source.code for m in by_code["2.6"].by_framework[BASIC_757]} >= {"CB-2.1"}
    assert data.uncovered[LEARNERS_TT02] == []
    # our basic framework does not teach programming: the comparison says so
    assert "3.4" in data.uncovered[BASIC_757]
    assert all(by_code[code].by_framework[BASIC_757] == [] for code in data.uncovered[BASIC_757])


def test_the_comparison_is_empty_without_digcomp(db):
    data = selectors.comparison()
    assert data.reference is None and data.rows == []
