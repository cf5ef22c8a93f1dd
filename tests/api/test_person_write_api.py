from __future__ import annotations

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.lib import cccd, ethnicity
from hocvuso.people.models import Person


def _new_person(personas, **fields):
    body = {
        "full_name": "  trần   thị  mai ",
        "national_id": cccd.make("084", "F", 1990, 4242)[1:],  # Excel lost the leading zero
        "birth_year": 1990,
        "sex": "F",
        "ethnicity": "Khơ-me",
        "phone": "+84 912.345.678",
        "hamlet_id": personas.hamlet_a1.pk,
        "household_id": personas.household_a.pk,
        "vneid_level": 2,
        "has_digital_bank_account": True,
    }
    body.update(fields)
    return body


def test_commune_officer_adds_a_person_with_cleaned_values(personas, api_as):
    response = api_as("officer_a").post("/people", _new_person(personas))
    assert response.status_code == 201, response.content
    body = response.json()
    person = Person.objects.get(pk=body["id"])
    assert person.full_name == "Trần Thị Mai"
    assert person.national_id == cccd.make("084", "F", 1990, 4242)
    assert person.phone == "0912345678"
    assert person.ethnicity == ethnicity.lookup("Khmer")
    assert (person.commune_id, person.hamlet_id, person.household_id) == (
        29242,
        personas.hamlet_a1.pk,
        personas.household_a.pk,
    )
    assert body["national_id"].startswith("*********")
    assert AuditEvent.objects.filter(action=AuditAction.CREATE_PERSON, object_id=str(person.pk)).exists()


def test_every_wrong_field_is_reported_in_one_422(personas, api_as):
    response = api_as("officer_a").post(
        "/people",
        _new_person(
            personas,
            national_id="123",
            phone="12345",
            ethnicity="Martian",
            birth_year=None,
            hamlet_id=personas.hamlet_b1.pk,
        ),
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"national_id", "phone", "ethnicity", "hamlet_id"}
    assert all(e["location"] == "body" and e["message"] for e in response.json()["errors"])
    assert not Person.objects.filter(full_name="Trần Thị Mai").exists()


def test_an_id_that_disagrees_with_sex_is_422(personas, api_as):
    response = api_as("officer_a").post("/people", _new_person(personas, sex="M"))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["national_id"]


def test_a_personal_id_number_already_in_the_roster_is_422(personas, api_as):
    body = _new_person(personas, national_id=personas.person_b.national_id, birth_year=1980, sex="M")
    response = api_as("officer_a").post("/people", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["national_id"]


def test_a_body_of_the_wrong_type_is_422_naming_the_field(personas, api_as):
    response = api_as("officer_a").post("/people", _new_person(personas, vneid_level=7, hamlet_id="abc"))
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"vneid_level", "hamlet_id"}


def test_a_body_that_is_not_json_is_400(personas, api_as):
    api = api_as("officer_a")
    response = api.client.post("/api/v1/people", "{not json", content_type="application/json", headers=api.headers)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_commune_officer_cannot_add_a_person_to_another_commune(personas, api_as):
    response = api_as("officer_a").post("/people", _new_person(personas, hamlet_id=personas.hamlet_b1.pk))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["hamlet_id"]
    assert not Person.objects.filter(full_name="Trần Thị Mai").exists()


def test_a_household_of_another_commune_is_refused(personas, api_as):
    response = api_as("province_admin").post("/people", _new_person(personas, household_id=personas.household_b.pk))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["household_id"]


def test_team_member_cannot_add_people(personas, api_as):
    assert api_as("team_member_a").post("/people", _new_person(personas)).status_code == 403
    assert not Person.objects.filter(full_name="Trần Thị Mai").exists()


def test_commune_officer_changes_a_persons_phone_and_the_change_is_audited(personas, api_as):
    response = api_as("officer_a").patch(f"/people/{personas.person_a.pk}", {"phone": "0987 654 321"})
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "0987654321"
    personas.person_a.refresh_from_db()
    assert personas.person_a.phone == "0987654321"
    assert personas.person_a.full_name == "Nguyễn Văn Hùng"
    event = AuditEvent.objects.get(action=AuditAction.CHANGE_PERSON, object_id=str(personas.person_a.pk))
    assert event.details["fields"] == ["phone"]


def test_a_person_moves_to_another_hamlet_of_the_same_commune_only(personas, api_as):
    api = api_as("province_admin")
    moved = api.patch(f"/people/{personas.person_a.pk}", {"hamlet_id": personas.hamlet_a2.pk})
    assert moved.status_code == 200 and moved.json()["hamlet_id"] == personas.hamlet_a2.pk
    refused = api.patch(f"/people/{personas.person_a.pk}", {"hamlet_id": personas.hamlet_b1.pk})
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["hamlet_id"]


def test_a_wrong_value_in_a_change_is_422_and_nothing_changes(personas, api_as):
    response = api_as("officer_a").patch(f"/people/{personas.person_a.pk}", {"full_name": "", "phone": "1"})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"full_name", "phone"}
    personas.person_a.refresh_from_db()
    assert personas.person_a.full_name == "Nguyễn Văn Hùng"


def test_commune_officer_cannot_change_another_communes_person(personas, api_as):
    response = api_as("officer_a").patch(f"/people/{personas.person_b.pk}", {"phone": "0987654321"})
    assert response.status_code == 404
    personas.person_b.refresh_from_db()
    assert personas.person_b.phone == ""


def test_team_member_may_see_but_not_change_a_person(personas, api_as):
    api = api_as("team_member_a")
    assert api.get(f"/people/{personas.person_a.pk}").status_code == 200
    assert api.patch(f"/people/{personas.person_a.pk}", {"phone": "0987654321"}).status_code == 403
