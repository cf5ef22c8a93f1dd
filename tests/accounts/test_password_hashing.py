"""Passwords are hashed with Argon2; older hashes are upgraded when their owner signs in."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client

from hocvuso.accounts.models import User
from hocvuso.accounts.services import create_user

pytestmark = pytest.mark.django_db

CONFIGURED = importlib.import_module("config.settings")


@pytest.fixture
def real_hashers(settings):  # type: ignore[no-untyped-def]
    # The suite uses a cheap hasher for speed; these tests put the configured ones back.
    settings.PASSWORD_HASHERS = CONFIGURED.PASSWORD_HASHERS


def test_argon2_is_the_configured_default_hasher():
    assert CONFIGURED.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_new_account_stores_an_argon2id_hash_and_never_the_password(real_hashers):
    user = create_user(username="argon", password="Mat-khau-rat-dai-2025", phone="0911222333")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert "Mat-khau-rat-dai-2025" not in user.password
    assert user.check_password("Mat-khau-rat-dai-2025")
    assert not user.check_password("mat-khau-rat-dai-2025")


def test_an_account_created_without_a_password_cannot_sign_in(real_hashers):
    user = create_user(username="nopass", password=None, phone="0911222334")
    assert not user.has_usable_password()
    response = Client().post("/login/", {"username": "0911222334", "password": ""})
    assert response.status_code == 200


def test_a_pbkdf2_hash_is_upgraded_to_argon2_on_sign_in(real_hashers):
    user = User.objects.create(
        username="legacy", phone="0911222335", password=make_password("Mat-khau-cu-2020", hasher="pbkdf2_sha256")
    )
    assert user.password.startswith("pbkdf2_sha256$")
    response = Client().post("/login/", {"username": "0911222335", "password": "Mat-khau-cu-2020"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


def test_weak_passwords_are_refused_by_the_validators():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("1234567", "12345678901", "password"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Hoc-vu-so-Tra-Vinh-2025")
