"""API shapes of door-to-door work: the worklist and visits (hocvuso/campaign/routes/visits.py)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field, StringConstraints

from hocvuso.campaign.constants import HelpTopic, VisitOutcome
from hocvuso.campaign.selectors.visits import Need
from hocvuso.people.constants import VNeIDLevel
from hocvuso.people.schemas import MAX_ID, NO_NUL, Page

PersonId = Annotated[int, Field(ge=1, le=MAX_ID)]


class WorklistRowOut(Schema):
    id: int = Field(description="The household.")
    code: str = Field(description="The commune's household number, when it has one.")
    address: str
    commune_code: int
    hamlet_id: int | None
    hamlet_name: str
    head_name: str = Field(description="Full name of the head of household; empty when unknown.")
    needs: list[Need] = Field(description="Why the household is high on the list, heaviest first.")
    need_score: int = Field(description="Sum of the weights of its needs; the list is sorted by it.")
    last_visit_on: date | None
    follow_up_on: date | None = Field(description="The date to come back given at the latest visit.")
    follow_up_due: bool


class WorklistPage(Page):
    items: list[WorklistRowOut]


class PersonChangeIn(Schema):
    person_id: PersonId
    vneid_level: VNeIDLevel | None = Field(None, description="New VNeID level (0, 1 or 2); null: unchanged.")
    has_digital_bank_account: bool | None = Field(None, description="null: unchanged.")


class VisitIn(Schema):
    client_uuid: uuid.UUID = Field(
        description="Made on the phone when the form is filled in. Sending the same visit again (after a "
        "lost connection) returns the stored visit with 200 instead of storing it twice."
    )
    household_id: int = Field(ge=1, le=MAX_ID)
    visited_on: date = Field(description="Not in the future.")
    companions: Annotated[str, StringConstraints(max_length=255, pattern=NO_NUL)] = Field(
        "", description="Who else came, as text."
    )
    people_met: list[PersonId] = Field(default_factory=list, max_length=100, description="Members of the household.")
    helped_with: list[HelpTopic] = Field(default_factory=list, max_length=20)
    outcome: VisitOutcome
    note: Annotated[str, StringConstraints(max_length=2000, pattern=NO_NUL)] = ""
    follow_up_on: date | None = Field(None, description="When to come back; not before the visit.")
    updates: list[PersonChangeIn] = Field(
        default_factory=list,
        max_length=100,
        description="VNeID level and digital bank account of people met, as seen at the visit; written to "
        "the registry (audited).",
    )


class PersonMetOut(Schema):
    id: int
    full_name: str


class VisitOut(Schema):
    id: int
    client_uuid: uuid.UUID
    household_id: int
    commune_code: int
    hamlet_id: int | None
    visited_on: date
    visitor: str = Field(description="Full name (or username) of the visitor.")
    companions: str
    people_met: list[PersonMetOut]
    helped_with: list[str]
    outcome: str
    note: str
    follow_up_on: date | None
    created_at: datetime


class VisitPage(Page):
    items: list[VisitOut]
