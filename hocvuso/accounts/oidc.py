"""Sign-in through an OpenID Connect provider (VNeID-style identity, issue 4 §3; docs/sign-in.md).

The authorization code flow with PKCE (S256): `state`, `nonce` and the PKCE verifier wait in the
session; the id_token is checked against the provider's JWKS (RS256 or ES256: signature, issuer,
audience, expiry, nonce). HTTP goes through urllib only. Every failure is an OIDCError whose
`message` is for the user and `detail` for the log.

This module knows accounts only: finding the roster person of a CCCD number is
hocvuso.people.oidc_link's job (people is a layer above accounts).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import secrets
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jwt
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import OIDCIdentity, User
from hocvuso.accounts.services import audit
from hocvuso.lib import cccd

logger = logging.getLogger(__name__)

DISCOVERY_TTL = 60 * 60  # seconds a discovery document and its JWKS are kept in memory
FLOW_TTL = 10 * 60  # seconds between leaving for the provider and coming back
MAX_PENDING_FLOWS = 5  # sign-ins started in other tabs of the same browser
LEEWAY = 60  # seconds of clock difference accepted on exp/iat/nbf
ALGORITHMS = ("RS256", "ES256")
MAX_RESPONSE_BYTES = 1024 * 1024
SESSION_KEY = "hocvuso_oidc_flows"
_KEY_TYPES = {"RS256": "RSA", "ES256": "EC"}
_CCCD_DIGITS = re.compile(r"\d{12}")


class OIDCError(Exception):
    """A failed sign-in: `message` is shown to the user, `status` is the page's HTTP status."""

    def __init__(self, message: str, *, status: int = 400, detail: str = "") -> None:
        super().__init__(detail or message)
        self.message = message
        self.status = status
        self.detail = detail or message


def provider_unavailable(detail: str) -> OIDCError:
    return OIDCError(
        _(
            "The identity provider cannot be reached right now. Try again later, or sign in with your "
            "phone number or CCCD number."
        ),
        status=503,
        detail=detail,
    )


def answer_not_verified(detail: str) -> OIDCError:
    return OIDCError(
        _("The answer of the identity provider could not be verified, so you are not signed in. Please try again."),
        detail=detail,
    )


def _answer_expired(detail: str) -> OIDCError:
    return OIDCError(_("The answer of the identity provider has expired. Please sign in again."), detail=detail)


def account_disabled() -> str:
    return _("This account is disabled.")


def _flow_lost(detail: str) -> OIDCError:
    return OIDCError(
        _("This sign-in was not started in this browser, or it took too long. Please start again."),
        detail=detail,
    )


@dataclass(frozen=True)
class Provider:
    """The parts of a discovery document the sign-in uses."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str
    token_auth_methods: tuple[str, ...]


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in. `national_id` is "" unless the claim holds a valid CCCD number."""

    issuer: str
    subject: str
    national_id: str
    full_name: str


def is_enabled() -> bool:
    return bool(settings.HOCVUSO_OIDC_ISSUER and settings.HOCVUSO_OIDC_CLIENT_ID)


def button_label() -> str:
    return str(settings.HOCVUSO_OIDC_LABEL or _("Sign in with VNeID"))


# HTTP and the in-memory cache ------------------------------------------------------------------

_cache: dict[str, tuple[float, Any]] = {}
_cache_lock = threading.Lock()


def forget_cached_documents() -> None:
    """Drop the cached discovery documents and key sets (tests; a provider that rotated its keys)."""
    with _cache_lock:
        _cache.clear()


def _cached(key: str, load: Callable[[], Any], *, refresh: bool = False) -> Any:
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None and hit[0] > now and not refresh:
        return hit[1]
    value = load()
    with _cache_lock:
        _cache[key] = (now + DISCOVERY_TTL, value)
    return value


