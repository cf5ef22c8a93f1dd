"""Each indicator against a small commune counted by hand (tests/kpi/world.py)."""

from __future__ import annotations

from decimal import Decimal

from hocvuso.kpi import indicators, selectors, services
from hocvuso.kpi.constants import Level, State
from hocvuso.kpi.models import UnitCount
from tests.kpi import DAY
from tests.kpi.world import COMMUNE_A, build_world
from tests.personas import Personas


def _rows(level: str, unit: int) -> dict[str, tuple[int, int]]:
    return {
        r.indicator: (r.numerator, r.denominator) for r in UnitCount.objects.filter(level=level, unit_id=unit, day=DAY)
    }


def test_every_indicator_of_the_commune_matches_the_hand_count(personas: Personas) -> None:
    build_world(personas)
    services.refresh_commune(personas.commune_a.code, DAY)
    assert _rows(Level.COMMUNE, personas.commune_a.code) == COMMUNE_A


def test_hamlets_count_their_own_residents_and_households(personas: Personas) -> None:
    build_world(personas)
    services.refresh_commune(personas.commune_a.code, DAY)
    a1, a2 = _rows(Level.HAMLET, personas.hamlet_a1.pk), _rows(Level.HAMLET, personas.hamlet_a2.pk)
    assert a1["adults_skills"] == (1, 5) and a2["adults_skills"] == (1, 2)
    assert a1["households_visited"] == (1, 1) and a2["households_visited"] == (0, 1)
    assert a1["learners_per_mentor"] == (2, 1) and a2["learners_per_mentor"] == (0, 0)
    assert "sessions_held" not in a1  # a commune-level indicator


def test_organisations_count_their_current_members(personas: Personas) -> None:
    w = build_world(personas)
    services.refresh_commune(personas.commune_a.code, DAY)
    assert _rows(Level.ORGANISATION, w.agency.pk)["staff_skills"] == (1, 2)  # adult3's membership ended
    assert _rows(Level.ORGANISATION, w.enterprise.pk)["workers_skills"] == (0, 1)
    assert _rows(Level.ORGANISATION, w.primary.pk)["primary_pupils_skills"] == (1, 1)
    assert _rows(Level.ORGANISATION, w.secondary.pk)["secondary_students_skills"] == (0, 1)


def test_the_specialised_students_indicator_has_no_data_and_no_made_up_number(personas: Personas) -> None:
    build_world(personas)
    services.refresh_commune(personas.commune_a.code, DAY)
    assert not UnitCount.objects.filter(indicator="students_specialised").exists()
    value = next(
        v
        for v in selectors.indicator_values(Level.COMMUNE, personas.commune_a.code, DAY)
        if v.slug == "students_specialised"
    )
    assert value.value is None and value.state == State.NO_DATA and value.target == Decimal(50)


def test_values_targets_and_states_come_from_the_rows_and_the_plan(personas: Personas) -> None:
    build_world(personas)
    services.refresh_commune(personas.commune_a.code, DAY)
    values = {v.slug: v for v in selectors.indicator_values(Level.COMMUNE, personas.commune_a.code, DAY)}
    assert values["adults_skills"].value == Decimal("28.6") and values["adults_skills"].target == Decimal(100)
    assert values["adults_skills"].state == State.BEHIND
    assert values["adults_vneid_certified"].target == Decimal(60)
    assert values["communes_with_support_person"].state == State.ON_TRACK
    assert (
        values["learners_per_mentor"].value == Decimal("2.00") and values["learners_per_mentor"].state == State.BEHIND
    )
    assert values["households_covered"].state == State.NO_TARGET
    assert values["adults_skills"].as_of == DAY


def test_a_commune_override_beats_the_province_default_and_applies_to_its_hamlets(personas: Personas) -> None:
    build_world(personas)
    services.refresh_commune(personas.commune_a.code, DAY)
    services.set_target("adults_skills", 2026, Decimal(25), level=Level.COMMUNE, unit_id=personas.commune_a.code)
    commune = {v.slug: v for v in selectors.indicator_values(Level.COMMUNE, personas.commune_a.code, DAY)}
    hamlet = {v.slug: v for v in selectors.indicator_values(Level.HAMLET, personas.hamlet_a1.pk, DAY)}
    other = {v.slug: v for v in selectors.indicator_values(Level.COMMUNE, personas.commune_b.code, DAY)}
    assert commune["adults_skills"].target == Decimal(25) and commune["adults_skills"].state == State.ON_TRACK
    assert hamlet["adults_skills"].target == Decimal(25)
    assert other["adults_skills"].target == Decimal(100)


def test_changing_a_target_is_audited(personas: Personas) -> None:
    from hocvuso.accounts.constants import AuditAction
    from hocvuso.accounts.models import AuditEvent

    services.set_target("adults_skills", 2026, Decimal(90), by=personas.province_admin)
    event = AuditEvent.objects.get(action=AuditAction.CHANGE_KPI_TARGET)
    assert event.actor == personas.province_admin
    assert event.details == {
        "indicator": "adults_skills",
        "year": 2026,
        "level": "province",
        "unit": None,
        "value": "90",
    }


def test_the_state_rule_is_pro_rata_to_the_day_of_the_year() -> None:
    from datetime import date

    mid = date(2026, 7, 2)  # day 183 of 365: half the year
    assert selectors.state_of(Decimal(80), Decimal(80), mid) == State.ON_TRACK
    assert selectors.state_of(Decimal(35), Decimal(80), mid) == State.AT_RISK  # >= 0.85 * 40.1
    assert selectors.state_of(Decimal(33), Decimal(80), mid) == State.BEHIND
    assert selectors.state_of(None, Decimal(80), mid) == State.NO_DATA
    assert selectors.state_of(Decimal(10), None, mid) == State.NO_TARGET


def test_the_registry_gives_every_plan_target_of_section_ii() -> None:
    defaults = {i.slug: i.defaults for i in indicators.INDICATORS}
    assert defaults["staff_skills"] == {2025: Decimal(80), 2026: Decimal(100)}
    assert defaults["adults_vneid_certified"] == {2025: Decimal(40), 2026: Decimal(60)}
    assert defaults["students_specialised"] == {2025: None, 2026: Decimal(50)}
    assert defaults["workers_skills"] == {2025: Decimal(80), 2026: Decimal(100)}
    assert not indicators.BY_SLUG["students_specialised"].has_data
