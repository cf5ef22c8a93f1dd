"""The boundary to VNeID (issue 4 §3; plan 67 III.3: certification tied to VNeID).

Each certificate has one VNeIDConfirmation: not sent -> queued -> sent (accepted, confirmation
later) -> confirmed, or failed with the last error. The VNeID interface is not public, so this
module speaks a small documented HTTP contract (docs/vneid.md) to a configurable endpoint:

- `ensure_confirmation` is called when a certificate is issued (queued when sending is on);
- `send_due` (Celery task certificates.send_vneid, every minute) POSTs the due rows, retrying with
  exponential backoff; every retry carries the same Idempotency-Key so the receiver records a
  certificate once even when an answer was lost;
- `record_receipt` takes the receiver's later answer (POST /api/v1/vneid/callback);
- `export_batch` writes CSV / JSON Lines files for offices that upload by hand.

A revoked certificate is never sent: `withdraw` takes it out of the queue. One that was already
sent or confirmed stays so here; the revocation is recorded only (audit log, `revoked_at` in
exports) because the contract has no withdrawal message yet.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import logging
import random
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.constants import AuditAction, RoleKind
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit
from hocvuso.certificates.constants import VNeIDStatus
from hocvuso.certificates.models import Certificate, VNeIDConfirmation
from hocvuso.certificates.selectors import verify_url as public_verify_url

logger = logging.getLogger(__name__)

# Who works with VNeID confirmations: the province sees all, a commune officer their communes.
VNEID_STAFF = (RoleKind.PROVINCE_ADMIN, RoleKind.COMMUNE_OFFICER)

FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY_DELAY = timedelta(hours=6)
JITTER = 0.1  # up to +10 %, so rows that failed together do not all come back in the same second
ERROR_EXCERPT = 300  # characters of the receiver's answer kept in last_error
REQUEUEABLE = (VNeIDStatus.NOT_SENT, VNeIDStatus.FAILED)
EXPORT_FORMATS = ("csv", "jsonl")


def sending_enabled() -> bool:
    return bool(settings.HOCVUSO_VNEID_ENDPOINT)


def retry_delay(tries: int, rand: Callable[[], float] = random.random) -> timedelta:
    """How long to wait after the `tries`-th failed send: 1 min, 2, 4 ... capped at 6 h, plus jitter."""
    exponent = max(0, tries - 1)
    base = MAX_RETRY_DELAY if exponent >= 20 else min(FIRST_RETRY * 2**exponent, MAX_RETRY_DELAY)
    return base * (1 + JITTER * rand())


# Reads -------------------------------------------------------------------------------------------


def confirmations_visible_to(user: User | object) -> QuerySet[VNeIDConfirmation]:
    """The confirmations of certificates in the communes (or province) of the user's VNeID roles."""
    scope = acc.scope_for(user, VNEID_STAFF)
    q = Q(pk__in=[])
    if scope.province_codes:
        q |= Q(certificate__commune__province_id__in=scope.province_codes)
    if scope.commune_codes:
        q |= Q(certificate__commune_id__in=scope.commune_codes)
    return VNeIDConfirmation.objects.filter(q)


def status_counts(qs: QuerySet[VNeIDConfirmation]) -> dict[str, int]:
    counts = dict.fromkeys(VNeIDStatus.values, 0)
    for status, n in qs.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"):
        counts[status] = n
    return counts


# Writes ------------------------------------------------------------------------------------------


def ensure_confirmation(cert: Certificate) -> VNeIDConfirmation:
    """The confirmation row of `cert`, made on first call: queued when sending is on, else not sent.

    Called by the issuing service inside its transaction; calling it again changes nothing.
    """
    if cert.is_revoked:
        row, _created = VNeIDConfirmation.objects.get_or_create(certificate=cert)
        return row
    now = timezone.now()
    defaults: dict[str, Any] = {"status": VNeIDStatus.NOT_SENT}
    if sending_enabled():
        defaults = {"status": VNeIDStatus.QUEUED, "queued_at": now, "next_try_at": now}
    row, _created = VNeIDConfirmation.objects.get_or_create(certificate=cert, defaults=defaults)
    return row


