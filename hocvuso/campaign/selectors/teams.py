"""Reads of teams and helpers, scoped with hocvuso.campaign.permissions (and the access helpers below,
which only this area needs).

- Teams: managers of the commune; team members and mentors of a hamlet the team covers.
- Ambassadors, volunteer groups, support people: managers of the commune; field workers of the
  commune's hamlets see those of their commune (the support person's desk and phone are the office's,
  meant to be known).
- Communes without an active support person (plan 67 III.5.a): managers, over the communes they run.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.models import User
from hocvuso.campaign import permissions
from hocvuso.campaign.models import (
    Ambassador,
    CommunityTechTeam,
    SupportPerson,
    TeamMember,
    VolunteerGroup,
    VolunteerMember,
)
from hocvuso.geo.models import Commune
from hocvuso.people.models import Person


def _field_commune_codes(user: User | object) -> Q:
    """Communes a field worker reaches: managed ones, and the communes of their hamlets."""
    scope = acc.scope_for(user, permissions.FIELD_WORKERS)
    hamlet_communes = set(
        permissions.hamlets_worked_by(user).filter(pk__in=scope.hamlet_ids).values_list("commune_id", flat=True)
    )
    return (
        Q(commune__province_id__in=scope.province_codes, commune__in_campaign_area=True)
        | Q(commune_id__in=scope.commune_codes)
        | Q(commune_id__in=hamlet_communes)
    )


def active_on(day: date | None = None) -> Q:
    """`since`/`until` rows active on `day` (today)."""
    day = day or timezone.localdate()
    return Q(since__lte=day) & (Q(until__isnull=True) | Q(until__gte=day))


def teams_for(user: User | object) -> QuerySet[CommunityTechTeam]:
    active = TeamMember.objects.filter(left_on__isnull=True).select_related("person").order_by("role", "pk")
    return (
        permissions.teams_visible_to(user)
        .select_related("commune")
        .prefetch_related("hamlets", Prefetch("members", queryset=active, to_attr="active_members"))
        .order_by("commune_id", "name")
    )


def team_members(team: CommunityTechTeam, *, with_history: bool = False) -> QuerySet[TeamMember]:
    rows = team.members.select_related("person__user", "person__hamlet").order_by(
        "left_on", "role", "person__name_folded"
    )
    return rows if with_history else rows.filter(left_on__isnull=True)


def get_team_to_manage(user: User | object, pk: int) -> CommunityTechTeam:
    """A team of a commune `user` manages; 404 otherwise (missing or not theirs)."""
    team = (
        CommunityTechTeam.objects.filter(commune__in=permissions.communes_managed_by(user), pk=pk)
        .select_related("commune")
        .first()
    )
    if team is None:
        raise Http404
    return team


def get_member_to_manage(user: User | object, team: CommunityTechTeam, pk: int) -> TeamMember:
    member = team.members.filter(pk=pk).select_related("person__user").first()
    if member is None:
        raise Http404
    return member


def ambassadors_visible_to(user: User | object) -> QuerySet[Ambassador]:
    return Ambassador.objects.filter(_field_commune_codes(user)).select_related("person", "commune")


def volunteer_groups_visible_to(user: User | object) -> QuerySet[VolunteerGroup]:
    return (
        VolunteerGroup.objects.filter(_field_commune_codes(user))
        .select_related("commune", "school")
        .prefetch_related("hamlets", Prefetch("members", queryset=VolunteerMember.objects.select_related("person")))
    )


def support_people_visible_to(user: User | object) -> QuerySet[SupportPerson]:
    return SupportPerson.objects.filter(_field_commune_codes(user)).select_related("person", "commune")


def _managed(model: type[Ambassador] | type[VolunteerGroup] | type[SupportPerson], user: User | object, pk: int):  # type: ignore[no-untyped-def]
    row = model.objects.filter(commune__in=permissions.communes_managed_by(user), pk=pk).first()
    if row is None:
        raise Http404
    return row


def get_ambassador_to_manage(user: User | object, pk: int) -> Ambassador:
    row: Ambassador = _managed(Ambassador, user, pk)
    return row


def get_volunteer_group_to_manage(user: User | object, pk: int) -> VolunteerGroup:
    row: VolunteerGroup = _managed(VolunteerGroup, user, pk)
    return row


def get_volunteer_group_for(user: User | object, pk: int) -> VolunteerGroup:
    group = volunteer_groups_visible_to(user).filter(pk=pk).first()
    if group is None:
        raise Http404
    return group


def get_support_person_to_manage(user: User | object, pk: int) -> SupportPerson:
    row: SupportPerson = _managed(SupportPerson, user, pk)
    return row


def people_to_appoint(user: User | object, commune: Commune) -> QuerySet[Person]:
    """People `user` may put on a team or appoint in `commune`: the residents of that commune (only
    for a manager of it)."""
    if not permissions.can_manage_commune(user, commune):
        return Person.objects.none()
    return Person.objects.filter(commune=commune)


def get_person_to_appoint(user: User | object, commune: Commune, pk: int) -> Person:
    person = people_to_appoint(user, commune).select_related("user").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def communes_without_support(user: User | object, on: date | None = None) -> QuerySet[Commune]:
    """Communes of the campaign area that `user` manages and that have no support person active on
    `on` (today): plan 67 III.5.a asks for at least one in every commune."""
    active = SupportPerson.objects.filter(active_on(on), commune=OuterRef("pk"))
    return (
        permissions.communes_managed_by(user)
        .filter(in_campaign_area=True)
        .annotate(has_support=Exists(active))
        .filter(has_support=False)
        .order_by("name_folded")
    )


def campaign_communes_managed(user: User | object) -> QuerySet[Commune]:
    return permissions.communes_managed_by(user).filter(in_campaign_area=True).order_by("name_folded")
