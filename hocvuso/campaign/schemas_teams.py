"""API shapes of teams and helpers, the mentor cascade and the programmes (campaign/routes/teams.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field, StringConstraints

NO_NUL = r"^[^\x00]*$"
MAX_ID = 2**63 - 1  # BigAutoField
MAX_CODE = 2**31 - 1  # commune codes
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
Code = Annotated[int, Field(ge=1, le=MAX_CODE, description="Official code of the commune.")]


def _text(max_length: int, min_length: int = 0) -> object:
    return StringConstraints(min_length=min_length, max_length=max_length, pattern=NO_NUL)


Name = Annotated[str, _text(150, 1)]


class PersonRef(Schema):
    id: int
    full_name: str
    hamlet_id: int | None


class TeamMemberOut(Schema):
    id: int
    person: PersonRef
    role: str = Field(description="leader, deputy or member.")
    joined_on: date
    left_on: date | None
    has_account: bool


class TeamOut(Schema):
    id: int
    commune_code: int
    name: str
    hamlet_ids: list[int]
    established_on: date | None
    is_active: bool
    members: list[TeamMemberOut] = Field(description="Active members (left_on null).")


class TeamListOut(Schema):
    items: list[TeamOut]


class TeamIn(Schema):
    commune_code: Code
    name: Name
    hamlet_ids: list[RowId] = Field(default_factory=list, max_length=200)
    established_on: date | None = None


class TeamPatch(Schema):
    name: Name | None = None
    hamlet_ids: list[RowId] | None = Field(default=None, max_length=200)
    is_active: bool | None = None


class VolunteerHoursIn(Schema):
    hours: Decimal = Field(ge=0, le=99999, max_digits=6, decimal_places=1, description="Total hours so far.")


class TeamMemberIn(Schema):
    person_id: RowId
    role: str = Field(default="member", pattern="^(leader|deputy|member)$")


class AmbassadorOut(Schema):
    id: int
    person: PersonRef
    commune_code: int
    since: date
    until: date | None
    note: str


class AmbassadorListOut(Schema):
    items: list[AmbassadorOut]


class AmbassadorIn(Schema):
    commune_code: Code
    person_id: RowId
    note: Annotated[str, _text(255)] = ""


class VolunteerOut(Schema):
    person: PersonRef
    hours: Decimal


class VolunteerGroupOut(Schema):
    id: int
    name: str
    commune_code: int
    school_id: int | None
    school: str | None
    hamlet_ids: list[int]
    starts_on: date
    ends_on: date
    members: list[VolunteerOut]


class VolunteerGroupListOut(Schema):
    items: list[VolunteerGroupOut]


class VolunteerGroupIn(Schema):
    commune_code: Code
    name: Name
    school_id: RowId | None = None
    hamlet_ids: list[RowId] = Field(default_factory=list, max_length=200)
    starts_on: date
    ends_on: date


class SupportPersonOut(Schema):
    id: int
    person: PersonRef
    commune_code: int
    desk: str
    phone: str
    since: date
    until: date | None


class SupportPersonListOut(Schema):
    items: list[SupportPersonOut]


class SupportPersonIn(Schema):
    commune_code: Code
    person_id: RowId
    desk: Annotated[str, _text(150)] = ""
    phone: Annotated[str, _text(20)] = ""


class CommuneOut(Schema):
    code: int
    name: str


class CommuneListOut(Schema):
    items: list[CommuneOut]


class MentorLinkOut(Schema):
    id: int
    mentor: PersonRef
    learner: PersonRef
    generation: int = Field(description="The learner's generation: a first mentor's learners are 1.")
    linked_at: datetime
    certified_at: datetime | None
    ended_at: datetime | None
    end_reason: str


class MentorLinkListOut(Schema):
    items: list[MentorLinkOut]


class MentorLinkIn(Schema):
    learner_id: RowId
    mentor_id: RowId | None = Field(default=None, description="Omitted: the caller's own person record is the mentor.")


class EndIn(Schema):
    reason: Annotated[str, _text(100)] = ""


class CascadeNodeOut(Schema):
    person: PersonRef
    generation: int
    mentor_id: int | None = Field(description="Null for a first mentor (a root of the tree).")
    certified_at: datetime | None


class CascadeOut(Schema):
    commune_code: int
    mentors: int
    learners_guided: int
    certified: int
    median_days_to_certificate: float | None
    branching: float = Field(description="Average active or certified learners per mentor who has any; target 5.")
    certified_per_week: list[int] = Field(description="Certificates in each of the last 8 weeks, oldest first.")
    nodes: list[CascadeNodeOut] = Field(description="The tree as the caller may see it, parents before children.")


class HamletProgrammeOut(Schema):
    hamlet_id: int
    hamlet: str
    commune_code: int
    households: int
    households_with_guide: int
    households_covered: int = Field(description="At least one member passed a certification test.")
    residents_16_plus: int
    vneid_level_2: int
    digital_bank_account: int


class HamletProgrammeListOut(Schema):
    items: list[HamletProgrammeOut]


class FourTLearnerOut(Schema):
    person: PersonRef
    kind: str = Field(description="trader or farmer.")
    market: str
    lessons_done: int
    lessons_total: int


class FourTLearnerListOut(Schema):
    items: list[FourTLearnerOut]
