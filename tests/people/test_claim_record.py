"""A person in the roster claims their record: the account is made then, not at import (issue 2 §4)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.test import RequestFactory

from hocvuso.accounts.constants import AuditAction, RoleKind
from hocvuso.accounts.models import AuditEvent, Role, User
from hocvuso.lib import cccd
from hocvuso.people.models import Person
from hocvuso.people.services import (
    CLAIM_FAILURE_LIMIT,
    AccountError,
    ClaimRateLimited,
    claim_record,
)
from tests import factories
from tests.clients import english_client
from tests.personas import Personas

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "hoc-vu-so-2025"
NEW_PHONE = "0987 654 321"


@pytest.fixture
def sa_ra(personas: Personas) -> Person:
    """Thạch Thị Sa Ra of hamlet A2: in the roster with a full birth date, no account yet."""
    person = personas.person_a2
    person.birth_date = date(1980, 4, 15)
    person.save(update_fields=["birth_date"])
    return person


def _claim(person: Person, **changes: object) -> User:
    values: dict[str, object] = {
        "national_id": person.national_id,
        "full_name": "thach thi sa ra",
        "birth": "15/04/1980",
        "phone": NEW_PHONE,
        "password": NEW_PASSWORD,
    }
    values.update(changes)
    return claim_record(**values)  # type: ignore[arg-type]


def _request(ip: str = "203.0.113.7") -> object:
    return RequestFactory().post("/claim/", REMOTE_ADDR=ip)


def test_a_person_claims_their_record_and_becomes_a_learner_of_their_hamlet(sa_ra: Person) -> None:
    user = _claim(sa_ra)
    sa_ra.refresh_from_db()
    assert sa_ra.user == user
    assert user.username == "0987654321"
    assert user.phone == "0987654321"
    assert user.national_id == sa_ra.national_id
    assert user.full_name == sa_ra.full_name
    assert Role.objects.filter(user=user, kind=RoleKind.LEARNER, hamlet=sa_ra.hamlet).exists()


@pytest.mark.parametrize("identifier", ["0987654321", "+84987654321"])
def test_after_claiming_the_person_signs_in_with_their_phone(sa_ra: Person, identifier: str) -> None:
    user = _claim(sa_ra)
    client = english_client()
    assert client.post("/login/", {"username": identifier, "password": NEW_PASSWORD}).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_after_claiming_the_person_signs_in_with_their_cccd(sa_ra: Person) -> None:
    user = _claim(sa_ra)
    client = english_client()
    assert client.post("/login/", {"username": sa_ra.national_id, "password": NEW_PASSWORD}).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_claim_is_audited_with_the_new_user_as_actor(sa_ra: Person) -> None:
    user = _claim(sa_ra, request=_request())
    event = AuditEvent.objects.get(action=AuditAction.CLAIM_RECORD)
    assert event.actor == user
    assert event.object_type == "person"
    assert event.object_id == str(sa_ra.pk)
    assert event.ip_address == "203.0.113.7"


def test_only_the_birth_year_is_asked_when_the_roster_keeps_only_the_year(personas: Personas) -> None:
    person = personas.person_b  # birth year 1980, no date
    user = claim_record(
        national_id=person.national_id or "",
        full_name="LE THI BICH",
        birth="1980",
        phone="0987000111",
        password=NEW_PASSWORD,
    )
    assert Role.objects.filter(user=user, kind=RoleKind.LEARNER, hamlet=personas.hamlet_b1).exists()


def test_a_person_without_a_hamlet_becomes_a_learner_of_their_commune(personas: Personas) -> None:
    person = factories.PersonFactory(hamlet=personas.hamlet_a1, full_name="Kim Văn Út")
    Person.objects.filter(pk=person.pk).update(hamlet=None)
    user = claim_record(
        national_id=person.national_id, full_name="Kim Văn Út", birth="1980", phone="0987000222", password=NEW_PASSWORD
    )
    assert Role.objects.filter(user=user, kind=RoleKind.LEARNER, commune=personas.commune_a).exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"birth": "16/04/1980"},
        {"birth": "1980"},  # the roster keeps the date: the year alone does not prove it
        {"full_name": "Thạch Thị Sa"},
        {"national_id": cccd.make("084", "F", 1980, 999_999)},
    ],
    ids=["other-birth-date", "year-instead-of-date", "other-name", "unknown-cccd"],
)
def test_every_mismatch_gives_the_same_message_and_creates_nothing(sa_ra: Person, changes: dict[str, object]) -> None:
    users_before = User.objects.count()
    with pytest.raises(AccountError) as refused:
        _claim(sa_ra, **changes)
    assert list(refused.value.errors) == [NON_FIELD_ERRORS]
    assert refused.value.errors[NON_FIELD_ERRORS].startswith("We could not find a roster record with these details")
    assert User.objects.count() == users_before
    assert Person.objects.get(pk=sa_ra.pk).user is None
    assert not AuditEvent.objects.filter(action=AuditAction.CLAIM_RECORD).exists()


def test_a_claimed_record_cannot_be_claimed_twice(sa_ra: Person) -> None:
    first = _claim(sa_ra)
    with pytest.raises(AccountError) as refused:
        _claim(sa_ra, phone="0987000333")
    assert list(refused.value.errors) == [NON_FIELD_ERRORS]
    assert Person.objects.get(pk=sa_ra.pk).user == first
    assert not User.objects.filter(phone="0987000333").exists()


def test_a_phone_of_another_account_is_a_field_error(personas: Personas, sa_ra: Person) -> None:
    with pytest.raises(AccountError) as refused:
        _claim(sa_ra, phone=personas.officer_a.phone)
    assert set(refused.value.errors) == {"phone"}
    assert Person.objects.get(pk=sa_ra.pk).user is None


def test_a_weak_password_is_refused_by_the_password_validators(sa_ra: Person) -> None:
    with pytest.raises(AccountError) as refused:
        _claim(sa_ra, password="12345678")
    assert set(refused.value.errors) == {"password"}
    assert Person.objects.get(pk=sa_ra.pk).user is None


def test_after_five_failed_claims_from_one_address_even_a_correct_claim_is_refused(sa_ra: Person) -> None:
    for _ in range(CLAIM_FAILURE_LIMIT):
        with pytest.raises(AccountError):
            _claim(sa_ra, birth="01/01/1981", request=_request())
    with pytest.raises(ClaimRateLimited):
        _claim(sa_ra, request=_request())
    assert Person.objects.get(pk=sa_ra.pk).user is None
    # another address is not affected
    assert _claim(sa_ra, request=_request("198.51.100.9")).phone == "0987654321"
