"""API access matrix rows for the VNeID router: staff list and queue the confirmations of their
units; the receiver's callback needs the shared secret, which no persona's token replaces."""

from __future__ import annotations

from dataclasses import dataclass

from hocvuso.certificates.constants import VNeIDStatus
from hocvuso.certificates.models import VNeIDConfirmation
from tests.api.access_ops import Op, World, expect
from tests.certificates.vneid_support import make_confirmation


@dataclass
class VNeIDRows:
    failed_a: VNeIDConfirmation  # a failed send of a certificate of commune A
    failed_b: VNeIDConfirmation  # the same in commune B


def _rows(w: World) -> VNeIDRows:
    made: VNeIDRows | None = getattr(w, "_vneid_rows", None)
    if made is None:
        made = VNeIDRows(
            make_confirmation(w.p.person_a, VNeIDStatus.FAILED), make_confirmation(w.p.person_b, VNeIDStatus.FAILED)
        )
        w._vneid_rows = made  # type: ignore[attr-defined]
    return made


def _state(w: World) -> list[tuple[str, int]]:
    return list(VNeIDConfirmation.objects.order_by("pk").values_list("status", "tries"))


COVERED: set[tuple[str, str]] = {
    ("get", "/api/v1/vneid/confirmations"),
    ("post", "/api/v1/vneid/confirmations/{confirmation_id}/queue"),
    ("post", "/api/v1/vneid/callback"),
}
OPS: list[Op] = [
    Op(
        "list VNeID confirmations",
        "people:read",
        lambda a, w: (_rows(w), a.get("/vneid/confirmations"))[1],
        expect({}, 200),
        rows=lambda w: {
            "province_admin": {_rows(w).failed_a.pk, _rows(w).failed_b.pk},
            "officer_a": {_rows(w).failed_a.pk},
            "officer_b": {_rows(w).failed_b.pk},
        },
    ),
    Op(
        "queue a VNeID confirmation of commune A",
        "people:write",
        lambda a, w: a.post(f"/vneid/confirmations/{_rows(w).failed_a.pk}/queue"),
        expect({"province_admin": 200, "officer_a": 200}, 404),
        snapshot=lambda w: (_rows(w), _state(w))[1],
    ),
    Op(
        "report a VNeID outcome without the shared secret",
        None,
        lambda a, w: a.post(
            "/vneid/callback", {"idempotency_key": str(_rows(w).failed_a.idempotency_key), "status": "confirmed"}
        ),
        expect({}, 401, anonymous=401),
        snapshot=lambda w: (_rows(w), _state(w))[1],
    ),
]
