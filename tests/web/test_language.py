"""The interface is Vietnamese by default, whatever the phone's system language; Khmer and English on request."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.clients import client_in

pytestmark = pytest.mark.django_db


def test_a_phone_set_to_english_still_gets_the_vietnamese_interface() -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/login/")
    assert response.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_choosing_khmer_with_the_language_switch_shows_khmer() -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "km", "next": "/login/"}, follow=True)
    assert response.headers["Content-Language"] == "km"
    assert 'lang="km"' in response.content.decode()
    assert "ចូល" in response.content.decode()  # "Sign in"


def test_choosing_english_shows_english() -> None:
    response = client_in("en").get("/login/")
    assert response.headers["Content-Language"] == "en"
    assert "Sign in" in response.content.decode()


def test_api_clients_choose_their_language_with_accept_language() -> None:
    english = Client().get("/api/v1/people", headers={"Accept-Language": "en"})
    default = Client().get("/api/v1/people")
    assert english.headers["Content-Language"] == "en"
    assert default.headers["Content-Language"] == "vi"
