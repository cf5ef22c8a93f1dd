"""/claim/: a person in the roster creates their account; a helper creates one from the person page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent, User
from hocvuso.people.models import Person
from hocvuso.people.services import CLAIM_FAILURE_LIMIT
from tests import factories
from tests.personas import Personas
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db

PASSWORD = "hoc-vu-so-2025"
GENERIC = b"We could not find a roster record with these details"


@pytest.fixture
def sa_ra(personas: Personas) -> Person:
    person = personas.person_a2
    person.birth_date = date(1980, 4, 15)
    person.save(update_fields=["birth_date"])
    return person


def _form(person: Person, **changes: str) -> dict[str, str]:
    data = {
        "national_id": person.national_id or "",
        "full_name": "Thạch Thị Sa Ra",
        "birth": "15/04/1980",
        "phone": "0987 654 321",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(changes)
    return data


def test_the_login_page_links_to_sign_up(personas: Personas) -> None:
    response = client_for(None).get(reverse("web:login"))
    assert reverse("web:signup").encode() in response.content


def test_the_claim_page_has_labelled_fields_and_says_whom_to_ask_when_not_in_the_roster(personas: Personas) -> None:
    response = client_for(None).get(reverse("web:claim"))
    assert response.status_code == 200
    for name in ("national_id", "full_name", "birth", "phone", "password1", "password2"):
        assert f'<label for="id_{name}"'.encode() in response.content
    assert b"Ask your commune officer or the community tech team" in response.content


def test_a_person_claims_their_record_is_signed_in_and_sent_home(sa_ra: Person) -> None:
    client = client_for(None)
    response = client.post(reverse("web:claim"), _form(sa_ra), follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:learn")
    user = User.objects.get(phone="0987654321")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Person.objects.get(pk=sa_ra.pk).user == user
    assert b"Your account is ready" in response.content


@pytest.mark.parametrize(
    "changes",
    [{"birth": "16/04/1980"}, {"full_name": "Thạch Văn Khác"}, {"national_id": "084080999999"}],
    ids=["birth", "name", "cccd"],
)
def test_a_mismatch_shows_one_general_message_and_creates_nothing(sa_ra: Person, changes: dict[str, str]) -> None:
    client = client_for(None)
    response = client.post(reverse("web:claim"), _form(sa_ra, **changes))
    assert response.status_code == 200
    assert GENERIC in response.content
    assert b'role="alert"' in response.content
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(phone="0987654321").exists()


def test_two_different_passwords_are_a_field_error(sa_ra: Person) -> None:
    response = client_for(None).post(reverse("web:claim"), _form(sa_ra, password2="khac-hoan-toan-1"))
    assert b"The two passwords are not the same." in response.content
    assert Person.objects.get(pk=sa_ra.pk).user is None


def test_a_phone_already_used_is_shown_on_the_phone_field(personas: Personas, sa_ra: Person) -> None:
    response = client_for(None).post(reverse("web:claim"), _form(sa_ra, phone=personas.officer_b.phone or ""))
    assert b"This phone number already belongs to an account" in response.content
    assert Person.objects.get(pk=sa_ra.pk).user is None


def test_after_five_failed_claims_the_page_refuses_with_a_clear_message(sa_ra: Person) -> None:
    client = client_for(None)
    for _ in range(CLAIM_FAILURE_LIMIT):
        assert GENERIC in client.post(reverse("web:claim"), _form(sa_ra, birth="1979")).content
    response = client.post(reverse("web:claim"), _form(sa_ra))
    assert response.status_code == 429
    assert b"Too many failed attempts" in response.content
    assert Person.objects.get(pk=sa_ra.pk).user is None


def test_a_mentor_sees_the_account_form_and_creates_the_account(personas: Personas) -> None:
    person = factories.PersonFactory(hamlet=personas.hamlet_a1)
    client = client_for(personas.mentor_a)
    url = reverse("web:person-account", args=[person.pk])
    assert b"Create an account for this person" in client.get(url).content
    response = client.post(url, {"phone": "0912 777 001", "password1": "mat-khau-ban-dau-1"}, follow=True)
    assert b"is ready" in response.content
    person.refresh_from_db()
    assert person.user is not None and person.user.phone == "0912777001"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE_ACCOUNT, actor=personas.mentor_a).exists()


def test_the_person_page_offers_the_account_form_to_an_officer_only_without_an_account(personas: Personas) -> None:
    client = client_for(personas.officer_a)
    assert (
        b"Create an account for this person" in client.get(reverse("web:person", args=[personas.person_a2.pk])).content
    )
    assert (
        b"Create an account for this person"
        not in client.get(reverse("web:person", args=[personas.person_a.pk])).content
    )
    response = client.post(
        reverse("web:person-account", args=[personas.person_a2.pk]),
        {"phone": "0912777002", "password1": "mat-khau-ban-dau-1"},
    )
    assert response["Location"] == reverse("web:person", args=[personas.person_a2.pk])


def test_a_mentor_of_hamlet_a1_gets_not_found_for_a_person_of_commune_b(personas: Personas) -> None:
    client = client_for(personas.mentor_a)
    url = reverse("web:person-account", args=[personas.person_b.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"phone": "0912777003", "password1": "mat-khau-ban-dau-1"}).status_code == 404
    assert Person.objects.get(pk=personas.person_b.pk).user is None


def test_a_weak_initial_password_is_shown_on_the_form(personas: Personas) -> None:
    person = factories.PersonFactory(hamlet=personas.hamlet_a1)
    response = client_for(personas.team_member_a).post(
        reverse("web:person-account", args=[person.pk]), {"phone": "0912777004", "password1": "12345678"}
    )
    assert response.status_code == 200
    assert b"entirely numeric" in response.content
    assert Person.objects.get(pk=person.pk).user is None


def test_a_mentor_finds_a_person_of_their_hamlet_by_cccd_but_not_one_of_commune_b(personas: Personas) -> None:
    person = factories.PersonFactory(hamlet=personas.hamlet_a1, full_name="Kiên Văn Tìm")
    client = client_for(personas.mentor_a)
    found = client.get(reverse("web:enrol"), {"national_id": person.national_id})
    assert reverse("web:person-account", args=[person.pk]).encode() in found.content
    hidden = client.get(reverse("web:enrol"), {"national_id": personas.person_b.national_id})
    assert personas.person_b.full_name.encode() not in hidden.content
    assert b"No one with this CCCD number in your units" in hidden.content


def test_the_home_page_offers_account_help_to_helpers_only(personas: Personas) -> None:
    assert reverse("web:enrol").encode() in client_for(personas.mentor_a).get(reverse("web:home")).content
    assert reverse("web:enrol").encode() not in client_for(personas.learner_a).get(reverse("web:home")).content
