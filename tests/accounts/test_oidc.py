"""hocvuso.accounts.oidc against a real OpenID provider on 127.0.0.1 (tests/oidc_provider.py).

Discovery, the authorization URL (PKCE S256, state, nonce), the token exchange and every check of
the id_token: each refusal is an OIDCError with a message for the user, never an exception of ours.
"""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.backends.cache import SessionStore
from django.utils import translation

from hocvuso.accounts import oidc
from hocvuso.lib import cccd
from tests.oidc_provider import (
    CLIENT_ID,
    REDIRECT_URI,
    FakeProvider,
    closed_port_url,
    configure,
    new_key,
    running,
)

CCCD = cccd.make("084", "F", 1990, 424242)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def provider(settings: Any) -> Iterator[FakeProvider]:
    with running(FakeProvider()) as p:
        configure(settings, p.issuer)
        yield p


def _start(session: SessionStore) -> str:
    return oidc.begin_sign_in(session, redirect_uri=REDIRECT_URI, next_url="/learn/")


def _callback_query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def _sign_in(provider: FakeProvider, *, sub: str = "sub-1", **claims: Any) -> tuple[oidc.Identity, str]:
    session = SessionStore()
    back = provider.authorize(_start(session), sub=sub, **claims)
    return oidc.finish_sign_in(session, _callback_query(back))


def _refused(provider: FakeProvider, **claims: Any) -> oidc.OIDCError:
    with pytest.raises(oidc.OIDCError) as caught:
        _sign_in(provider, **claims)
    return caught.value


