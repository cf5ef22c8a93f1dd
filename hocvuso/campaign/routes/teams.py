"""/api/v1 operations of the campaign app: teams and helpers, the mentor cascade, the programmes.

Rows come only through hocvuso.campaign.permissions and the area selectors: a row missing and a row
outside the caller's units both answer 404. Managers (province administrator, commune officer) change
teams, ambassadors, volunteer groups and support people of their communes; field workers (managers,
team members and mentors, on the hamlets of their roles) read teams covering their hamlets, link
learners to mentors and read the programmes of their hamlets. Token scope: none; a token acts as its user.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.errors import HttpError, ValidationError

from hocvuso.accounts.api import AUTH_ERRORS, READ_ERRORS, WRITE_ERRORS, caller, signed_in
from hocvuso.accounts.models import User
from hocvuso.campaign import permissions
from hocvuso.campaign.models import (
    Ambassador,
    CommunityTechTeam,
    MentorLink,
    SupportPerson,
    TeamMember,
    VolunteerGroup,
)
from hocvuso.campaign.schemas_teams import (
    MAX_CODE,
    MAX_ID,
    AmbassadorIn,
    AmbassadorListOut,
    AmbassadorOut,
    CascadeNodeOut,
    CascadeOut,
    CommuneListOut,
    CommuneOut,
    EndIn,
    FourTLearnerListOut,
    FourTLearnerOut,
    HamletProgrammeListOut,
    HamletProgrammeOut,
    MentorLinkIn,
    MentorLinkListOut,
    MentorLinkOut,
    PersonRef,
    SupportPersonIn,
    SupportPersonListOut,
    SupportPersonOut,
    TeamIn,
    TeamListOut,
    TeamMemberIn,
    TeamMemberOut,
    TeamOut,
    TeamPatch,
    VolunteerGroupIn,
    VolunteerGroupListOut,
    VolunteerGroupOut,
    VolunteerHoursIn,
    VolunteerOut,
)
from hocvuso.campaign.selectors import cascade as cascade_sel
from hocvuso.campaign.selectors import programmes as programme_sel
from hocvuso.campaign.selectors import teams as team_sel
from hocvuso.campaign.services import cascade as cascade_svc
from hocvuso.campaign.services import teams as team_svc
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.geo.schemas import ErrorOut
from hocvuso.people.models import Organisation, Person

router = Router(tags=["campaign"])

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
CodePath = Annotated[int, Path(ge=1, le=MAX_CODE)]
CommuneFilter = Annotated[int | None, Query(ge=1, le=MAX_CODE, description="Only this commune (official code).")]
REFUSALS: dict[int, Any] = {**WRITE_ERRORS, 409: ErrorOut}
MANAGERS_ONLY = (
    "Token scope: none; acts as the token's user, who must be a province administrator or a commune "
    "officer (403 otherwise), on the communes they run (404 for others)."
)
FIELD = (
    "Token scope: none; acts as the token's user: province administrators and commune officers on their "
    "communes, community tech team members and mentors on the hamlets of their roles."
)


def _manager(request: HttpRequest) -> User:
    user = caller(request)
    if not permissions.is_manager(user):
        raise HttpError(403, _("Only province administrators and commune officers may do this."))
    return user


def _field_worker(request: HttpRequest) -> User:
    user = caller(request)
    if not permissions.is_field_worker(user):
        raise HttpError(403, _("Only officers, community tech team members and mentors may do this."))
    return user


def _unprocessable(field: str, message: str) -> ValidationError:
    """A 422 in the API's ValidationErrorOut shape (detail and errors), naming the body field."""
    return ValidationError([{"loc": ("body", "payload", field), "msg": message}])


def _person(person: Person) -> PersonRef:
    return PersonRef(id=person.pk, full_name=person.full_name, hamlet_id=person.hamlet_id)


def _hamlets(commune: Commune, ids: list[int]) -> list[Hamlet]:
    hamlets = list(Hamlet.objects.filter(commune=commune, pk__in=ids))
    if len(hamlets) != len(set(ids)):
        raise _unprocessable("hamlet_ids", _("Every hamlet must belong to the commune."))
    return hamlets


# ---- Teams ------------------------------------------------------------------------------------------


