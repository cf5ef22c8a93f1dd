"""API access matrix rows for the campaign router: teams and helpers, the mentor cascade, programmes.

Managers (province_admin; officer_a for commune A) change; officer_b gets 404 on commune A's rows; team
members and mentors read what covers hamlet A1; everyone else gets 403 on manager or field operations
and empty lists.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hocvuso.campaign.models import (
    Ambassador,
    CommunityTechTeam,
    LivelihoodFlag,
    MentorLink,
    SupportPerson,
    TeamMember,
    VolunteerGroup,
    VolunteerMember,
)
from hocvuso.campaign.services.cascade import link_learner
from hocvuso.campaign.services.programmes import flag_livelihood
from hocvuso.campaign.services.teams import (
    add_support_person,
    add_team_member,
    create_team,
    create_volunteer_group,
    set_ambassador,
)
from hocvuso.geo.models import Commune
from hocvuso.people.models import Person
from tests import factories
from tests.api.access_ops import Op, World, expect

COVERED: set[tuple[str, str]] = {
    ("get", "/api/v1/teams"),
    ("post", "/api/v1/teams"),
    ("get", "/api/v1/teams/{team_id}"),
    ("patch", "/api/v1/teams/{team_id}"),
    ("post", "/api/v1/teams/{team_id}/members"),
    ("post", "/api/v1/teams/{team_id}/members/{member_id}/end"),
    ("get", "/api/v1/ambassadors"),
    ("post", "/api/v1/ambassadors"),
    ("post", "/api/v1/ambassadors/{ambassador_id}/end"),
    ("get", "/api/v1/volunteer-groups"),
    ("post", "/api/v1/volunteer-groups"),
    ("put", "/api/v1/volunteer-groups/{group_id}/members/{person_id}"),
    ("get", "/api/v1/support-people"),
    ("post", "/api/v1/support-people"),
    ("post", "/api/v1/support-people/{support_id}/end"),
    ("get", "/api/v1/communes-without-support"),
    ("get", "/api/v1/mentor-links"),
    ("post", "/api/v1/mentor-links"),
    ("post", "/api/v1/mentor-links/{link_id}/end"),
    ("get", "/api/v1/cascade/{commune_code}"),
    ("get", "/api/v1/programmes/hamlets"),
    ("get", "/api/v1/programmes/4t"),
}

MANAGERS_A_201 = {"province_admin": 201, "officer_a": 201, "officer_b": 404}
MANAGERS_A_200 = {"province_admin": 200, "officer_a": 200, "officer_b": 404}
SEE_A1 = {"province_admin": 200, "officer_a": 200, "team_member_a": 200, "mentor_a": 200}


def _team(w: World) -> CommunityTechTeam:
    found = CommunityTechTeam.objects.filter(commune=w.p.commune_a, name="Tổ khóm 1").first()
    return found or create_team(w.p.officer_a, w.p.commune_a, "Tổ khóm 1", hamlets=[w.p.hamlet_a1])


def _team_b(w: World) -> CommunityTechTeam:
    found = CommunityTechTeam.objects.filter(commune=w.p.commune_b).first()
    return found or create_team(w.p.officer_b, w.p.commune_b, "Tổ ấp", hamlets=[w.p.hamlet_b1])


def _member(w: World) -> TeamMember:
    team = _team(w)
    found = team.members.filter(person=w.p.person_a2).first()
    return found or add_team_member(w.p.officer_a, team, w.p.person_a2)


def _ambassador(w: World) -> Ambassador:
    found = Ambassador.objects.filter(person=w.p.person_a2).first()
    return found or set_ambassador(w.p.officer_a, w.p.commune_a, w.p.person_a2)


def _support(w: World) -> SupportPerson:
    found = SupportPerson.objects.filter(commune=w.p.commune_a).first()
    return found or add_support_person(w.p.officer_a, w.p.commune_a, w.p.person_a2, desk="Một cửa")


def _group(w: World) -> VolunteerGroup:
    found = VolunteerGroup.objects.filter(commune=w.p.commune_a).first()
    return found or create_volunteer_group(
        w.p.officer_a,
        w.p.commune_a,
        "Mùa hè xanh",
        starts_on=date(2026, 6, 1),
        ends_on=date(2026, 8, 1),
        hamlets=[w.p.hamlet_a1],
    )


def _mentor_person(w: World) -> Person:
    found = Person.objects.filter(user=w.p.mentor_a).first()
    return found or factories.PersonFactory(hamlet=w.p.hamlet_a1, user=w.p.mentor_a)


def _link(w: World) -> MentorLink:
    """mentor_a guides learner_a's person (hamlet A1)."""
    found = MentorLink.objects.filter(learner=w.p.person_a).first()
    return found or link_learner(_mentor_person(w), w.p.person_a, w.p.officer_a)