def _check_url(url: object, issuer: str) -> str:
    """An https URL (http only when the issuer itself is http: development and tests)."""
    allowed = {"https", "http"} if urlsplit(issuer).scheme == "http" else {"https"}
    if not isinstance(url, str) or urlsplit(url).scheme not in allowed or not urlsplit(url).netloc:
        raise provider_unavailable(f"unusable URL from the provider: {url!r}")
    return url


def _http_json(
    url: str,
    *,
    form: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    refused: Callable[[str], OIDCError] = provider_unavailable,
) -> dict[str, Any]:
    """GET (or POST `form`) and parse a JSON object. A 4xx answer raises `refused`, anything else unavailable."""
    data = urlencode(form).encode() if form is not None else None
    # Every URL passed here went through _check_url (http/https only), hence the S310 exemptions.
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/json", **(headers or {})})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=settings.HOCVUSO_OIDC_TIMEOUT) as response:  # noqa: S310
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        detail = f"{url} answered HTTP {exc.code}"
        raise (refused(detail) if 400 <= exc.code < 500 else provider_unavailable(detail)) from None
    except (OSError, ValueError) as exc:  # URLError, timeouts, refused connections, bad URLs
        raise provider_unavailable(f"{url}: {exc}") from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise provider_unavailable(f"{url}: answer too large")
    try:
        parsed = json.loads(body)
    except ValueError:
        raise provider_unavailable(f"{url}: not JSON") from None
    if not isinstance(parsed, dict):
        raise provider_unavailable(f"{url}: not a JSON object")
    return parsed


# Discovery and keys ----------------------------------------------------------------------------


def discover() -> Provider:
    """The provider's configuration, fetched once per DISCOVERY_TTL per process."""
    issuer = settings.HOCVUSO_OIDC_ISSUER
    if not issuer:
        raise provider_unavailable("HOCVUSO_OIDC_ISSUER is empty")
    return _cached(f"discovery:{issuer}", lambda: _load_provider(issuer))  # type: ignore[no-any-return]


def _load_provider(issuer: str) -> Provider:
    base = _check_url(issuer, issuer).rstrip("/")
    doc = _http_json(f"{base}/.well-known/openid-configuration")
    # OpenID Connect Discovery 1.0 §4.3: the document's issuer must be the one we asked.
    if str(doc.get("issuer", "")).rstrip("/") != base:
        raise provider_unavailable(f"discovery issuer {doc.get('issuer')!r} is not {issuer!r}")
    methods = doc.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    return Provider(
        issuer=str(doc["issuer"]),
        authorization_endpoint=_check_url(doc.get("authorization_endpoint"), issuer),
        token_endpoint=_check_url(doc.get("token_endpoint"), issuer),
        jwks_uri=_check_url(doc.get("jwks_uri"), issuer),
        userinfo_endpoint=_check_url(doc["userinfo_endpoint"], issuer) if doc.get("userinfo_endpoint") else "",
        token_auth_methods=tuple(str(m) for m in methods) if isinstance(methods, list) else ("client_secret_basic",),
    )


def _signing_keys(provider: Provider, *, refresh: bool = False) -> list[jwt.PyJWK]:
    def load() -> list[jwt.PyJWK]:
        keys = _http_json(provider.jwks_uri).get("keys")
        usable = []
        for data in keys if isinstance(keys, list) else []:
            try:
                key = jwt.PyJWK(data)
            except (jwt.PyJWKError, jwt.InvalidKeyError, AttributeError, TypeError, KeyError, ValueError):
                continue  # a key type or curve we do not use
            if key.public_key_use in (None, "sig"):
                usable.append(key)
        return usable

    return _cached(f"jwks:{provider.jwks_uri}", load, refresh=refresh)  # type: ignore[no-any-return]


def _key_for(provider: Provider, kid: object, alg: str) -> jwt.PyJWK:
    """The key named `kid` (or the only key of the right type); the JWKS is fetched again once on a miss."""
    for refresh in (False, True):
        candidates = [
            k
            for k in _signing_keys(provider, refresh=refresh)
            if k.key_type == _KEY_TYPES[alg] and k.algorithm_name == alg and (kid is None or k.key_id == kid)
        ]
        if len(candidates) == 1 or (candidates and kid is not None):
            return candidates[0]
    raise answer_not_verified(f"no {alg} key {kid!r} in {provider.jwks_uri}")


