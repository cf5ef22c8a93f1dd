"""API shapes of frameworks (public reference data).

The error shapes repeat those of hocvuso.geo.schemas field for field (framework may not import geo:
apps on one level stay independent); the OpenAPI document holds one copy of each.
"""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    """Any refusal: 400, 401 (not signed in), 403 (not allowed), 404 (missing or not yours), 409."""

    detail: str = Field(description="A sentence saying what went wrong.")


class FieldErrorOut(Schema):
    location: str = Field(description="Where the value was sent: body, query, path, form or file.")
    field: str = Field(description="The field or parameter, e.g. national_id.")
    message: str = Field(description="What is wrong with it, as a sentence for the user.")


class ValidationErrorOut(Schema):
    """422: the request was understood, but some values are wrong; one entry per field."""

    detail: str
    errors: list[FieldErrorOut]


class VersionSummaryOut(Schema):
    number: int
    status: str = Field(description="published (in force), retired (replaced by a newer version).")
    published_at: datetime | None


class FrameworkOut(Schema):
    slug: str = Field(description="Stable code, e.g. basic-757, learners-tt02, digcomp-2.2.")
    name: str = Field(description="Name in Vietnamese.")
    name_translations: dict[str, str] = Field(description="Name in other languages, by language code (en, km).")
    source: str = Field(description="The legal text or publication the framework comes from.")
    published_version: int | None = Field(description="Number of the version in force; null if none is published.")
    versions: list[VersionSummaryOut]


class LevelOut(Schema):
    number: int
    name: str
    name_translations: dict[str, str]
    description: str


class MappingOut(Schema):
    framework: str = Field(description="Slug of the framework mapped onto, e.g. digcomp-2.2.")
    version: int = Field(description="Version of that framework the mapping points at.")
    code: str
    name: str
    strength: str = Field(description="full (covers it) or partial (covers part of it).")


class CompetencyOut(Schema):
    code: str = Field(description="Stable across versions, e.g. CB-2.1.")
    name: str
    name_translations: dict[str, str]
    description: str
    maps_to: list[MappingOut]


class DomainOut(Schema):
    code: str
    name: str
    name_translations: dict[str, str]
    description: str
    competencies: list[CompetencyOut]


class RequirementOut(Schema):
    competency: str = Field(description="Competency code.")
    min_level: int


class RuleOut(Schema):
    group: str = Field(description="citizen, public_sector_staff, pupil_student or worker.")
    description: str
    requirements: list[RequirementOut]


class VersionOut(Schema):
    framework: str = Field(description="Slug of the framework.")
    name: str
    number: int
    status: str = Field(description="published (in force) or retired (replaced by a newer version).")
    published_at: datetime | None
    notes: str = Field(description="What is official and what is the province's wording or uncertain.")
    levels: list[LevelOut]
    domains: list[DomainOut]
    rules: list[RuleOut] = Field(description="Per group, what counts as “đạt phổ cập kỹ năng số”.")