def _member_out(m: TeamMember) -> TeamMemberOut:
    return TeamMemberOut(
        id=m.pk,
        person=_person(m.person),
        role=m.role,
        joined_on=m.joined_on,
        left_on=m.left_on,
        has_account=m.person.user_id is not None,
    )


def _team_out(team: CommunityTechTeam) -> TeamOut:
    members = getattr(team, "active_members", None)
    if members is None:
        members = list(team_sel.team_members(team))
    return TeamOut(
        id=team.pk,
        commune_code=team.commune_id,
        name=team.name,
        hamlet_ids=sorted(h.pk for h in team.hamlets.all()),
        established_on=team.established_on,
        is_active=team.is_active,
        members=[_member_out(m) for m in members],
    )


@router.get(
    "/teams",
    response={200: TeamListOut, **AUTH_ERRORS},
    auth=signed_in(),
    summary="Community tech teams",
    description="Teams of the communes I run, or covering one of my hamlets (team members and mentors), "
    f"with their active members. Others get an empty list. {FIELD}",
)
def list_tech_teams(request: HttpRequest, commune_code: CommuneFilter = None) -> TeamListOut:
    teams = team_sel.teams_for(caller(request))
    if commune_code is not None:
        teams = teams.filter(commune_id=commune_code)
    return TeamListOut(items=[_team_out(t) for t in teams[:500]])


@router.post(
    "/teams",
    response={201: TeamOut, **REFUSALS},
    auth=signed_in(),
    summary="Create a community tech team",
    description="A team of a commune I run, covering some of its hamlets (422 for a hamlet of another "
    f"commune; 409 when the commune already has a team of that name). Audited. {MANAGERS_ONLY}",
)
def create_tech_team(request: HttpRequest, payload: TeamIn) -> Status[TeamOut]:
    user = _manager(request)
    commune = permissions.get_managed_commune(user, payload.commune_code)
    hamlets = _hamlets(commune, payload.hamlet_ids)
    try:
        team = team_svc.create_team(user, commune, payload.name, hamlets=hamlets, established_on=payload.established_on)
    except team_svc.TeamError as exc:
        raise HttpError(409, str(exc)) from exc
    return Status(201, _team_out(team))


@router.get(
    "/teams/{team_id}",
    response={200: TeamOut, **READ_ERRORS},
    auth=signed_in(),
    summary="One community tech team",
    description=f"404 for a team I may not see. {FIELD}",
)
def get_tech_team(request: HttpRequest, team_id: Id) -> TeamOut:
    return _team_out(permissions.get_team_for(caller(request), team_id))


def _team_to_manage(request: HttpRequest, team_id: int) -> tuple[User, CommunityTechTeam]:
    user = caller(request)
    team = permissions.get_team_for(user, team_id)
    if not permissions.can_manage_commune(user, team.commune):
        raise HttpError(403, _("Only the officers of the commune may change its teams."))
    return user, team


@router.patch(
    "/teams/{team_id}",
    response={200: TeamOut, **REFUSALS},
    auth=signed_in(),
    summary="Change a community tech team",
    description="Name, hamlets covered, active or not. The accounts roles of the members follow the "
    "hamlets: team_member is granted on added hamlets and taken back from removed ones (and from every "
    "hamlet when the team stops), unless another active team of theirs covers it. A team I see but do "
    f"not run answers 403. Audited. {MANAGERS_ONLY}",
)
def change_tech_team(request: HttpRequest, team_id: Id, payload: TeamPatch) -> TeamOut:
    user, team = _team_to_manage(request, team_id)
    hamlets = _hamlets(team.commune, payload.hamlet_ids) if payload.hamlet_ids is not None else None
    try:
        team = team_svc.update_team(user, team, name=payload.name, hamlets=hamlets, is_active=payload.is_active)
    except team_svc.TeamError as exc:
        raise HttpError(409, str(exc)) from exc
    return _team_out(CommunityTechTeam.objects.get(pk=team.pk))


@router.post(
    "/teams/{team_id}/members",
    response={201: TeamMemberOut, **REFUSALS},
    auth=signed_in(),
    summary="Add a team member",
    description="A resident of the team's commune joins as leader, deputy or member; with an account, they "
    "get the role team_member on each hamlet the team covers. 409: already on the team, or the team has a "
    f"leader. A person not of the commune answers 404. Audited. {MANAGERS_ONLY}",
)
def add_tech_team_member(request: HttpRequest, team_id: Id, payload: TeamMemberIn) -> Status[TeamMemberOut]:
    user, team = _team_to_manage(request, team_id)
    person = team_sel.get_person_to_appoint(user, team.commune, payload.person_id)
    try:
        member = team_svc.add_team_member(user, team, person, role=payload.role)
    except team_svc.TeamError as exc:
        raise HttpError(409, str(exc)) from exc
    return Status(201, _member_out(member))