# The flow --------------------------------------------------------------------------------------


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _pending_flows(session: SessionBase) -> dict[str, dict[str, Any]]:
    flows = session.get(SESSION_KEY)
    if not isinstance(flows, dict):
        return {}
    oldest = time.time() - FLOW_TTL
    return {s: f for s, f in flows.items() if isinstance(f, dict) and f.get("at", 0) >= oldest}


def begin_sign_in(session: SessionBase, *, redirect_uri: str, next_url: str = "") -> str:
    """Remember a new state, nonce and PKCE verifier in the session; the provider's authorization URL."""
    provider = discover()
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64)
    flows = _pending_flows(session)
    for old in sorted(flows, key=lambda s: flows[s]["at"])[: max(0, len(flows) - MAX_PENDING_FLOWS + 1)]:
        del flows[old]
    flows[state] = {
        "nonce": nonce,
        "verifier": verifier,
        "redirect_uri": redirect_uri,
        "next": next_url,
        "at": time.time(),
    }
    session[SESSION_KEY] = flows
    scopes = settings.HOCVUSO_OIDC_SCOPES.split()
    params = {
        "response_type": "code",
        "client_id": settings.HOCVUSO_OIDC_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": " ".join(scopes if "openid" in scopes else ["openid", *scopes]),
        "state": state,
        "nonce": nonce,
        "code_challenge": _b64url(hashlib.sha256(verifier.encode()).digest()),
        "code_challenge_method": "S256",
    }
    separator = "&" if urlsplit(provider.authorization_endpoint).query else "?"
    return f"{provider.authorization_endpoint}{separator}{urlencode(params)}"


def finish_sign_in(session: SessionBase, query: Mapping[str, str]) -> tuple[Identity, str]:
    """Check the provider's answer on the callback; the verified identity and the `next` URL kept at the start."""
    state = query.get("state") or ""
    flows = _pending_flows(session)
    flow = flows.pop(state, None) if state else None
    session[SESSION_KEY] = flows  # a state is used once, whatever happens next
    if flow is None:
        raise _flow_lost("unknown or expired state")
    if query.get("error"):
        raise OIDCError(
            _("The sign-in at the identity provider was cancelled or refused."),
            detail=f"provider error {query.get('error')!r}",
        )
    code = query.get("code")
    if not code:
        raise answer_not_verified("no code in the callback")
    provider = discover()
    tokens = _exchange_code(provider, code, redirect_uri=flow["redirect_uri"], verifier=flow["verifier"])
    claims = validate_id_token(provider, tokens.get("id_token"), nonce=flow["nonce"])
    claims = _add_userinfo(provider, claims, tokens.get("access_token"))
    return _identity(provider, claims), str(flow.get("next") or "")


def _exchange_code(provider: Provider, code: str, *, redirect_uri: str, verifier: str) -> dict[str, Any]:
    client_id, secret = settings.HOCVUSO_OIDC_CLIENT_ID, settings.HOCVUSO_OIDC_CLIENT_SECRET
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "code_verifier": verifier}
    headers: dict[str, str] = {}
    if secret and "client_secret_basic" in provider.token_auth_methods:
        # RFC 6749 §2.3.1: both parts form-encoded before base64.
        pair = f"{quote(client_id, safe='')}:{quote(secret, safe='')}"
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    elif secret:
        form |= {"client_id": client_id, "client_secret": secret}
    else:
        form["client_id"] = client_id
    return _http_json(provider.token_endpoint, form=form, headers=headers, refused=answer_not_verified)