def withdraw(cert: Certificate) -> VNeIDConfirmation | None:
    """A certificate was revoked: take it out of the queue so it is never sent.

    Sent or confirmed rows are left as they are (the revocation is recorded only: docs/vneid.md).
    """
    with transaction.atomic():
        row = VNeIDConfirmation.objects.select_for_update().filter(certificate=cert).first()
        if row is None or row.status in (VNeIDStatus.SENT, VNeIDStatus.CONFIRMED):
            return row
        row.status = VNeIDStatus.NOT_SENT
        row.next_try_at = None
        row.last_error = _("The certificate was revoked; it will not be sent.")
        row.save(update_fields=["status", "next_try_at", "last_error", "updated_at"])
        return row


def queue(confirmations: Iterable[VNeIDConfirmation] | QuerySet[VNeIDConfirmation], by: User) -> int:
    """Queue the not-sent and failed confirmations among `confirmations` (revoked certificates are
    skipped); each change is audited. Returns how many were queued."""
    if isinstance(confirmations, QuerySet):
        ids = list(confirmations.values_list("pk", flat=True))
    else:
        ids = [c.pk for c in confirmations]
    now = timezone.now()
    done = 0
    for start in range(0, len(ids), 500):
        with transaction.atomic():
            rows = (
                VNeIDConfirmation.objects.select_for_update()
                .filter(pk__in=ids[start : start + 500], status__in=REQUEUEABLE, certificate__revoked_at__isnull=True)
                .select_related("certificate")
                .order_by("pk")
            )
            for row in rows:
                before = row.status
                row.status = VNeIDStatus.QUEUED
                row.tries = 0
                row.last_error = ""
                row.queued_at = now
                row.next_try_at = now
                row.save(update_fields=["status", "tries", "last_error", "queued_at", "next_try_at", "updated_at"])
                audit(
                    by,
                    AuditAction.CHANGE_VNEID_STATUS,
                    object_type="certificate",
                    object_id=row.certificate.number,
                    details={"from": before, "to": VNeIDStatus.QUEUED},
                )
                done += 1
    return done


class ReceiptError(Exception):
    """A callback that cannot be applied (e.g. "failed" for a certificate already confirmed)."""


def record_receipt(
    *,
    idempotency_key: str | None = None,
    certificate_number: str | None = None,
    status: str,
    error: str = "",
    external_ref: str = "",
) -> VNeIDConfirmation | None:
    """Apply the receiver's answer for one certificate; None when no confirmation matches.

    Idempotent: the same answer twice changes nothing the second time. "confirmed" wins over any
    earlier state; "failed" after "confirmed" is refused (ReceiptError).
    """
    if status not in (VNeIDStatus.CONFIRMED, VNeIDStatus.FAILED):
        raise ValueError(status)
    q = Q(pk__in=[])
    if idempotency_key:
        q |= Q(idempotency_key=idempotency_key)
    if certificate_number:
        q |= Q(certificate__number=certificate_number)
    now = timezone.now()
    with transaction.atomic():
        row = VNeIDConfirmation.objects.select_for_update().filter(q).select_related("certificate").first()
        if row is None:
            return None
        if row.status == status:
            return row
        if status == VNeIDStatus.FAILED and row.status == VNeIDStatus.CONFIRMED:
            raise ReceiptError(_("This certificate is already confirmed on VNeID."))
        before = row.status
        row.status = status
        row.next_try_at = None
        if external_ref:
            row.external_ref = external_ref[:100]
        if status == VNeIDStatus.CONFIRMED:
            row.confirmed_at = now
            row.sent_at = row.sent_at or now
            row.last_error = ""
        else:
            row.last_error = _("VNeID refused the certificate: %(error)s") % {
                "error": error[:ERROR_EXCERPT] or _("no reason given")
            }
        fields = ["status", "next_try_at", "external_ref", "confirmed_at", "sent_at", "last_error", "updated_at"]
        row.save(update_fields=fields)
        audit(
            None,
            AuditAction.CHANGE_VNEID_STATUS,
            object_type="certificate",
            object_id=row.certificate.number,
            details={"from": before, "to": status, "via": "callback"},
        )
        return row


# Sending -----------------------------------------------------------------------------------------


