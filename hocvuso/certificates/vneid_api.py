"""/api/v1 operations of the VNeID boundary (issue 4 §3, docs/vneid.md).

Staff list and queue the confirmations of the certificates in their units (province
administrator: all; commune officer: their communes; anyone else sees none and gets 404 for one).
The receiver standing in for VNeID reports outcomes on POST /vneid/callback, authenticated by the
shared secret HOCVUSO_VNEID_CALLBACK_SECRET, not by a user.
"""

from __future__ import annotations

import hmac
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import APIKeyHeader
from pydantic import Field, StringConstraints, model_validator

from hocvuso.accounts.api import READ_ERRORS, WRITE_ERRORS, caller, signed_in
from hocvuso.accounts.constants import TokenScope
from hocvuso.certificates import vneid
from hocvuso.certificates.constants import VNeIDStatus
from hocvuso.certificates.models import VNeIDConfirmation
from hocvuso.geo.schemas import ErrorOut, ValidationErrorOut

router = Router(tags=["vneid"])

NO_NUL = r"^[^\x00]*$"
MAX_ID = 2**63 - 1
CALLBACK_HEADER = "X-VNeID-Callback-Secret"
SCOPE_READ = (
    "Token scope: people:read (the list carries holders' names). Rows: every certificate for the province "
    "administrator, the certificates of their communes for a commune officer, none for other roles."
)
SCOPE_WRITE = "Token scope: people:write. Reaches the same certificates as the list; any other answers 404."

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=200, description="Rows per page (at most 200).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
StatusFilter = Annotated[VNeIDStatus | None, Query(description="Only confirmations in this state.")]
CommuneFilter = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Only this commune (official code).")]


class ConfirmationOut(Schema):
    id: int
    certificate_number: str
    holder_name: str
    commune_code: int
    issued_at: datetime
    revoked: bool = Field(description="The certificate was revoked: it is never sent (again).")
    status: VNeIDStatus = Field(description="not_sent, queued, sent (accepted, not yet confirmed), confirmed, failed.")
    tries: int = Field(description="Sends tried since it was last queued.")
    last_error: str = Field(description="Why the last send failed, for a person to read; empty after success.")
    next_try_at: datetime | None = Field(description="When a queued confirmation is sent (again).")
    queued_at: datetime | None
    sent_at: datetime | None
    confirmed_at: datetime | None
    exported_at: datetime | None = Field(description="Last included in a file exported for upload by hand.")
    external_ref: str = Field(description="The receiver's id of the record, when it gave one.")


class ConfirmationPage(Schema):
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last page.")
    counts: dict[str, int] = Field(description="Confirmations per state among the caller's (filter by commune only).")
    items: list[ConfirmationOut]


class CallbackIn(Schema):
    idempotency_key: uuid.UUID | None = Field(
        default=None, description="The Idempotency-Key header of the request being answered."
    )
    certificate_number: Annotated[str, StringConstraints(max_length=30, pattern=NO_NUL)] | None = Field(
        default=None, description="The certificate number, when the key is not at hand (e.g. a manual upload)."
    )
    status: Literal["confirmed", "failed"]
    error: Annotated[str, StringConstraints(max_length=2000, pattern=NO_NUL)] = Field(
        default="", description="Why VNeID refused it (status failed)."
    )
    id: Annotated[str, StringConstraints(max_length=100, pattern=NO_NUL)] = Field(
        default="", description="The receiver's id of the record."
    )

    @model_validator(mode="after")
    def _names_a_certificate(self) -> CallbackIn:
        if self.idempotency_key is None and not self.certificate_number:
            raise ValueError("give idempotency_key or certificate_number")
        return self


class CallbackOut(Schema):
    certificate_number: str
    status: VNeIDStatus


class CallbackSecret(APIKeyHeader):
    """The receiver's shared secret, compared in constant time. Missing: 401; wrong, or callbacks off: 403."""

    param_name = CALLBACK_HEADER

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not key:
            raise HttpError(401, _("Send the shared secret in the header “%(header)s”.") % {"header": CALLBACK_HEADER})
        expected = settings.HOCVUSO_VNEID_CALLBACK_SECRET
        if not expected or not hmac.compare_digest(key.encode("utf-8"), expected.encode("utf-8")):
            raise HttpError(403, _("The shared secret is wrong, or VNeID callbacks are turned off."))
        return "vneid"


