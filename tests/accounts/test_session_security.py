"""Sessions, cookies and CSRF are hardened; the login page sends protective headers."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def test_signing_in_without_a_csrf_token_is_refused(personas):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "0911000002", "password": PASSWORD})
    assert response.status_code == 403
    assert client.session.get("_auth_user_id") is None


def test_signing_in_with_the_csrf_token_from_the_form_works(personas):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/login/")
    token = page.context["csrf_token"]
    response = client.post("/login/", {"username": "0911000002", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_signing_in_gives_a_new_session_key(personas):
    client = Client()
    client.get("/login/")
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key
    client.post("/login/", {"username": "0911000002", "password": PASSWORD})
    assert client.session.session_key != before


def test_the_session_cookie_is_http_only_and_same_site(personas):
    client = Client()
    response = client.post("/login/", {"username": "0911000002", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert 0 < int(cookie["max-age"]) <= 12 * 60 * 60


def test_the_csrf_cookie_is_same_site(personas):
    response = Client().get("/login/")
    assert response.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"


def test_the_login_page_cannot_be_framed_or_sniffed(personas):
    response = Client().get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_signing_out_needs_a_post_and_ends_the_session(personas):
    client = Client()
    client.post("/login/", {"username": "0911000002", "password": PASSWORD})
    assert client.get("/logout/").status_code == 405
    assert client.session.get("_auth_user_id") is not None
    client.post("/logout/")
    assert client.session.get("_auth_user_id") is None


def test_a_redirect_after_sign_in_never_leaves_the_site(personas):
    client = Client()
    response = client.post(
        "/login/", {"username": "0911000002", "password": PASSWORD, "next": "https://evil.example/steal"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
