"""Sign in on /login/ with a phone number, a CCCD number or the username, through the real backends."""

from __future__ import annotations

import pytest
from django.test import Client

from hocvuso.lib import cccd
from tests.clients import english_client
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def _login(identifier: str, password: str = PASSWORD) -> tuple[Client, int]:
    client = english_client()
    response = client.post("/login/", {"username": identifier, "password": password})
    return client, response.status_code


def _signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_the_login_page_asks_for_a_phone_or_cccd_number_and_a_password(personas):
    response = english_client().get("/login/")
    assert response.status_code == 200
    assert b"Phone number or CCCD number" in response.content
    assert b'autocomplete="current-password"' in response.content


@pytest.mark.parametrize("typed", ["0911000002", "0911 000 002", "0911.000.002", "+84911000002"])
def test_an_officer_signs_in_with_their_phone_number_written_any_common_way(personas, typed):
    client, status = _login(typed)
    assert status == 302
    assert _signed_in_as(client) == str(personas.officer_a.pk)


def test_a_learner_signs_in_with_their_cccd_number(personas):
    number = cccd.make("084", "M", 1980, 777_001)
    personas.learner_a.national_id = number
    personas.learner_a.save(update_fields=["national_id"])
    client, status = _login(number)
    assert status == 302
    assert _signed_in_as(client) == str(personas.learner_a.pk)


def test_a_cccd_number_that_lost_its_leading_zero_still_signs_in(personas):
    number = cccd.make("084", "M", 1980, 777_002)
    personas.learner_a.national_id = number
    personas.learner_a.save(update_fields=["national_id"])
    client, status = _login(number[1:])
    assert status == 302
    assert _signed_in_as(client) == str(personas.learner_a.pk)


def test_the_username_still_signs_in(personas):
    client, status = _login("province_admin")
    assert status == 302
    assert _signed_in_as(client) == str(personas.province_admin.pk)


def test_signing_in_redirects_to_the_home_page_or_the_requested_page(personas):
    client = Client()
    response = client.post("/login/", {"username": "0911000002", "password": PASSWORD})
    assert response["Location"] == "/"
    response = client.post("/logout/")
    response = client.post(
        "/login/?next=/people/", {"username": "0911000002", "password": PASSWORD, "next": "/people/"}
    )
    assert response["Location"] == "/people/"


def test_a_wrong_password_is_refused_with_a_clear_message(personas):
    client = english_client()
    response = client.post("/login/", {"username": "0911000002", "password": "not-the-password"})
    assert response.status_code == 200
    assert b"Wrong phone number/CCCD or password" in response.content
    assert _signed_in_as(client) is None


def test_an_unknown_phone_number_is_refused_the_same_way(personas):
    client = english_client()
    response = client.post("/login/", {"username": "0988888888", "password": PASSWORD})
    assert response.status_code == 200
    assert b"Wrong phone number/CCCD or password" in response.content


def test_a_disabled_account_cannot_sign_in(personas):
    personas.officer_a.is_active = False
    personas.officer_a.save(update_fields=["is_active"])
    client, status = _login("0911000002")
    assert status == 200
    assert _signed_in_as(client) is None


def test_a_person_in_the_roster_without_an_account_cannot_sign_in(personas):
    # person_b is in the roster with a CCCD, but has no user account: the roster is not a user list.
    client, status = _login(personas.person_b.national_id)
    assert status == 200
    assert _signed_in_as(client) is None


def test_the_home_page_needs_a_signed_in_user(personas):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
