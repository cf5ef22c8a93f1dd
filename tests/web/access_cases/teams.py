"""Web access matrix rows for the campaign pages: teams and helpers, the mentor cascade, programmes
(hocvuso/web/views/teams.py).

Managers (province_admin, officer_a for commune A) create and change; officer_b gets 404 on commune A's
rows. team_member_a and mentor_a (hamlet A1) read the team covering A1 and work on A1's programmes; the
mentor page is for mentor_a only (403 for the rest). org_manager_a, learner_a and outsider have no
campaign role: 403 on role pages, 404 on rows.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hocvuso.campaign.models import CommunityTechTeam, MentorLink, VolunteerGroup
from hocvuso.campaign.services.cascade import link_learner
from hocvuso.campaign.services.teams import (
    add_support_person,
    add_team_member,
    create_team,
    create_volunteer_group,
    set_ambassador,
)
from hocvuso.people.models import Person
from tests import factories
from tests.personas import PERSONA_NAMES, Personas
from tests.web.access_cases import Case

PUBLIC: set[str] = set()

FIELD_200 = (200, 200, 200, 200, 200, 403, 403, 403, 302)
MANAGERS_200 = (200, 200, 200, 403, 403, 403, 403, 403, 302)
MANAGE_A_200 = (200, 200, 404, 404, 404, 404, 404, 404, 302)
MANAGE_A_302 = (302, 302, 404, 404, 404, 404, 404, 404, 302)
SEE_A1_200 = (200, 200, 404, 200, 200, 404, 404, 404, 302)
MENTOR_200 = (403, 403, 403, 403, 200, 403, 403, 403, 302)
MENTOR_302 = (403, 403, 403, 403, 302, 403, 403, 403, 302)


def _team(p: Personas) -> CommunityTechTeam:
    found = CommunityTechTeam.objects.filter(commune=p.commune_a, name="Tổ khóm 1").first()
    return found or create_team(p.officer_a, p.commune_a, "Tổ khóm 1", hamlets=[p.hamlet_a1])


def _mentor_person(p: Personas) -> Person:
    """mentor_a's own roster record, in hamlet A1."""
    found = Person.objects.filter(user=p.mentor_a).first()
    return found or factories.PersonFactory(hamlet=p.hamlet_a1, user=p.mentor_a, full_name=p.mentor_a.full_name)


def _link(p: Personas) -> MentorLink:
    """mentor_a guides person_a2 (hamlet A2)."""
    found = MentorLink.objects.filter(learner=p.person_a2, ended_at__isnull=True).first()
    return found or link_learner(_mentor_person(p), p.person_a2, p.officer_a)


def _member_end(p: Personas, job: Any) -> str:
    team = _team(p)
    member = add_team_member(p.officer_a, team, factories.PersonFactory(hamlet=p.hamlet_a1))
    return reverse("web:campaign-team-member-end", args=[team.pk, member.pk])


def _ambassador_end(p: Personas, job: Any) -> str:
    row = set_ambassador(p.officer_a, p.commune_a, factories.PersonFactory(hamlet=p.hamlet_a1))
    return reverse("web:campaign-ambassador-end", args=[row.pk])


def _support_end(p: Personas, job: Any) -> str:
    row = add_support_person(p.officer_a, p.commune_a, factories.PersonFactory(hamlet=p.hamlet_a1))
    return reverse("web:campaign-support-end", args=[row.pk])


def _group(p: Personas, job: Any) -> str:
    from datetime import date

    group = VolunteerGroup.objects.filter(commune=p.commune_a).first() or create_volunteer_group(
        p.officer_a, p.commune_a, "Mùa hè xanh", starts_on=date(2026, 6, 1), ends_on=date(2026, 8, 1)
    )
    return reverse("web:campaign-volunteer-group", args=[group.pk])


def _mentor_page(p: Personas, job: Any) -> str:
    _mentor_person(p)
    return reverse("web:campaign-mentor") + "?q=hung"


def _mentor_link(p: Personas, job: Any) -> str:
    _mentor_person(p)
    return reverse("web:campaign-mentor-link")


def _mentor_end(p: Personas, job: Any) -> str:
    return reverse("web:campaign-mentor-end", args=[_link(p).pk])


def _cascade(p: Personas, job: Any) -> str:
    _link(p)
    return reverse("web:campaign-cascade", args=[p.commune_a.code])


def _team_url(name: str) -> Any:
    return lambda p, job: reverse(name, args=[_team(p).pk])


def _commune_url(name: str) -> Any:
    return lambda p, job: reverse(name, args=[p.commune_a.code])


