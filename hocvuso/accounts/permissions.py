"""Where a user's roles reach. Each app turns a Scope into its own row filter (people.permissions).

Roles apply downward: a province role covers its communes and hamlets, a commune role its hamlets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hocvuso.accounts.constants import RoleKind
from hocvuso.accounts.models import Role, User

# What each kind of role may do on the roster. Plan 67 I.2.đ and Decree 13/2023: full personal
# data only for those who keep the roster.
ROSTER_READERS = (RoleKind.PROVINCE_ADMIN, RoleKind.COMMUNE_OFFICER, RoleKind.TEAM_MEMBER, RoleKind.ORG_MANAGER)
ROSTER_EDITORS = (RoleKind.PROVINCE_ADMIN, RoleKind.COMMUNE_OFFICER)
FULL_ID_READERS = (RoleKind.PROVINCE_ADMIN, RoleKind.COMMUNE_OFFICER)
IMPORTERS = (RoleKind.PROVINCE_ADMIN, RoleKind.COMMUNE_OFFICER)
HAMLET_EDITORS = (RoleKind.PROVINCE_ADMIN, RoleKind.COMMUNE_OFFICER)
STAFF_AREA = (RoleKind.PROVINCE_ADMIN,)
# Who may create the account of a person in the roster (issue 2 §4: "helped by a mentor").
ACCOUNT_HELPERS = (RoleKind.PROVINCE_ADMIN, RoleKind.COMMUNE_OFFICER, RoleKind.TEAM_MEMBER, RoleKind.MENTOR)


@dataclass(frozen=True)
class Scope:
    """The units a user reaches through some kinds of role."""

    province_codes: frozenset[int] = frozenset()
    commune_codes: frozenset[int] = frozenset()
    hamlet_ids: frozenset[int] = frozenset()
    organisation_ids: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.province_codes or self.commune_codes or self.hamlet_ids or self.organisation_ids)

    def covers_commune(self, commune_code: int, province_code: int) -> bool:
        return province_code in self.province_codes or commune_code in self.commune_codes

    def covers_hamlet(self, hamlet_id: int, commune_code: int, province_code: int) -> bool:
        return hamlet_id in self.hamlet_ids or self.covers_commune(commune_code, province_code)


def _roles(user: User) -> list[Role]:
    cached: list[Role] | None = getattr(user, "_hocvuso_roles", None)
    if cached is None:
        cached = list(Role.objects.filter(user=user)) if user.is_authenticated and user.is_active else []
        user._hocvuso_roles = cached  # type: ignore[attr-defined]
    return cached


def scope_for(user: User | object, kinds: Iterable[str]) -> Scope:
    """Union of the units on which `user` holds one of `kinds`. Anonymous users reach nothing."""
    if not isinstance(user, User):
        return Scope()
    wanted = set(kinds)
    provinces: set[int] = set()
    communes: set[int] = set()
    hamlets: set[int] = set()
    orgs: set[int] = set()
    for role in _roles(user):
        if role.kind not in wanted:
            continue
        if role.province_id:
            provinces.add(role.province_id)
        elif role.commune_id:
            communes.add(role.commune_id)
        elif role.hamlet_id:
            hamlets.add(role.hamlet_id)
        elif role.organisation_id:
            orgs.add(role.organisation_id)
    return Scope(frozenset(provinces), frozenset(communes), frozenset(hamlets), frozenset(orgs))


def has_role(user: User | object, kinds: Iterable[str]) -> bool:
    return not scope_for(user, kinds).is_empty


def role_kinds(user: User | object) -> set[str]:
    if not isinstance(user, User):
        return set()
    return {r.kind for r in _roles(user)}


def forget_roles(user: User) -> None:
    """Drop the per-request cache after roles change."""
    if hasattr(user, "_hocvuso_roles"):
        del user._hocvuso_roles  # type: ignore[attr-defined]
