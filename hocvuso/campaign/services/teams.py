"""Writes on the people who help (plan 67 III.5.a, III.5.đ, III.5.e): community tech teams and their
members, digital ambassadors, youth volunteer groups and the commune's public-service support people.

Team membership and access go together: adding a member who has an account grants them the accounts
role team_member on each hamlet the team covers; removing them (or dropping a hamlet from the team)
takes back the roles no other active membership of theirs still needs. Each function runs in one
transaction and writes an audit row (CHANGE_TEAM or CHANGE_HELPERS).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import AuditAction, RoleKind
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit, grant_role, revoke_role
from hocvuso.campaign.constants import TeamRole
from hocvuso.campaign.models import (
    Ambassador,
    CommunityTechTeam,
    SupportPerson,
    TeamMember,
    VolunteerGroup,
    VolunteerMember,
)
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.people.constants import OrganisationKind, SchoolLevel
from hocvuso.people.models import Organisation, Person

# Plan 67 III.5.e: the youth campaign is run by "các trường đại học, cao đẳng" — a school organisation
# of level university or college.
VOLUNTEER_SCHOOL_LEVELS = (SchoolLevel.UNIVERSITY, SchoolLevel.COLLEGE)


class TeamError(ValueError):
    """A refused change, with a translated sentence saying why."""


def _today() -> date:
    return timezone.localdate()


def _check_hamlets(commune: Commune, hamlets: Iterable[Hamlet]) -> list[Hamlet]:
    chosen = list(hamlets)
    if any(h.commune_id != commune.code for h in chosen):
        raise TeamError(_("Every hamlet must belong to the commune."))
    return chosen


# ---- Roles that follow membership -----------------------------------------------------------------


def _hamlets_needed_by(person: Person) -> set[int]:
    """Hamlets covered by the active teams of every active membership of `person`."""
    return set(
        Hamlet.objects.filter(
            tech_teams__members__person=person,
            tech_teams__members__left_on__isnull=True,
            tech_teams__is_active=True,
        ).values_list("pk", flat=True)
    )


def _sync_roles(person: Person, by: User | None, *, previously: set[int]) -> None:
    """Grant team_member on every hamlet `person` now needs; take back those of `previously` no longer
    needed (team_member roles on hamlets: the only ones a team gives)."""
    user = person.user
    if user is None:
        return
    needed = _hamlets_needed_by(person)
    for hamlet in Hamlet.objects.filter(pk__in=needed - previously):
        grant_role(user, RoleKind.TEAM_MEMBER, unit=hamlet, granted_by=by)
    for hamlet in Hamlet.objects.filter(pk__in=previously - needed):
        revoke_role(user, RoleKind.TEAM_MEMBER, unit=hamlet, revoked_by=by)


def _active_people(team: CommunityTechTeam) -> list[Person]:
    return [m.person for m in team.members.filter(left_on__isnull=True).select_related("person__user")]


# ---- Teams ------------------------------------------------------------------------------------------


@transaction.atomic
def create_team(
    by: User | None,
    commune: Commune,
    name: str,
    *,
    hamlets: Iterable[Hamlet] = (),
    established_on: date | None = None,
) -> CommunityTechTeam:
    name = " ".join(name.split())
    if not name:
        raise TeamError(_("Give the team a name."))
    chosen = _check_hamlets(commune, hamlets)
    if CommunityTechTeam.objects.filter(commune=commune, name__iexact=name).exists():
        raise TeamError(_("This commune already has a team with this name."))
    team = CommunityTechTeam.objects.create(commune=commune, name=name, established_on=established_on)
    team.hamlets.set(chosen)
    audit(
        by,
        AuditAction.CHANGE_TEAM,
        object_type="community_tech_team",
        object_id=team.pk,
        details={"created": True, "hamlets": sorted(h.pk for h in chosen)},
    )
    return team


@transaction.atomic
def update_team(
    by: User | None,
    team: CommunityTechTeam,
    *,
    name: str | None = None,
    hamlets: Iterable[Hamlet] | None = None,
    is_active: bool | None = None,
    established_on: date | None = None,
) -> CommunityTechTeam:
    """Change a team; the roles of its members follow its hamlets and whether it is active."""
    team = CommunityTechTeam.objects.select_for_update().get(pk=team.pk)
    people = _active_people(team)
    before = {p.pk: _hamlets_needed_by(p) for p in people}
    fields: list[str] = []
    if name is not None:
        name = " ".join(name.split())
        if not name:
            raise TeamError(_("Give the team a name."))
        if CommunityTechTeam.objects.filter(commune_id=team.commune_id, name__iexact=name).exclude(pk=team.pk).exists():
            raise TeamError(_("This commune already has a team with this name."))
        team.name = name
        fields.append("name")
    if is_active is not None:
        team.is_active = is_active
        fields.append("is_active")
    if established_on is not None:
        team.established_on = established_on
        fields.append("established_on")
    if fields:
        team.save(update_fields=fields)
    if hamlets is not None:
        team.hamlets.set(_check_hamlets(team.commune, hamlets))
    for person in people:
        _sync_roles(person, by, previously=before[person.pk])
    audit(
        by,
        AuditAction.CHANGE_TEAM,
        object_type="community_tech_team",
        object_id=team.pk,
        details={"changed": [*fields, *(["hamlets"] if hamlets is not None else [])]},
    )
    return team


@transaction.atomic
def add_team_member(
    by: User | None,
    team: CommunityTechTeam,
    person: Person,
    *,
    role: str = TeamRole.MEMBER,
    joined_on: date | None = None,
) -> TeamMember:
    """Put `person` on the team; with an account, they get team_member on each hamlet it covers."""
    if role not in TeamRole.values:
        raise TeamError(_("Choose leader, deputy leader or member."))
    if team.members.filter(person=person, left_on__isnull=True).exists():
        raise TeamError(_("This person is already on the team."))
    if role == TeamRole.LEADER and team.members.filter(role=TeamRole.LEADER, left_on__isnull=True).exists():
        raise TeamError(_("The team already has a leader; remove them first."))
    before = _hamlets_needed_by(person)
    try:
        with transaction.atomic():
            member = TeamMember.objects.create(team=team, person=person, role=role, joined_on=joined_on or _today())
    except IntegrityError as exc:  # two officers adding at once: the constraints decide
        raise TeamError(_("This person is already on the team.")) from exc
    _sync_roles(person, by, previously=before)
    audit(
        by,
        AuditAction.CHANGE_TEAM,
        object_type="community_tech_team",
        object_id=team.pk,
        details={"added_person": person.pk, "role": role},
    )
    return member


@transaction.atomic
def remove_team_member(by: User | None, member: TeamMember, *, left_on: date | None = None) -> TeamMember:
    """End the membership (kept as history) and take back the roles nothing else needs."""
    member = TeamMember.objects.select_for_update(of=("self",)).select_related("person__user").get(pk=member.pk)
    if member.left_on is not None:
        raise TeamError(_("This person has already left the team."))
    before = _hamlets_needed_by(member.person)
    member.left_on = left_on or _today()
    member.save(update_fields=["left_on"])
    _sync_roles(member.person, by, previously=before)
    audit(
        by,
        AuditAction.CHANGE_TEAM,
        object_type="community_tech_team",
        object_id=member.team_id,
        details={"removed_person": member.person_id},
    )
    return member


# ---- Ambassadors, volunteers, support people ---------------------------------------------------------


def _helpers_audit(by: User | None, object_type: str, object_id: object, **details: object) -> None:
    audit(by, AuditAction.CHANGE_HELPERS, object_type=object_type, object_id=object_id, details=dict(details))


@transaction.atomic
def set_ambassador(
    by: User | None, commune: Commune, person: Person, *, since: date | None = None, note: str = ""
) -> Ambassador:
    """Make `person` a digital ambassador of the commune (again, if they had stopped)."""
    existing = Ambassador.objects.select_for_update().filter(person=person).first()
    if existing is not None and existing.until is None:
        raise TeamError(_("This person is already a digital ambassador."))
    if existing is None:
        existing = Ambassador(person=person)
    existing.commune = commune
    existing.since = since or _today()
    existing.until = None
    existing.note = note.strip()[:255]
    existing.save()
    _helpers_audit(by, "ambassador", existing.pk, person=person.pk, commune=commune.code)
    return existing


@transaction.atomic
def end_ambassador(by: User | None, ambassador: Ambassador, *, until: date | None = None) -> Ambassador:
    if ambassador.until is not None:
        raise TeamError(_("This person is no longer an ambassador."))
    ambassador.until = until or _today()
    ambassador.save(update_fields=["until"])
    _helpers_audit(by, "ambassador", ambassador.pk, ended=str(ambassador.until))
    return ambassador


@transaction.atomic
def create_volunteer_group(
    by: User | None,
    commune: Commune,
    name: str,
    *,
    starts_on: date,
    ends_on: date,
    school: Organisation | None = None,
    hamlets: Iterable[Hamlet] = (),
) -> VolunteerGroup:
    name = " ".join(name.split())
    if not name:
        raise TeamError(_("Give the group a name."))
    if ends_on < starts_on:
        raise TeamError(_("The end date must not be before the start date."))
    if school is not None and (
        school.kind != OrganisationKind.SCHOOL or school.school_level not in VOLUNTEER_SCHOOL_LEVELS
    ):
        raise TeamError(_("The school must be a university or a college."))
    chosen = _check_hamlets(commune, hamlets)
    group = VolunteerGroup.objects.create(
        name=name, school=school, commune=commune, starts_on=starts_on, ends_on=ends_on
    )
    group.hamlets.set(chosen)
    _helpers_audit(by, "volunteer_group", group.pk, created=True, hamlets=sorted(h.pk for h in chosen))
    return group


@transaction.atomic
def set_volunteer_hours(by: User | None, group: VolunteerGroup, person: Person, hours: Decimal) -> VolunteerMember:
    """Add `person` to the group, or change their hours (hours are the total so far, not an increment)."""
    if hours < 0 or hours > Decimal("99999"):
        raise TeamError(_("Hours must be between 0 and 99999."))
    member, _created = VolunteerMember.objects.update_or_create(group=group, person=person, defaults={"hours": hours})
    _helpers_audit(by, "volunteer_group", group.pk, person=person.pk, hours=str(hours))
    return member


@transaction.atomic
def add_support_person(
    by: User | None,
    commune: Commune,
    person: Person,
    *,
    desk: str = "",
    phone: str = "",
    since: date | None = None,
) -> SupportPerson:
    """Plan 67 III.5.a: the person at the commune office who helps with online public services."""
    if SupportPerson.objects.filter(commune=commune, person=person, until__isnull=True).exists():
        raise TeamError(_("This person already supports this commune."))
    phone = "".join(ch for ch in phone if ch.isdigit())
    if phone and not 9 <= len(phone) <= 11:
        raise TeamError(_("Write the phone number with 10 digits, e.g. 0912345678."))
    support = SupportPerson.objects.create(
        commune=commune, person=person, desk=desk.strip()[:150], phone=phone, since=since or _today()
    )
    _helpers_audit(by, "support_person", support.pk, person=person.pk, commune=commune.code)
    return support


@transaction.atomic
def end_support_person(by: User | None, support: SupportPerson, *, until: date | None = None) -> SupportPerson:
    if support.until is not None:
        raise TeamError(_("This person no longer supports the commune."))
    support.until = until or _today()
    support.save(update_fields=["until"])
    _helpers_audit(by, "support_person", support.pk, ended=str(support.until))
    return support