def validate_id_token(provider: Provider, token: object, *, nonce: str) -> dict[str, Any]:
    """The claims of an id_token signed by the provider for this client and this sign-in (OIDC Core §3.1.3.7)."""
    if not isinstance(token, str) or not token:
        raise answer_not_verified("no id_token")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as exc:
        raise answer_not_verified(f"id_token header: {exc}") from None
    alg = header.get("alg")
    if alg not in ALGORITHMS:
        raise answer_not_verified(f"id_token algorithm {alg!r}")
    key = _key_for(provider, header.get("kid"), alg)
    client_id = settings.HOCVUSO_OIDC_CLIENT_ID
    try:
        claims = jwt.decode(
            token,
            key=key,
            algorithms=[alg],
            audience=client_id,
            issuer=provider.issuer,
            leeway=LEEWAY,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise _answer_expired(f"id_token: {exc}") from None
    except jwt.InvalidTokenError as exc:
        raise answer_not_verified(f"id_token: {exc}") from None
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise answer_not_verified("id_token for several audiences without azp")
    if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        raise answer_not_verified("id_token nonce does not match this sign-in")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise answer_not_verified("id_token without a subject")
    return claims


def _add_userinfo(provider: Provider, claims: dict[str, Any], access_token: object) -> dict[str, Any]:
    """Ask the userinfo endpoint for the CCCD claim when the id_token does not carry it."""
    if settings.HOCVUSO_OIDC_NATIONAL_ID_CLAIM in claims or not provider.userinfo_endpoint:
        return claims
    if not isinstance(access_token, str) or not access_token:
        return claims
    info = _http_json(provider.userinfo_endpoint, headers={"Authorization": f"Bearer {access_token}"})
    if info.get("sub") != claims["sub"]:  # OIDC Core §5.3.2: otherwise the answer must not be used
        raise answer_not_verified("userinfo subject differs from the id_token")
    return {**info, **claims}


def _identity(provider: Provider, claims: Mapping[str, Any]) -> Identity:
    raw = claims.get(settings.HOCVUSO_OIDC_NATIONAL_ID_CLAIM)
    national_id = ""
    if isinstance(raw, str) and _CCCD_DIGITS.fullmatch(raw.strip()):
        try:
            national_id = cccd.validate(raw.strip())
        except cccd.CCCDError:
            national_id = ""
    name = claims.get("name")
    return Identity(
        issuer=provider.issuer,
        subject=str(claims["sub"]),
        national_id=national_id,
        full_name=name.strip() if isinstance(name, str) else "",
    )


# Identities of accounts ------------------------------------------------------------------------


def user_for_identity(identity: Identity) -> User | None:
    """The account already linked to this provider account (linking rule 1), if any."""
    linked = (
        OIDCIdentity.objects.select_related("user").filter(issuer=identity.issuer, subject=identity.subject).first()
    )
    return linked.user if linked is not None else None


def link_identity(
    user: User, identity: Identity, *, outcome: str, request: HttpRequest | None = None, **details: object
) -> User:
    """Link the provider account to `user` (audited); the user it is linked to once the dust has settled.

    Two sign-ins of one provider account at the same moment: the second finds the first one's row.
    """
    try:
        with transaction.atomic():
            row = OIDCIdentity.objects.create(user=user, issuer=identity.issuer, subject=identity.subject)
    except IntegrityError:
        existing = OIDCIdentity.objects.select_related("user").get(issuer=identity.issuer, subject=identity.subject)
        return existing.user
    audit(
        user,
        AuditAction.LINK_OIDC_IDENTITY,
        object_type="user",
        object_id=user.pk,
        details={"issuer": identity.issuer, "identity": row.pk, "outcome": outcome, **details},
        request=request,
    )
    return user


def record_sign_in(user: User, identity: Identity, *, request: HttpRequest | None = None) -> None:
    OIDCIdentity.objects.filter(user=user, issuer=identity.issuer, subject=identity.subject).update(
        last_login_at=timezone.now()
    )
    audit(
        user,
        AuditAction.SIGN_IN_OIDC,
        object_type="user",
        object_id=user.pk,
        details={"issuer": identity.issuer},
        request=request,
    )