@dataclass
class SendReport:
    enabled: bool = True
    picked: int = 0
    confirmed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0  # taken by another sender meanwhile, or no longer due
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if not self.enabled:
            return "VNeID sending is off (HOCVUSO_VNEID_ENDPOINT is empty)."
        return (
            f"picked {self.picked}: confirmed {self.confirmed}, sent {self.sent}, "
            f"retrying {self.retrying}, failed {self.failed}, skipped {self.skipped}"
        )


@dataclass(frozen=True)
class _Answer:
    """What the receiver said: an HTTP status with its body, or a transport error (status None)."""

    status: int | None
    body: str = ""
    problem: str = ""

    def json(self) -> dict[str, Any]:
        try:
            data = json.loads(self.body)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is answered as an error: the endpoint is misconfigured


_opener = urllib.request.build_opener(_NoRedirect)


def verify_url(cert: Certificate) -> str:
    """The public page that verifies `cert` (the credential's id when it is a web address)."""
    cred_id = cert.credential.get("id") if isinstance(cert.credential, dict) else None
    if isinstance(cred_id, str) and cred_id.startswith(("https://", "http://")):
        return cred_id
    return public_verify_url(cert.number)


def payload(cert: Certificate, row: VNeIDConfirmation) -> dict[str, Any]:
    """The JSON body sent for one certificate (docs/vneid.md, "Request")."""
    person = cert.person
    version = cert.version
    return {
        "idempotency_key": str(row.idempotency_key),
        "certificate_number": cert.number,
        "national_id": person.national_id,
        "full_name": cert.holder_name,
        "birth_date": cert.holder_birth_date.isoformat() if cert.holder_birth_date else None,
        "birth_year": cert.holder_birth_year,
        "framework": version.framework.slug,
        "framework_version": version.number,
        "group": cert.group,
        "level": cert.level,
        "commune_code": cert.commune_id,
        "issued_at": cert.issued_at.isoformat(),
        "verify_url": verify_url(cert),
        "credential": cert.credential,
    }


