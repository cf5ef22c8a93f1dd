"""Hamlets: listed per commune with counts; created by the commune's officer or the province, audited."""

from __future__ import annotations

from django.urls import reverse

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.geo.models import Hamlet
from tests.personas import Personas
from tests.web.helpers import client_for


def test_hamlet_list_shows_households_and_people_counts(personas: Personas) -> None:
    response = client_for(personas.officer_a).get(reverse("web:hamlets"))
    rows = {h.name: (h.households_count, h.people_count) for h in response.context["rows"]}
    assert rows == {"Khóm 1": (1, 1), "Khóm 2": (0, 1)}


def test_commune_officer_adds_a_hamlet_and_it_is_audited(personas: Personas) -> None:
    client = client_for(personas.officer_a)
    response = client.post(reverse("web:hamlet-create", args=[personas.commune_a.code]), {"name": "  Khóm   7 "})
    assert response.status_code == 302
    hamlet = Hamlet.objects.get(commune=personas.commune_a, name="Khóm 7")
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE_HAMLET, actor=personas.officer_a, object_id=str(hamlet.pk)
    ).exists()
    assert "Khóm 7" in client.get(response["Location"]).content.decode()


def test_a_hamlet_name_already_used_in_the_commune_is_explained(personas: Personas) -> None:
    response = client_for(personas.officer_a).post(
        reverse("web:hamlet-create", args=[personas.commune_a.code]), {"name": "khom 1"}
    )
    assert response.status_code == 200
    assert "already has a hamlet named" in response.content.decode()
    assert Hamlet.objects.filter(commune=personas.commune_a).count() == 2


def test_commune_officer_cannot_create_a_hamlet_in_another_commune(personas: Personas) -> None:
    response = client_for(personas.officer_b).post(
        reverse("web:hamlet-create", args=[personas.commune_a.code]), {"name": "Khóm Lạ"}
    )
    assert response.status_code == 404
    assert not Hamlet.objects.filter(name="Khóm Lạ").exists()


def test_commune_officer_cannot_see_another_communes_hamlets(personas: Personas) -> None:
    client = client_for(personas.officer_b)
    page = client.get(reverse("web:hamlets"), {"commune": personas.commune_a.code}).content.decode()
    assert "Khóm 1" not in page
    assert "Ấp Phước Thiện" in page
    assert client.get(reverse("web:hamlet", args=[personas.hamlet_a1.pk])).status_code == 404


def test_add_form_is_not_offered_to_a_team_member(personas: Personas) -> None:
    page = client_for(personas.team_member_a).get(reverse("web:hamlets")).content.decode()
    assert reverse("web:hamlet-create", args=[personas.commune_a.code]) not in page
