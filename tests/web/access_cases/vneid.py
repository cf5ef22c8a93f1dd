"""Web access matrix rows for the VNeID pages: the province administrator and commune officers
(their communes only); every other role 403; anonymous visitors are sent to sign in."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hocvuso.certificates.constants import VNeIDStatus
from hocvuso.certificates.models import VNeIDConfirmation
from tests.certificates.vneid_support import make_confirmation
from tests.web.access_cases import Case

PUBLIC: set[str] = set()

STAFF_GET = (200, 200, 200, 403, 403, 403, 403, 403, 302)
STAFF_POST = (302, 302, 302, 403, 403, 403, 403, 403, 302)


def _failed_in_a(p: Any) -> VNeIDConfirmation:
    found = VNeIDConfirmation.objects.filter(certificate__person=p.person_a).first()
    return found or make_confirmation(p.person_a, VNeIDStatus.FAILED)


CASES: list[Case] = [
    Case("vneid-list", "get", lambda p, j: reverse("web:vneid-list"), STAFF_GET),
    Case(
        "vneid-list",
        "get",
        lambda p, j: f"{reverse('web:vneid-list')}?commune={p.commune_a.code}&status=failed",
        (200, 200, 404, 403, 403, 403, 403, 403, 302),
    ),
    Case("vneid-send", "post", lambda p, j: reverse("web:vneid-send"), STAFF_POST),
    Case("vneid-requeue", "post", lambda p, j: reverse("web:vneid-requeue"), STAFF_POST),
    Case(
        "vneid-requeue",
        "post",
        lambda p, j: reverse("web:vneid-requeue"),
        (302, 302, 404, 403, 403, 403, 403, 403, 302),
        data=lambda p, who: {"confirmation": _failed_in_a(p).pk},
    ),
    Case("vneid-export", "get", lambda p, j: reverse("web:vneid-export") + "?format=csv", STAFF_GET),
    Case(
        "vneid-export",
        "get",
        lambda p, j: f"{reverse('web:vneid-export')}?format=jsonl&commune={p.commune_a.code}",
        (200, 200, 404, 403, 403, 403, 403, 403, 302),
    ),
]
