"""Web access matrix rows for the certificate pages (hocvuso/web/views/certificates.py).

The verify pages are public. My certificates: every signed-in user. A certificate of learner_a
(commune A, hamlet A1) is seen by its holder, the province administrator, officer_a and, read-only,
the team member and mentor of hamlet A1; revoking, re-issuing and batches are for the province
administrator and officer_a only. The staff pages answer 403 to users without a staff role there,
404 to staff for whom the certificate or batch is outside their units.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hocvuso.certificates.models import Certificate, IssueBatch
from hocvuso.certificates.services import issue_certificate
from hocvuso.framework.constants import RuleGroup
from tests.assessment.builders import small_bank
from tests.personas import Personas
from tests.web.access_cases import Case

PUBLIC: set[str] = {"certificate-verify", "certificate-verify-form"}

SIGNED_IN_200 = (200, 200, 200, 200, 200, 200, 200, 200, 302)
SEES_A1 = (200, 200, 404, 200, 200, 404, 200, 404, 302)
READERS = (200, 200, 200, 200, 200, 403, 403, 403, 302)
READERS_A1 = (200, 200, 404, 200, 200, 403, 403, 403, 302)
MANAGERS = (200, 200, 200, 403, 403, 403, 403, 403, 302)
MANAGERS_A = (200, 200, 404, 403, 403, 403, 403, 403, 302)
CHANGE_A = (302, 302, 404, 403, 403, 403, 403, 403, 302)


def _cert(p: Personas) -> Certificate:
    """learner_a's certificate (person A, hamlet A1 of commune A)."""
    cert, _created = issue_certificate(p.person_a, small_bank().version, RuleGroup.CITIZEN)
    return cert


def _batch(p: Personas) -> IssueBatch:
    return IssueBatch.objects.create(created_by=p.officer_a, commune=p.commune_a, version=small_bank().version)


def _cert_url(name: str) -> Any:
    return lambda p, job: reverse(name, args=[_cert(p).number])


def _batch_url(name: str) -> Any:
    return lambda p, job: reverse(name, args=[_batch(p).pk])


def _revoke(p: Personas, who: str) -> dict[str, Any]:
    return {"reason": "mistake", "note": "", "confirm": "on"}


CASES: list[Case] = [
    Case("my-certificates", "get", lambda p, j: (_cert(p), reverse("web:my-certificates"))[1], SIGNED_IN_200),
    Case("certificate-pdf", "get", _cert_url("web:certificate-pdf"), SEES_A1),
    Case("certificate-credential", "get", _cert_url("web:certificate-credential"), SEES_A1),
    Case("staff-certificates", "get", lambda p, j: (_cert(p), reverse("web:staff-certificates"))[1], READERS),
    Case("staff-certificate", "get", _cert_url("web:staff-certificate"), READERS_A1),
    Case("certificate-revoke", "post", _cert_url("web:certificate-revoke"), CHANGE_A, data=_revoke),
    Case("certificate-reissue", "post", _cert_url("web:certificate-reissue"), CHANGE_A),
    Case(
        "certificate-batch-new",
        "get",
        lambda p, j: (small_bank(), reverse("web:certificate-batch-new"))[1],
        MANAGERS,
    ),
    Case(
        "certificate-batch-new",
        "post",
        lambda p, j: (small_bank(), reverse("web:certificate-batch-new"))[1],
        CHANGE_A,
        data=lambda p, who: {"commune": p.commune_a.code},
    ),
    Case("certificate-batch", "get", _batch_url("web:certificate-batch"), MANAGERS_A),
    Case("certificate-batch-progress", "get", _batch_url("web:certificate-batch-progress"), MANAGERS_A),
]
