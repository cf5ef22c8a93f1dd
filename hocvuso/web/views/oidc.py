"""Sign-in through an OpenID Connect provider (issue 4 §3, docs/sign-in.md): off unless configured."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hocvuso.accounts import oidc
from hocvuso.people.oidc_link import account_for_identity
from hocvuso.web.views.registry import SIGN_IN_BACKEND

logger = logging.getLogger(__name__)


def _safe_next(request: HttpRequest, url: str) -> str:
    """`url` when it stays on this site, "" otherwise (as django.contrib.auth's LoginView)."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _problem(request: HttpRequest, error: oidc.OIDCError) -> HttpResponse:
    logger.warning("OpenID Connect sign-in refused: %s", error.detail)
    response = render(request, "web/oidc_problem.html", {"message": error.message}, status=error.status)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@never_cache
def oidc_login(request: HttpRequest) -> HttpResponse:
    """Leave for the provider's sign-in page; 404 when no provider is configured."""
    if not oidc.is_enabled():
        raise Http404
    next_url = _safe_next(request, request.GET.get("next", ""))
    if request.user.is_authenticated:
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    try:
        url = oidc.begin_sign_in(
            request.session, redirect_uri=request.build_absolute_uri(reverse("web:oidc-callback")), next_url=next_url
        )
    except oidc.OIDCError as exc:
        return _problem(request, exc)
    return redirect(url)


@require_GET
@never_cache
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the browser back here with a code; sign in by the linking rules or explain why not."""
    if not oidc.is_enabled():
        raise Http404
    try:
        identity, next_url = oidc.finish_sign_in(request.session, request.GET)
        found = account_for_identity(identity, request=request)
    except oidc.OIDCError as exc:
        return _problem(request, exc)
    if found.user is None:
        response = render(request, "web/oidc_not_on_roster.html")
        response["Cache-Control"] = "no-store"
        return response
    if not found.user.is_active:
        return _problem(request, oidc.OIDCError(oidc.account_disabled(), status=403, detail="inactive account"))
    # Through django.contrib.auth: the session key rotates and django-axes logs the sign-in.
    login(request, found.user, backend=SIGN_IN_BACKEND)
    oidc.record_sign_in(found.user, identity, request=request)
    return redirect(_safe_next(request, next_url) or resolve_url(settings.LOGIN_REDIRECT_URL))


urlpatterns: list[URLPattern] = [
    path("login/oidc/", oidc_login, name="oidc-login"),
    path("login/oidc/callback/", oidc_callback, name="oidc-callback"),
]
