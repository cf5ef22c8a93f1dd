"""API access matrix rows for the door-to-door operations (hocvuso/campaign/routes/visits.py).

Field workers only (403 for org managers, learners and users without a role); a household or visit
outside the caller's units is 404. The province administrator names a commune for the worklist (422
without one). team_member_a and mentor_a reach hamlet A1 only: the household of hamlet A2 is not theirs.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone

from hocvuso.campaign.constants import VisitOutcome
from hocvuso.campaign.models import Visit
from hocvuso.people.models import Household
from tests.api.access_ops import Op, World, expect

COVERED: set[tuple[str, str]] = {
    ("get", "/api/v1/worklist"),
    ("get", "/api/v1/households/{household_id}/visits"),
    ("post", "/api/v1/visits"),
    ("get", "/api/v1/visits/{visit_id}"),
}

NOT_FIELD = {"org_manager_a": 403, "learner_a": 403, "outsider": 403}
CLIENT_UUID = uuid.UUID("6f1c2b1e-5a4d-4c3b-9a8f-0e1d2c3b4a59")


def _household_a2(w: World) -> Household:
    found = Household.objects.filter(code="ACCESS-A2").first()
    return found or Household.objects.create(commune=w.p.commune_a, hamlet=w.p.hamlet_a2, code="ACCESS-A2")


def _visit_a(w: World) -> Visit:
    found = Visit.objects.filter(household=w.p.household_a).first()
    return found or Visit.objects.create(
        household=w.p.household_a,
        hamlet=w.p.hamlet_a1,
        commune=w.p.commune_a,
        visited_on=timezone.localdate(),
        visitor=w.p.team_member_a,
        outcome=VisitOutcome.HELPED,
    )


def _worklist(a: Any, w: World, **params: Any) -> Any:
    _household_a2(w)
    return a.get("/worklist", **params)


def _post_visit(a: Any, w: World) -> Any:
    return a.post(
        "/visits",
        {
            "client_uuid": str(CLIENT_UUID),
            "household_id": w.p.household_a.pk,
            "visited_on": timezone.localdate().isoformat(),
            "people_met": [w.p.person_a.pk],
            "outcome": "helped",
            "updates": [{"person_id": w.p.person_a.pk, "vneid_level": 2}],
        },
    )


OPS: list[Op] = [
    Op(
        "list the worklist",
        "people:read",
        _worklist,
        expect({"province_admin": 422, **NOT_FIELD}, 200),
        rows=lambda w: {
            "officer_a": {w.p.household_a.pk, _household_a2(w).pk},
            "officer_b": {w.p.household_b.pk},
            "team_member_a": {w.p.household_a.pk},
            "mentor_a": {w.p.household_a.pk},
        },
    ),
    Op(
        "list the worklist of commune A",
        "people:read",
        lambda a, w: _worklist(a, w, commune_code=w.p.commune_a.code),
        expect(NOT_FIELD, 200),
        rows=lambda w: {
            "province_admin": {w.p.household_a.pk, _household_a2(w).pk},
            "officer_a": {w.p.household_a.pk, _household_a2(w).pk},
            "team_member_a": {w.p.household_a.pk},
            "mentor_a": {w.p.household_a.pk},
        },
    ),
    Op(
        "list the visits of a household of commune A",
        "people:read",
        lambda a, w: (_visit_a(w), a.get(f"/households/{w.p.household_a.pk}/visits"))[1],
        expect({"officer_b": 404, **NOT_FIELD}, 200),
        rows=lambda w: {
            name: {_visit_a(w).pk} for name in ("province_admin", "officer_a", "team_member_a", "mentor_a")
        },
    ),
    Op(
        "list the visits of a household of commune B",
        "people:read",
        lambda a, w: a.get(f"/households/{w.p.household_b.pk}/visits"),
        expect({"province_admin": 200, "officer_b": 200, **NOT_FIELD}, 404),
        rows=lambda w: {},
    ),
    Op(
        "record a visit to a household of commune A",
        "people:write",
        _post_visit,
        expect({"officer_b": 404, **NOT_FIELD}, 201),
        snapshot=lambda w: (Visit.objects.count(), w.p.person_a.__class__.objects.get(pk=w.p.person_a.pk).vneid_level),
    ),
    Op(
        "get a visit of commune A",
        "people:read",
        lambda a, w: a.get(f"/visits/{_visit_a(w).pk}"),
        expect({"officer_b": 404, **NOT_FIELD}, 200),
    ),
]
