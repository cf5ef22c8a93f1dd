"""The person page: facts and target groups, masked CCCD, and the audited full-ID reveal with a reason."""

from __future__ import annotations

from django.urls import reverse

from hocvuso.accounts.constants import AccessReason, AuditAction
from hocvuso.accounts.models import AuditEvent
from tests.personas import Personas
from tests.web.helpers import client_for


def test_opening_a_person_page_is_written_to_the_audit_log(personas: Personas) -> None:
    response = client_for(personas.officer_a).get(reverse("web:person", args=[personas.person_a.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.VIEW_PERSON)
    assert (event.actor, event.object_type, event.object_id) == (
        personas.officer_a,
        "person",
        str(personas.person_a.pk),
    )


def test_person_page_shows_the_masked_cccd_and_offers_the_reveal_to_the_officer(personas: Personas) -> None:
    page = client_for(personas.officer_a).get(reverse("web:person", args=[personas.person_a.pk])).content.decode()
    assert personas.person_a.masked_national_id in page
    assert personas.person_a.national_id not in page
    assert reverse("web:person-full-id", args=[personas.person_a.pk]) in page


def test_team_member_is_not_offered_the_full_id(personas: Personas) -> None:
    page = client_for(personas.team_member_a).get(reverse("web:person", args=[personas.person_a.pk])).content.decode()
    assert reverse("web:person-full-id", args=[personas.person_a.pk]) not in page


def test_full_id_is_shown_only_with_a_reason(personas: Personas) -> None:
    client = client_for(personas.officer_a)
    url = reverse("web:person-full-id", args=[personas.person_a.pk])
    refused = client.post(url, {})
    assert refused.status_code == 400
    assert personas.person_a.national_id not in refused.content.decode()
    assert "Choose why you need the full ID number." in refused.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_FULL_ID).exists()

    shown = client.post(url, {"reason": AccessReason.VERIFICATION})
    assert shown.status_code == 200
    assert personas.person_a.national_id in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action=AuditAction.VIEW_FULL_ID)
    assert (event.actor, event.object_id, event.reason) == (
        personas.officer_a,
        str(personas.person_a.pk),
        AccessReason.VERIFICATION,
    )


def test_an_unknown_reason_is_refused(personas: Personas) -> None:
    url = reverse("web:person-full-id", args=[personas.person_a.pk])
    response = client_for(personas.officer_a).post(url, {"reason": "curiosity"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_FULL_ID).exists()


def test_full_id_reveal_is_refused_to_a_team_member(personas: Personas) -> None:
    url = reverse("web:person-full-id", args=[personas.person_a.pk])
    response = client_for(personas.team_member_a).post(url, {"reason": AccessReason.SUPPORT})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_FULL_ID).exists()


def test_person_page_lists_target_groups_and_memberships(personas: Personas) -> None:
    page = client_for(personas.officer_b).get(reverse("web:person", args=[personas.pupil_a.pk])).content.decode()
    assert "primary pupil" in page
    assert "Trường Tiểu học Trà Vinh" in page


def test_learner_sees_their_own_record_but_not_a_neighbour(personas: Personas) -> None:
    client = client_for(personas.learner_a)
    assert client.get(reverse("web:person", args=[personas.person_a.pk])).status_code == 200
    assert client.get(reverse("web:person", args=[personas.person_a2.pk])).status_code == 404
