"""The receiver's callback (POST /api/v1/vneid/callback) and the staff operations of the VNeID API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.certificates.constants import VNeIDStatus
from hocvuso.certificates.models import VNeIDConfirmation
from tests.api.conftest import Api, token_for
from tests.certificates.vneid_support import make_confirmation
from tests.personas import Personas

SECRET = "callback-secret-for-tests"
URL = "/api/v1/vneid/callback"


@pytest.fixture
def secret(settings: Any) -> str:
    settings.HOCVUSO_VNEID_CALLBACK_SECRET = SECRET
    return SECRET


def _callback(body: dict[str, Any], secret: str | None = SECRET) -> Any:
    headers = {"Accept-Language": "en"}
    if secret is not None:
        headers["X-VNeID-Callback-Secret"] = secret
    return Client().post(URL, body, content_type="application/json", headers=headers)


def _fresh(row: VNeIDConfirmation) -> VNeIDConfirmation:
    row.refresh_from_db()
    return row


@pytest.mark.django_db
def test_the_callback_confirms_a_sent_certificate_once(personas: Personas, secret: str) -> None:
    row = make_confirmation(personas.person_a, VNeIDStatus.SENT)
    body = {"idempotency_key": str(row.idempotency_key), "status": "confirmed", "id": "VN-1"}
    first = _callback(body)
    assert first.status_code == 200, first.content
    assert first.json() == {"certificate_number": row.certificate.number, "status": "confirmed"}
    confirmed_at = _fresh(row).confirmed_at
    assert row.status == VNeIDStatus.CONFIRMED and row.external_ref == "VN-1"
    again = _callback(body)
    assert again.status_code == 200
    assert _fresh(row).confirmed_at == confirmed_at
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE_VNEID_STATUS).count() == 1


@pytest.mark.django_db
def test_the_callback_may_name_the_certificate_by_number(personas: Personas, secret: str) -> None:
    row = make_confirmation(personas.person_a, VNeIDStatus.SENT)
    response = _callback({"certificate_number": row.certificate.number, "status": "failed", "error": "CCCD sai"})
    assert response.status_code == 200
    row = _fresh(row)
    assert row.status == VNeIDStatus.FAILED
    assert "CCCD sai" in row.last_error


@pytest.mark.django_db
def test_a_failure_reported_after_the_confirmation_is_refused(personas: Personas, secret: str) -> None:
    row = make_confirmation(personas.person_a, VNeIDStatus.CONFIRMED)
    response = _callback({"idempotency_key": str(row.idempotency_key), "status": "failed"})
    assert response.status_code == 409
    assert _fresh(row).status == VNeIDStatus.CONFIRMED


@pytest.mark.django_db
def test_the_callback_without_the_secret_is_refused(personas: Personas, secret: str) -> None:
    row = make_confirmation(personas.person_a, VNeIDStatus.SENT)
    body = {"idempotency_key": str(row.idempotency_key), "status": "confirmed"}
    assert _callback(body, secret=None).status_code == 401
    assert _callback(body, secret="wrong").status_code == 403
    assert _callback(body, secret=SECRET + "x").status_code == 403
    assert _fresh(row).status == VNeIDStatus.SENT


@pytest.mark.django_db
def test_the_callback_is_off_while_no_secret_is_set(personas: Personas, settings: Any) -> None:
    settings.HOCVUSO_VNEID_CALLBACK_SECRET = ""
    row = make_confirmation(personas.person_a, VNeIDStatus.SENT)
    assert _callback({"idempotency_key": str(row.idempotency_key), "status": "confirmed"}, secret="").status_code == 401
    assert _callback({"idempotency_key": str(row.idempotency_key), "status": "confirmed"}).status_code == 403


@pytest.mark.django_db
def test_the_callback_for_an_unknown_certificate_answers_404(secret: str) -> None:
    assert _callback({"certificate_number": "TV-1999-000001", "status": "confirmed"}).status_code == 404


@pytest.mark.django_db
def test_the_callback_must_name_a_certificate(secret: str) -> None:
    response = _callback({"status": "confirmed"})
    assert response.status_code == 422
    assert _callback({"certificate_number": "X", "status": "lost"}).status_code == 422


def _api(user: Any) -> Api:
    return Api(Client(), token_for(user))


@pytest.mark.django_db
def test_the_list_shows_counts_and_filters_by_state(personas: Personas) -> None:
    failed = make_confirmation(personas.person_a, VNeIDStatus.FAILED)
    make_confirmation(personas.person_a2, VNeIDStatus.CONFIRMED)
    make_confirmation(personas.person_b, VNeIDStatus.FAILED)
    api = _api(personas.officer_a)
    body = api.get("/vneid/confirmations", status="failed").json()
    assert [row["id"] for row in body["items"]] == [failed.pk]
    assert body["items"][0]["last_error"].startswith("VNeID refused")
    assert body["counts"]["failed"] == 1 and body["counts"]["confirmed"] == 1
    assert body["next_offset"] is None


@pytest.mark.django_db
def test_queueing_through_the_api_refuses_a_sent_certificate(personas: Personas) -> None:
    sent = make_confirmation(personas.person_a, VNeIDStatus.SENT)
    failed = make_confirmation(personas.person_a2, VNeIDStatus.FAILED)
    api = _api(personas.officer_a)
    assert api.post(f"/vneid/confirmations/{sent.pk}/queue").status_code == 409
    response = api.post(f"/vneid/confirmations/{failed.pk}/queue")
    assert response.status_code == 200
    assert response.json()["status"] == "queued"
    assert api.post(f"/vneid/confirmations/{failed.pk}/queue").status_code == 200  # queued again: unchanged
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE_VNEID_STATUS).count() == 1
