"""Campaign pages: teams and helpers (plan 67 III.5.a, đ, e), the mentor cascade (footnote 7) and the
household and identity programmes (III.5.b-d). Plain forms; every page works without JavaScript.

Access (tests/web/access_cases/teams.py): managers (province administrator, commune officer) create and
change the teams and helpers of their communes (404 for another commune's); team members and mentors
read the teams covering their hamlets and work on the programmes of their hamlets; /campaign/mentor/ is
for mentors (the accounts role, or a person guiding learners here; 403 otherwise); the province page of
communes without a support person is for managers (403 for other roles).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hocvuso.accounts.models import User
from hocvuso.campaign import permissions
from hocvuso.campaign.constants import Livelihood, TeamRole
from hocvuso.campaign.models import MentorLink
from hocvuso.campaign.selectors import cascade as cascade_sel
from hocvuso.campaign.selectors import programmes as programme_sel
from hocvuso.campaign.selectors import teams as team_sel
from hocvuso.campaign.services import cascade as cascade_svc
from hocvuso.campaign.services import programmes as programme_svc
from hocvuso.campaign.services import teams as team_svc
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.people.constants import OrganisationKind
from hocvuso.people.models import Organisation, Person
from hocvuso.people.selectors import search_people
from hocvuso.web.views.registry import role_required

PEOPLE_SHOWN = 50


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _hamlets_posted(request: HttpRequest, commune: Commune) -> list[Hamlet]:
    ids = [i for i in (_int(v) for v in request.POST.getlist("hamlets")) if i is not None]
    return list(Hamlet.objects.filter(commune=commune, pk__in=ids))


def _person_choices(qs: object, query: str) -> list[Person]:
    rows = search_people(qs, query) if query else qs  # type: ignore[arg-type]
    return list(rows.select_related("hamlet").order_by("name_folded", "pk")[:PEOPLE_SHOWN])  # type: ignore[attr-defined]


# ---- Teams ------------------------------------------------------------------------------------------


@role_required(permissions.FIELD_WORKERS)
def teams(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "teams": team_sel.teams_for(user)[:300],
        "communes": team_sel.campaign_communes_managed(user)[:300] if permissions.is_manager(user) else [],
        "is_manager": permissions.is_manager(user),
    }
    return render(request, "web/campaign/teams/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_new(request: HttpRequest, code: int) -> HttpResponse:
    user = _user(request)
    commune = permissions.get_managed_commune(user, code)
    error = ""
    if request.method == "POST":
        try:
            team = team_svc.create_team(
                user,
                commune,
                request.POST.get("name", ""),
                hamlets=_hamlets_posted(request, commune),
                established_on=_date(request.POST.get("established_on")),
            )
        except team_svc.TeamError as exc:
            error = str(exc)
        else:
            messages.success(request, _("The team is created."))
            return redirect("web:campaign-team", team.pk)
    context = {"commune": commune, "hamlets": commune.hamlets.order_by("name_folded"), "error": error, "team": None}
    return render(request, "web/campaign/teams/edit.html", context, status=422 if error else 200)


@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    team = permissions.get_team_for(user, pk)
    can_manage = permissions.can_manage_commune(user, team.commune)
    query = request.GET.get("q", "").strip()
    context = {
        "team": team,
        "members": team_sel.team_members(team, with_history=True),
        "hamlets": team.hamlets.order_by("name_folded"),
        "can_manage": can_manage,
        "roles": TeamRole.choices,
        "query": query,
        "people": _person_choices(team_sel.people_to_appoint(user, team.commune), query)
        if can_manage and query
        else [],
    }
    return render(request, "web/campaign/teams/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    team = team_sel.get_team_to_manage(user, pk)
    error = ""
    if request.method == "POST":
        try:
            team_svc.update_team(
                user,
                team,
                name=request.POST.get("name", ""),
                hamlets=_hamlets_posted(request, team.commune),
                is_active=request.POST.get("is_active") == "yes",
            )
        except team_svc.TeamError as exc:
            error = str(exc)
        else:
            messages.success(request, _("The team is saved."))
            return redirect("web:campaign-team", team.pk)
    context = {
        "commune": team.commune,
        "hamlets": team.commune.hamlets.order_by("name_folded"),
        "chosen": set(team.hamlets.values_list("pk", flat=True)),
        "error": error,
        "team": team,
    }
    return render(request, "web/campaign/teams/edit.html", context, status=422 if error else 200)


@login_required
@require_POST
def team_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    team = team_sel.get_team_to_manage(user, pk)
    person = team_sel.get_person_to_appoint(user, team.commune, _int(request.POST.get("person")) or 0)
    try:
        team_svc.add_team_member(user, team, person, role=request.POST.get("role", TeamRole.MEMBER))
    except team_svc.TeamError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s is on the team.") % {"name": person.full_name})
    return redirect("web:campaign-team", team.pk)


@login_required
@require_POST
def team_member_end(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    user = _user(request)
    team = team_sel.get_team_to_manage(user, pk)
    row = team_sel.get_member_to_manage(user, team, member)
    try:
        team_svc.remove_team_member(user, row)
    except team_svc.TeamError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s has left the team.") % {"name": row.person.full_name})
    return redirect("web:campaign-team", team.pk)


# ---- Helpers of a commune -----------------------------------------------------------------------------


@login_required
def helpers(request: HttpRequest, code: int) -> HttpResponse:
    user = _user(request)
    commune = permissions.get_managed_commune(user, code)
    query = request.GET.get("q", "").strip()
    context = {
        "commune": commune,
        "ambassadors": team_sel.ambassadors_visible_to(user).filter(commune=commune).order_by("until", "since"),
        "support_people": team_sel.support_people_visible_to(user).filter(commune=commune).order_by("until", "since"),
        "groups": team_sel.volunteer_groups_visible_to(user).filter(commune=commune),
        "hamlets": commune.hamlets.order_by("name_folded"),
        "schools": Organisation.objects.filter(
            kind=OrganisationKind.SCHOOL, school_level__in=team_svc.VOLUNTEER_SCHOOL_LEVELS
        ).order_by("name_folded")[:200],
        "query": query,
        "people": _person_choices(team_sel.people_to_appoint(user, commune), query) if query else [],
    }
    return render(request, "web/campaign/teams/helpers.html", context)


def _helpers_url(commune: Commune) -> str:
    return reverse("web:campaign-helpers", args=[commune.code])


@login_required
@require_POST
def ambassador_add(request: HttpRequest, code: int) -> HttpResponse:
    user = _user(request)
    commune = permissions.get_managed_commune(user, code)
    person = team_sel.get_person_to_appoint(user, commune, _int(request.POST.get("person")) or 0)
    try:
        team_svc.set_ambassador(user, commune, person, note=request.POST.get("note", ""))
    except team_svc.TeamError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s is a digital ambassador.") % {"name": person.full_name})
    return redirect(_helpers_url(commune))


@login_required
@require_POST
def ambassador_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = team_sel.get_ambassador_to_manage(user, pk)
    try:
        team_svc.end_ambassador(user, row)
    except team_svc.TeamError as exc:
        messages.error(request, str(exc))
    return redirect(_helpers_url(row.commune))


@login_required
@require_POST
def support_add(request: HttpRequest, code: int) -> HttpResponse:
    user = _user(request)
    commune = permissions.get_managed_commune(user, code)
    person = team_sel.get_person_to_appoint(user, commune, _int(request.POST.get("person")) or 0)
    try:
        team_svc.add_support_person(
            user, commune, person, desk=request.POST.get("desk", ""), phone=request.POST.get("phone", "")
        )
    except team_svc.TeamError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s helps with online public services.") % {"name": person.full_name})
    return redirect(_helpers_url(commune))


@login_required
@require_POST
def support_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = team_sel.get_support_person_to_manage(user, pk)
    try:
        team_svc.end_support_person(user, row)
    except team_svc.TeamError as exc:
        messages.error(request, str(exc))
    return redirect(_helpers_url(row.commune))


@login_required
@require_POST
def volunteer_group_add(request: HttpRequest, code: int) -> HttpResponse:
    user = _user(request)
    commune = permissions.get_managed_commune(user, code)
    school_id = _int(request.POST.get("school"))
    school = Organisation.objects.filter(pk=school_id).first() if school_id else None
    starts, ends = _date(request.POST.get("starts_on")), _date(request.POST.get("ends_on"))
    if starts is None or ends is None:
        messages.error(request, _("Give the start and end dates."))
        return redirect(_helpers_url(commune))
    try:
        group = team_svc.create_volunteer_group(
            user,
            commune,
            request.POST.get("name", ""),
            starts_on=starts,
            ends_on=ends,
            school=school,
            hamlets=_hamlets_posted(request, commune),
        )
    except team_svc.TeamError as exc:
        messages.error(request, str(exc))
        return redirect(_helpers_url(commune))
    return redirect("web:campaign-volunteer-group", group.pk)


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_group(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    group = team_sel.get_volunteer_group_to_manage(user, pk)
    if request.method == "POST":
        person = permissions.people_worked_with_by(user).filter(pk=_int(request.POST.get("person")) or 0).first()
        if person is None:
            raise Http404
        try:
            hours = Decimal(request.POST.get("hours", "0") or "0")
            team_svc.set_volunteer_hours(user, group, person, hours)
        except (InvalidOperation, team_svc.TeamError) as exc:
            messages.error(
                request, str(exc) if isinstance(exc, team_svc.TeamError) else _("Write the hours as a number.")
            )
        return redirect("web:campaign-volunteer-group", group.pk)
    query = request.GET.get("q", "").strip()
    context = {
        "group": team_sel.get_volunteer_group_for(user, group.pk),
        "query": query,
        "people": _person_choices(permissions.people_worked_with_by(user), query) if query else [],
    }
    return render(request, "web/campaign/teams/volunteer_group.html", context)


@role_required(permissions.MANAGERS)
def without_support(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    communes = list(team_sel.communes_without_support(user))
    context = {"communes": communes, "total": team_sel.campaign_communes_managed(user).count()}
    return render(request, "web/campaign/teams/without_support.html", context)


# ---- Mentor cascade -------------------------------------------------------------------------------------


def _mentor_only(user: User) -> None:
    if not cascade_sel.is_mentor(user):
        raise PermissionDenied


@login_required
def mentor(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _mentor_only(user)
    me = cascade_sel.person_of(user)
    query = request.GET.get("q", "").strip()
    context = {
        "me": me,
        "learners": cascade_sel.learners_of(me, include_ended=True) if me else [],
        "cap": cascade_svc.mentor_cap(),
        "active_uncertified": cascade_svc.active_uncertified_count(me) if me else 0,
        "query": query,
        "people": _person_choices(cascade_sel.people_to_link(user).exclude(pk=me.pk if me else 0), query)
        if query
        else [],
        "communes": sorted(
            {h.commune for h in permissions.hamlets_worked_by(user).select_related("commune")[:200]}, key=str
        ),
    }
    return render(request, "web/campaign/cascade/mentor.html", context)


@login_required
@require_POST
def mentor_link(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _mentor_only(user)
    learner = cascade_sel.get_person_to_link(user, _int(request.POST.get("learner")) or 0)
    me = cascade_sel.person_of(user)
    if me is None:
        messages.error(request, _("Your account is not linked to a roster record: ask your commune officer."))
        return redirect("web:campaign-mentor")
    try:
        cascade_svc.link_learner(me, learner, user)
    except cascade_svc.CascadeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("You now guide %(name)s.") % {"name": learner.full_name})
    return redirect("web:campaign-mentor")


@login_required
@require_POST
def mentor_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    link: MentorLink = cascade_sel.get_link_for(user, pk)
    if not cascade_sel.can_end_link(user, link):
        raise PermissionDenied
    try:
        cascade_svc.end_link(link, user, request.POST.get("reason", ""))
    except cascade_svc.CascadeRefused as exc:
        messages.error(request, str(exc))
    return redirect("web:campaign-mentor")


@login_required
def cascade(request: HttpRequest, code: int) -> HttpResponse:
    user = _user(request)
    commune = cascade_sel.get_commune_for_cascade(user, code)
    context = {
        "commune": commune,
        "rates": cascade_sel.cascade_rates(commune.code, None),
        "roots": cascade_sel.build_tree(cascade_sel.tree_links(user, commune)),
        "target": 5,
    }
    return render(request, "web/campaign/cascade/tree.html", context)


# ---- Programmes --------------------------------------------------------------------------------------------


@role_required(permissions.FIELD_WORKERS)
def programmes(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    commune_code = _int(request.GET.get("commune"))
    rows = programme_sel.programme_by_hamlet(user, commune_code=commune_code)
    return render(request, "web/campaign/programmes/list.html", {"rows": rows})


@login_required
def programme_hamlet(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    hamlet = programme_sel.get_hamlet_for(user, pk)
    missing = request.GET.get("missing", "")
    context = {
        "hamlet": hamlet,
        "households": list(programme_sel.households_of_hamlet(hamlet).prefetch_related("members")[:500]),
        "missing": missing,
        "without": list(programme_sel.people_without(hamlet, missing)[:500]) if missing in ("vneid", "bank") else [],
    }
    return render(request, "web/campaign/programmes/hamlet.html", context)


@login_required
@require_POST
def household_guide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    household = programme_sel.get_household_for(user, pk)
    chosen = _int(request.POST.get("person"))
    try:
        if chosen is None:
            programme_svc.clear_household_guide(user, household)
        else:
            person = Person.objects.filter(household=household, pk=chosen).first()
            if person is None:
                raise programme_svc.ProgrammeError(_("The guide must be a member of the household."))
            programme_svc.set_household_guide(user, household, person)
    except programme_svc.ProgrammeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The household's digital guide is saved."))
    target = (
        reverse("web:campaign-programme-hamlet", args=[household.hamlet_id])
        if household.hamlet_id
        else reverse("web:campaign-programmes")
    )
    return redirect(f"{target}#household-{household.pk}")


@role_required(permissions.FIELD_WORKERS)
@require_http_methods(["GET", "POST"])
def four_t(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        person = programme_sel.get_person_to_flag(user, _int(request.POST.get("person")) or 0)
        kind = request.POST.get("kind", "")
        try:
            if kind == "none":
                programme_svc.unflag_livelihood(user, person)
            else:
                programme_svc.flag_livelihood(user, person, kind, market=request.POST.get("market", ""))
        except programme_svc.ProgrammeError as exc:
            messages.error(request, str(exc))
        return redirect("web:campaign-four-t")
    query = request.GET.get("q", "").strip()
    context = {
        "rows": programme_sel.four_t_learners(user),
        "lessons": programme_sel.four_t_lessons(),
        "kinds": Livelihood.choices,
        "query": query,
        "people": _person_choices(programme_sel.people_to_flag(user), query) if query else [],
    }
    return render(request, "web/campaign/programmes/four_t.html", context)


urlpatterns: list[URLPattern] = [
    path("campaign/teams/", teams, name="campaign-teams"),
    path("campaign/teams/communes/<int:code>/new/", team_new, name="campaign-team-new"),
    path("campaign/teams/<int:pk>/", team_detail, name="campaign-team"),
    path("campaign/teams/<int:pk>/edit/", team_edit, name="campaign-team-edit"),
    path("campaign/teams/<int:pk>/members/", team_member_add, name="campaign-team-member-add"),
    path("campaign/teams/<int:pk>/members/<int:member>/end/", team_member_end, name="campaign-team-member-end"),
    path("campaign/teams/communes/<int:code>/helpers/", helpers, name="campaign-helpers"),
    path("campaign/teams/communes/<int:code>/ambassadors/", ambassador_add, name="campaign-ambassador-add"),
    path("campaign/teams/ambassadors/<int:pk>/end/", ambassador_end, name="campaign-ambassador-end"),
    path("campaign/teams/communes/<int:code>/support/", support_add, name="campaign-support-add"),
    path("campaign/teams/support/<int:pk>/end/", support_end, name="campaign-support-end"),
    path(
        "campaign/teams/communes/<int:code>/volunteer-groups/",
        volunteer_group_add,
        name="campaign-volunteer-group-add",
    ),
    path("campaign/teams/volunteer-groups/<int:pk>/", volunteer_group, name="campaign-volunteer-group"),
    path("campaign/teams/without-support/", without_support, name="campaign-without-support"),
    path("campaign/mentor/", mentor, name="campaign-mentor"),
    path("campaign/mentor/link/", mentor_link, name="campaign-mentor-link"),
    path("campaign/mentor/links/<int:pk>/end/", mentor_end, name="campaign-mentor-end"),
    path("campaign/cascade/<int:code>/", cascade, name="campaign-cascade"),
    path("campaign/programmes/", programmes, name="campaign-programmes"),
    path("campaign/programmes/hamlets/<int:pk>/", programme_hamlet, name="campaign-programme-hamlet"),
    path("campaign/programmes/households/<int:pk>/guide/", household_guide, name="campaign-household-guide"),
    path("campaign/programmes/4t/", four_t, name="campaign-four-t"),
]
