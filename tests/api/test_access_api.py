"""The API access matrix: every /api/v1 operation x every persona, and a token without the scope.

Each cell states the answer; lists also state exactly which rows come back, and every refused
write is checked to have changed nothing. Together they show no cross-unit read or write.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hocvuso.accounts.models import User
from hocvuso.geo.models import Hamlet
from hocvuso.people.models import ImportJob, Person
from tests.api.access_ops import Op, World, _world, expect
from tests.api.access_ops import assessment as assessment_ops
from tests.api.access_ops import certificates as certificate_ops
from tests.api.access_ops import frameworks as framework_ops
from tests.api.access_ops import kpi as kpi_ops
from tests.api.access_ops import learning as learning_ops
from tests.api.access_ops import sessions as session_ops
from tests.api.access_ops import teams as team_ops
from tests.api.access_ops import visits as visit_ops
from tests.api.access_ops import vneid as vneid_ops
from tests.api.conftest import ALL_SCOPES, Api, roster_file, token_for
from tests.personas import PERSONA_NAMES, Personas

PERSONAS = PERSONA_NAMES


def _new_person(w: World) -> dict[str, Any]:
    return {"full_name": "Người Mới Thêm", "hamlet_id": w.p.hamlet_a1.pk, "birth_year": 1990}


OPS = [
    Op("list communes", None, lambda a, w: a.get("/communes"), expect({}, 200, anonymous=200)),
    Op("get commune", None, lambda a, w: a.get("/communes/29536"), expect({}, 200, anonymous=200)),
    Op("who am I", None, lambda a, w: a.get("/me"), expect({}, 200)),
    Op(
        "list hamlets",
        "geo:read",
        lambda a, w: a.get("/hamlets"),
        expect({}, 200),
        rows=lambda w: {
            "province_admin": {w.p.hamlet_a1.pk, w.p.hamlet_a2.pk, w.p.hamlet_b1.pk},
            "officer_a": {w.p.hamlet_a1.pk, w.p.hamlet_a2.pk},
            "officer_b": {w.p.hamlet_b1.pk},
            "team_member_a": {w.p.hamlet_a1.pk},
            "mentor_a": {w.p.hamlet_a1.pk},
        },
    ),
    Op(
        "get a hamlet of commune B",
        "geo:read",
        lambda a, w: a.get(f"/hamlets/{w.p.hamlet_b1.pk}"),
        expect({"province_admin": 200, "officer_b": 200}, 404),
    ),
    Op(
        "get a hamlet of commune A",
        "geo:read",
        lambda a, w: a.get(f"/hamlets/{w.p.hamlet_a1.pk}"),
        expect({"province_admin": 200, "officer_a": 200, "team_member_a": 200, "mentor_a": 200}, 404),
    ),
    Op(
        "create a hamlet in commune A",
        "people:write",
        lambda a, w: a.post("/hamlets", {"commune_code": w.p.commune_a.code, "name": "Khóm Mới"}),
        expect({"province_admin": 201, "officer_a": 201, "officer_b": 422}, 403),
        snapshot=lambda w: Hamlet.objects.filter(name="Khóm Mới").count(),
    ),
    Op(
        "list households",
        "people:read",
        lambda a, w: a.get("/households"),
        expect({}, 200),
        rows=lambda w: {
            "province_admin": {w.p.household_a.pk, w.p.household_b.pk},
            "officer_a": {w.p.household_a.pk},
            "officer_b": {w.p.household_b.pk},
            "team_member_a": {w.p.household_a.pk},
        },
    ),
    Op(
        "get a household of commune B",
        "people:read",
        lambda a, w: a.get(f"/households/{w.p.household_b.pk}"),
        expect({"province_admin": 200, "officer_b": 200}, 404),
    ),
    Op(
        "list people",
        "people:read",
        lambda a, w: a.get("/people", limit=200),
        expect({}, 200),
        rows=lambda w: {
            "province_admin": {w.p.person_a.pk, w.p.person_a2.pk, w.p.person_b.pk, w.p.pupil_a.pk}
            | set(Person.objects.filter(commune=w.p.commune_a).values_list("pk", flat=True)),
            "officer_a": set(Person.objects.filter(commune=w.p.commune_a).values_list("pk", flat=True)),
            "officer_b": {w.p.person_b.pk, w.p.pupil_a.pk},
            "team_member_a": set(Person.objects.filter(hamlet=w.p.hamlet_a1).values_list("pk", flat=True)),
            "org_manager_a": {w.p.pupil_a.pk},
            "learner_a": {w.p.person_a.pk},
        },
    ),
    Op(
        "get a person of commune A",
        "people:read",
        lambda a, w: a.get(f"/people/{w.p.person_a.pk}", reason="support"),
        expect({"province_admin": 200, "officer_a": 200, "team_member_a": 200, "learner_a": 200}, 404),
    ),
    Op(
        "get a person of commune B",
        "people:read",
        lambda a, w: a.get(f"/people/{w.p.person_b.pk}", reason="support"),
        expect({"province_admin": 200, "officer_b": 200}, 404),
    ),
    Op(
        "get a pupil of the school",
        "people:read",
        lambda a, w: a.get(f"/people/{w.p.pupil_a.pk}"),
        expect({"province_admin": 200, "officer_b": 200, "org_manager_a": 200}, 404),
    ),
    Op(
        "add a person in commune A",
        "people:write",
        lambda a, w: a.post("/people", _new_person(w)),
        expect({"province_admin": 201, "officer_a": 201, "officer_b": 422}, 403),
        snapshot=lambda w: Person.objects.filter(full_name="Người Mới Thêm").count(),
    ),
    Op(
        "change a person of commune A",
        "people:write",
        lambda a, w: a.patch(f"/people/{w.p.person_a.pk}", {"phone": "0987654321"}),
        expect({"province_admin": 200, "officer_a": 200, "team_member_a": 403, "learner_a": 403}, 404),
        snapshot=lambda w: Person.objects.get(pk=w.p.person_a.pk).phone,
    ),
    Op(
        "upload a roster for commune A",
        "imports:write",
        lambda a, w: a.upload("/imports", {"file": roster_file(), "commune_code": w.p.commune_a.code}),
        expect({"province_admin": 201, "officer_a": 201, "officer_b": 422}, 403),
        snapshot=lambda w: ImportJob.objects.count(),
    ),
    Op(
        "list imports",
        "imports:write",
        lambda a, w: a.get("/imports"),
        expect({}, 200),
        rows=lambda w: {
            "province_admin": {w.job_a.pk, w.preview_a.pk},
            "officer_a": {w.job_a.pk, w.preview_a.pk},
        },
    ),
    Op(
        "get an import of commune A",
        "imports:write",
        lambda a, w: a.get(f"/imports/{w.job_a.pk}"),
        expect({"province_admin": 200, "officer_a": 200}, 404),
    ),
    Op(
        "list the rejections of an import of commune A",
        "imports:write",
        lambda a, w: a.get(f"/imports/{w.job_a.pk}/rejections"),
        expect({"province_admin": 200, "officer_a": 200}, 404),
    ),
    Op(
        "confirm a preview of commune A",
        "imports:write",
        lambda a, w: a.post(f"/imports/{w.preview_a.pk}/confirm"),
        expect({"province_admin": 201, "officer_a": 201}, 404),
        snapshot=lambda w: ImportJob.objects.count(),
    ),
    Op(
        "claim a record with details that do not match",
        None,
        lambda a, w: a.post(
            "/accounts/claim",
            {
                "national_id": w.p.person_b.national_id,
                "full_name": "Someone Else",
                "birth": "1980",
                "phone": "0912888200",
                "password": "mat-khau-ban-dau-1",
            },
        ),
        expect({}, 422, anonymous=422),
        snapshot=lambda w: (User.objects.count(), Person.objects.get(pk=w.p.person_b.pk).user_id),
    ),
]

OPS += learning_ops.OPS + framework_ops.OPS
OPS += assessment_ops.OPS + certificate_ops.OPS + vneid_ops.OPS
OPS += team_ops.OPS + visit_ops.OPS + session_ops.OPS
OPS += kpi_ops.OPS


def test_the_matrix_covers_every_api_operation():
    from hocvuso.api.api import api

    operations = {
        (method, path)
        for path, item in api.get_openapi_schema()["paths"].items()
        for method in item
        if method in {"get", "post", "patch", "put", "delete"}
    }
    covered = {
        ("get", "/api/v1/communes"),
        ("get", "/api/v1/communes/{code}"),
        ("get", "/api/v1/me"),
        ("get", "/api/v1/hamlets"),
        ("get", "/api/v1/hamlets/{hamlet_id}"),
        ("post", "/api/v1/hamlets"),
        ("get", "/api/v1/households"),
        ("get", "/api/v1/households/{household_id}"),
        ("get", "/api/v1/people"),
        ("get", "/api/v1/people/{person_id}"),
        ("post", "/api/v1/people"),
        ("patch", "/api/v1/people/{person_id}"),
        ("post", "/api/v1/imports"),
        ("get", "/api/v1/imports"),
        ("get", "/api/v1/imports/{job_id}"),
        ("get", "/api/v1/imports/{job_id}/rejections"),
        ("post", "/api/v1/imports/{job_id}/confirm"),
        ("post", "/api/v1/accounts/claim"),
    }
    covered |= learning_ops.COVERED | framework_ops.COVERED
    covered |= assessment_ops.COVERED | certificate_ops.COVERED | vneid_ops.COVERED
    covered |= team_ops.COVERED | visit_ops.COVERED | session_ops.COVERED
    covered |= kpi_ops.COVERED
    assert operations == covered


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name.replace(" ", "_"))
def test_api_access(op: Op, persona: str, personas: Personas, django_capture_on_commit_callbacks) -> None:
    world = _world(personas)
    user = personas.users()[persona]
    api = Api(Client(), token_for(user) if user is not None else None)
    before = op.snapshot(world) if op.snapshot else None
    with django_capture_on_commit_callbacks(execute=False):
        response = op.call(api, world)
    wanted = op.status[persona]
    assert response.status_code == wanted, f"{persona} {op.name}: {response.status_code} {response.content[:300]!r}"
    if op.rows is not None and wanted == 200:
        assert op.ids(response.json()) == op.rows(world).get(persona, set()), f"{persona} {op.name}"
    if op.snapshot is not None and wanted >= 400:
        assert op.snapshot(world) == before, f"{persona} {op.name} changed something though refused"


@pytest.mark.parametrize("op", [op for op in OPS if op.scope], ids=lambda op: op.name.replace(" ", "_"))
def test_a_token_without_the_operations_scope_is_refused(op: Op, personas: Personas) -> None:
    world = _world(personas)
    before = op.snapshot(world) if op.snapshot else None
    other_scopes = [s for s in ALL_SCOPES if s != op.scope]
    response = op.call(Api(Client(), token_for(personas.province_admin, other_scopes)), world)
    assert response.status_code == 403
    assert op.scope in response.json()["detail"]
    if op.snapshot is not None:
        assert op.snapshot(world) == before
