"""A mentor, team member or officer creates the account of a person in their units (issue 2 §4)."""

from __future__ import annotations

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404

from hocvuso.accounts.constants import AuditAction, RoleKind
from hocvuso.accounts.models import AuditEvent, Role, User
from hocvuso.people.models import Person
from hocvuso.people.permissions import people_enrollable_by
from hocvuso.people.services import AccountError, create_account_for
from tests import factories
from tests.clients import english_client
from tests.personas import Personas

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-ban-dau-1"


@pytest.fixture
def neighbour(personas: Personas) -> Person:
    """A person of hamlet A1 (where mentor_a and team_member_a work) without an account."""
    return factories.PersonFactory(hamlet=personas.hamlet_a1, full_name="Trần Thị Hàng Xóm")


def test_a_mentor_creates_the_account_of_a_person_in_their_hamlet(personas: Personas, neighbour: Person) -> None:
    user = create_account_for(personas.mentor_a, neighbour, phone="0912 888 001", password=PASSWORD)
    neighbour.refresh_from_db()
    assert neighbour.user == user
    assert (user.username, user.phone, user.national_id) == ("0912888001", "0912888001", neighbour.national_id)
    assert Role.objects.filter(user=user, kind=RoleKind.LEARNER, hamlet=personas.hamlet_a1).exists()
    event = AuditEvent.objects.get(action=AuditAction.CREATE_ACCOUNT)
    assert (event.actor, event.reason, event.object_id) == (personas.mentor_a, "assisted", str(neighbour.pk))


def test_the_person_then_signs_in_with_the_phone_and_with_the_cccd(personas: Personas, neighbour: Person) -> None:
    user = create_account_for(personas.team_member_a, neighbour, phone="0912888002", password=PASSWORD)
    for identifier in ("0912888002", neighbour.national_id):
        client = english_client()
        assert client.post("/login/", {"username": identifier, "password": PASSWORD}).status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)


def test_a_mentor_of_hamlet_a1_gets_not_found_for_a_person_of_commune_b(personas: Personas) -> None:
    with pytest.raises(Http404):
        create_account_for(personas.mentor_a, personas.person_b, phone="0912888003", password=PASSWORD)
    assert Person.objects.get(pk=personas.person_b.pk).user is None
    assert not User.objects.filter(phone="0912888003").exists()


@pytest.mark.parametrize("who", ["officer_b", "org_manager_a", "learner_a", "outsider"])
def test_people_without_a_helper_role_on_the_unit_cannot(personas: Personas, neighbour: Person, who: str) -> None:
    helper = personas.users()[who]
    assert helper is not None
    with pytest.raises(Http404):
        create_account_for(helper, neighbour, phone="0912888004", password=PASSWORD)
    assert Person.objects.get(pk=neighbour.pk).user is None
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE_ACCOUNT).exists()


def test_a_commune_officer_and_the_province_administrator_reach_every_hamlet_below_them(
    personas: Personas,
) -> None:
    in_a2 = personas.person_a2
    assert people_enrollable_by(personas.officer_a).filter(pk=in_a2.pk).exists()
    assert people_enrollable_by(personas.province_admin).filter(pk=personas.person_b.pk).exists()
    assert not people_enrollable_by(personas.mentor_a).filter(pk=in_a2.pk).exists()
    create_account_for(personas.officer_a, in_a2, phone="0912888005", password=PASSWORD)
    assert Person.objects.get(pk=in_a2.pk).user is not None


def test_a_person_who_already_has_an_account_gets_no_second_one(personas: Personas) -> None:
    with pytest.raises(AccountError) as refused:
        create_account_for(personas.officer_a, personas.person_a, phone="0912888006", password=PASSWORD)
    assert NON_FIELD_ERRORS in refused.value.errors
    assert Person.objects.get(pk=personas.person_a.pk).user == personas.learner_a


def test_a_phone_of_another_account_is_a_field_error(personas: Personas, neighbour: Person) -> None:
    with pytest.raises(AccountError) as refused:
        create_account_for(personas.mentor_a, neighbour, phone=personas.mentor_a.phone or "", password=PASSWORD)
    assert set(refused.value.errors) == {"phone"}
    assert Person.objects.get(pk=neighbour.pk).user is None