@router.post(
    "/teams/{team_id}/members/{member_id}/end",
    response={200: TeamMemberOut, **REFUSALS},
    auth=signed_in(),
    summary="Remove a team member",
    description="Ends the membership today (kept as history) and takes back the team_member roles no other "
    f"active team of theirs needs. 409 when already ended. Audited. {MANAGERS_ONLY}",
)
def end_tech_team_membership(request: HttpRequest, team_id: Id, member_id: Id) -> TeamMemberOut:
    user, team = _team_to_manage(request, team_id)
    member = team_sel.get_member_to_manage(user, team, member_id)
    try:
        member = team_svc.remove_team_member(user, member)
    except team_svc.TeamError as exc:
        raise HttpError(409, str(exc)) from exc
    return _member_out(member)


# ---- Ambassadors, volunteers, support people -------------------------------------------------------------


def _ambassador_out(a: Ambassador) -> AmbassadorOut:
    return AmbassadorOut(
        id=a.pk, person=_person(a.person), commune_code=a.commune_id, since=a.since, until=a.until, note=a.note
    )


@router.get(
    "/ambassadors",
    response={200: AmbassadorListOut, **AUTH_ERRORS},
    auth=signed_in(),
    summary="Digital ambassadors",
    description=f"Ambassadors (current and past) of the communes I work in. {FIELD}",
)
def list_ambassadors(request: HttpRequest, commune_code: CommuneFilter = None) -> AmbassadorListOut:
    rows = team_sel.ambassadors_visible_to(caller(request))
    if commune_code is not None:
        rows = rows.filter(commune_id=commune_code)
    return AmbassadorListOut(
        items=[_ambassador_out(a) for a in rows.order_by("commune_id", "person__name_folded")[:500]]
    )


@router.post(
    "/ambassadors",
    response={201: AmbassadorOut, **REFUSALS},
    auth=signed_in(),
    summary="Appoint a digital ambassador",
    description="A resident of a commune I run becomes its digital ambassador (a first-generation mentor in "
    f"the cascade). 409 when they already are one. Audited. {MANAGERS_ONLY}",
)
def create_ambassador(request: HttpRequest, payload: AmbassadorIn) -> Status[AmbassadorOut]:
    user = _manager(request)
    commune = permissions.get_managed_commune(user, payload.commune_code)
    person = team_sel.get_person_to_appoint(user, commune, payload.person_id)
    try:
        row = team_svc.set_ambassador(user, commune, person, note=payload.note)
    except team_svc.TeamError as exc:
        raise HttpError(409, str(exc)) from exc
    return Status(201, _ambassador_out(row))


@router.post(
    "/ambassadors/{ambassador_id}/end",
    response={200: AmbassadorOut, **REFUSALS},
    auth=signed_in(),
    summary="End an ambassador's term",
    description=f"From today. 409 when already ended. Audited. {MANAGERS_ONLY}",
)
def end_ambassador_term(request: HttpRequest, ambassador_id: Id) -> AmbassadorOut:
    user = _manager(request)
    row = team_sel.get_ambassador_to_manage(user, ambassador_id)
    try:
        row = team_svc.end_ambassador(user, row)
    except team_svc.TeamError as exc:
        raise HttpError(409, str(exc)) from exc
    return _ambassador_out(Ambassador.objects.select_related("person").get(pk=row.pk))


def _group_out(g: VolunteerGroup) -> VolunteerGroupOut:
    return VolunteerGroupOut(
        id=g.pk,
        name=g.name,
        commune_code=g.commune_id,
        school_id=g.school_id,
        school=g.school.name if g.school else None,
        hamlet_ids=sorted(h.pk for h in g.hamlets.all()),
        starts_on=g.starts_on,
        ends_on=g.ends_on,
        members=[VolunteerOut(person=_person(m.person), hours=m.hours) for m in g.members.all()],
    )