def _link_b(w: World) -> MentorLink:
    found = MentorLink.objects.filter(learner=w.p.person_b).first()
    return found or link_learner(factories.PersonFactory(hamlet=w.p.hamlet_b1), w.p.person_b, w.p.officer_b)


def _flag(w: World) -> LivelihoodFlag:
    found = LivelihoodFlag.objects.filter(person=w.p.person_a).first()
    return found or flag_livelihood(w.p.officer_a, w.p.person_a, "trader")


def _new_learner(w: World) -> Person:
    found = Person.objects.filter(full_name="Người Học Mới", hamlet=w.p.hamlet_a1).first()
    return found or factories.PersonFactory(hamlet=w.p.hamlet_a1, full_name="Người Học Mới")


def _create_link(a: Any, w: World) -> Any:
    _mentor_person(w)
    return a.post("/mentor-links", {"learner_id": _new_learner(w).pk})


def _both_teams(w: World) -> dict[str, set[int]]:
    a, b = _team(w).pk, _team_b(w).pk
    return {
        "province_admin": {a, b},
        "officer_a": {a},
        "officer_b": {b},
        "team_member_a": {a},
        "mentor_a": {a},
    }


def _links(w: World) -> dict[str, set[int]]:
    a, b = _link(w).pk, _link_b(w).pk
    return {
        "province_admin": {a, b},
        "officer_a": {a},
        "officer_b": {b},
        "team_member_a": {a},
        "mentor_a": {a},
        "learner_a": {a},
    }


def _hamlet_ids(body: Any) -> set[Any]:
    return {row["hamlet_id"] for row in body["items"]}


def _person_ids(body: Any) -> set[Any]:
    return {row["person"]["id"] for row in body["items"]}


def _codes(body: Any) -> set[Any]:
    return {row["code"] for row in body["items"]}


