"""Larger text and high contrast: cookies set by a no-JS form, read by the server for the first paint."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.personas import Personas
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db


def _html_class(page: str) -> str:
    found = re.search(r'<html lang="[^"]*" class="([^"]*)"', page)
    assert found is not None
    return found.group(1)


def _button(page: str, kind: str) -> str:
    found = re.search(rf'<button type="submit" name="{kind}"[^>]*>', page)
    assert found is not None
    return found.group(0)


def test_larger_text_is_remembered_and_painted_by_the_server(personas: Personas) -> None:
    client = client_for(None)
    page = client.get(reverse("web:login")).content.decode()
    assert "text-large" not in _html_class(page)
    assert 'value="large"' in _button(page, "text") and 'aria-pressed="false"' in _button(page, "text")
    response = client.post(reverse("web:learn-display"), {"text": "large", "next": "/login/"})
    assert response.status_code == 303 and response["Location"] == "/login/"
    cookie = response.cookies["hvs_text"]
    assert cookie.value == "large" and int(cookie["max-age"]) >= 300 * 24 * 3600 and cookie["samesite"] == "Lax"
    page = client.get(reverse("web:login")).content.decode()
    assert "text-large" in _html_class(page)
    assert 'value="normal"' in _button(page, "text") and 'aria-pressed="true"' in _button(page, "text")


def test_high_contrast_and_larger_text_combine_and_switch_off(personas: Personas) -> None:
    client = client_for(personas.learner_a)
    client.post(reverse("web:learn-display"), {"text": "large", "next": "/learn/"})
    client.post(reverse("web:learn-display"), {"contrast": "high", "next": "/learn/"})
    page = client.get(reverse("web:learn")).content.decode()
    assert set(_html_class(page).split()) == {"text-large", "contrast-high"}
    client.post(reverse("web:learn-display"), {"contrast": "normal", "next": "/learn/"})
    page = client.get(reverse("web:learn")).content.decode()
    assert _html_class(page).split() == ["text-large"]


def test_a_forged_cookie_value_changes_nothing(personas: Personas) -> None:
    client = client_for(None)
    client.cookies["hvs_text"] = '"><script>alert(1)</script>'
    page = client.get(reverse("web:login")).content.decode()
    assert _html_class(page).strip() == "" and "alert(1)" not in page


def test_an_unknown_value_sets_no_cookie_and_a_foreign_next_goes_home(personas: Personas) -> None:
    response = client_for(None).post(reverse("web:learn-display"), {"text": "huge", "next": "https://evil.example/"})
    assert response.status_code == 303 and response["Location"] == reverse("web:home")
    assert "hvs_text" not in response.cookies


def test_the_display_form_is_on_every_page(personas: Personas) -> None:
    client = client_for(personas.officer_a)
    for name in ("web:home", "web:people", "web:learn", "web:learn-courses"):
        page = client.get(reverse(name)).content.decode()
        assert f'action="{reverse("web:learn-display")}"' in page, name
