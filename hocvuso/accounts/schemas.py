"""API shapes of the caller's account."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class RoleOut(Schema):
    kind: str = Field(description="province_admin, commune_officer, team_member, mentor, org_manager or learner.")
    unit_type: str = Field(description="province, commune, hamlet or organisation.")
    unit_id: int = Field(description="Code of the province or commune, or id of the hamlet or organisation.")


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[RoleOut]
    token_scopes: list[str] | None = Field(description="Scopes of the token used; null for a browser session.")
