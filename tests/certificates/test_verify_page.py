"""The public verify page: state, masked holder, level and date; nothing else; no sign-in; noindex."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hocvuso.certificates import services
from tests.certificates.test_issue import certify
from tests.personas import Personas
from tests.web.helpers import client_for


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_anyone_sees_a_valid_certificate_with_the_name_partly_masked(personas: Personas) -> None:
    cert = certify(personas.person_a)  # Nguyễn Văn Hùng
    response = client_for(None).get(reverse("web:certificate-verify", args=[cert.number]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-state="valid"' in page
    assert "N*** V*** Hùng" in page and "Nguyễn Văn Hùng" not in page
    assert timezone.localtime(cert.issued_at).strftime("%d/%m/%Y") in page
    assert "basic-757" in page
    assert personas.person_a.national_id not in page and personas.person_a.commune.name not in page
    assert response["X-Robots-Tag"].startswith("noindex")
    assert response["Cache-Control"] == "no-store"


def test_an_unknown_number_says_so(db: None) -> None:
    response = client_for(None).get(reverse("web:certificate-verify", args=["TV-2020-999999"]))
    assert response.status_code == 404
    assert 'data-state="unknown"' in response.content.decode()


def test_the_form_sends_a_typed_number_to_its_page(db: None) -> None:
    response = client_for(None).get(reverse("web:certificate-verify-form"), {"number": " tv-2026-000001 "})
    assert response["Location"] == reverse("web:certificate-verify", args=["TV-2026-000001"])
    assert client_for(None).get(reverse("web:certificate-verify-form")).status_code == 200


def test_an_uploaded_credential_or_pdf_is_checked(personas: Personas) -> None:
    cert = certify(personas.person_a)
    client = client_for(None)
    upload = SimpleUploadedFile("c.json", json.dumps(cert.credential).encode(), content_type="application/json")
    page = client.post(reverse("web:certificate-verify-form"), {"file": upload}).content.decode()
    assert 'data-state="valid"' in page and cert.number in page
    pdf = SimpleUploadedFile("c.pdf", services.pdf_bytes(cert), content_type="application/pdf")
    page = client.post(reverse("web:certificate-verify-form"), {"file": pdf}).content.decode()
    assert 'data-state="valid"' in page


def test_a_changed_credential_is_invalid(personas: Personas) -> None:
    cert = certify(personas.person_a)
    doc = dict(cert.credential)
    doc["credentialSubject"] = {**doc["credentialSubject"], "name": "Kẻ Giả Mạo"}
    upload = SimpleUploadedFile("c.json", json.dumps(doc).encode(), content_type="application/json")
    page = client_for(None).post(reverse("web:certificate-verify-form"), {"file": upload}).content.decode()
    assert 'data-state="invalid"' in page
    junk = SimpleUploadedFile("x.json", b"not json at all", content_type="application/json")
    page = client_for(None).post(reverse("web:certificate-verify-form"), {"file": junk}).content.decode()
    assert 'data-state="invalid"' in page
