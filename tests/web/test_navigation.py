"""The menu offers each role only the pages it may open."""

from __future__ import annotations

from django.urls import reverse

from tests.personas import Personas
from tests.web.helpers import client_for


def _menu(page: str) -> str:
    return page.split('aria-label="Main menu"', 1)[1].split("</nav>", 1)[0]


def test_commune_officer_menu_has_the_roster_and_imports_but_not_the_province(personas: Personas) -> None:
    menu = _menu(client_for(personas.officer_a).get(reverse("web:home")).content.decode())
    for name in ("web:people", "web:households", "web:hamlets", "web:imports"):
        assert f'href="{reverse(name)}"' in menu
    assert f'href="{reverse("web:staff")}"' not in menu


def test_mentor_menu_has_hamlets_only(personas: Personas) -> None:
    menu = _menu(client_for(personas.mentor_a).get(reverse("web:home")).content.decode())
    assert f'href="{reverse("web:hamlets")}"' in menu
    for name in ("web:people", "web:households", "web:imports", "web:staff"):
        assert f'href="{reverse(name)}"' not in menu


def test_learner_home_is_their_path_and_links_to_their_own_record(personas: Personas) -> None:
    page = client_for(personas.learner_a).get(reverse("web:home"), follow=True).content.decode()
    assert f'href="{reverse("web:person", args=[personas.person_a.pk])}"' in page
    assert f'href="{reverse("web:people")}"' not in _menu(page)


def test_province_admin_menu_has_the_province(personas: Personas) -> None:
    menu = _menu(client_for(personas.province_admin).get(reverse("web:home")).content.decode())
    assert f'href="{reverse("web:staff")}"' in menu
