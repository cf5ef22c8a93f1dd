"""Roles are given on one unit and apply to everything below it (province > commune > hamlet)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.constants import AuditAction, RoleKind
from hocvuso.accounts.models import AuditEvent, Role
from hocvuso.accounts.services import grant_role, revoke_role
from hocvuso.geo.models import Commune
from hocvuso.people.permissions import people_visible_to
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_province_role_reaches_every_commune_and_hamlet_of_the_province(personas):
    scope = acc.scope_for(personas.province_admin, acc.ROSTER_READERS)
    for commune in Commune.objects.filter(province_id=86)[:50]:
        assert scope.covers_commune(commune.code, 86)
    assert scope.covers_hamlet(personas.hamlet_b1.pk, personas.commune_b.code, 86)
    assert not scope.covers_commune(26734, 79)  # a ward of Hồ Chí Minh City


def test_a_commune_role_reaches_hamlets_created_after_it_was_given(personas):
    new_hamlet = factories.HamletFactory(commune=personas.commune_a, name="Khóm 9")
    newcomer = factories.PersonFactory(hamlet=new_hamlet, full_name="Trầm Thị Sa Vân", sex="F")
    assert newcomer in people_visible_to(personas.officer_a)
    assert newcomer not in people_visible_to(personas.officer_b)
    assert newcomer in people_visible_to(personas.province_admin)


def test_a_commune_officer_cannot_see_another_commune(personas):
    scope = acc.scope_for(personas.officer_a, acc.ROSTER_READERS)
    assert scope.covers_commune(personas.commune_a.code, 86)
    assert not scope.covers_commune(personas.commune_b.code, 86)
    assert personas.person_b not in people_visible_to(personas.officer_a)


def test_a_hamlet_role_reaches_that_hamlet_only(personas):
    scope = acc.scope_for(personas.team_member_a, acc.ROSTER_READERS)
    assert scope.covers_hamlet(personas.hamlet_a1.pk, personas.commune_a.code, 86)
    assert not scope.covers_hamlet(personas.hamlet_a2.pk, personas.commune_a.code, 86)
    assert not scope.covers_commune(personas.commune_a.code, 86)


def test_a_role_of_another_kind_does_not_count(personas):
    # The mentor holds a role on hamlet A1, but mentors do not read the roster.
    assert acc.scope_for(personas.mentor_a, acc.ROSTER_READERS).is_empty
    assert not acc.scope_for(personas.mentor_a, (RoleKind.MENTOR,)).is_empty
    assert not acc.has_role(personas.team_member_a, acc.ROSTER_EDITORS)


def test_anonymous_and_disabled_users_reach_nothing(personas):
    assert acc.scope_for(None, acc.ROSTER_READERS).is_empty
    personas.officer_a.is_active = False
    personas.officer_a.save(update_fields=["is_active"])
    acc.forget_roles(personas.officer_a)
    assert acc.scope_for(personas.officer_a, acc.ROSTER_READERS).is_empty


def test_a_role_must_name_exactly_one_unit(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=personas.outsider, kind=RoleKind.COMMUNE_OFFICER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(
            user=personas.outsider, kind=RoleKind.COMMUNE_OFFICER, commune=personas.commune_a, hamlet=personas.hamlet_a1
        )


def test_the_same_role_cannot_be_given_twice_on_one_unit(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=personas.officer_a, kind=RoleKind.COMMUNE_OFFICER, commune=personas.commune_a)


def test_granting_a_role_is_idempotent_audited_once_and_seen_at_once(personas):
    user = personas.outsider
    assert acc.scope_for(user, acc.ROSTER_READERS).is_empty
    grant_role(user, RoleKind.COMMUNE_OFFICER, unit=personas.commune_b, granted_by=personas.province_admin)
    grant_role(user, RoleKind.COMMUNE_OFFICER, unit=personas.commune_b, granted_by=personas.province_admin)
    assert Role.objects.filter(user=user).count() == 1
    events = AuditEvent.objects.filter(action=AuditAction.GRANT_ROLE, object_id=str(user.pk))
    assert events.count() == 1
    assert events.get().actor == personas.province_admin
    assert acc.scope_for(user, acc.ROSTER_READERS).commune_codes == {personas.commune_b.code}


def test_one_user_may_hold_roles_on_several_units(personas):
    grant_role(personas.officer_a, RoleKind.TEAM_MEMBER, unit=personas.hamlet_b1)
    assert personas.person_b in people_visible_to(personas.officer_a)
    assert acc.role_kinds(personas.officer_a) == {RoleKind.COMMUNE_OFFICER, RoleKind.TEAM_MEMBER}


def test_revoking_a_role_takes_the_reach_away_at_once_and_is_audited_once(personas):
    person = factories.PersonFactory(hamlet=personas.hamlet_a2)
    grant_role(personas.team_member_a, RoleKind.TEAM_MEMBER, unit=personas.hamlet_a2)
    assert person in people_visible_to(personas.team_member_a)
    assert revoke_role(
        personas.team_member_a, RoleKind.TEAM_MEMBER, unit=personas.hamlet_a2, revoked_by=personas.officer_a
    )
    assert person not in people_visible_to(personas.team_member_a)
    assert not revoke_role(personas.team_member_a, RoleKind.TEAM_MEMBER, unit=personas.hamlet_a2)  # nothing left
    event = AuditEvent.objects.get(action=AuditAction.REVOKE_ROLE)
    assert event.actor == personas.officer_a and event.details["hamlet"] == str(personas.hamlet_a2.pk)
    assert Role.objects.filter(user=personas.team_member_a, hamlet=personas.hamlet_a1).exists()  # the other stays
