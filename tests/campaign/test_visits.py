"""Recording a door-to-door visit (plan 67 III.5.đ): the form and the API, the registry changes made at
the visit (audited, one transaction), refusals with messages for the user, and idempotent sending on
client_uuid (a visit kept offline and sent again is stored once)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hocvuso.accounts.constants import AccessReason, AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.campaign.constants import HelpTopic, VisitOutcome
from hocvuso.campaign.models import Visit
from hocvuso.campaign.services.visits import VisitData, record_visit
from hocvuso.people.constants import VNeIDLevel
from hocvuso.people.models import Person
from tests import factories
from tests.api.conftest import Api, token_for
from tests.personas import Personas
from tests.web.helpers import client_for


def _form(p: Personas, **extra: Any) -> dict[str, Any]:
    person = p.person_a
    data: dict[str, Any] = {
        "client_uuid": str(uuid.uuid4()),
        "visited_on": timezone.localdate().isoformat(),
        "companions": "Sơn Thị Lan",
        "people_met": [person.pk],
        "helped_with": [HelpTopic.VNEID_LEVEL_2, HelpTopic.BANK_APP],
        "outcome": VisitOutcome.HELPED,
        "note": "Đã kích hoạt VNeID mức 2.",
        "follow_up_on": "",
        f"vneid_{person.pk}": str(VNeIDLevel.LEVEL_2),
        f"vneid_{person.pk}_was": str(person.vneid_level),
        f"bank_{person.pk}": "yes",
        f"bank_{person.pk}_was": "yes" if person.has_digital_bank_account else "no",
    }
    data.update(extra)
    return data


def _body(p: Personas, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "client_uuid": str(uuid.uuid4()),
        "household_id": p.household_a.pk,
        "visited_on": timezone.localdate().isoformat(),
        "people_met": [p.person_a.pk],
        "helped_with": ["install_vneid"],
        "outcome": "helped",
        "updates": [{"person_id": p.person_a.pk, "vneid_level": 2, "has_digital_bank_account": True}],
    }
    body.update(extra)
    return body


def _api(user: Any) -> Api:
    return Api(Client(), token_for(user))


def test_the_form_opens_with_today_and_the_members_of_the_household(personas: Personas) -> None:
    response = client_for(personas.team_member_a).get(reverse("web:visit-new", args=[personas.household_a.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{timezone.localdate().isoformat()}"' in page
    assert personas.person_a.full_name in page
    assert 'name="client_uuid"' in page and "data-hvs-visit" in page


def test_a_team_member_records_a_visit_and_updates_the_registry_in_one_audited_step(personas: Personas) -> None:
    client = client_for(personas.team_member_a)
    data = _form(personas)
    response = client.post(reverse("web:visit-new", args=[personas.household_a.pk]), data)
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("web:visit", args=[visit.pk])
    assert str(visit.client_uuid) == data["client_uuid"]
    assert visit.visitor == personas.team_member_a and visit.hamlet == personas.hamlet_a1
    assert visit.commune == personas.commune_a and list(visit.people_met.all()) == [personas.person_a]
    assert sorted(visit.helped_with) == ["bank_app", "vneid_level_2"]
    person = Person.objects.get(pk=personas.person_a.pk)
    assert person.vneid_level == VNeIDLevel.LEVEL_2 and person.has_digital_bank_account
    change = AuditEvent.objects.get(action=AuditAction.CHANGE_PERSON, object_id=str(person.pk))
    assert change.actor == personas.team_member_a and change.reason == AccessReason.SUPPORT
    assert set(change.details["fields"]) == {"vneid_level", "has_digital_bank_account"}
    recorded = AuditEvent.objects.get(action=AuditAction.RECORD_VISIT)
    assert recorded.reason == AccessReason.SUPPORT and recorded.object_id == str(visit.pk)
    assert recorded.details["changed"] == {str(person.pk): change.details["fields"]}
    page = client.get(response["Location"]).content.decode()
    assert "The visit is recorded." in page and personas.person_a.full_name in page


def test_posting_the_same_form_twice_stores_one_visit(personas: Personas) -> None:
    client = client_for(personas.team_member_a)
    data = _form(personas)
    url = reverse("web:visit-new", args=[personas.household_a.pk])
    first = client.post(url, data)
    second = client.post(url, data)
    assert first["Location"] == second["Location"]
    assert Visit.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_VISIT).count() == 1
    assert "This visit was already recorded." in client.get(second["Location"]).content.decode()


def test_the_form_posted_by_the_page_script_gets_the_address_of_the_visit(personas: Personas) -> None:
    client = client_for(personas.team_member_a)
    url = reverse("web:visit-new", args=[personas.household_a.pk])
    response = client.post(url, _form(personas), headers={"X-HVS-Fetch": "1"})
    visit = Visit.objects.get()
    assert response.json() == {"id": visit.pk, "url": reverse("web:visit", args=[visit.pk])}
    assert "The visit is recorded." in client.get(response.json()["url"]).content.decode()


def test_an_unchanged_member_is_not_written_to_the_registry(personas: Personas) -> None:
    person = personas.person_a
    data = _form(personas, **{f"vneid_{person.pk}": str(person.vneid_level)})
    data[f"bank_{person.pk}"] = data[f"bank_{person.pk}_was"]
    client_for(personas.team_member_a).post(reverse("web:visit-new", args=[personas.household_a.pk]), data)
    assert Visit.objects.count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGE_PERSON).exists()


def test_a_visit_in_the_future_is_refused_with_a_message(personas: Personas) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for(personas.team_member_a).post(
        reverse("web:visit-new", args=[personas.household_a.pk]), _form(personas, visited_on=tomorrow)
    )
    assert response.status_code == 200
    assert "The visit date cannot be in the future." in response.content.decode()
    assert not Visit.objects.exists()
    assert Person.objects.get(pk=personas.person_a.pk).vneid_level == personas.person_a.vneid_level


def test_the_date_to_come_back_cannot_be_before_the_visit(personas: Personas) -> None:
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = _api(personas.officer_a).post("/visits", _body(personas, follow_up_on=yesterday))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "follow_up_on"


def test_a_person_of_another_household_is_refused(personas: Personas) -> None:
    stranger = factories.PersonFactory(hamlet=personas.hamlet_a1)
    response = _api(personas.team_member_a).post("/visits", _body(personas, people_met=[stranger.pk], updates=[]))
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == [
        {
            "location": "body",
            "field": "people_met",
            "message": "Only members of this household can be ticked as met.",
        }
    ]
    assert not Visit.objects.exists()


def test_a_change_for_someone_not_met_is_refused_and_nothing_is_written(personas: Personas) -> None:
    response = _api(personas.team_member_a).post("/visits", _body(personas, people_met=[]))
    assert response.status_code == 422
    assert "Tick Nguyễn Văn Hùng as met" in response.json()["errors"][0]["message"]
    assert not Visit.objects.exists()
    assert Person.objects.get(pk=personas.person_a.pk).vneid_level == personas.person_a.vneid_level


def test_nobody_can_be_met_when_nobody_was_at_home(personas: Personas) -> None:
    response = _api(personas.team_member_a).post("/visits", _body(personas, outcome="not_home", updates=[]))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "people_met"


def test_the_same_visit_sent_twice_is_stored_once(personas: Personas) -> None:
    api = _api(personas.team_member_a)
    body = _body(personas)
    first = api.post("/visits", body)
    second = api.post("/visits", {**body, "note": "sent again"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["people_met"] == [{"id": personas.person_a.pk, "full_name": "Nguyễn Văn Hùng"}]
    assert Visit.objects.count() == 1 and Visit.objects.get().note == ""
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_VISIT).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE_PERSON).count() == 1


def test_a_client_uuid_of_another_visitor_is_a_conflict(personas: Personas) -> None:
    body = _body(personas, updates=[])
    assert _api(personas.team_member_a).post("/visits", body).status_code == 201
    response = _api(personas.officer_a).post("/visits", body)
    assert response.status_code == 409
    assert Visit.objects.count() == 1


def test_the_api_lists_the_visits_of_a_household_and_reads_one(personas: Personas) -> None:
    api = _api(personas.mentor_a)
    created = api.post("/visits", _body(personas, updates=[])).json()
    listed = api.get(f"/households/{personas.household_a.pk}/visits").json()
    assert [v["id"] for v in listed["items"]] == [created["id"]] and listed["next_offset"] is None
    one = api.get(f"/visits/{created['id']}").json()
    assert one["visitor"] == "Lâm Văn Sứ" and one["outcome"] == "helped"
    assert _api(personas.officer_b).get(f"/visits/{created['id']}").status_code == 404


def test_the_api_worklist_ranks_and_explains(personas: Personas) -> None:
    Person.objects.filter(pk=personas.person_a.pk).update(birth_year=1950)
    body = _api(personas.team_member_a).get("/worklist").json()
    assert [row["id"] for row in body["items"]] == [personas.household_a.pk]
    row = body["items"][0]
    assert "elderly" in row["needs"] and row["need_score"] > 0 and row["last_visit_on"] is None
    filtered = _api(personas.officer_a).get("/worklist", need=["disability"]).json()
    assert filtered["items"] == []


def test_the_province_administrator_names_a_commune_for_the_api_worklist(personas: Personas) -> None:
    api = _api(personas.province_admin)
    response = api.get("/worklist")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "commune_code"
    rows = api.get("/worklist", commune_code=personas.commune_b.code).json()["items"]
    assert [r["id"] for r in rows] == [personas.household_b.pk]


def test_the_service_returns_the_stored_visit_for_a_known_client_uuid(personas: Personas) -> None:
    data = VisitData(client_uuid=uuid.uuid4(), visited_on=timezone.localdate(), outcome=VisitOutcome.NOT_HOME)
    first, created = record_visit(personas.officer_a, personas.household_a, data)
    again, created_again = record_visit(personas.officer_a, personas.household_a, data)
    assert (created, created_again) == (True, False) and first.pk == again.pk