def test_the_authorization_url_carries_the_client_the_callback_pkce_state_nonce_and_scopes(provider):
    session = SessionStore()
    url = _start(session)
    assert url.startswith(f"{provider.issuer}/authorize?")
    query = _callback_query(url)
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == REDIRECT_URI
    assert query["response_type"] == "code"
    assert query["scope"] == "openid profile"
    flow = session[oidc.SESSION_KEY][query["state"]]
    assert flow["nonce"] == query["nonce"]
    assert query["code_challenge_method"] == "S256"
    digest = hashlib.sha256(flow["verifier"].encode()).digest()
    assert query["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert flow["next"] == "/learn/"


def test_openid_is_always_asked_for_even_when_the_scopes_setting_forgets_it(provider, settings):
    settings.HOCVUSO_OIDC_SCOPES = "profile national_id"
    assert _callback_query(_start(SessionStore()))["scope"] == "openid profile national_id"


def test_a_full_sign_in_gives_the_subject_and_the_cccd_number(provider):
    identity, next_url = _sign_in(provider, sub="abc-123", national_id=CCCD, name="Thạch Thị Sa Ra")
    assert identity == oidc.Identity(
        issuer=provider.issuer, subject="abc-123", national_id=CCCD, full_name="Thạch Thị Sa Ra"
    )
    assert next_url == "/learn/"


def test_the_discovery_document_and_the_keys_are_fetched_once_per_process(provider):
    for n in range(3):
        _sign_in(provider, sub=f"s{n}", national_id=CCCD)
    assert provider.hits.count("/.well-known/openid-configuration") == 1
    assert provider.hits.count("/jwks") == 1
    assert provider.hits.count("/token") == 3


def test_the_discovery_document_is_fetched_again_once_it_is_old(provider, monkeypatch):
    _sign_in(provider, national_id=CCCD)
    later = time.monotonic() + oidc.DISCOVERY_TTL + 1
    monkeypatch.setattr(oidc.time, "monotonic", lambda: later)
    _sign_in(provider, national_id=CCCD)
    assert provider.hits.count("/.well-known/openid-configuration") == 2


def test_client_secret_basic_is_used_when_the_provider_takes_it(provider):
    _sign_in(provider, national_id=CCCD)
    request = provider.token_requests[-1]
    assert request["authorization"].startswith("Basic ")
    assert "client_secret" not in request["form"]


def test_client_secret_post_is_used_when_the_provider_takes_only_that(settings):
    with running(FakeProvider(auth_methods=("client_secret_post",))) as p:
        configure(settings, p.issuer)
        identity, _ = _sign_in(p, sub="post-user", national_id=CCCD)
        assert identity.subject == "post-user"
        assert p.token_requests[-1]["authorization"] == ""
        assert p.token_requests[-1]["form"]["client_id"] == CLIENT_ID


def test_es256_id_tokens_are_accepted(settings):
    with running(FakeProvider(alg="ES256")) as p:
        configure(settings, p.issuer)
        identity, _ = _sign_in(p, sub="ec-user", national_id=CCCD)
        assert identity.subject == "ec-user"


def test_a_rotated_signing_key_is_fetched_again(provider):
    _sign_in(provider, national_id=CCCD)
    provider.key, provider.kid = new_key(), "key-2"
    identity, _ = _sign_in(provider, sub="after-rotation", national_id=CCCD)
    assert identity.subject == "after-rotation"
    assert provider.hits.count("/jwks") == 2


def test_the_cccd_number_comes_from_userinfo_when_the_id_token_lacks_it(provider, settings):
    settings.HOCVUSO_OIDC_NATIONAL_ID_CLAIM = "so_dinh_danh"
    provider.userinfo_only = ("so_dinh_danh",)
    identity, _ = _sign_in(provider, sub="u1", so_dinh_danh=CCCD)
    assert identity.national_id == CCCD
    assert "/userinfo" in provider.hits


def test_userinfo_is_not_asked_when_the_id_token_carries_the_cccd_number(provider):
    _sign_in(provider, sub="u1", national_id=CCCD)
    assert "/userinfo" not in provider.hits


def test_userinfo_about_another_subject_is_refused(provider):
    provider.userinfo_only = ("national_id",)
    session = SessionStore()
    back = provider.authorize(_start(session), sub="u1", national_id=CCCD)
    original = provider.token

    def token_with_foreign_userinfo(form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        status, body = original(form, authorization)
        provider.userinfo[body["access_token"]]["sub"] = "someone-else"
        return status, body

    provider.token = token_with_foreign_userinfo  # type: ignore[method-assign]
    with pytest.raises(oidc.OIDCError):
        oidc.finish_sign_in(session, _callback_query(back))


@pytest.mark.parametrize("claim", ["12345", "084190424242x", "999190424242", 84190424242])
def test_a_cccd_claim_that_is_not_a_valid_number_is_ignored(provider, claim):
    identity, _ = _sign_in(provider, national_id=claim)
    assert identity.national_id == ""


def test_a_state_works_once(provider):
    session = SessionStore()
    back = _callback_query(provider.authorize(_start(session), sub="u1", national_id=CCCD))
    oidc.finish_sign_in(session, back)
    with pytest.raises(oidc.OIDCError) as caught:
        oidc.finish_sign_in(session, back)
    assert "not started in this browser" in caught.value.message


def test_a_state_this_session_never_started_is_refused(provider):
    session = SessionStore()
    back = _callback_query(provider.authorize(_start(session), sub="u1"))
    with pytest.raises(oidc.OIDCError) as caught:
        oidc.finish_sign_in(SessionStore(), back)
    assert caught.value.status == 400
    assert provider.token_requests == []  # refused before the code is spent


def test_a_sign_in_left_waiting_too_long_is_refused(provider, monkeypatch):
    session = SessionStore()
    back = _callback_query(provider.authorize(_start(session), sub="u1"))
    later = time.time() + oidc.FLOW_TTL + 1
    monkeypatch.setattr(oidc.time, "time", lambda: later)
    with pytest.raises(oidc.OIDCError):
        oidc.finish_sign_in(session, back)


def test_a_few_sign_ins_started_in_other_tabs_can_each_finish(provider):
    session = SessionStore()
    urls = [_start(session) for _ in range(3)]
    for n, url in enumerate(reversed(urls)):
        identity, _ = oidc.finish_sign_in(session, _callback_query(provider.authorize(url, sub=f"tab{n}")))
        assert identity.subject == f"tab{n}"


def test_a_cancelled_sign_in_says_so(provider):
    session = SessionStore()
    state = _callback_query(_start(session))["state"]
    with pytest.raises(oidc.OIDCError) as caught:
        oidc.finish_sign_in(session, {"state": state, "error": "access_denied"})
    assert "cancelled" in caught.value.message


def test_a_wrong_nonce_is_refused(provider):
    provider.override = {"nonce": "someone-elses-nonce"}
    error = _refused(provider)
    assert error.status == 400
    assert "could not be verified" in error.message


def test_an_id_token_without_a_nonce_is_refused(provider):
    provider.override = {"nonce": ""}
    assert "could not be verified" in _refused(provider).message


def test_an_expired_id_token_is_refused(provider):
    past = int(time.time()) - 3600
    provider.override = {"iat": past - 300, "exp": past}
    assert "expired" in _refused(provider).message


def test_a_minute_of_clock_difference_is_tolerated(provider):
    provider.override = {"exp": int(time.time()) - 30}
    identity, _ = _sign_in(provider, sub="slow-clock")
    assert identity.subject == "slow-clock"


def test_an_id_token_for_another_client_is_refused(provider):
    provider.override = {"aud": "another-app"}
    assert "could not be verified" in _refused(provider).message


def test_an_id_token_for_several_clients_needs_us_as_authorized_party(provider):
    provider.override = {"aud": [CLIENT_ID, "another-app"], "azp": "another-app"}
    assert "could not be verified" in _refused(provider).message


def test_an_id_token_from_another_issuer_is_refused(provider):
    provider.override = {"iss": "https://impostor.example"}
    assert "could not be verified" in _refused(provider).message


def test_an_id_token_signed_with_another_key_is_refused(provider):
    provider.sign_with = new_key()
    assert "could not be verified" in _refused(provider).message


def test_an_id_token_signed_with_the_client_secret_is_refused(provider):
    # HS256 with a shared secret would let anyone who knows the secret mint tokens: only RS256/ES256.
    import jwt

    session = SessionStore()
    url = _start(session)
    nonce = _callback_query(url)["nonce"]
    now = int(time.time())
    forged = jwt.encode(
        {"iss": provider.issuer, "aud": CLIENT_ID, "sub": "x", "iat": now, "exp": now + 60, "nonce": nonce},
        "test-secret-4f1c-long-enough-for-hmac-sha256",
        algorithm="HS256",
    )
    with pytest.raises(oidc.OIDCError):
        oidc.validate_id_token(oidc.discover(), forged, nonce=nonce)


def test_a_garbled_id_token_is_refused(provider):
    with pytest.raises(oidc.OIDCError):
        oidc.validate_id_token(oidc.discover(), "not.a.token", nonce="n")


def test_a_provider_that_is_down_gives_a_message(settings):
    configure(settings, closed_port_url())
    with pytest.raises(oidc.OIDCError) as caught:
        _start(SessionStore())
    assert caught.value.status == 503
    assert "cannot be reached" in caught.value.message


def test_a_token_endpoint_in_trouble_gives_a_message(provider):
    provider.token_status = 500
    error = _refused(provider)
    assert error.status == 503
    assert "cannot be reached" in error.message


def test_a_refused_code_gives_a_message(provider):
    session = SessionStore()
    back = _callback_query(provider.authorize(_start(session), sub="u1"))
    provider.grants.clear()  # the provider no longer knows the code
    with pytest.raises(oidc.OIDCError) as caught:
        oidc.finish_sign_in(session, back)
    assert caught.value.status == 400


def test_a_discovery_document_naming_another_issuer_is_refused(provider):
    provider.discovery_override = {"issuer": "https://impostor.example"}
    with pytest.raises(oidc.OIDCError) as caught:
        _start(SessionStore())
    assert caught.value.status == 503


def test_endpoints_that_are_not_web_addresses_are_refused(provider):
    provider.discovery_override = {"token_endpoint": "file:///etc/passwd"}
    with pytest.raises(oidc.OIDCError):
        _start(SessionStore())


def test_the_button_label_defaults_to_vneid_and_follows_the_setting(settings):
    settings.HOCVUSO_OIDC_LABEL = ""
    assert oidc.button_label() == "Sign in with VNeID"
    settings.HOCVUSO_OIDC_LABEL = "Đăng nhập bằng Smart Trà Vinh"
    assert oidc.button_label() == "Đăng nhập bằng Smart Trà Vinh"


def test_oidc_is_off_until_an_issuer_and_a_client_are_set(settings):
    settings.HOCVUSO_OIDC_ISSUER = ""
    settings.HOCVUSO_OIDC_CLIENT_ID = "x"
    assert not oidc.is_enabled()
    settings.HOCVUSO_OIDC_ISSUER = "https://sso.example"
    assert oidc.is_enabled()
