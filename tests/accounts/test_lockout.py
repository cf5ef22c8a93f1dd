"""django-axes locks an account after 5 failed sign-ins from one address."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from tests.clients import english_client
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def _attempt(client: Client, identifier: str, password: str) -> int:
    return client.post("/login/", {"username": identifier, "password": password}).status_code


def test_five_failures_lock_the_account_even_against_the_right_password(personas):
    assert settings.AXES_FAILURE_LIMIT == 5
    client = english_client()
    statuses = [_attempt(client, "0911000002", f"wrong-{i}") for i in range(5)]
    assert statuses[:4] == [200, 200, 200, 200]
    assert statuses[4] == 429
    response = client.post("/login/", {"username": "0911000002", "password": PASSWORD})
    assert response.status_code == 429
    assert client.session.get("_auth_user_id") is None
    # Failures are counted per account, whatever way the phone number was written.
    assert AccessAttempt.objects.get(username="officer_a").failures_since_start >= 5


def test_the_lockout_page_explains_what_happened(personas):
    client = english_client()
    for i in range(5):
        _attempt(client, "0911000002", f"wrong-{i}")
    response = client.post("/login/", {"username": "0911000002", "password": PASSWORD})
    assert response.status_code == 429
    assert settings.AXES_LOCKOUT_TEMPLATE in [t.name for t in response.templates]
    assert b"locked" in response.content


def test_a_locked_account_does_not_lock_out_other_people(personas):
    client = Client()
    for i in range(5):
        _attempt(client, "0911000002", f"wrong-{i}")
    assert _attempt(client, "0911000003", PASSWORD) == 302


def test_a_successful_sign_in_resets_the_failure_count(personas):
    client = Client()
    for i in range(4):
        _attempt(client, "0911000002", f"wrong-{i}")
    assert _attempt(client, "0911000002", PASSWORD) == 302
    client.post("/logout/")
    for i in range(4):
        assert _attempt(client, "0911000002", f"wrong-again-{i}") == 200
    assert _attempt(client, "0911000002", PASSWORD) == 302


def test_writing_the_phone_number_differently_does_not_buy_more_guesses(personas):
    client = Client()
    for typed in ("0911000002", "0911 000 002", "0911.000.002", "+84911000002"):
        assert _attempt(client, typed, "wrong") == 200
    assert _attempt(client, "officer_a", "wrong") == 429
    assert _attempt(client, "+84 911 000 002", PASSWORD) == 429


def test_the_cccd_and_the_phone_of_one_account_share_one_count(personas):
    personas.learner_a.national_id = "084080777003"
    personas.learner_a.save(update_fields=["national_id"])
    client = Client()
    for _ in range(2):
        assert _attempt(client, "084080777003", "wrong") == 200
        assert _attempt(client, "0911000007", "wrong") == 200
    assert _attempt(client, "84080777003", "wrong") == 429  # the CCCD with its leading zero lost


def test_guesses_at_an_unknown_number_are_counted_however_it_is_written(personas):
    client = Client()
    for typed in ("0988 123 456", "0988123456", "+84988123456", "0988.123.456"):
        assert _attempt(client, typed, "wrong") == 200
    assert _attempt(client, "0988-123-456", "wrong") == 429
