"""Households: filtered by hamlet and poverty status; a household page lists its members."""

from __future__ import annotations

from django.urls import reverse

from tests import factories
from tests.personas import Personas
from tests.web.helpers import client_for


def test_poverty_filter_keeps_poor_households_only(personas: Personas) -> None:
    poor = factories.HouseholdFactory(hamlet=personas.hamlet_a2, commune=personas.commune_a, is_poor=True)
    factories.HouseholdFactory(hamlet=personas.hamlet_a2, commune=personas.commune_a, is_near_poor=True)
    response = client_for(personas.officer_a).get(reverse("web:households"), {"poverty": "poor"})
    assert [h.pk for h in response.context["rows"]] == [poor.pk]


def test_hamlet_filter_keeps_that_hamlet(personas: Personas) -> None:
    response = client_for(personas.officer_a).get(reverse("web:households"), {"hamlet": personas.hamlet_a1.pk})
    assert [h.pk for h in response.context["rows"]] == [personas.household_a.pk]


def test_commune_officer_lists_only_their_communes_households(personas: Personas) -> None:
    response = client_for(personas.officer_b).get(reverse("web:households"))
    assert [h.pk for h in response.context["rows"]] == [personas.household_b.pk]


def test_household_page_lists_members_with_masked_cccd(personas: Personas) -> None:
    page = client_for(personas.officer_a).get(reverse("web:household", args=[personas.household_a.pk])).content.decode()
    assert "Nguyễn Văn Hùng" in page
    assert personas.person_a.masked_national_id in page
    assert personas.person_a.national_id not in page
