"""A small OpenID Connect provider on 127.0.0.1 for the sign-in tests: a real HTTP server in a thread.

It serves the discovery document, its JWKS (a test RSA key, or an EC P-256 key) and a token endpoint
that checks the client, the redirect URI and the PKCE verifier, and answers an id_token carrying the
nonce it was given for the code. There is no /authorize page: `authorize()` reads the URL the app
sent the browser to, checks its parameters, and returns the callback URL the provider would send back.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

CLIENT_ID = "hocvuso-test"
CLIENT_SECRET = "test-secret-4f1c"
REDIRECT_URI = "http://testserver/login/oidc/callback/"


def new_key(alg: str = "RS256") -> Any:
    if alg == "ES256":
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@functools.cache
def shared_key(alg: str = "RS256") -> Any:
    """One key per algorithm for the whole run (an RSA key takes a moment to make)."""
    return new_key(alg)


def public_jwk(key: Any, kid: str, alg: str) -> dict[str, Any]:
    algorithm = jwt.algorithms.ECAlgorithm if alg == "ES256" else jwt.algorithms.RSAAlgorithm
    data: dict[str, Any] = algorithm.to_jwk(key.public_key(), as_dict=True)
    return {**data, "kid": kid, "use": "sig", "alg": alg}


@dataclass
class Grant:
    nonce: str
    redirect_uri: str
    challenge: str
    claims: dict[str, Any]


@dataclass
class FakeProvider:
    alg: str = "RS256"
    auth_methods: tuple[str, ...] = ("client_secret_basic", "client_secret_post")
    with_userinfo: bool = True
    key: Any = None
    kid: str = "key-1"
    issuer: str = ""
    grants: dict[str, Grant] = field(default_factory=dict)
    userinfo: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_requests: list[dict[str, Any]] = field(default_factory=list)
    token_status: int = 200  # set to 500 to play a provider in trouble
    discovery_override: dict[str, Any] = field(default_factory=dict)
    userinfo_only: tuple[str, ...] = ()  # claims left out of the id_token, answered by userinfo only
    hits: list[str] = field(default_factory=list)  # paths requested, in order
    # Changes to the next id_tokens: extra/overridden claims, a foreign signing key.
    override: dict[str, Any] = field(default_factory=dict)
    sign_with: Any = None

    def __post_init__(self) -> None:
        self.key = self.key or shared_key(self.alg)

    # What the browser does at the provider -----------------------------------------------------

    def authorize(self, url: str, *, sub: str, **claims: Any) -> str:
        """Check the authorization request and grant a code; the callback URL (path and query) to follow."""
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}" == self.issuer and parts.path == "/authorize"
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert query["response_type"] == "code"
        assert query["client_id"] == CLIENT_ID
        assert query["code_challenge_method"] == "S256"
        assert len(query["code_challenge"]) == 43  # base64url of a SHA-256 digest
        assert "openid" in query["scope"].split()
        assert query["state"] and query["nonce"]
        code = secrets.token_urlsafe(16)
        self.grants[code] = Grant(
            query["nonce"], query["redirect_uri"], query["code_challenge"], {"sub": sub, **claims}
        )
        back = urlsplit(query["redirect_uri"])
        return f"{back.path}?{urlencode({'code': code, 'state': query['state']})}"

    # The id_token ----------------------------------------------------------------------------

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": grant.nonce}
        claims |= {k: v for k, v in grant.claims.items() if k not in self.userinfo_only} | self.override
        key = self.sign_with or self.key
        return jwt.encode(claims, key, algorithm=self.alg, headers={"kid": self.kid})

    def discovery(self) -> dict[str, Any]:
        doc = {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "token_endpoint_auth_methods_supported": list(self.auth_methods),
            "id_token_signing_alg_values_supported": [self.alg],
        }
        if self.with_userinfo:
            doc["userinfo_endpoint"] = f"{self.issuer}/userinfo"
        return doc | self.discovery_override

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        self.token_requests.append({"form": form, "authorization": authorization})
        if self.token_status != 200:
            return self.token_status, {"error": "server_error"}
        if authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
            client_id, secret = unquote(client_id), unquote(secret)
            method = "client_secret_basic"
        else:
            client_id, secret, method = form.get("client_id", ""), form.get("client_secret", ""), "client_secret_post"
        if method not in self.auth_methods or (client_id, secret) != (CLIENT_ID, CLIENT_SECRET):
            return 401, {"error": "invalid_client"}
        grant = self.grants.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant.redirect_uri != form.get("redirect_uri")
            or grant.challenge != challenge
        ):
            return 400, {"error": "invalid_grant"}
        access = secrets.token_urlsafe(16)
        self.userinfo[access] = dict(grant.claims)
        return 200, {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(grant),
        }


def _handler(provider: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:
            provider.hits.append(self.path)
            if self.path == "/.well-known/openid-configuration":
                self._json(200, provider.discovery())
            elif self.path == "/jwks":
                self._json(200, {"keys": [public_jwk(provider.key, provider.kid, provider.alg)]})
            elif self.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                info = provider.userinfo.get(token)
                self._json(200, info) if info is not None else self._json(401, {"error": "invalid_token"})
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            provider.hits.append(self.path)
            if self.path == "/token":
                self._json(*provider.token(form, self.headers.get("Authorization", "")))
            else:
                self._json(404, {"error": "not_found"})

    return Handler


@contextmanager
def running(provider: FakeProvider) -> Iterator[FakeProvider]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def closed_port_url() -> str:
    """An address where nothing listens: a provider that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def configure(settings: Any, issuer: str) -> None:
    """Point the app at `issuer` (pytest-django's `settings` fixture restores everything afterwards)."""
    from hocvuso.accounts import oidc

    settings.HOCVUSO_OIDC_ISSUER = issuer
    settings.HOCVUSO_OIDC_CLIENT_ID = CLIENT_ID
    settings.HOCVUSO_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.HOCVUSO_OIDC_SCOPES = "openid profile"
    settings.HOCVUSO_OIDC_LABEL = ""
    settings.HOCVUSO_OIDC_NATIONAL_ID_CLAIM = "national_id"
    settings.HOCVUSO_OIDC_TIMEOUT = 5
    oidc.forget_cached_documents()
