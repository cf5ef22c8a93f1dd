"""API shapes of community learning: sessions, attendance, check-in, events and public wifi points."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AwareDatetime, Field, StringConstraints

from hocvuso.campaign.constants import EventKind, SessionStatus, WifiStatus

NO_NUL = r"^[^\x00]*$"
MAX_ID = 2**63 - 1
MAX_CODE = 2**31 - 1
# Dates the campaign can use (plan 67 runs 2025-2026; the calendar may be kept a while longer).
FIRST_DAY = date(2025, 1, 1)
LAST_DAY = date(2099, 12, 31)
CampaignDate = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]
Text = Annotated[str, StringConstraints(max_length=255, pattern=NO_NUL)]
Name150 = Annotated[str, StringConstraints(min_length=1, max_length=150, pattern=NO_NUL)]
Name200 = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NO_NUL)]
LongText = Annotated[str, StringConstraints(max_length=10_000, pattern=NO_NUL)]
Token = Annotated[str, StringConstraints(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]


class SessionOut(Schema):
    id: int
    commune_code: int
    hamlet_id: int | None = Field(description="Null: a session for the whole commune.")
    hamlet_name: str | None
    starts_at: datetime
    ends_at: datetime
    place: str
    topic: str
    lessons: list[str] = Field(description="Slugs of the published lessons taught.")
    status: SessionStatus
    generated: bool = Field(description="Made by the rotation generator (may be planned again).")
    attendance_count: int


Slug = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")]
# A session starts within the campaign's dates (checked after parsing; see the route).
FIRST_START = datetime(2025, 1, 1, tzinfo=UTC)
LAST_START = datetime(2099, 12, 31, tzinfo=UTC)


class SessionIn(Schema):
    commune_code: int = Field(ge=1, le=MAX_CODE)
    hamlet_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="Null: for the whole commune.")
    starts_at: AwareDatetime = Field(description="With its time zone, from 2025 to 2099.")
    minutes: int = Field(ge=15, le=480)
    place: Text = ""
    topic: Text = ""
    lessons: list[Slug] = Field(default_factory=list, max_length=50, description="Slugs of published lessons.")


class RegistrationIn(Schema):
    person_id: int = Field(ge=1, le=MAX_ID)


class RegistrationOut(Schema):
    person_id: int
    full_name: str
    registered_at: datetime
    present: bool = Field(description="Recorded present at the session (ticked or checked in).")


class RegisterOut(Schema):
    person_id: int
    created: bool = Field(description="False when the person was already registered.")


class RemovedOut(Schema):
    removed: bool = Field(description="False when there was nothing to remove.")


class SessionPage(Schema):
    items: list[SessionOut]
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last page.")


class GenerateIn(Schema):
    commune_code: int = Field(ge=1, le=MAX_CODE)
    start: CampaignDate
    end: CampaignDate


class GenerateOut(Schema):
    created: int
    replaced: int = Field(description="Planned generated sessions of the period that were replaced.")
    kept: int = Field(description="Sessions near the period kept as they are (held, cancelled, attended, by hand).")
    next_hamlet_index: int
    generated_until: date


class AttendanceOut(Schema):
    person_id: int
    full_name: str
    method: str
    checked_in_at: datetime


class AttendanceIn(Schema):
    person_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(min_length=1, max_length=500)


class AttendanceResultOut(Schema):
    added: list[int]
    already: list[int] = Field(description="People recorded before: each person counts once per session.")


class CheckInIn(Schema):
    token: Token


class CheckInOut(Schema):
    session_id: int
    person_id: int
    created: bool = Field(description="False when the person had already checked in.")


class EventIn(Schema):
    kind: EventKind
    name: Name200
    date: CampaignDate
    commune_code: int | None = Field(default=None, ge=1, le=MAX_CODE, description="Null: a province-wide event.")
    place: Text = ""
    results: LongText = ""


class EventOut(Schema):
    id: int
    kind: str
    name: str
    date: date
    commune_code: int | None
    place: str
    results: str
    participant_count: int


class ParticipantsIn(Schema):
    person_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(min_length=1, max_length=500)


class WifiPointIn(Schema):
    commune_code: int = Field(ge=1, le=MAX_CODE)
    hamlet_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    name: Name150
    address: Text = ""
    latitude: Decimal | None = Field(default=None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(default=None, ge=-180, le=180, max_digits=9, decimal_places=6)
    status: WifiStatus = WifiStatus.WORKING
    provider: Annotated[str, StringConstraints(max_length=100, pattern=NO_NUL)] = ""


class WifiPointOut(Schema):
    id: int
    commune_code: int
    hamlet_id: int | None
    name: str
    address: str
    latitude: float | None
    longitude: float | None
    status: str
    provider: str
