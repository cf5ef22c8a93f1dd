from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import ApiToken, AuditEvent
from hocvuso.accounts.services import create_api_token
from tests.api.conftest import Api, token_for


def test_a_token_acts_as_its_user(personas):
    response = Api(Client(), token_for(personas.officer_a)).get("/me")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "officer_a"
    assert body["roles"] == [{"kind": "commune_officer", "unit_type": "commune", "unit_id": 29242}]
    assert body["token_scopes"] == ["geo:read", "imports:write", "people:read", "people:write"]


def test_anonymous_call_is_told_to_authenticate(personas):
    response = Client().get("/api/v1/people", headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["detail"]


def test_unknown_token_is_refused(personas):
    response = Api(Client(), "hvs_not-a-real-token").get("/people")
    assert response.status_code == 401


def test_revoked_token_is_refused(personas):
    token, raw = create_api_token(personas.officer_a, "revoked", ["people:read"])
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert Api(Client(), raw).get("/people").status_code == 401


def test_expired_token_is_refused(personas):
    _token, raw = create_api_token(
        personas.officer_a, "old", ["people:read"], expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert Api(Client(), raw).get("/people").status_code == 401


def test_token_of_a_deactivated_user_is_refused(personas):
    raw = token_for(personas.officer_a)
    personas.officer_a.is_active = False
    personas.officer_a.save(update_fields=["is_active"])
    assert Api(Client(), raw).get("/people").status_code == 401


def test_token_without_the_scope_gets_403_naming_the_scope(personas):
    api = Api(Client(), token_for(personas.officer_a, ["geo:read"]))
    response = api.get("/people")
    assert response.status_code == 403
    assert "people:read" in response.json()["detail"]


def test_token_use_is_recorded_at_most_every_few_minutes(personas):
    token, raw = create_api_token(personas.officer_a, "used", ["people:read"])
    assert token.last_used_at is None
    Api(Client(), raw).get("/people")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    Api(Client(), raw).get("/people")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=6))
    Api(Client(), raw).get("/people")
    token.refresh_from_db()
    assert token.last_used_at > first


def test_browser_session_may_read_without_a_token(personas):
    client = Client()
    client.force_login(personas.officer_a)
    response = client.get("/api/v1/people")
    assert response.status_code == 200
    assert response.json()["items"]


def test_browser_session_needs_the_csrf_token_to_write(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.officer_a)
    body = {"commune_code": 29242, "name": "Khóm 9"}
    response = client.post("/api/v1/hamlets", body, content_type="application/json", headers={"Accept-Language": "en"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    secret = "a" * 32  # a CSRF secret as the web pages set it in the cookie
    client.cookies["csrftoken"] = secret
    response = client.post("/api/v1/hamlets", body, content_type="application/json", headers={"X-CSRFToken": secret})
    assert response.status_code == 201


def test_create_api_token_command_prints_the_secret_once_and_keeps_only_its_hash(personas, capsys):
    call_command("create_api_token", "officer_a", "--name", "Smart Trà Vinh", "--scope", "people:read", "geo:read")
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(name="Smart Trà Vinh")
    assert token.user == personas.officer_a
    assert token.scopes == ["geo:read", "people:read"]
    assert raw.startswith("hvs_") and raw not in (token.token_hash, token.prefix)
    assert token.token_hash == ApiToken.hash(raw)
    assert AuditEvent.objects.filter(action=AuditAction.CREATE_TOKEN, object_id=str(token.pk)).exists()
    assert Api(Client(), raw).get("/people").status_code == 200
    assert Api(Client(), raw).post("/hamlets", {"commune_code": 29242, "name": "Khóm 9"}).status_code == 403


def test_create_api_token_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="no user"):
        call_command("create_api_token", "nobody", "--name", "x", "--scope", "people:read")


def test_create_api_token_command_refuses_an_unknown_scope(personas):
    with pytest.raises(CommandError, match="people:delete"):
        call_command("create_api_token", "officer_a", "--name", "x", "--scope", "people:delete")
    assert not ApiToken.objects.exists()
