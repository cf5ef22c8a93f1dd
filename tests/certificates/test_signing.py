"""Signing keys: made on first use, stored encrypted, rotated with the old public half kept."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.certificates import signing
from hocvuso.certificates.credential import verify_credential
from hocvuso.certificates.models import SigningKey
from hocvuso.certificates.signing import (
    SigningKeyUnreadable,
    active_key,
    b64url_decode,
    private_key_of,
    public_key_bytes,
    public_key_of,
    public_keys_document,
    rotate_key,
)
from tests.certificates import signed_certificate


@pytest.mark.django_db
def test_the_first_key_is_made_on_first_use_and_then_reused() -> None:
    key = active_key()
    assert key.is_active
    assert key.key_id == f"tv-{timezone.localdate().year}-1"
    assert active_key().pk == key.pk
    assert SigningKey.objects.count() == 1


@pytest.mark.django_db
def test_two_processes_making_the_first_key_at_once_end_with_one(monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = active_key()  # the other process commits its key between our read and our insert
    monkeypatch.setattr(signing, "_active", lambda: None)
    key = active_key()
    assert key == theirs
    assert SigningKey.objects.filter(is_active=True).count() == 1
    assert key == SigningKey.objects.get(is_active=True)


@pytest.mark.django_db
def test_the_private_key_is_stored_encrypted_and_the_public_key_matches() -> None:
    key = active_key()
    private = private_key_of(key)
    raw = private.private_bytes_raw()
    assert raw.hex() not in key.private_key_encrypted
    assert signing.b64url(raw) not in key.private_key_encrypted
    assert len(b64url_decode(key.public_key)) == 32
    assert public_key_bytes(private.public_key()) == key.public_key
    public_key_of(key).verify(private.sign(b"abc"), b"abc")


@pytest.mark.django_db
def test_a_changed_secret_key_gives_a_clear_error_that_says_to_rotate(settings) -> None:  # type: ignore[no-untyped-def]
    key = active_key()
    settings.SECRET_KEY = "another-secret-key-for-this-test-0123456789"
    with pytest.raises(SigningKeyUnreadable, match="rotate_certificate_key"):
        private_key_of(key)


@pytest.mark.django_db
def test_a_destroyed_private_key_gives_a_clear_error() -> None:
    key = active_key()
    key.private_key_encrypted = ""
    with pytest.raises(SigningKeyUnreadable):
        private_key_of(key)


@pytest.mark.django_db
def test_rotation_retires_the_active_key_keeps_its_public_half_and_is_audited() -> None:
    old = active_key()
    new = rotate_key()
    old.refresh_from_db()
    assert not old.is_active and old.retired_at is not None and old.public_key
    assert new.is_active and new.key_id != old.key_id
    assert active_key() == new
    event = AuditEvent.objects.get(action=AuditAction.ROTATE_SIGNING_KEY, object_id=new.key_id)
    assert event.details == {"new": new.key_id, "retired": old.key_id}


@pytest.mark.django_db
def test_a_certificate_signed_by_the_old_key_still_verifies_after_rotation() -> None:
    before = signed_certificate(number="TV-2026-000001")
    rotate_key()
    after = signed_certificate(number="TV-2026-000002", name="Thạch Thị Sa Ra")
    assert before.key != after.key
    assert verify_credential(before.credential).ok
    check = verify_credential(after.credential)
    assert check.ok and check.key_id == active_key().key_id


@pytest.mark.django_db
def test_the_public_keys_document_lists_every_key_and_no_secret() -> None:
    old = active_key()
    new = rotate_key()
    doc = public_keys_document()
    assert doc["issuer"]["name"]
    assert [(k["kid"], k["status"]) for k in doc["keys"]] == [(old.key_id, "retired"), (new.key_id, "active")]
    assert all(k["kty"] == "OKP" and k["crv"] == "Ed25519" for k in doc["keys"])
    text = json.dumps(doc)
    assert old.private_key_encrypted not in text and new.private_key_encrypted not in text


@pytest.mark.django_db
def test_the_rotate_command_prints_the_new_key_id() -> None:
    active_key()
    out = StringIO()
    call_command("rotate_certificate_key", stdout=out)
    assert active_key().key_id in out.getvalue()
    assert AuditEvent.objects.filter(action=AuditAction.ROTATE_SIGNING_KEY).count() == 2


@pytest.mark.django_db
def test_the_export_command_writes_the_keys_document(tmp_path: Path) -> None:
    active_key()
    rotate_key()
    target = tmp_path / "keys.json"
    call_command("export_certificate_keys", "--output", str(target), stderr=StringIO())
    assert json.loads(target.read_text(encoding="utf-8")) == public_keys_document()
    out = StringIO()
    call_command("export_certificate_keys", stdout=out)
    assert json.loads(out.getvalue()) == public_keys_document()


@pytest.mark.django_db
def test_only_one_key_can_be_active() -> None:
    active_key()
    with pytest.raises(IntegrityError):
        SigningKey.objects.create(key_id="tv-2026-99", public_key="x", is_active=True)
