"""API shapes of administrative units, and the error shapes every /api/v1 operation answers with.

The error shapes live here because geo is the lowest app with an API: accounts and people reuse them.
"""

from __future__ import annotations

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


class CommuneOut(Schema):
    code: int = Field(description="Official code of the commune, ward or special zone.")
    name: str
    kind: str = Field(description="xa (commune), phuong (ward) or dac_khu (special zone).")
    province_code: int
    in_campaign_area: bool


class HamletOut(Schema):
    id: int
    name: str
    kind: str = Field(description="ap, khom, to_dan_pho, thon or phum_soc.")
    commune_code: int
