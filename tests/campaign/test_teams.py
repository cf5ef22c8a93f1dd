"""Teams and helpers: roles follow team membership, support people per commune, volunteer groups."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.constants import AuditAction, RoleKind
from hocvuso.accounts.models import AuditEvent, Role
from hocvuso.accounts.services import create_user
from hocvuso.campaign import permissions
from hocvuso.campaign.constants import TeamRole
from hocvuso.campaign.selectors.teams import communes_without_support, teams_for
from hocvuso.campaign.services.teams import (
    TeamError,
    add_support_person,
    add_team_member,
    create_team,
    create_volunteer_group,
    end_support_person,
    remove_team_member,
    set_ambassador,
    set_volunteer_hours,
    update_team,
)
from hocvuso.geo.models import Commune
from hocvuso.people.constants import OrganisationKind, SchoolLevel
from hocvuso.people.models import Organisation, Person
from tests import factories
from tests.personas import Personas


def _with_account(p: Personas, username: str, hamlet: object) -> Person:
    person = factories.PersonFactory(hamlet=hamlet)
    person.user = create_user(username=username, password="x-x-x-x-x-x", full_name=person.full_name)
    person.save(update_fields=["user"])
    return person


def _team_roles(person: Person) -> set[int]:
    return set(Role.objects.filter(user=person.user, kind=RoleKind.TEAM_MEMBER).values_list("hamlet_id", flat=True))


def test_adding_a_member_with_an_account_grants_team_member_on_each_covered_hamlet(personas: Personas) -> None:
    p = personas
    team = create_team(p.officer_a, p.commune_a, "Tổ CNS khóm 1", hamlets=[p.hamlet_a1, p.hamlet_a2])
    person = _with_account(p, "tv-to-1", p.hamlet_a1)
    add_team_member(p.officer_a, team, person, role=TeamRole.LEADER)
    assert _team_roles(person) == {p.hamlet_a1.pk, p.hamlet_a2.pk}
    assert acc.has_role(person.user, [RoleKind.TEAM_MEMBER])
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE_TEAM, object_id=str(team.pk)).count() == 2


def test_a_member_without_an_account_joins_without_any_role(personas: Personas) -> None:
    team = create_team(personas.officer_a, personas.commune_a, "Tổ 1", hamlets=[personas.hamlet_a1])
    member = add_team_member(personas.officer_a, team, personas.person_a2)
    assert member.left_on is None
    assert (
        not Role.objects.filter(kind=RoleKind.TEAM_MEMBER, hamlet=personas.hamlet_a1)
        .exclude(user=personas.team_member_a)
        .exists()
    )


def test_removing_a_member_ends_the_membership_and_revokes_the_roles(personas: Personas) -> None:
    p = personas
    team = create_team(p.officer_a, p.commune_a, "Tổ 1", hamlets=[p.hamlet_a1, p.hamlet_a2])
    person = _with_account(p, "tv-to-2", p.hamlet_a1)
    member = add_team_member(p.officer_a, team, person)
    remove_team_member(p.officer_a, member)
    member.refresh_from_db()
    assert member.left_on == timezone.localdate()
    assert _team_roles(person) == set()


def test_a_role_still_needed_by_another_team_is_kept(personas: Personas) -> None:
    p = personas
    one = create_team(p.officer_a, p.commune_a, "Tổ 1", hamlets=[p.hamlet_a1, p.hamlet_a2])
    two = create_team(p.officer_a, p.commune_a, "Tổ 2", hamlets=[p.hamlet_a2])
    person = _with_account(p, "tv-to-3", p.hamlet_a1)
    member = add_team_member(p.officer_a, one, person)
    add_team_member(p.officer_a, two, person)
    remove_team_member(p.officer_a, member)
    assert _team_roles(person) == {p.hamlet_a2.pk}


def test_changing_a_teams_hamlets_moves_the_members_roles(personas: Personas) -> None:
    p = personas
    team = create_team(p.officer_a, p.commune_a, "Tổ 1", hamlets=[p.hamlet_a1])
    person = _with_account(p, "tv-to-4", p.hamlet_a1)
    add_team_member(p.officer_a, team, person)
    update_team(p.officer_a, team, hamlets=[p.hamlet_a2])
    assert _team_roles(person) == {p.hamlet_a2.pk}
    update_team(p.officer_a, team, is_active=False)
    assert _team_roles(person) == set()


def test_a_team_covers_only_hamlets_of_its_commune(personas: Personas) -> None:
    with pytest.raises(TeamError):
        create_team(personas.officer_a, personas.commune_a, "Tổ lạc", hamlets=[personas.hamlet_b1])


def test_a_team_has_one_active_leader_and_a_person_joins_once(personas: Personas) -> None:
    p = personas
    team = create_team(p.officer_a, p.commune_a, "Tổ 1", hamlets=[p.hamlet_a1])
    add_team_member(p.officer_a, team, p.person_a, role=TeamRole.LEADER)
    with pytest.raises(TeamError):
        add_team_member(p.officer_a, team, p.person_a2, role=TeamRole.LEADER)
    with pytest.raises(TeamError):
        add_team_member(p.officer_a, team, p.person_a)
    with pytest.raises(TeamError):
        create_team(p.officer_a, p.commune_a, "tổ 1")


def test_a_team_member_sees_only_the_teams_covering_their_hamlets(personas: Personas) -> None:
    p = personas
    a1 = create_team(p.officer_a, p.commune_a, "Tổ khóm 1", hamlets=[p.hamlet_a1])
    a2 = create_team(p.officer_a, p.commune_a, "Tổ khóm 2", hamlets=[p.hamlet_a2])
    b1 = create_team(p.officer_b, p.commune_b, "Tổ ấp", hamlets=[p.hamlet_b1])
    assert set(teams_for(p.team_member_a)) == {a1}
    assert set(teams_for(p.mentor_a)) == {a1}
    assert set(teams_for(p.officer_a)) == {a1, a2}
    assert set(teams_for(p.officer_b)) == {b1}
    assert set(teams_for(p.province_admin)) == {a1, a2, b1}
    assert set(teams_for(p.learner_a)) == set()
    assert set(teams_for(p.outsider)) == set()


def test_communes_without_an_active_support_person_are_listed(personas: Personas) -> None:
    p = personas
    area = Commune.objects.filter(province=p.province, in_campaign_area=True)
    assert {c.code for c in communes_without_support(p.province_admin)} == set(area.values_list("code", flat=True))
    add_support_person(p.officer_a, p.commune_a, p.person_a, desk="Bộ phận một cửa", phone="0294 3855 123")
    missing = {c.code for c in communes_without_support(p.province_admin)}
    assert p.commune_a.code not in missing
    assert p.commune_b.code in missing
    assert list(communes_without_support(p.officer_a)) == []
    assert [c.code for c in communes_without_support(p.officer_b)] == [p.commune_b.code]
    assert list(communes_without_support(p.team_member_a)) == []


def test_a_support_person_who_left_or_starts_later_does_not_count(personas: Personas) -> None:
    p = personas
    support = add_support_person(p.officer_a, p.commune_a, p.person_a)
    end_support_person(p.officer_a, support, until=timezone.localdate() - timedelta(days=1))
    assert p.commune_a.code in {c.code for c in communes_without_support(p.officer_a)}
    add_support_person(p.officer_a, p.commune_a, p.person_a2, since=timezone.localdate() + timedelta(days=3))
    assert p.commune_a.code in {c.code for c in communes_without_support(p.officer_a)}


def test_a_support_persons_phone_must_look_like_a_phone(personas: Personas) -> None:
    with pytest.raises(TeamError):
        add_support_person(personas.officer_a, personas.commune_a, personas.person_a, phone="12")


def test_an_ambassador_is_set_once_while_active(personas: Personas) -> None:
    set_ambassador(personas.officer_a, personas.commune_a, personas.person_a)
    with pytest.raises(TeamError):
        set_ambassador(personas.officer_a, personas.commune_a, personas.person_a)


def test_a_volunteer_group_comes_from_a_university_or_college_and_records_hours(personas: Personas) -> None:
    p = personas
    college = Organisation.objects.create(
        name="Trường Đại học Trà Vinh",
        kind=OrganisationKind.SCHOOL,
        school_level=SchoolLevel.UNIVERSITY,
        commune=p.commune_a,
    )
    with pytest.raises(TeamError):
        create_volunteer_group(
            p.officer_a,
            p.commune_a,
            "Mùa hè xanh",
            school=p.school_a,
            starts_on=date(2026, 6, 1),
            ends_on=date(2026, 8, 1),
        )
    with pytest.raises(TeamError):
        create_volunteer_group(
            p.officer_a,
            p.commune_a,
            "Mùa hè xanh",
            school=college,
            starts_on=date(2026, 8, 1),
            ends_on=date(2026, 6, 1),
        )
    group = create_volunteer_group(
        p.officer_a,
        p.commune_a,
        "Mùa hè xanh",
        school=college,
        starts_on=date(2026, 6, 1),
        ends_on=date(2026, 8, 1),
        hamlets=[p.hamlet_a1],
    )
    set_volunteer_hours(p.officer_a, group, p.person_a2, Decimal("12.5"))
    member = set_volunteer_hours(p.officer_a, group, p.person_a2, Decimal("20"))
    assert group.members.count() == 1
    assert member.hours == Decimal("20")
    assert list(group.hamlets.all()) == [p.hamlet_a1]
    assert permissions.can_manage_commune(p.officer_a, p.commune_a)
