"""The holder's and the staff's certificate pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from hocvuso.certificates.constants import RevocationReason
from hocvuso.certificates.models import Certificate
from hocvuso.certificates.selectors import verify_url
from tests.certificates.test_issue import certify
from tests.personas import Personas
from tests.web.helpers import client_for


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_my_certificates_lists_mine_with_the_verify_address_and_downloads(personas: Personas) -> None:
    mine = certify(personas.person_a)
    other = certify(personas.person_b)
    page = client_for(personas.learner_a).get(reverse("web:my-certificates")).content.decode()
    assert mine.number in page and other.number not in page
    assert verify_url(mine.number) in page
    assert reverse("web:certificate-pdf", args=[mine.number]) in page
    assert reverse("web:certificate-credential", args=[mine.number]) in page
    assert 'src="data:image/svg+xml' in page  # the QR code


def test_the_holder_downloads_the_pdf_and_the_credential(personas: Personas) -> None:
    cert = certify(personas.person_a)
    client = client_for(personas.learner_a)
    pdf = client.get(reverse("web:certificate-pdf", args=[cert.number]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    credential = client.get(reverse("web:certificate-credential", args=[cert.number]))
    assert json.loads(credential.content) == cert.credential


def test_a_missing_pdf_file_is_rendered_again(personas: Personas) -> None:
    cert = certify(personas.person_a)
    cert.pdf.storage.delete(cert.pdf.name)
    pdf = client_for(personas.learner_a).get(reverse("web:certificate-pdf", args=[cert.number]))
    assert pdf.content.startswith(b"%PDF")
    cert.refresh_from_db()
    assert cert.pdf.storage.exists(cert.pdf.name)


def test_the_staff_list_filters_by_commune_state_and_name(personas: Personas) -> None:
    a = certify(personas.person_a)
    b = certify(personas.person_b)
    client = client_for(personas.province_admin)
    url = reverse("web:staff-certificates")
    page = client.get(url).content.decode()
    assert a.number in page and b.number in page
    page = client.get(url, {"commune": personas.commune_b.code}).content.decode()
    assert a.number not in page and b.number in page
    page = client.get(url, {"q": "bich"}).content.decode()  # Lê Thị Bích, without accents
    assert a.number not in page and b.number in page
    page = client.get(url, {"q": a.number}).content.decode()
    assert a.number in page and b.number not in page
    client_for(personas.officer_a).post(
        reverse("web:certificate-revoke", args=[a.number]), {"reason": "mistake", "confirm": "on"}
    )
    page = client.get(url, {"status": "revoked"}).content.decode()
    assert a.number in page and b.number not in page


def test_an_officer_lists_only_the_certificates_of_their_commune(personas: Personas) -> None:
    a = certify(personas.person_a)
    b = certify(personas.person_b)
    page = client_for(personas.officer_b).get(reverse("web:staff-certificates")).content.decode()
    assert b.number in page and a.number not in page


def test_revoking_needs_the_confirmation_and_a_reason(personas: Personas) -> None:
    cert = certify(personas.person_a)
    client = client_for(personas.officer_a)
    url = reverse("web:certificate-revoke", args=[cert.number])
    assert client.post(url, {"reason": "mistake"}).status_code == 400
    assert client.post(url, {"reason": "other", "confirm": "on"}).status_code == 400
    cert.refresh_from_db()
    assert not cert.is_revoked
    response = client.post(url, {"reason": "fraud", "note": "", "confirm": "on"})
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.revocation_reason == RevocationReason.FRAUD and cert.revoked_by_id == personas.officer_a.pk


def test_reissuing_from_the_detail_page_leads_to_the_new_certificate(personas: Personas) -> None:
    cert = certify(personas.person_a)
    client = client_for(personas.officer_a)
    page = client.get(reverse("web:staff-certificate", args=[cert.number])).content.decode()
    assert reverse("web:certificate-reissue", args=[cert.number]) in page
    response = client.post(reverse("web:certificate-reissue", args=[cert.number]), {"note": "sai tên"})
    new = Certificate.objects.get(replaces=cert)
    assert response["Location"] == reverse("web:staff-certificate", args=[new.number])


def test_a_mentor_reads_the_certificate_but_sees_no_forms_to_change_it(personas: Personas) -> None:
    cert = certify(personas.person_a)
    page = client_for(personas.mentor_a).get(reverse("web:staff-certificate", args=[cert.number])).content.decode()
    assert cert.holder_name in page
    assert reverse("web:certificate-revoke", args=[cert.number]) not in page