@router.get(
    "/volunteer-groups",
    response={200: VolunteerGroupListOut, **AUTH_ERRORS},
    auth=signed_in(),
    summary="Youth volunteer groups",
    description=f"Groups working in the communes I work in, with their members and hours. {FIELD}",
)
def list_volunteer_groups(request: HttpRequest, commune_code: CommuneFilter = None) -> VolunteerGroupListOut:
    rows = team_sel.volunteer_groups_visible_to(caller(request))
    if commune_code is not None:
        rows = rows.filter(commune_id=commune_code)
    return VolunteerGroupListOut(items=[_group_out(g) for g in rows[:500]])


@router.post(
    "/volunteer-groups",
    response={201: VolunteerGroupOut, **REFUSALS},
    auth=signed_in(),
    summary="Create a youth volunteer group",
    description="A group (plan 67 III.5.e) from a university or college (`school_id`, an organisation of "
    "kind school at level university or college; 422 otherwise), for a period, on hamlets of a commune I "
    f"run. Audited. {MANAGERS_ONLY}",
)
def create_volunteer_group(request: HttpRequest, payload: VolunteerGroupIn) -> Status[VolunteerGroupOut]:
    user = _manager(request)
    commune = permissions.get_managed_commune(user, payload.commune_code)
    hamlets = _hamlets(commune, payload.hamlet_ids)
    school = None
    if payload.school_id is not None:
        school = Organisation.objects.filter(pk=payload.school_id).first()
        if school is None:
            raise _unprocessable("school_id", _("The school must be a university or a college."))
    try:
        group = team_svc.create_volunteer_group(
            user,
            commune,
            payload.name,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            school=school,
            hamlets=hamlets,
        )
    except team_svc.TeamError as exc:
        raise _unprocessable("payload", str(exc)) from exc
    return Status(201, _group_out(team_sel.volunteer_groups_visible_to(user).get(pk=group.pk)))


@router.put(
    "/volunteer-groups/{group_id}/members/{person_id}",
    response={200: VolunteerGroupOut, **REFUSALS},
    auth=signed_in(),
    summary="Add a volunteer or set their hours",
    description="Adds the person (anyone I may see on the roster) to the group, or sets their total hours; "
    f"sending it again changes nothing. Audited. {MANAGERS_ONLY}",
)
def set_volunteer_member(
    request: HttpRequest, group_id: Id, person_id: Id, payload: VolunteerHoursIn
) -> VolunteerGroupOut:
    user = _manager(request)
    group = team_sel.get_volunteer_group_to_manage(user, group_id)
    person = get_object_or_404(permissions.people_worked_with_by(user), pk=person_id)
    try:
        team_svc.set_volunteer_hours(user, group, person, payload.hours)
    except team_svc.TeamError as exc:
        raise _unprocessable("hours", str(exc)) from exc
    return _group_out(team_sel.volunteer_groups_visible_to(user).get(pk=group.pk))


def _support_out(s: SupportPerson) -> SupportPersonOut:
    return SupportPersonOut(
        id=s.pk,
        person=_person(s.person),
        commune_code=s.commune_id,
        desk=s.desk,
        phone=s.phone,
        since=s.since,
        until=s.until,
    )


@router.get(
    "/support-people",
    response={200: SupportPersonListOut, **AUTH_ERRORS},
    auth=signed_in(),
    summary="Public-service support people",
    description="The people at the commune offices who help residents with online public services (plan 67 "
    f"III.5.a), current and past, of the communes I work in. {FIELD}",
)
def list_support_people(request: HttpRequest, commune_code: CommuneFilter = None) -> SupportPersonListOut:
    rows = team_sel.support_people_visible_to(caller(request))
    if commune_code is not None:
        rows = rows.filter(commune_id=commune_code)
    return SupportPersonListOut(items=[_support_out(s) for s in rows[:500]])


