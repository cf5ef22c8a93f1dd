"""The certificates API: mine, one (scoped), revoke, re-issue, public status, verify, keys, batches."""

from __future__ import annotations

from typing import Any

import pytest

from hocvuso.certificates.models import Certificate, IssueBatch
from tests.api.conftest import api_as
from tests.assessment.builders import small_bank
from tests.certificates.test_issue import certify
from tests.personas import Personas

__all__ = ["api_as"]  # the fixture of tests/api


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_mine_lists_the_holders_certificates(personas: Personas, api_as: Any) -> None:
    cert = certify(personas.person_a)
    certify(personas.person_b)
    body = api_as("learner_a").get("/certificates/mine").json()
    assert [row["number"] for row in body] == [cert.number]
    assert body[0]["state"] == "valid" and body[0]["verify_url"].endswith(f"/v/{cert.number}/")


def test_the_public_status_masks_the_name_and_shows_a_revocation_at_once(personas: Personas, api_as: Any) -> None:
    cert = certify(personas.person_a)
    anonymous = api_as("anonymous")
    body = anonymous.get(f"/certificates/{cert.number}/status").json()
    assert (body["state"], body["holder"]) == ("valid", "N*** V*** Hùng")
    assert "national_id" not in body and "holder_birth_date" not in body
    revoked = api_as("officer_a").post(f"/certificates/{cert.number}/revoke", {"reason": "fraud"})
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    body = anonymous.get(f"/certificates/{cert.number}/status").json()
    assert body["state"] == "revoked" and body["revocation_reason"]
    assert anonymous.get("/certificates/TV-2000-000001/status").status_code == 404


def test_revoking_with_the_reason_other_needs_a_note(personas: Personas, api_as: Any) -> None:
    cert = certify(personas.person_a)
    response = api_as("officer_a").post(f"/certificates/{cert.number}/revoke", {"reason": "other"})
    assert response.status_code == 422
    assert not Certificate.objects.get(pk=cert.pk).is_revoked


def test_reissue_answers_the_new_certificate_and_refuses_a_revoked_one(personas: Personas, api_as: Any) -> None:
    cert = certify(personas.person_a)
    api = api_as("province_admin")
    response = api.post(f"/certificates/{cert.number}/reissue", {"note": "sửa tên"})
    assert response.status_code == 201
    assert response.json()["replaces"] == cert.number
    assert api.post(f"/certificates/{cert.number}/reissue", {}).status_code == 409


def test_verify_checks_a_credential_and_keys_are_public(personas: Personas, api_as: Any) -> None:
    cert = certify(personas.person_a)
    anonymous = api_as("anonymous")
    verdict = anonymous.post("/certificates/verify", cert.credential).json()
    assert (verdict["state"], verdict["number"]) == ("valid", cert.number)
    forged = {**cert.credential, "validFrom": "2000-01-01T00:00:00Z"}
    assert anonymous.post("/certificates/verify", forged).json()["state"] == "invalid"
    assert anonymous.post("/certificates/verify", {"x": 1}).json()["state"] == "invalid"
    keys = anonymous.get("/certificates/keys").json()
    assert cert.key.key_id in {k["kid"] for k in keys["keys"]}


def test_a_batch_started_through_the_api_can_be_followed(personas: Personas, api_as: Any) -> None:
    small_bank()
    api = api_as("officer_a")
    response = api.post("/certificate-batches", {"commune_code": personas.commune_a.code})
    assert response.status_code == 201
    batch = IssueBatch.objects.get()
    assert api.get(f"/certificate-batches/{batch.pk}").json()["id"] == batch.pk
    other = api.post(
        "/certificate-batches", {"commune_code": personas.commune_a.code, "hamlet_id": personas.hamlet_b1.pk}
    )
    assert other.status_code == 422
