"""Events such as "Ngày hội toàn dân học tập số" on 10 October (plan 67 III.1.c): created and changed by
managers, participants ticked once each, results written down."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.campaign.constants import EventKind
from hocvuso.campaign.models import Event, EventParticipation
from hocvuso.campaign.selectors import sessions as sel
from tests.personas import Personas
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db


def test_an_officer_creates_the_learning_day_of_their_commune(personas: Personas) -> None:
    p = personas
    client = client_for(p.officer_a)
    data = {
        "kind": EventKind.LEARNING_DAY,
        "name": "Ngày hội toàn dân học tập số 2025",
        "date": "2025-10-10",
        "commune": p.commune_a.code,
        "place": "Sân UBND phường",
        "results": "",
    }
    response = client.post(reverse("web:events"), data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.commune_id, event.date, event.kind) == (p.commune_a.code, date(2025, 10, 10), EventKind.LEARNING_DAY)
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE_EVENT, object_id=str(event.pk)).exists()


def test_only_the_province_administrator_creates_a_province_wide_event(personas: Personas) -> None:
    p = personas
    data = {"kind": EventKind.LEARNING_DAY, "name": "Ngày hội toàn tỉnh", "date": "2025-10-10", "commune": ""}
    assert client_for(p.officer_a).post(reverse("web:events"), data).status_code == 400
    assert client_for(p.province_admin).post(reverse("web:events"), data).status_code == 302
    assert Event.objects.get().commune is None
    bad = {**data, "commune": p.commune_b.code}
    assert client_for(p.officer_a).post(reverse("web:events"), bad).status_code == 400  # not a choice for them
    assert Event.objects.count() == 1


def test_participants_are_ticked_once_and_results_written(personas: Personas) -> None:
    p = personas
    event = Event.objects.create(
        kind=EventKind.LEARNING_DAY, name="Ngày hội", date=date(2025, 10, 10), commune=p.commune_a
    )
    client = client_for(p.officer_a)
    url = reverse("web:event-participants", args=[event.pk])
    assert client.get(url, {"q": "thach"}).status_code == 200
    assert client.post(url, {"person": [p.person_a.pk, p.person_a2.pk]}).status_code == 302
    assert client.post(url, {"person": [p.person_a.pk]}).status_code == 302
    assert EventParticipation.objects.filter(event=event).count() == 2
    assert client.post(url, {"person": [p.person_b.pk]}).status_code == 404  # commune B
    response = client.post(
        reverse("web:event", args=[event.pk]),
        {
            "kind": EventKind.LEARNING_DAY,
            "name": "Ngày hội",
            "date": "2025-10-10",
            "commune": p.commune_a.code,
            "place": "",
            "results": "120 người tham gia, 45 người cài VNeID mức 2.",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.results.startswith("120 người")


def test_field_workers_read_events_of_their_communes_others_get_nothing(personas: Personas) -> None:
    p = personas
    in_a = Event.objects.create(kind=EventKind.OTHER, name="A", date=date(2025, 5, 1), commune=p.commune_a)
    in_b = Event.objects.create(kind=EventKind.OTHER, name="B", date=date(2025, 5, 1), commune=p.commune_b)
    province = Event.objects.create(kind=EventKind.LEARNING_DAY, name="Tỉnh", date=date(2025, 10, 10))
    assert set(sel.events_visible_to(p.team_member_a)) == {in_a, province}
    assert set(sel.events_visible_to(p.officer_b)) == {in_b, province}
    assert not sel.events_visible_to(p.learner_a).exists()
    assert client_for(p.team_member_a).post(reverse("web:event", args=[in_a.pk]), {}).status_code == 403
    assert client_for(p.officer_b).get(reverse("web:event", args=[in_a.pk])).status_code == 404
