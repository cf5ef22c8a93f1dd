"""API shapes of certificates, their public state, verification verdicts and batches."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field


class CertificateOut(Schema):
    number: str = Field(description="e.g. TV-2026-000123.")
    state: str = Field(description="valid or revoked.")
    holder_name: str
    holder_birth_date: date | None
    holder_birth_year: int | None
    commune_code: int = Field(description="The holder's commune when the certificate was issued.")
    framework: str = Field(description="Framework slug and version, e.g. basic-757 v1.")
    group: str = Field(description="Rule group of the framework the certificate is for.")
    level: int = Field(description="Proficiency level stated: the highest level the group's rule requires.")
    issued_at: datetime
    revoked_at: datetime | None
    revocation_reason: str = Field(description="Empty while in force; otherwise one of RevocationReason.")
    replaces: str | None = Field(description="Number of the certificate this one replaced (re-issue).")
    replaced_by: str | None = Field(description="Number of the certificate that replaced this one.")
    verify_url: str = Field(description="The public verify page, printed under the QR code.")
    pdf_url: str
    credential_url: str


class PublicStatusOut(Schema):
    number: str
    state: str = Field(description="valid or revoked.")
    holder: str = Field(description="The holder's name, partly masked (e.g. N*** V*** An).")
    level: int
    level_label: str
    framework: str
    issued_at: datetime
    revoked_at: datetime | None
    revocation_reason: str = Field(description="A sentence; empty while in force.")
    replaced_by: str | None


class VerdictOut(Schema):
    state: str = Field(description="valid, revoked, unknown (well signed but not in our register) or invalid.")
    number: str
    holder: str = Field(description="The holder's name, partly masked.")
    level: int | None
    issued: str | None = Field(description="Date of issue (ISO 8601), when known.")
    problem: str = Field(description="Why the document is not valid, when it is not.")


class RevokeIn(Schema):
    reason: str = Field(
        description="mistake, fraud, data_corrected or other (reissued is set by the re-issue operation)."
    )
    note: str = Field("", max_length=2000, description="Required when the reason is other.")


class ReissueIn(Schema):
    note: str = Field("", max_length=2000)


class BatchIn(Schema):
    commune_code: int = Field(ge=1, le=99_999, description="Official code of the commune.")
    hamlet_id: int | None = Field(None, ge=1, le=2_147_483_647, description="Only the people of this hamlet.")


class BatchOut(Schema):
    id: int
    commune_code: int | None
    framework: str
    criteria: dict[str, Any]
    status: str = Field(description="pending, running, done or failed.")
    total: int
    done: int
    issued: int
    skipped: int = Field(description="Already certified, or no longer qualifying.")
    percent: int
    error: str
    created_at: datetime
    finished_at: datetime | None
