"""API authentication (a scoped bearer token or the browser session) and the caller's own account.

A token acts as its user: the user's roles still decide which rows every operation reaches, and
the token's scopes decide which operations it may call at all (403 when a scope is missing). A
browser session may call every operation its user's roles allow; unsafe methods need the CSRF token.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from hocvuso.accounts.constants import TokenScope
from hocvuso.accounts.models import ApiToken, Role, User
from hocvuso.accounts.schemas import MeOut, RoleOut
from hocvuso.geo.schemas import ErrorOut, ValidationErrorOut

LAST_USED_EVERY = timedelta(minutes=5)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer hvs_...`; with `scope`, a token without that scope gets 403."""

    def __init__(self, scope: str | None = None) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.select_related("user").filter(token_hash=ApiToken.hash(token)).first()
        if found is None or not found.is_usable():
            return None
        if self.scope is not None and self.scope not in found.scopes:
            raise HttpError(
                403,
                _("This API token does not have the scope “%(scope)s” that this operation needs.")
                % {"scope": self.scope},
            )
        now = timezone.now()
        # At most one write per token every few minutes: polling an import must not queue behind its writer.
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods (POST, PATCH) also need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        # Checked only for a signed-in user, so that an anonymous call is told 401, not 403.
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise HttpError(403, _("The CSRF token is missing or wrong; reload the page and try again."))
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return self(request)


def signed_in(scope: TokenScope | str | None = None) -> list[Any]:
    """The `auth=` of an operation: a token (with `scope`, when given) or the browser session."""
    return [TokenAuth(str(scope) if scope is not None else None), SessionAuth()]


def caller(request: HttpRequest) -> User:
    """The user an authenticated operation acts for (the token's user or the session's)."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


# Error answers every authenticated operation may give, for honest OpenAPI responses.
AUTH_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}
READ_ERRORS: dict[int, Any] = {**AUTH_ERRORS, 404: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: ErrorOut}

router = Router(tags=["account"])


def _role_out(role: Role) -> RoleOut:
    if role.province_id:
        unit_type, unit_id = "province", role.province_id
    elif role.commune_id:
        unit_type, unit_id = "commune", role.commune_id
    elif role.hamlet_id:
        unit_type, unit_id = "hamlet", role.hamlet_id
    else:
        unit_type, unit_id = "organisation", role.organisation_id or 0
    return RoleOut(kind=role.kind, unit_type=unit_type, unit_id=unit_id)


@router.get(
    "/me",
    response={200: MeOut, **AUTH_ERRORS},
    auth=signed_in(),
    summary="Who am I",
    description="The calling user, their roles (each on one unit, applying to everything below it) and, "
    "when called with a token, the token's scopes. Needs no scope.",
)
def me(request: HttpRequest) -> MeOut:
    user = caller(request)
    token: ApiToken | None = getattr(request, "api_token", None)
    return MeOut(
        username=user.username,
        full_name=user.full_name,
        roles=[_role_out(r) for r in Role.objects.filter(user=user).order_by("pk")],
        token_scopes=list(token.scopes) if token is not None else None,
    )
