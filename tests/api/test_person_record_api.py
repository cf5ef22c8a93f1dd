from __future__ import annotations

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent


def _views(person) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(object_type="person", object_id=str(person.pk))
        .filter(action__in=[AuditAction.VIEW_PERSON, AuditAction.VIEW_FULL_ID])
        .values_list("action", "reason")
    )


def test_officer_sees_a_masked_id_without_a_reason_and_the_view_is_audited(personas, api_as):
    response = api_as("officer_a").get(f"/people/{personas.person_a.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["national_id"] == "*********" + personas.person_a.national_id[-3:]
    assert body["national_id_is_full"] is False
    assert body["target_groups"] == ["adult"]
    assert _views(personas.person_a) == [(AuditAction.VIEW_PERSON, "")]


def test_officer_sees_the_full_id_with_a_reason_and_the_reason_is_audited(personas, api_as):
    body = api_as("officer_a").get(f"/people/{personas.person_a.pk}", reason="roster_update").json()
    assert body["national_id"] == personas.person_a.national_id
    assert body["national_id_is_full"] is True
    assert _views(personas.person_a) == [(AuditAction.VIEW_FULL_ID, "roster_update")]


def test_team_member_never_sees_the_full_id_even_with_a_reason(personas, api_as):
    body = api_as("team_member_a").get(f"/people/{personas.person_a.pk}", reason="support").json()
    assert body["national_id_is_full"] is False
    assert body["national_id"].startswith("*********")
    assert _views(personas.person_a) == [(AuditAction.VIEW_PERSON, "support")]


def test_learner_sees_their_own_full_id_with_a_reason(personas, api_as):
    body = api_as("learner_a").get(f"/people/{personas.person_a.pk}", reason="verification").json()
    assert body["national_id"] == personas.person_a.national_id


def test_a_reason_outside_the_list_is_422(personas, api_as):
    response = api_as("officer_a").get(f"/people/{personas.person_a.pk}", reason="curiosity")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reason"
    assert _views(personas.person_a) == []


def test_commune_officer_cannot_see_another_communes_person(personas, api_as):
    response = api_as("officer_a").get(f"/people/{personas.person_b.pk}", reason="support")
    missing = api_as("officer_a").get("/people/987654321")
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json()
    assert _views(personas.person_b) == []