OPS: list[Op] = [
    Op("list teams", None, lambda a, w: (_both_teams(w), a.get("/teams"))[1], expect({}, 200), rows=_both_teams),
    Op(
        "create a team in commune A",
        None,
        lambda a, w: a.post("/teams", {"commune_code": w.p.commune_a.code, "name": "Tổ mới", "hamlet_ids": []}),
        expect(MANAGERS_A_201, 403),
        snapshot=lambda w: CommunityTechTeam.objects.filter(name="Tổ mới").count(),
    ),
    Op("get a team of commune A", None, lambda a, w: a.get(f"/teams/{_team(w).pk}"), expect(SEE_A1, 404)),
    Op(
        "change a team of commune A",
        None,
        lambda a, w: a.patch(f"/teams/{_team(w).pk}", {"name": "Tổ đổi tên"}),
        expect({"province_admin": 200, "officer_a": 200, "team_member_a": 403, "mentor_a": 403}, 404),
        snapshot=lambda w: CommunityTechTeam.objects.get(pk=_team(w).pk).name,
    ),
    Op(
        "add a member to a team of commune A",
        None,
        lambda a, w: a.post(f"/teams/{_team(w).pk}/members", {"person_id": w.p.person_a.pk}),
        expect({"province_admin": 201, "officer_a": 201, "team_member_a": 403, "mentor_a": 403}, 404),
        snapshot=lambda w: TeamMember.objects.filter(person=w.p.person_a).count(),
    ),
    Op(
        "remove a member of a team of commune A",
        None,
        lambda a, w: a.post(f"/teams/{_team(w).pk}/members/{_member(w).pk}/end"),
        expect({"province_admin": 200, "officer_a": 200, "team_member_a": 403, "mentor_a": 403}, 404),
        snapshot=lambda w: TeamMember.objects.get(pk=_member(w).pk).left_on,
    ),
    Op(
        "list ambassadors",
        None,
        lambda a, w: (_ambassador(w), a.get("/ambassadors"))[1],
        expect({}, 200),
        rows=lambda w: {k: {_ambassador(w).pk} for k in ("province_admin", "officer_a", "team_member_a", "mentor_a")},
    ),
    Op(
        "appoint an ambassador in commune A",
        None,
        lambda a, w: a.post("/ambassadors", {"commune_code": w.p.commune_a.code, "person_id": w.p.person_a.pk}),
        expect(MANAGERS_A_201, 403),
        snapshot=lambda w: Ambassador.objects.filter(person=w.p.person_a).count(),
    ),
    Op(
        "end an ambassador of commune A",
        None,
        lambda a, w: a.post(f"/ambassadors/{_ambassador(w).pk}/end"),
        expect(MANAGERS_A_200, 403),
        snapshot=lambda w: Ambassador.objects.get(pk=_ambassador(w).pk).until,
    ),
    Op(
        "list volunteer groups",
        None,
        lambda a, w: (_group(w), a.get("/volunteer-groups"))[1],
        expect({}, 200),
        rows=lambda w: {k: {_group(w).pk} for k in ("province_admin", "officer_a", "team_member_a", "mentor_a")},
    ),
    Op(
        "create a volunteer group in commune A",
        None,
        lambda a, w: a.post(
            "/volunteer-groups",
            {
                "commune_code": w.p.commune_a.code,
                "name": "Nhóm mới",
                "starts_on": "2026-06-01",
                "ends_on": "2026-07-01",
            },
        ),
        expect(MANAGERS_A_201, 403),
        snapshot=lambda w: VolunteerGroup.objects.filter(name="Nhóm mới").count(),
    ),
    Op(
        "set a volunteer's hours in a group of commune A",
        None,
        lambda a, w: a.client.put(
            f"/api/v1/volunteer-groups/{_group(w).pk}/members/{w.p.person_a.pk}",
            {"hours": "4.5"},
            content_type="application/json",
            headers=a.headers,
        ),
        expect(MANAGERS_A_200, 403),
        snapshot=lambda w: VolunteerMember.objects.filter(person=w.p.person_a).count(),
    ),
    Op(
        "list support people",
        None,
        lambda a, w: (_support(w), a.get("/support-people"))[1],
        expect({}, 200),
        rows=lambda w: {k: {_support(w).pk} for k in ("province_admin", "officer_a", "team_member_a", "mentor_a")},
    ),
    Op(
        "add a support person in commune A",
        None,
        lambda a, w: a.post("/support-people", {"commune_code": w.p.commune_a.code, "person_id": w.p.person_a.pk}),
        expect(MANAGERS_A_201, 403),
        snapshot=lambda w: SupportPerson.objects.filter(person=w.p.person_a).count(),
    ),
    Op(
        "end a support person of commune A",
        None,
        lambda a, w: a.post(f"/support-people/{_support(w).pk}/end"),
        expect(MANAGERS_A_200, 403),
        snapshot=lambda w: SupportPerson.objects.get(pk=_support(w).pk).until,
    ),
    Op(
        "list communes without a support person",
        None,
        lambda a, w: (_support(w), a.get("/communes-without-support"))[1],
        expect({"province_admin": 200, "officer_a": 200, "officer_b": 200}, 403),
        rows=lambda w: {
            "province_admin": set(
                Commune.objects.filter(province=w.p.province, in_campaign_area=True)
                .exclude(code=w.p.commune_a.code)
                .values_list("code", flat=True)
            ),
            "officer_b": {w.p.commune_b.code},
        },
        ids=_codes,
    ),
    Op("list mentor links", None, lambda a, w: (_links(w), a.get("/mentor-links"))[1], expect({}, 200), rows=_links),
    Op(
        "link a new learner of hamlet A1 to myself",
        None,
        _create_link,
        # Managers and the team member have no roster record of their own: 422; officer_b: 404.
        expect({"province_admin": 422, "officer_a": 422, "officer_b": 404, "team_member_a": 422, "mentor_a": 201}, 403),
        snapshot=lambda w: MentorLink.objects.filter(learner__full_name="Người Học Mới").count(),
    ),
    Op(
        "end a mentor link in hamlet A1",
        None,
        lambda a, w: a.post(f"/mentor-links/{_link(w).pk}/end", {"reason": "chuyển đi"}),
        expect({"province_admin": 200, "officer_a": 200, "team_member_a": 200, "mentor_a": 200, "learner_a": 403}, 404),
        snapshot=lambda w: MentorLink.objects.get(pk=_link(w).pk).ended_at,
    ),
    Op(
        "get the cascade of commune A",
        None,
        lambda a, w: (_link(w), a.get(f"/cascade/{w.p.commune_a.code}"))[1],
        expect(SEE_A1, 404),
    ),
    Op(
        "list programmes by hamlet",
        None,
        lambda a, w: a.get("/programmes/hamlets"),
        expect({}, 200),
        rows=lambda w: {
            "province_admin": {w.p.hamlet_a1.pk, w.p.hamlet_a2.pk, w.p.hamlet_b1.pk},
            "officer_a": {w.p.hamlet_a1.pk, w.p.hamlet_a2.pk},
            "officer_b": {w.p.hamlet_b1.pk},
            "team_member_a": {w.p.hamlet_a1.pk},
            "mentor_a": {w.p.hamlet_a1.pk},
        },
        ids=_hamlet_ids,
    ),
    Op(
        "list 4T learners",
        None,
        lambda a, w: (_flag(w), a.get("/programmes/4t"))[1],
        expect({}, 200),
        rows=lambda w: {k: {w.p.person_a.pk} for k in ("province_admin", "officer_a", "team_member_a", "mentor_a")},
        ids=_person_ids,
    ),
]
