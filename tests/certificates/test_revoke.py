"""Revoking and re-issuing: idempotent, audited, visible at once on the public verify page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.certificates import services
from hocvuso.certificates.constants import RevocationReason
from hocvuso.certificates.models import Certificate
from tests.certificates.test_issue import certify
from tests.personas import Personas
from tests.web.helpers import client_for


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _verify_page(number: str) -> Any:
    return client_for(None).get(reverse("web:certificate-verify", args=[number]))


def test_a_revocation_shows_at_once_on_the_verify_page(personas: Personas) -> None:
    cert = certify(personas.person_a)
    page = _verify_page(cert.number)
    assert b'data-state="valid"' in page.content
    services.revoke_certificate(cert, personas.officer_a, RevocationReason.FRAUD)
    page = _verify_page(cert.number)
    assert b'data-state="revoked"' in page.content
    assert "the test was not taken honestly" in page.content.decode()
    assert page["Cache-Control"] == "no-store"


def test_revoking_a_revoked_certificate_changes_nothing(personas: Personas) -> None:
    cert = certify(personas.person_a)
    first = services.revoke_certificate(cert, personas.officer_a, RevocationReason.MISTAKE)
    again = services.revoke_certificate(cert, personas.province_admin, RevocationReason.FRAUD, "other note")
    assert (again.revoked_at, again.revoked_by_id, again.revocation_reason) == (
        first.revoked_at,
        personas.officer_a.pk,
        RevocationReason.MISTAKE,
    )
    assert AuditEvent.objects.filter(action=AuditAction.REVOKE_CERTIFICATE).count() == 1


def test_the_reason_other_needs_a_note(personas: Personas) -> None:
    cert = certify(personas.person_a)
    with pytest.raises(services.CertificateRefused):
        services.revoke_certificate(cert, personas.officer_a, RevocationReason.OTHER, "  ")
    with pytest.raises(services.CertificateRefused):
        services.revoke_certificate(cert, personas.officer_a, "not-a-reason")
    cert.refresh_from_db()
    assert not cert.is_revoked
    services.revoke_certificate(cert, personas.officer_a, RevocationReason.OTHER, "Trùng hồ sơ")
    cert.refresh_from_db()
    assert cert.revocation_note == "Trùng hồ sơ"


def test_a_reissue_revokes_the_old_one_and_the_new_one_replaces_it(personas: Personas) -> None:
    old = certify(personas.person_a)
    person = personas.person_a
    person.full_name = "Nguyễn Văn Hùng Sửa"
    person.save()
    new = services.reissue_certificate(old, personas.officer_a, "tên sai")
    old.refresh_from_db()
    assert old.revocation_reason == RevocationReason.REISSUED and old.is_revoked
    assert new.replaces_id == old.pk and not new.is_revoked and new.number != old.number
    assert new.holder_name == "Nguyễn Văn Hùng Sửa"  # a fresh copy of the holder's details
    assert Certificate.objects.filter(person=person, revoked_at__isnull=True).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.REISSUE_CERTIFICATE, object_id=new.number).exists()
    page = _verify_page(old.number).content.decode()
    assert 'data-state="revoked"' in page and new.number in page


def test_a_revoked_certificate_cannot_be_reissued(personas: Personas) -> None:
    cert = certify(personas.person_a)
    services.revoke_certificate(cert, personas.officer_a, RevocationReason.MISTAKE)
    with pytest.raises(services.CertificateRefused):
        services.reissue_certificate(cert, personas.officer_a)


def test_after_a_revocation_the_person_can_be_certified_again(personas: Personas) -> None:
    cert = certify(personas.person_a)
    services.revoke_certificate(cert, personas.officer_a, RevocationReason.MISTAKE)
    again = certify(personas.person_a)
    assert again.pk != cert.pk and not again.is_revoked
