"""The certificate PDF: Be Vietnam Pro embedded, the signed credential inside, tampering detected."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone, translation

from hocvuso.certificates.models import Certificate
from hocvuso.certificates.pdf import credential_from_pdf, render_certificate_pdf, subject_of_pdf
from hocvuso.certificates.verification import mask_name, verify_document
from tests.certificates import signed_certificate, verify_url


def pdf_of(cert: Certificate) -> bytes:
    return render_certificate_pdf(cert, verify_url=verify_url(cert.number), credential=cert.credential)


@pytest.mark.django_db
def test_the_pdf_embeds_be_vietnam_pro_and_carries_the_signed_credential() -> None:
    cert = signed_certificate(name="Thạch Thị Sa Ra")
    data = pdf_of(cert)
    assert data.startswith(b"%PDF-")
    assert b"BeVietnamPro" in data
    assert b"/EmbeddedFile" in data
    assert credential_from_pdf(data) == cert.credential
    assert subject_of_pdf(data) == cert.number


@pytest.mark.django_db
def test_a_birth_year_only_holder_renders_too() -> None:
    cert = signed_certificate(birth_date=None)
    assert credential_from_pdf(pdf_of(cert)) == cert.credential


def test_a_file_that_is_not_our_pdf_has_no_credential() -> None:
    assert credential_from_pdf(b"%PDF-1.4 nothing here") is None
    assert credential_from_pdf(b"") is None


def test_names_are_masked_but_the_given_name() -> None:
    assert mask_name("Nguyễn Văn An") == "N*** V*** An"
    assert mask_name("Thạch Thị Sa Ra") == "T*** T*** S*** Ra"
    assert mask_name("An") == "An"
    assert mask_name("  ") == ""


@pytest.mark.django_db
def test_a_genuine_pdf_in_force_is_valid() -> None:
    cert = signed_certificate()
    verdict = verify_document(pdf_of(cert))
    assert verdict.state == "valid" and verdict.ok
    assert verdict.number == cert.number and verdict.holder == "N*** V*** An" and verdict.level == 1
    assert verdict.issued == timezone.localtime(cert.issued_at).date()


@pytest.mark.django_db
def test_the_credential_json_file_is_accepted_as_well() -> None:
    cert = signed_certificate()
    assert verify_document(json.dumps(cert.credential, ensure_ascii=False).encode()).state == "valid"


@pytest.mark.django_db
def test_a_pdf_whose_number_was_altered_in_its_metadata_fails() -> None:
    cert = signed_certificate()
    data = pdf_of(cert).replace(b"/Subject (TV-2026-000123)", b"/Subject (TV-2026-000999)")
    with translation.override("en"):
        verdict = verify_document(data)
    assert verdict.state == "invalid" and "PDF was changed" in verdict.problem


@pytest.mark.django_db
def test_a_pdf_whose_number_was_altered_everywhere_fails() -> None:
    cert = signed_certificate()
    data = pdf_of(cert).replace(b"TV-2026-000123", b"TV-2026-000999")
    with translation.override("en"):
        verdict = verify_document(data)
    assert verdict.state == "invalid" and "was changed" in verdict.problem


@pytest.mark.django_db
def test_a_pdf_whose_holder_was_altered_in_the_credential_fails() -> None:
    cert = signed_certificate()
    data = pdf_of(cert).replace("Nguyễn Văn An".encode(), "Nguyễn Văn Ân".encode())
    assert verify_document(data).state == "invalid"


@pytest.mark.django_db
def test_a_revoked_certificate_says_when_and_why() -> None:
    cert = signed_certificate()
    cert.revoked_at = timezone.now()
    cert.revocation_reason = "fraud"
    cert.save(update_fields=["revoked_at", "revocation_reason"])
    verdict = verify_document(pdf_of(cert))
    assert verdict.state == "revoked" and verdict.revoked_at == cert.revoked_at
    assert verdict.signature_ok and verdict.problem and verdict.revocation_reason


@pytest.mark.django_db
def test_a_signed_credential_the_province_has_no_record_of_is_unknown() -> None:
    cert = signed_certificate()
    data = pdf_of(cert)
    Certificate.objects.filter(pk=cert.pk).delete()
    verdict = verify_document(data)
    assert verdict.state == "unknown" and verdict.signature_ok


@pytest.mark.django_db
def test_a_signed_credential_that_is_not_the_one_on_record_is_invalid() -> None:
    cert = signed_certificate()
    data = pdf_of(cert)
    other = signed_certificate(number="TV-2026-000124", name="Lê Thị Bé")
    Certificate.objects.filter(pk=other.pk).update(credential=cert.credential | {"proof": other.credential["proof"]})
    Certificate.objects.filter(pk=cert.pk).update(number="TV-2026-000777")
    Certificate.objects.filter(pk=other.pk).update(number=cert.number)
    assert verify_document(data).state == "invalid"


@pytest.mark.django_db
@pytest.mark.parametrize("data", [b"", b"\xff\xfe", b"{not json", b"[]", b"%PDF-1.7\n%%EOF", b"null"])
def test_files_that_are_no_certificate_are_invalid_without_an_exception(data: bytes) -> None:
    verdict = verify_document(data)
    assert verdict.state == "invalid" and verdict.problem
