"""API access matrix rows for the certificates router.

learner_a's certificate (commune A, hamlet A1) is seen by its holder, the province administrator,
officer_a and the team member and mentor of hamlet A1; only the province administrator and officer_a
may revoke or re-issue it (those who see it otherwise get 403, everyone else 404). The status, verify
and keys operations are public.
"""

from __future__ import annotations

from typing import Any

from hocvuso.certificates.models import Certificate, IssueBatch
from hocvuso.certificates.services import issue_certificate
from hocvuso.framework.constants import RuleGroup
from tests.api.access_ops import Op, World, expect
from tests.assessment.builders import small_bank

COVERED: set[tuple[str, str]] = {
    ("get", "/api/v1/certificates/mine"),
    ("get", "/api/v1/certificates/keys"),
    ("post", "/api/v1/certificates/verify"),
    ("get", "/api/v1/certificates/{number}/status"),
    ("get", "/api/v1/certificates/{number}"),
    ("post", "/api/v1/certificates/{number}/revoke"),
    ("post", "/api/v1/certificates/{number}/reissue"),
    ("post", "/api/v1/certificate-batches"),
    ("get", "/api/v1/certificate-batches/{batch_id}"),
}

PUBLIC_200 = expect({}, 200, anonymous=200)
SEES_A1 = expect(
    {"province_admin": 200, "officer_a": 200, "team_member_a": 200, "mentor_a": 200, "learner_a": 200}, 404
)


def _cert(w: World) -> Certificate:
    cert, _created = issue_certificate(w.p.person_a, small_bank().version, RuleGroup.CITIZEN)
    return cert


def _batch(w: World) -> IssueBatch:
    found = IssueBatch.objects.filter(commune=w.p.commune_a).first()
    return found or IssueBatch.objects.create(
        created_by=w.p.officer_a, commune=w.p.commune_a, version=small_bank().version
    )


def _changes(ok: int) -> dict[str, int]:
    return expect({"province_admin": ok, "officer_a": ok, "team_member_a": 403, "mentor_a": 403, "learner_a": 403}, 404)


def _state(w: World) -> Any:
    _cert(w)
    return list(Certificate.objects.order_by("pk").values_list("number", "revoked_at"))


OPS: list[Op] = [
    Op(
        "list my certificates",
        None,
        lambda a, w: (_cert(w), a.get("/certificates/mine"))[1],
        expect({}, 200),
        rows=lambda w: {"learner_a": {_cert(w).number}},
        ids=lambda body: {row["number"] for row in body},
    ),
    Op("get learner_a's certificate", None, lambda a, w: a.get(f"/certificates/{_cert(w).number}"), SEES_A1),
    Op(
        "revoke learner_a's certificate",
        None,
        lambda a, w: a.post(f"/certificates/{_cert(w).number}/revoke", {"reason": "mistake"}),
        _changes(200),
        snapshot=_state,
    ),
    Op(
        "re-issue learner_a's certificate",
        None,
        lambda a, w: a.post(f"/certificates/{_cert(w).number}/reissue", {"note": ""}),
        _changes(201),
        snapshot=_state,
    ),
    Op(
        "public state of a certificate", None, lambda a, w: a.get(f"/certificates/{_cert(w).number}/status"), PUBLIC_200
    ),
    Op("verify a credential", None, lambda a, w: a.post("/certificates/verify", _cert(w).credential), PUBLIC_200),
    Op("public signing keys", None, lambda a, w: (_cert(w), a.get("/certificates/keys"))[1], PUBLIC_200),
    Op(
        "issue certificates for commune A in a batch",
        None,
        lambda a, w: (small_bank(), a.post("/certificate-batches", {"commune_code": w.p.commune_a.code}))[1],
        expect({"province_admin": 201, "officer_a": 201, "officer_b": 422}, 403),
        snapshot=lambda w: IssueBatch.objects.count(),
    ),
    Op(
        "get a batch of commune A",
        None,
        lambda a, w: a.get(f"/certificate-batches/{_batch(w).pk}"),
        expect({"province_admin": 200, "officer_a": 200}, 404),
    ),
]