@router.post(
    "/support-people",
    response={201: SupportPersonOut, **REFUSALS},
    auth=signed_in(),
    summary="Add a public-service support person",
    description="A resident of a commune I run helps at its office from today (`desk`: where to find them; "
    "`phone`: the office phone). 409 when they already do; 422 for a phone that is not 9 to 11 digits. "
    f"Audited. {MANAGERS_ONLY}",
)
def create_support_person(request: HttpRequest, payload: SupportPersonIn) -> Status[SupportPersonOut]:
    user = _manager(request)
    commune = permissions.get_managed_commune(user, payload.commune_code)
    person = team_sel.get_person_to_appoint(user, commune, payload.person_id)
    if SupportPerson.objects.filter(commune=commune, person=person, until__isnull=True).exists():
        raise HttpError(409, _("This person already supports this commune."))
    try:
        row = team_svc.add_support_person(user, commune, person, desk=payload.desk, phone=payload.phone)
    except team_svc.TeamError as exc:
        raise _unprocessable("phone", str(exc)) from exc
    return Status(201, _support_out(row))


@router.post(
    "/support-people/{support_id}/end",
    response={200: SupportPersonOut, **REFUSALS},
    auth=signed_in(),
    summary="End a support person's service",
    description=f"From today. 409 when already ended. Audited. {MANAGERS_ONLY}",
)
def end_support_service(request: HttpRequest, support_id: Id) -> SupportPersonOut:
    user = _manager(request)
    row = team_sel.get_support_person_to_manage(user, support_id)
    try:
        row = team_svc.end_support_person(user, row)
    except team_svc.TeamError as exc:
        raise HttpError(409, str(exc)) from exc
    return _support_out(SupportPerson.objects.select_related("person").get(pk=row.pk))


@router.get(
    "/communes-without-support",
    response={200: CommuneListOut, **AUTH_ERRORS},
    auth=signed_in(),
    summary="Communes without a support person",
    description="Communes of the campaign area that I run with nobody helping at the office with online "
    f"public services today (plan 67 III.5.a asks for at least one per commune). {MANAGERS_ONLY}",
)
def list_communes_without_support(request: HttpRequest) -> CommuneListOut:
    user = _manager(request)
    return CommuneListOut(items=[CommuneOut(code=c.code, name=c.name) for c in team_sel.communes_without_support(user)])


# ---- Mentor cascade ------------------------------------------------------------------------------------


def _link_out(link: MentorLink) -> MentorLinkOut:
    return MentorLinkOut(
        id=link.pk,
        mentor=_person(link.mentor),
        learner=_person(link.learner),
        generation=link.generation,
        linked_at=link.linked_at,
        certified_at=link.certified_at,
        ended_at=link.ended_at,
        end_reason=link.end_reason,
    )


@router.get(
    "/mentor-links",
    response={200: MentorLinkListOut, **AUTH_ERRORS},
    auth=signed_in(),
    summary="Mentor links",
    description="Links of the learners of my units, and my own links as mentor or learner, newest first; "
    f"`active` true leaves out ended links. {FIELD} Learners read their own link.",
)
def list_mentor_links(request: HttpRequest, active: bool = False) -> MentorLinkListOut:
    rows = cascade_sel.links_visible_to(caller(request))
    if active:
        rows = rows.filter(ended_at__isnull=True)
    return MentorLinkListOut(items=[_link_out(x) for x in rows.order_by("-linked_at", "-pk")[:500]])


@router.post(
    "/mentor-links",
    response={201: MentorLinkOut, **REFUSALS},
    auth=signed_in(),
    summary="Link a learner to a mentor",
    description="The learner (a person of my units) is guided by `mentor_id` (a person of my units), or by "
    "me when it is omitted (422 when my account has no roster record). 409 with the reason when the cascade "
    "rules refuse: the mentor already guides 5 learners not yet certified, the mentor was guided here and "
    "is not certified yet, the learner is above the mentor in the cascade, or the learner has a mentor. "
    f"Audited. {FIELD}",
)
def create_mentor_link(request: HttpRequest, payload: MentorLinkIn) -> Status[MentorLinkOut]:
    user = _field_worker(request)
    learner = cascade_sel.get_person_to_link(user, payload.learner_id)
    if payload.mentor_id is None:
        mentor = cascade_sel.person_of(user)
        if mentor is None:
            raise _unprocessable("mentor_id", _("Your account is not linked to a roster record: choose the mentor."))
    else:
        mentor = cascade_sel.get_person_to_link(user, payload.mentor_id)
    try:
        link = cascade_svc.link_learner(mentor, learner, user)
    except cascade_svc.CascadeRefused as exc:
        raise HttpError(409, str(exc)) from exc
    return Status(201, _link_out(link))