def _out(row: VNeIDConfirmation) -> ConfirmationOut:
    cert = row.certificate
    return ConfirmationOut(
        id=row.pk,
        certificate_number=cert.number,
        holder_name=cert.holder_name,
        commune_code=cert.commune_id,
        issued_at=cert.issued_at,
        revoked=cert.is_revoked,
        status=VNeIDStatus(row.status),
        tries=row.tries,
        last_error=row.last_error,
        next_try_at=row.next_try_at,
        queued_at=row.queued_at,
        sent_at=row.sent_at,
        confirmed_at=row.confirmed_at,
        exported_at=row.exported_at,
        external_ref=row.external_ref,
    )


@router.get(
    "/vneid/confirmations",
    response={200: ConfirmationPage, **READ_ERRORS},
    auth=signed_in(TokenScope.PEOPLE_READ),
    summary="VNeID confirmations",
    description="Where the recording of each certificate on VNeID stands, newest certificates first, with "
    f"the last error of failed sends and the count per state. {SCOPE_READ}",
)
def list_vneid_confirmations(
    request: HttpRequest,
    status: StatusFilter = None,
    commune_code: CommuneFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ConfirmationPage:
    qs = vneid.confirmations_visible_to(caller(request))
    if commune_code is not None:
        qs = qs.filter(certificate__commune_id=commune_code)
    counts = vneid.status_counts(qs)
    if status is not None:
        qs = qs.filter(status=status)
    ordered = qs.select_related("certificate").order_by("-certificate__issued_at", "-pk")
    rows = list(ordered[offset : offset + limit + 1])
    next_offset = offset + limit if len(rows) > limit else None
    return ConfirmationPage(
        limit=limit, offset=offset, next_offset=next_offset, counts=counts, items=[_out(r) for r in rows[:limit]]
    )


@router.post(
    "/vneid/confirmations/{confirmation_id}/queue",
    response={200: ConfirmationOut, **WRITE_ERRORS, 409: ErrorOut},
    auth=signed_in(TokenScope.PEOPLE_WRITE),
    summary="Queue a VNeID confirmation",
    description="Queues a confirmation that was not sent or failed, to be sent at the next run (tries start "
    "again from zero; audited). Already queued: answered unchanged. Sent, confirmed, or of a revoked "
    f"certificate: 409. {SCOPE_WRITE}",
)
def queue_vneid_confirmation(request: HttpRequest, confirmation_id: Id) -> ConfirmationOut:
    user = caller(request)
    row = vneid.confirmations_visible_to(user).select_related("certificate").filter(pk=confirmation_id).first()
    if row is None:
        raise Http404
    if row.certificate.is_revoked:
        raise HttpError(409, _("The certificate was revoked; it is not sent to VNeID."))
    if row.status in (VNeIDStatus.SENT, VNeIDStatus.CONFIRMED):
        raise HttpError(409, _("This certificate has already been sent to VNeID."))
    vneid.queue([row], by=user)
    row.refresh_from_db()
    return _out(row)


@router.post(
    "/vneid/callback",
    response={200: CallbackOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut},
    auth=CallbackSecret(),
    summary="VNeID reports an outcome",
    description="Called by the receiver (VNeID or its stand-in), not by users: the final outcome of a "
    "certificate sent earlier and answered 202. Name it by `idempotency_key` (the header of the send) or "
    "`certificate_number`. Idempotent: the same report again changes nothing. `failed` after `confirmed` "
    f"answers 409. Authenticated by the shared secret in the header `{CALLBACK_HEADER}` "
    "(HOCVUSO_VNEID_CALLBACK_SECRET): missing 401, wrong 403.",
)
def vneid_callback(request: HttpRequest, payload: CallbackIn) -> CallbackOut:
    try:
        row = vneid.record_receipt(
            idempotency_key=str(payload.idempotency_key) if payload.idempotency_key else None,
            certificate_number=payload.certificate_number,
            status=payload.status,
            error=payload.error,
            external_ref=payload.id,
        )
    except vneid.ReceiptError as exc:
        raise HttpError(409, str(exc)) from exc
    if row is None:
        raise Http404
    return CallbackOut(certificate_number=row.certificate.number, status=VNeIDStatus(row.status))
