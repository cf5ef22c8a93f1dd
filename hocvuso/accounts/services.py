"""Writes on accounts: creating users, granting roles, API tokens, and the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.http import HttpRequest

from hocvuso.accounts.constants import AuditAction, RoleKind, TokenScope
from hocvuso.accounts.models import ApiToken, AuditEvent, Role, User
from hocvuso.accounts.permissions import forget_roles


def audit(
    actor: User | None,
    action: str,
    *,
    object_type: str = "",
    object_id: object = "",
    reason: str = "",
    details: dict[str, object] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one row to the audit log (who, what, when, why)."""
    ip = None
    if request is not None:
        ip = request.META.get("REMOTE_ADDR") or None
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        reason=reason,
        details=details or {},
        ip_address=ip,
    )


def create_user(
    *,
    username: str,
    password: str | None,
    full_name: str = "",
    phone: str | None = None,
    national_id: str | None = None,
) -> User:
    user = User(username=username, full_name=full_name, phone=phone or None, national_id=national_id or None)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def grant_role(user: User, kind: RoleKind | str, *, unit: object, granted_by: User | None = None) -> Role:
    """Give `user` a role on a unit (Province, Commune, Hamlet or Organisation); idempotent."""
    field = {"Province": "province", "Commune": "commune", "Hamlet": "hamlet", "Organisation": "organisation"}[
        type(unit).__name__
    ]
    role, created = Role.objects.get_or_create(
        user=user, kind=kind, **{field: unit}, defaults={"granted_by": granted_by}
    )
    if created:
        audit(
            granted_by,
            AuditAction.GRANT_ROLE,
            object_type="user",
            object_id=user.pk,
            details={"kind": str(kind), field: str(getattr(unit, "pk", ""))},
        )
    forget_roles(user)
    return role


def revoke_role(user: User, kind: RoleKind | str, *, unit: object, revoked_by: User | None = None) -> bool:
    """Take back `user`'s role of `kind` on a unit; idempotent (False when there was none). Audited."""
    field = {"Province": "province", "Commune": "commune", "Hamlet": "hamlet", "Organisation": "organisation"}[
        type(unit).__name__
    ]
    deleted, _rows = Role.objects.filter(user=user, kind=kind, **{field: unit}).delete()
    if deleted:
        audit(
            revoked_by,
            AuditAction.REVOKE_ROLE,
            object_type="user",
            object_id=user.pk,
            details={"kind": str(kind), field: str(getattr(unit, "pk", ""))},
        )
    forget_roles(user)
    return bool(deleted)


def create_api_token(
    user: User, name: str, scopes: Iterable[str], *, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token; the raw secret is returned once and never stored."""
    valid = {s.value for s in TokenScope}
    scopes = sorted(set(scopes))
    unknown = set(scopes) - valid
    if unknown:
        raise ValueError(f"unknown scopes: {', '.join(sorted(unknown))}")
    raw, prefix, digest = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, token_hash=digest, scopes=scopes, expires_at=expires_at
    )
    audit(user, AuditAction.CREATE_TOKEN, object_type="api_token", object_id=token.pk, details={"scopes": scopes})
    return token, raw
