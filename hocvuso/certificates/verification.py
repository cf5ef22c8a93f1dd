"""Verifying a certificate handed in as a file: the signed credential (JSON) or the PDF that carries it.

What is checked (docs/certificates.md, "What tampering is detected"): the Ed25519 signature over the
whole credential; for a PDF, that the number in the document's metadata is the signed number; with the
database, that the certificate is on record with this very signature and whether it was revoked.
The visible text of the PDF page is not compared (the verify page behind the QR code shows what the
province has on record).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hocvuso.certificates.constants import RevocationReason
from hocvuso.certificates.credential import verify_credential
from hocvuso.certificates.models import Certificate
from hocvuso.certificates.pdf import credential_from_pdf, subject_of_pdf

VALID = "valid"
REVOKED = "revoked"
UNKNOWN = "unknown"
INVALID = "invalid"


@dataclass(frozen=True)
class Verdict:
    state: str  # "valid" | "revoked" | "unknown" | "invalid"
    number: str = ""
    holder: str = ""  # masked: "N*** V*** An"
    level: int | None = None
    issued: date | None = None
    problem: str = ""  # a sentence for people (translated) unless valid
    signature_ok: bool = False
    key_id: str = ""
    revoked_at: datetime | None = None
    revocation_reason: str = ""  # the reason's label

    @property
    def ok(self) -> bool:
        return self.state == VALID


def mask_name(name: str) -> str:
    """'Nguyễn Văn An' -> 'N*** V*** An': enough to match a person in front of you, not to look one up."""
    words = name.split()
    if not words:
        return ""
    return " ".join([*(f"{w[0]}***" for w in words[:-1]), words[-1]])


def _facts(doc: Any) -> dict[str, Any]:
    """Holder, level and date of issue as the credential states them (whatever its shape)."""
    facts: dict[str, Any] = {}
    if not isinstance(doc, dict):
        return facts
    subject = doc.get("credentialSubject")
    if isinstance(subject, dict) and isinstance(subject.get("name"), str):
        facts["holder"] = mask_name(subject["name"])
    section = doc.get("hocvuso")
    if isinstance(section, dict) and isinstance(section.get("level"), int):
        facts["level"] = section["level"]
    valid_from = doc.get("validFrom")
    if isinstance(valid_from, str):
        with contextlib.suppress(ValueError):
            facts["issued"] = datetime.fromisoformat(valid_from).date()
    return facts


def _load(data: bytes) -> tuple[Any, str | None, str]:
    """(credential, PDF subject or None, problem)."""
    if b"%PDF-" in data[:1024]:
        credential = credential_from_pdf(data)
        if credential is None:
            return None, None, _("This PDF does not carry a signed certificate.")
        return credential, subject_of_pdf(data) or "", ""
    try:
        return json.loads(data.decode("utf-8-sig")), None, ""
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, None, _("The file is neither a certificate PDF nor a certificate JSON file.")


def verify_document(data: bytes, *, keys: dict[str, bytes] | None = None) -> Verdict:
    """Verify a credential JSON file or a certificate PDF. Never raises on bad input.

    With `keys` (key_id -> raw public key, e.g. from an exported keys file) nothing is read from the
    database: a good signature gives state "unknown" with signature_ok=True (status not checked offline).
    """
    doc, subject, problem = _load(data)
    if problem:
        return Verdict(INVALID, problem=problem)
    check = verify_credential(doc, keys)
    facts = _facts(doc)
    if not check.ok:
        return Verdict(INVALID, number=check.number, key_id=check.key_id, problem=check.problem, **facts)
    if subject is not None and subject != check.number:
        return Verdict(
            INVALID,
            number=check.number,
            key_id=check.key_id,
            problem=_("The number written in the PDF is not the signed number: the PDF was changed."),
            **facts,
        )
    signed = {"number": check.number, "key_id": check.key_id, "signature_ok": True, **facts}
    if keys is not None:
        return Verdict(
            UNKNOWN,
            problem=_("The signature is valid; whether the certificate is still in force is not checked offline."),
            **signed,
        )
    cert = Certificate.objects.filter(number=check.number).first()
    if cert is None:
        return Verdict(
            UNKNOWN,
            problem=_("The signature is valid, but the province has no certificate with this number."),
            **signed,
        )
    on_record = cert.credential.get("proof", {}).get("proofValue") if isinstance(cert.credential, dict) else None
    if on_record != doc["proof"]["proofValue"]:
        return Verdict(
            INVALID,
            problem=_("This is not the certificate the province has on record under this number."),
            **signed,
        )
    if cert.revoked_at is not None:
        reason = (
            str(RevocationReason(cert.revocation_reason).label)
            if cert.revocation_reason in RevocationReason.values
            else cert.revocation_reason
        )
        return Verdict(
            REVOKED,
            problem=_("This certificate was revoked on %(date)s: %(reason)s.")
            % {"date": date_format(timezone.localtime(cert.revoked_at).date(), "SHORT_DATE_FORMAT"), "reason": reason},
            revoked_at=cert.revoked_at,
            revocation_reason=reason,
            **signed,
        )
    return Verdict(VALID, **signed)