@router.post(
    "/mentor-links/{link_id}/end",
    response={200: MentorLinkOut, **REFUSALS},
    auth=signed_in(),
    summary="End a mentor link",
    description="By the mentor, or a field worker of the learner's units (a learner reading their own link "
    f"gets 403). 409 when already ended. Audited. {FIELD}",
)
def end_mentor_link(request: HttpRequest, link_id: Id, payload: EndIn) -> MentorLinkOut:
    user = caller(request)
    link = cascade_sel.get_link_for(user, link_id)
    if not cascade_sel.can_end_link(user, link):
        raise HttpError(403, _("Only the mentor or a helper of the learner's hamlet may end this link."))
    try:
        link = cascade_svc.end_link(link, user, payload.reason)
    except cascade_svc.CascadeRefused as exc:
        raise HttpError(409, str(exc)) from exc
    return _link_out(link)


@router.get(
    "/cascade/{commune_code}",
    response={200: CascadeOut, **READ_ERRORS},
    auth=signed_in(),
    summary="The cascade of a commune",
    description="Figures of the commune's cascade (all its learners: counts only) and the tree of the links "
    "I may see, active or certified, with generations. A commune where I do not work answers 404. "
    f"{FIELD}",
)
def get_cascade(request: HttpRequest, commune_code: CodePath) -> CascadeOut:
    user = caller(request)
    commune = cascade_sel.get_commune_for_cascade(user, commune_code)
    rates = cascade_sel.cascade_rates(commune.code, None)
    nodes: list[CascadeNodeOut] = []

    def walk(node: cascade_sel.TreeNode, parent: int | None) -> None:
        nodes.append(
            CascadeNodeOut(
                person=_person(node.person),
                generation=node.generation,
                mentor_id=parent,
                certified_at=node.link.certified_at if node.link else None,
            )
        )
        for child in node.children:
            walk(child, node.person.pk)

    for root in cascade_sel.build_tree(cascade_sel.tree_links(user, commune)):
        walk(root, None)
    return CascadeOut(
        commune_code=commune.code,
        mentors=rates.mentors,
        learners_guided=rates.learners_guided,
        certified=rates.certified,
        median_days_to_certificate=rates.median_days_to_certificate,
        branching=rates.branching,
        certified_per_week=rates.certified_per_week,
        nodes=nodes,
    )


# ---- Programmes ---------------------------------------------------------------------------------------


@router.get(
    "/programmes/hamlets",
    response={200: HamletProgrammeListOut, **AUTH_ERRORS},
    auth=signed_in(),
    summary="Household and identity programmes by hamlet",
    description="Per hamlet I work in: households, those with a digital guide and those covered (“Gia đình "
    "số”: a member passed a certification test); residents aged 16 or more, with VNeID level 2 and with a "
    f"digital bank account (“Mỗi công dân - Một danh tính số”). {FIELD}",
)
def list_programme_hamlets(request: HttpRequest, commune_code: CommuneFilter = None) -> HamletProgrammeListOut:
    rows = programme_sel.programme_by_hamlet(caller(request), commune_code=commune_code)
    return HamletProgrammeListOut(
        items=[
            HamletProgrammeOut(
                hamlet_id=r.hamlet.pk,
                hamlet=r.hamlet.name,
                commune_code=r.hamlet.commune_id,
                households=r.households,
                households_with_guide=r.with_guide,
                households_covered=r.covered,
                residents_16_plus=r.residents_16,
                vneid_level_2=r.vneid_level_2,
                digital_bank_account=r.digital_bank,
            )
            for r in rows
        ]
    )


@router.get(
    "/programmes/4t",
    response={200: FourTLearnerListOut, **AUTH_ERRORS},
    auth=signed_in(),
    summary="4T learners (“Chợ số - Nông thôn số”)",
    description="Traders and farmers of my hamlets flagged for the 4T course, with the 4T lessons done "
    f"(completed, or known already). {FIELD}",
)
def list_four_t_learners(request: HttpRequest) -> FourTLearnerListOut:
    rows = programme_sel.four_t_learners(caller(request))
    return FourTLearnerListOut(
        items=[
            FourTLearnerOut(
                person=_person(r.flag.person),
                kind=r.flag.kind,
                market=r.flag.market,
                lessons_done=r.lessons_done,
                lessons_total=r.lessons_total,
            )
            for r in rows
        ]
    )
