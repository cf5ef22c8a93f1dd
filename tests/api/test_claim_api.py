"""POST /api/v1/accounts/claim: the citizen app creates the account of a person in the roster."""

from __future__ import annotations

import pytest

from hocvuso.accounts.constants import AuditAction, RoleKind
from hocvuso.accounts.models import AuditEvent, Role, User
from hocvuso.people.models import Person
from hocvuso.people.services import CLAIM_FAILURE_LIMIT
from tests.api.conftest import Api
from tests.clients import english_client
from tests.personas import Personas

pytestmark = pytest.mark.django_db

PASSWORD = "hoc-vu-so-2025"


def _body(person: Person, **changes: str) -> dict[str, str]:
    body = {
        "national_id": person.national_id or "",
        "full_name": "le thi bich",
        "birth": "1980",
        "phone": "+84 987 654 321",
        "password": PASSWORD,
    }
    body.update(changes)
    return body


def _anonymous() -> Api:
    # The language cookie, as the language switch sets it: the site ignores the browser's Accept-Language.
    return Api(english_client(), None)


def test_a_claim_answers_201_with_the_new_user_who_then_signs_in(personas: Personas) -> None:
    response = _anonymous().post("/accounts/claim", _body(personas.person_b))
    assert response.status_code == 201, response.content
    user = User.objects.get(pk=response.json()["id"])
    assert response.json() == {"id": user.pk, "username": "0987654321"}
    assert Person.objects.get(pk=personas.person_b.pk).user == user
    assert Role.objects.filter(user=user, kind=RoleKind.LEARNER, hamlet=personas.hamlet_b1).exists()
    assert AuditEvent.objects.filter(action=AuditAction.CLAIM_RECORD, actor=user).exists()
    for identifier in ("0987654321", personas.person_b.national_id):
        client = english_client()
        assert client.post("/login/", {"username": identifier, "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    "changes",
    [{"birth": "1981"}, {"full_name": "Lê Thị Khác"}, {"national_id": "084180999999"}],
    ids=["birth", "name", "cccd"],
)
def test_a_mismatch_answers_422_with_the_general_message_only(personas: Personas, changes: dict[str, str]) -> None:
    response = _anonymous().post("/accounts/claim", _body(personas.person_b, **changes))
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("We could not find a roster record with these details")
    assert body["errors"] == []
    assert Person.objects.get(pk=personas.person_b.pk).user is None


def test_a_claimed_record_answers_the_same_422_the_second_time(personas: Personas) -> None:
    assert _anonymous().post("/accounts/claim", _body(personas.person_b)).status_code == 201
    again = _anonymous().post("/accounts/claim", _body(personas.person_b, phone="0987000999"))
    assert again.status_code == 422
    assert again.json()["detail"].startswith("We could not find a roster record")


def test_a_phone_of_another_account_is_reported_on_the_phone_field(personas: Personas) -> None:
    response = _anonymous().post("/accounts/claim", _body(personas.person_b, phone=personas.officer_a.phone or ""))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["phone"]


def test_after_five_failures_the_operation_answers_429(personas: Personas) -> None:
    api = _anonymous()
    for _ in range(CLAIM_FAILURE_LIMIT):
        assert api.post("/accounts/claim", _body(personas.person_b, birth="1979")).status_code == 422
    response = api.post("/accounts/claim", _body(personas.person_b))
    assert response.status_code == 429
    assert "Too many failed attempts" in response.json()["detail"]
    assert Person.objects.get(pk=personas.person_b.pk).user is None