def _post(body: dict[str, Any], key: str) -> _Answer:
    headers = {"Content-Type": "application/json", "Idempotency-Key": key, "Accept": "application/json"}
    if settings.HOCVUSO_VNEID_TOKEN:
        headers["Authorization"] = f"Bearer {settings.HOCVUSO_VNEID_TOKEN}"
    endpoint = settings.HOCVUSO_VNEID_ENDPOINT
    if not endpoint.startswith(("https://", "http://")):
        raise ImproperlyConfigured("HOCVUSO_VNEID_ENDPOINT must be an http(s) address.")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked just above
        endpoint,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers=headers,
        method="POST",
    )
    try:
        with _opener.open(request, timeout=settings.HOCVUSO_VNEID_TIMEOUT) as response:
            return _Answer(response.status, response.read(64 * 1024).decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        try:
            text = exc.read(64 * 1024).decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            text = ""
        return _Answer(exc.code, text)
    except TimeoutError:
        return _Answer(None, problem=_("no answer within %(seconds)s s") % {"seconds": settings.HOCVUSO_VNEID_TIMEOUT})
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            return _Answer(
                None, problem=_("no answer within %(seconds)s s") % {"seconds": settings.HOCVUSO_VNEID_TIMEOUT}
            )
        return _Answer(None, problem=_("could not connect (%(reason)s)") % {"reason": reason})
    except (OSError, http.client.HTTPException) as exc:
        return _Answer(None, problem=_("the connection broke (%(error)s)") % {"error": type(exc).__name__})


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text[:ERROR_EXCERPT] + ("…" if len(text) > ERROR_EXCERPT else "")


def _claim(pk: int, now: datetime) -> VNeIDConfirmation | None:
    """Take one due row for this sender: in a short locked transaction (skip_locked on PostgreSQL),
    check it is still queued and due, count the try and push next_try_at past the send (a lease).

    The HTTP call then runs outside any transaction, so a slow receiver never holds database locks;
    a sender that dies leaves a row that is due again after the lease, and the retry carries the same
    Idempotency-Key.
    """
    lease = timedelta(seconds=5 * settings.HOCVUSO_VNEID_TIMEOUT + 60)
    with transaction.atomic():
        qs = VNeIDConfirmation.objects.all()
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        row = qs.filter(pk=pk, status=VNeIDStatus.QUEUED, next_try_at__lte=now).first()
        if row is None:
            return None
        # The conditional update is the claim on SQLite, where select_for_update does nothing.
        claimed = VNeIDConfirmation.objects.filter(
            pk=pk, status=VNeIDStatus.QUEUED, tries=row.tries, next_try_at__lte=now
        ).update(tries=row.tries + 1, next_try_at=now + lease, updated_at=timezone.now())
        if not claimed:
            return None
        row.tries += 1
        row.next_try_at = now + lease
        return row


def _finish(row: VNeIDConfirmation, **changes: Any) -> bool:
    """Write the outcome of a send, only if the row is still this sender's claim."""
    changes["updated_at"] = timezone.now()
    return bool(
        VNeIDConfirmation.objects.filter(pk=row.pk, status=VNeIDStatus.QUEUED, tries=row.tries).update(**changes)
    )


def _outcome(row: VNeIDConfirmation, answer: _Answer, now: datetime) -> tuple[str, dict[str, Any]]:
    """The new state of `row` after `answer`: (report counter, fields to write)."""
    data = answer.json()
    ref = str(data.get("id") or "")[:100]
    confirmed = {"status": VNeIDStatus.CONFIRMED, "confirmed_at": now, "sent_at": row.sent_at or now}
    sent = {"status": VNeIDStatus.SENT, "sent_at": now}
    done = {"next_try_at": None, "last_error": "", **({"external_ref": ref} if ref else {})}
    code = answer.status
    if code in (200, 201):
        return ("confirmed", {**confirmed, **done}) if data.get("status") == "confirmed" else ("sent", {**sent, **done})
    if code == 202:
        return "sent", {**sent, **done}
    if code == 409:
        other_key = data.get("idempotency_key")
        if other_key and str(other_key) != str(row.idempotency_key):
            error = _("VNeID already holds this certificate under another request (HTTP 409): %(body)s")
            return "failed", {
                "status": VNeIDStatus.FAILED,
                "next_try_at": None,
                "last_error": error % {"body": _excerpt(answer.body)},
            }
        # Already received under this key (an earlier answer was lost): trust what it says now.
        return ("confirmed", {**confirmed, **done}) if data.get("status") == "confirmed" else ("sent", {**sent, **done})
    if code is not None and 300 <= code < 500 and code not in (408, 429):
        error = _("VNeID refused the certificate (HTTP %(status)s): %(body)s")
        return "failed", {
            "status": VNeIDStatus.FAILED,
            "next_try_at": None,
            "last_error": error % {"status": code, "body": _excerpt(answer.body) or "-"},
        }
    problem = answer.problem or _("HTTP %(status)s: %(body)s") % {"status": code, "body": _excerpt(answer.body) or "-"}
    if row.tries >= settings.HOCVUSO_VNEID_MAX_TRIES:
        error = _("Gave up after %(tries)s tries; last: %(problem)s")
        return "failed", {
            "status": VNeIDStatus.FAILED,
            "next_try_at": None,
            "last_error": error % {"tries": row.tries, "problem": problem},
        }
    error = _("Try %(tries)s failed: %(problem)s")
    return "retrying", {
        "next_try_at": now + retry_delay(row.tries),
        "last_error": error % {"tries": row.tries, "problem": problem},
    }


def send_one(pk: int, now: datetime | None = None) -> str:
    """Send one due confirmation; returns what happened (a SendReport counter name)."""
    now = now or timezone.now()
    row = _claim(pk, now)
    if row is None:
        return "skipped"
    cert = Certificate.objects.select_related("person", "version__framework").get(pk=row.certificate_id)
    if cert.is_revoked:
        _finish(
            row,
            status=VNeIDStatus.NOT_SENT,
            next_try_at=None,
            tries=row.tries - 1,
            last_error=_("The certificate was revoked; it will not be sent."),
        )
        return "skipped"
    if not cert.person.national_id:
        # Nothing to retry: VNeID records certificates against the CCCD number.
        _finish(row, status=VNeIDStatus.FAILED, next_try_at=None, last_error=_("No CCCD number on record."))
        return "failed"
    answer = _post(payload(cert, row), str(row.idempotency_key))
    counter, changes = _outcome(row, answer, timezone.now())
    if not _finish(row, **changes):
        return "skipped"
    if counter != "confirmed":
        logger.info("VNeID %s %s: %s", cert.number, counter, changes.get("last_error", ""))
    return counter


def send_due(now: datetime | None = None, limit: int = 200) -> SendReport:
    """Send up to `limit` queued confirmations whose next try is due. Safe to run concurrently."""
    if not sending_enabled():
        return SendReport(enabled=False)
    now = now or timezone.now()
    report = SendReport()
    ids = list(
        VNeIDConfirmation.objects.filter(status=VNeIDStatus.QUEUED, next_try_at__lte=now)
        .order_by("next_try_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    # Errors are stored in the site's language, whoever started the run.
    with translation.override(settings.LANGUAGE_CODE):
        for pk in ids:
            report.picked += 1
            counter = send_one(pk, now)
            setattr(report, counter, getattr(report, counter) + 1)
    return report


# Batch export ------------------------------------------------------------------------------------


def _columns() -> list[tuple[str, str]]:
    """(JSON Lines key, CSV header) of each exported column, in order (docs/vneid.md, "Export")."""
    return [
        ("certificate_number", "Số chứng nhận"),
        ("national_id", "Số CCCD"),
        ("full_name", "Họ và tên"),
        ("birth_date", "Ngày sinh"),
        ("birth_year", "Năm sinh"),
        ("commune_code", "Mã xã"),
        ("commune", "Xã/phường"),
        ("framework", "Khung năng lực"),
        ("framework_version", "Phiên bản"),
        ("level", "Mức"),
        ("issued_at", "Ngày cấp"),
        ("revoked_at", "Ngày thu hồi"),
        ("verify_url", "Địa chỉ xác minh"),
        ("status", "Trạng thái VNeID"),
        ("idempotency_key", "Mã yêu cầu"),
        ("last_error", "Lỗi gần nhất"),
    ]


def _export_row(row: VNeIDConfirmation) -> dict[str, Any]:
    cert = row.certificate
    local = timezone.localtime
    return {
        "certificate_number": cert.number,
        "national_id": cert.person.national_id or "",
        "full_name": cert.holder_name,
        "birth_date": cert.holder_birth_date.isoformat() if cert.holder_birth_date else "",
        "birth_year": cert.holder_birth_year or "",
        "commune_code": cert.commune_id,
        "commune": cert.commune.name,
        "framework": cert.version.framework.slug,
        "framework_version": cert.version.number,
        "level": cert.level,
        "issued_at": local(cert.issued_at).isoformat(),
        "revoked_at": local(cert.revoked_at).isoformat() if cert.revoked_at else "",
        "verify_url": verify_url(cert),
        "status": row.status,
        "idempotency_key": str(row.idempotency_key),
        "last_error": row.last_error,
    }


def export_batch(
    rows: QuerySet[VNeIDConfirmation], fmt: str, *, by: User | None = None, reason: str = ""
) -> tuple[bytes, int]:
    """The file an office uploads to VNeID by hand: CSV (UTF-8 with BOM, Vietnamese headers, opens in
    Excel) or JSON Lines. Sets exported_at on the rows and audits the export. Returns (bytes, count)."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(fmt)
    found = list(
        rows.select_related("certificate__person", "certificate__version__framework", "certificate__commune").order_by(
            "certificate__number"
        )
    )
    columns = _columns()
    records = [_export_row(r) for r in found]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([header for _key, header in columns])
        for record in records:
            writer.writerow([record[key] for key, _header in columns])
        data = ("\ufeff" + out.getvalue()).encode("utf-8")
    else:
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    now = timezone.now()
    for start in range(0, len(found), 500):
        chunk = [r.pk for r in found[start : start + 500]]
        VNeIDConfirmation.objects.filter(pk__in=chunk).update(exported_at=now, updated_at=now)
    audit(
        by,
        AuditAction.EXPORT_VNEID,
        object_type="vneid_export",
        object_id=fmt,
        reason=reason,
        details={"rows": len(records), "format": fmt},
    )
    return data, len(records)
