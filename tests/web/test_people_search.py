"""The people list: accent-insensitive search, scoped to the user's units, live results with htmx."""

from __future__ import annotations

from django.urls import reverse

from tests.personas import Personas
from tests.web.helpers import client_for


def test_search_without_accents_finds_a_name_written_with_accents(personas: Personas) -> None:
    response = client_for(personas.officer_a).get(reverse("web:people"), {"q": "nguyen van hung"})
    assert response.status_code == 200
    assert "Nguyễn Văn Hùng" in response.content.decode()
    assert "Thạch Thị Sa Ra" not in response.content.decode()


def test_search_by_given_name_alone_finds_the_person(personas: Personas) -> None:
    response = client_for(personas.officer_a).get(reverse("web:people"), {"q": "HÙNG"})
    assert "Nguyễn Văn Hùng" in response.content.decode()


def test_search_by_full_cccd_finds_the_person(personas: Personas) -> None:
    response = client_for(personas.officer_a).get(reverse("web:people"), {"q": personas.person_a.national_id})
    assert reverse("web:person", args=[personas.person_a.pk]) in response.content.decode()


def test_commune_officer_cannot_find_a_person_of_another_commune(personas: Personas) -> None:
    response = client_for(personas.officer_b).get(reverse("web:people"), {"q": "nguyen van hung"})
    assert response.status_code == 200
    assert "Nguyễn Văn Hùng" not in response.content.decode()
    assert reverse("web:person", args=[personas.person_a.pk]) not in response.content.decode()


def test_team_member_sees_only_their_hamlet(personas: Personas) -> None:
    page = client_for(personas.team_member_a).get(reverse("web:people")).content.decode()
    assert "Nguyễn Văn Hùng" in page
    assert "Thạch Thị Sa Ra" not in page  # hamlet A2
    assert "Lê Thị Bích" not in page  # commune B


def test_people_list_shows_masked_cccd_only(personas: Personas) -> None:
    page = client_for(personas.officer_a).get(reverse("web:people")).content.decode()
    assert personas.person_a.masked_national_id in page
    assert personas.person_a.national_id not in page


def test_live_search_answers_htmx_with_the_results_fragment_only(personas: Personas) -> None:
    response = client_for(personas.officer_a).get(reverse("web:people"), {"q": "hung"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Nguyễn Văn Hùng" in page


def test_search_that_matches_nobody_says_so(personas: Personas) -> None:
    page = client_for(personas.officer_a).get(reverse("web:people"), {"q": "khong ai ten nay"}).content.decode()
    assert "No one matches the search and filters." in page
