"""API shapes of hamlets, households, people and roster imports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, StringConstraints

from hocvuso.geo.schemas import HamletOut
from hocvuso.people.constants import Disability, ImportStatus, Sex, VNeIDLevel

# Text sent to the API: no NUL characters (PostgreSQL cannot store them), bounded length.
NO_NUL = r"^[^\x00]*$"
Text100 = Annotated[str, StringConstraints(max_length=100, pattern=NO_NUL)]
Text150 = Annotated[str, StringConstraints(max_length=150, pattern=NO_NUL)]
Text30 = Annotated[str, StringConstraints(max_length=30, pattern=NO_NUL)]
MAX_ID = 2**63 - 1  # BigAutoField
MAX_CODE = 2**31 - 1  # commune codes


class Page(Schema):
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last page.")


class HamletPage(Page):
    items: list[HamletOut]


class HamletIn(Schema):
    commune_code: int = Field(ge=1, le=MAX_CODE, description="Official code of the commune the hamlet belongs to.")
    name: Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=NO_NUL)] = Field(
        description="Name as written locally, e.g. “Ấp Phước Thiện” or “Khóm 3”."
    )


class HouseholdOut(Schema):
    id: int
    code: str = Field(description="The commune's household number, when it has one.")
    address: str
    commune_code: int
    hamlet_id: int | None
    head_id: int | None
    is_poor: bool
    is_near_poor: bool


class HouseholdPage(Page):
    items: list[HouseholdOut]


class PersonOut(Schema):
    """A person in a list: the personal ID number is always masked here."""

    id: int
    full_name: str
    national_id: str = Field(description="Masked (only the last 3 digits shown); empty when unknown.")
    birth_year: int | None
    sex: str = Field(description="M, F or empty when unknown.")
    ethnicity: str = Field(description="Code (01-54) of the ethnic group in the official list; empty when unknown.")
    commune_code: int
    hamlet_id: int | None
    household_id: int | None
    vneid_level: int = Field(description="0 (no VNeID account), 1 or 2.")
    has_digital_bank_account: bool


class PersonPage(Page):
    items: list[PersonOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; as fast on page 1,000 as on page 1. Null on the last page."
    )


class HouseholdDetailOut(HouseholdOut):
    members: list[PersonOut] = Field(description="The members you may see.")


class PersonDetailOut(PersonOut):
    national_id_is_full: bool = Field(
        description="True when `national_id` is shown in full: only for roles that keep the roster "
        "(or the person themself), and only when a `reason` was given; the view is audited."
    )
    birth_date: date | None
    phone: str
    disability: str
    target_groups: list[str] = Field(
        description="Target groups of plan 67 section II, derived from age and memberships."
    )
    updated_at: datetime


class PersonIn(Schema):
    """A new person. Values are checked by the same validators as the roster import."""

    full_name: Text150
    national_id: Text30 | None = Field(
        None, description="12-digit CCCD; an 11-digit number gets its leading zero back."
    )
    birth_date: date | None = None
    birth_year: int | None = Field(None, ge=1900, le=2100, description="When only the year is known.")
    sex: Sex | None = None
    ethnicity: Text100 | None = Field(None, description="Code 01-54 or name of the group, e.g. “Khmer” or “Khơ-me”.")
    phone: Text30 | None = None
    hamlet_id: int = Field(ge=1, le=MAX_ID)
    household_id: int | None = Field(None, ge=1, le=MAX_ID)
    disability: Disability = Disability.NONE
    vneid_level: VNeIDLevel = VNeIDLevel.NONE
    has_digital_bank_account: bool = False


class PersonPatch(Schema):
    """Changes to a person; fields left out keep their value, null clears an optional one."""

    full_name: Text150 | None = None
    national_id: Text30 | None = None
    birth_date: date | None = None
    birth_year: int | None = Field(None, ge=1900, le=2100)
    sex: Sex | None = None
    ethnicity: Text100 | None = None
    phone: Text30 | None = None
    hamlet_id: int | None = Field(None, ge=1, le=MAX_ID, description="Another hamlet of the same commune.")
    disability: Disability | None = None
    vneid_level: VNeIDLevel | None = None
    has_digital_bank_account: bool | None = None


class ImportJobOut(Schema):
    id: int
    commune_code: int
    original_name: str
    dry_run: bool = Field(description="A preview: nothing is written; confirm it to import.")
    create_hamlets: bool
    status: ImportStatus
    total_rows: int
    rows_done: int
    percent: int = Field(ge=0, le=100)
    created: int
    updated: int
    unchanged: int
    rejected: int
    new_hamlets: list[Any] = Field(description="Hamlets in the file the commune does not have yet.")
    error: str = Field(description="Why the whole file failed, when it did.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class ImportJobPage(Page):
    items: list[ImportJobOut]


class RejectionOut(Schema):
    row_number: int = Field(description="Row of the file, counting from 1 as a spreadsheet does.")
    reason: str = Field(description="Why the row was refused, naming the column.")
    values: list[Any] = Field(description="The row's original cells.")


class RejectionPage(Page):
    items: list[RejectionOut]


class ClaimIn(Schema):
    national_id: Annotated[str, StringConstraints(max_length=20, pattern=NO_NUL)] = Field(
        description="The 12-digit personal ID number (CCCD) as printed on the card."
    )
    full_name: Text150 = Field(description="Full name as in the roster; case and accents are not compared.")
    birth: Annotated[str, StringConstraints(max_length=20, pattern=NO_NUL)] = Field(
        description="Birth date dd/mm/yyyy, or the birth year when the roster keeps only the year."
    )
    phone: Annotated[str, StringConstraints(max_length=20, pattern=NO_NUL)] = Field(
        description="Mobile number; it becomes the username (0912 345 678 or +84912345678)."
    )
    password: Annotated[str, StringConstraints(max_length=128, pattern=NO_NUL)]


class ClaimOut(Schema):
    id: int
    username: str