def _new_person(p: Personas, who: str) -> dict[str, Any]:
    return {"person": factories.PersonFactory(hamlet=p.hamlet_a1).pk}


CASES: list[Case] = [
    Case("campaign-teams", "get", lambda p, j: (_team(p), reverse("web:campaign-teams"))[1], FIELD_200),
    Case("campaign-team-new", "get", _commune_url("web:campaign-team-new"), MANAGE_A_200),
    Case(
        "campaign-team-new",
        "post",
        _commune_url("web:campaign-team-new"),
        MANAGE_A_302,
        data=lambda p, who: {"name": f"Tổ mới {who}", "hamlets": [p.hamlet_a2.pk]},
    ),
    Case("campaign-team", "get", _team_url("web:campaign-team"), SEE_A1_200),
    Case("campaign-team-edit", "get", _team_url("web:campaign-team-edit"), MANAGE_A_200),
    Case(
        "campaign-team-edit",
        "post",
        _team_url("web:campaign-team-edit"),
        MANAGE_A_302,
        data=lambda p, who: {"name": "Tổ khóm 1", "hamlets": [p.hamlet_a1.pk], "is_active": "yes"},
    ),
    Case(
        "campaign-team-member-add",
        "post",
        _team_url("web:campaign-team-member-add"),
        MANAGE_A_302,
        data=_new_person,
    ),
    Case("campaign-team-member-end", "post", _member_end, MANAGE_A_302),
    Case("campaign-helpers", "get", _commune_url("web:campaign-helpers"), MANAGE_A_200),
    Case(
        "campaign-ambassador-add",
        "post",
        _commune_url("web:campaign-ambassador-add"),
        MANAGE_A_302,
        data=_new_person,
    ),
    Case("campaign-ambassador-end", "post", _ambassador_end, MANAGE_A_302),
    Case(
        "campaign-support-add",
        "post",
        _commune_url("web:campaign-support-add"),
        MANAGE_A_302,
        data=_new_person,
    ),
    Case("campaign-support-end", "post", _support_end, MANAGE_A_302),
    Case(
        "campaign-volunteer-group-add",
        "post",
        _commune_url("web:campaign-volunteer-group-add"),
        MANAGE_A_302,
        data=lambda p, who: {"name": f"Nhóm {who}", "starts_on": "2026-06-01", "ends_on": "2026-07-01"},
    ),
    Case("campaign-volunteer-group", "get", _group, MANAGE_A_200),
    Case(
        "campaign-volunteer-group",
        "post",
        _group,
        MANAGE_A_302,
        data=lambda p, who: {"person": p.person_a.pk, "hours": "4.5"},
    ),
    Case("campaign-without-support", "get", lambda p, j: reverse("web:campaign-without-support"), MANAGERS_200),
    Case("campaign-mentor", "get", _mentor_page, MENTOR_200),
    Case(
        "campaign-mentor-link",
        "post",
        _mentor_link,
        MENTOR_302,
        data=lambda p, who: {"learner": factories.PersonFactory(hamlet=p.hamlet_a1).pk},
    ),
    # The mentor ends their own link; managers of commune A too; team_member_a works in A1, the learner
    # lives in A2: 404. learner_a sees nothing of it.
    Case("campaign-mentor-end", "post", _mentor_end, (302, 302, 404, 404, 302, 404, 404, 404, 302)),
    Case("campaign-cascade", "get", _cascade, SEE_A1_200),
    Case("campaign-programmes", "get", lambda p, j: reverse("web:campaign-programmes"), FIELD_200),
    Case(
        "campaign-programme-hamlet",
        "get",
        lambda p, j: reverse("web:campaign-programme-hamlet", args=[p.hamlet_a1.pk]) + "?missing=vneid",
        SEE_A1_200,
    ),
    Case(
        "campaign-household-guide",
        "post",
        lambda p, j: reverse("web:campaign-household-guide", args=[p.household_a.pk]),
        (302, 302, 404, 302, 302, 404, 404, 404, 302),
        data=lambda p, who: {"person": p.person_a.pk},
    ),
    Case("campaign-four-t", "get", lambda p, j: reverse("web:campaign-four-t") + "?q=hung", FIELD_200),
    Case(
        "campaign-four-t",
        "post",
        lambda p, j: reverse("web:campaign-four-t"),
        (302, 302, 404, 302, 302, 403, 403, 403, 302),
        data=lambda p, who: {"person": p.person_a.pk, "kind": "trader", "market": "Chợ Trà Vinh"},
    ),
]

assert all(len(c.expected) == len(PERSONA_NAMES) for c in CASES)
