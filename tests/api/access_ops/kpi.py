"""API access matrix rows for the KPI operations (hocvuso/kpi/api.py).

Readers: the province administrator, commune officers, team members and mentors (403 for org managers,
learners and users without a role). A unit outside the caller's answers 404: the province is the
administrator's only; commune A is officer_a's; hamlet A1 also team_member_a's and mentor_a's.
"""

from __future__ import annotations

from tests.api.access_ops import Op, World, expect

COVERED: set[tuple[str, str]] = {
    ("get", "/api/v1/kpi/indicators"),
    ("get", "/api/v1/kpi/units/{level}/{unit_id}"),
}

NOT_READERS = {"org_manager_a": 403, "learner_a": 403, "outsider": 403}


def _school(w: World) -> int:
    return w.p.school_a.pk  # an organisation of commune B


OPS: list[Op] = [
    Op("list the KPI indicators", "people:read", lambda a, w: a.get("/kpi/indicators"), expect(NOT_READERS, 200)),
    Op(
        "get the KPI values of the province",
        "people:read",
        lambda a, w: a.get(f"/kpi/units/province/{w.p.province.code}"),
        expect({"province_admin": 200, **NOT_READERS}, 404),
    ),
    Op(
        "get the KPI values of commune A",
        "people:read",
        lambda a, w: a.get(f"/kpi/units/commune/{w.p.commune_a.code}"),
        expect({"province_admin": 200, "officer_a": 200, **NOT_READERS}, 404),
    ),
    Op(
        "get the KPI values of hamlet A1",
        "people:read",
        lambda a, w: a.get(f"/kpi/units/hamlet/{w.p.hamlet_a1.pk}"),
        expect({"province_admin": 200, "officer_a": 200, "team_member_a": 200, "mentor_a": 200, **NOT_READERS}, 404),
    ),
    Op(
        "get the KPI values of a school of commune B",
        "people:read",
        lambda a, w: a.get(f"/kpi/units/organisation/{_school(w)}"),
        expect({"province_admin": 200, "officer_b": 200, **NOT_READERS}, 404),
    ),
]
