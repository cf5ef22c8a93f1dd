"""Sign-in with an identity provider through the web pages, against a real provider on 127.0.0.1.

The linking rules (docs/sign-in.md): a known provider account signs in as its user; else a CCCD
number held by a roster record links (or makes) that record's account; else nobody is signed in
and no account is made.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client
from django.urls import reverse

from hocvuso.accounts.constants import AuditAction, RoleKind
from hocvuso.accounts.models import AuditEvent, OIDCIdentity, Role, User
from hocvuso.lib import cccd
from tests.clients import english_client
from tests.oidc_provider import FakeProvider, closed_port_url, configure, new_key, running
from tests.personas import Personas

pytestmark = pytest.mark.django_db

NOT_ON_ROSTER = cccd.make("084", "M", 1985, 987654)


@pytest.fixture
def provider(settings: Any) -> Iterator[FakeProvider]:
    with running(FakeProvider()) as p:
        configure(settings, p.issuer)
        yield p


def _start(client: Client, next_url: str = "") -> str:
    response = client.get(reverse("web:oidc-login"), {"next": next_url} if next_url else {})
    assert response.status_code == 302
    return response["Location"]


def _sign_in(provider: FakeProvider, client: Client | None = None, *, next_url: str = "", **claims: Any) -> Any:
    client = client or english_client()
    back = provider.authorize(_start(client, next_url), **claims)
    response = client.get(back)
    response.client = client
    return response


def _signed_in_as(response: Any) -> str | None:
    return response.client.session.get("_auth_user_id")


def _link(user: User, provider: FakeProvider, sub: str) -> None:
    OIDCIdentity.objects.create(user=user, issuer=provider.issuer, subject=sub)


def test_a_known_provider_account_signs_in_as_its_user(personas: Personas, provider: FakeProvider) -> None:
    _link(personas.officer_a, provider, "officer-sub")
    response = _sign_in(provider, sub="officer-sub")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert _signed_in_as(response) == str(personas.officer_a.pk)
    identity = OIDCIdentity.objects.get(subject="officer-sub")
    assert identity.last_login_at is not None
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN_OIDC)
    assert (event.actor, event.details["issuer"]) == (personas.officer_a, provider.issuer)


def test_the_sign_in_goes_through_django_auth_and_axes_logs_it(personas: Personas, provider: FakeProvider) -> None:
    _link(personas.officer_a, provider, "officer-sub")
    _sign_in(provider, sub="officer-sub")
    assert AccessLog.objects.filter(username="officer_a").count() == 1


def test_a_sign_in_through_the_provider_clears_failed_password_attempts(
    personas: Personas, provider: FakeProvider
) -> None:
    client = english_client()
    for n in range(4):
        client.post(reverse("web:login"), {"username": "0911000002", "password": f"wrong-{n}"})
    assert AccessAttempt.objects.filter(username="officer_a").exists()
    _link(personas.officer_a, provider, "officer-sub")
    _sign_in(provider, client, sub="officer-sub")
    assert not AccessAttempt.objects.filter(username="officer_a").exists()


def test_the_user_lands_on_the_page_they_asked_for(personas: Personas, provider: FakeProvider) -> None:
    _link(personas.learner_a, provider, "learner-sub")
    response = _sign_in(provider, sub="learner-sub", next_url=reverse("web:learn"))
    assert response["Location"] == reverse("web:learn")


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_next_address_on_another_site_is_ignored(personas: Personas, provider: FakeProvider, next_url: str) -> None:
    _link(personas.learner_a, provider, "learner-sub")
    response = _sign_in(provider, sub="learner-sub", next_url=next_url)
    assert response["Location"] == reverse("web:home")


def test_a_first_sign_in_of_a_roster_person_without_account_makes_a_confirmed_account(
    personas: Personas, provider: FakeProvider
) -> None:
    person = personas.person_a2  # on the roster of hamlet A2, no account
    users_before = User.objects.count()
    response = _sign_in(provider, sub="new-sub", national_id=person.national_id)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is not None
    assert _signed_in_as(response) == str(person.user.pk)
    assert person.link_confirmed_at is not None
    assert User.objects.count() == users_before + 1
    user = person.user
    assert (user.national_id, user.full_name, user.has_usable_password()) == (
        person.national_id,
        person.full_name,
        False,
    )
    assert Role.objects.filter(user=user, kind=RoleKind.LEARNER, hamlet=personas.hamlet_a2).exists()
    assert OIDCIdentity.objects.get(subject="new-sub").user == user
    link = AuditEvent.objects.get(action=AuditAction.LINK_OIDC_IDENTITY)
    assert link.details["outcome"] == "created"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE_ACCOUNT, object_id=str(person.pk)).exists()

    # The next time, rule 1: the same account, nothing new.
    again = _sign_in(provider, sub="new-sub", national_id=person.national_id)
    assert _signed_in_as(again) == str(user.pk)
    assert User.objects.count() == users_before + 1
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN_OIDC).count() == 2


def test_a_roster_person_with_an_account_gets_the_provider_account_linked(
    personas: Personas, provider: FakeProvider
) -> None:
    person = personas.person_a  # learner_a's own record
    users_before = User.objects.count()
    response = _sign_in(provider, sub="learner-sub", national_id=person.national_id)
    assert _signed_in_as(response) == str(personas.learner_a.pk)
    assert OIDCIdentity.objects.get(subject="learner-sub").user == personas.learner_a
    assert User.objects.count() == users_before
    assert AuditEvent.objects.get(action=AuditAction.LINK_OIDC_IDENTITY).details["outcome"] == "linked"


def test_without_a_cccd_number_nobody_is_signed_in_and_no_account_is_made(
    personas: Personas, provider: FakeProvider
) -> None:
    users_before = User.objects.count()
    response = _sign_in(provider, sub="stranger", name="Người Lạ")
    assert response.status_code == 200
    assert b"Not on the roster yet" in response.content
    assert f'href="{reverse("web:signup")}"'.encode() in response.content
    assert f'href="{reverse("web:claim")}"'.encode() in response.content
    assert _signed_in_as(response) is None
    assert User.objects.count() == users_before
    assert not OIDCIdentity.objects.exists()


def test_a_cccd_number_no_roster_record_holds_makes_no_account(personas: Personas, provider: FakeProvider) -> None:
    users_before = User.objects.count()
    response = _sign_in(provider, sub="stranger", national_id=NOT_ON_ROSTER)
    assert b"Not on the roster yet" in response.content
    assert _signed_in_as(response) is None
    assert User.objects.count() == users_before
    assert not OIDCIdentity.objects.exists()


def test_a_callback_with_a_state_this_browser_did_not_start_is_refused(
    personas: Personas, provider: FakeProvider
) -> None:
    _link(personas.officer_a, provider, "officer-sub")
    back = provider.authorize(_start(english_client()), sub="officer-sub")
    response = english_client().get(back)  # another browser
    assert response.status_code == 400
    assert b"not started in this browser" in response.content
    assert response.client.session.get("_auth_user_id") is None


def test_a_made_up_state_is_refused(personas: Personas, provider: FakeProvider) -> None:
    client = english_client()
    _start(client)
    response = client.get(reverse("web:oidc-callback"), {"code": "x", "state": "made-up"})
    assert response.status_code == 400
    assert client.session.get("_auth_user_id") is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"override": {"nonce": "another-nonce"}}, b"could not be verified"),
        ({"override": {"exp": 1_000_000_000, "iat": 999_999_000}}, b"has expired"),
        ({"override": {"aud": "another-app"}}, b"could not be verified"),
        ({"sign_with": "another key"}, b"could not be verified"),
    ],
    ids=["wrong-nonce", "expired", "wrong-audience", "bad-signature"],
)
def test_an_id_token_that_fails_a_check_is_refused_with_a_message(
    personas: Personas, provider: FakeProvider, change: dict[str, Any], message: bytes
) -> None:
    _link(personas.officer_a, provider, "officer-sub")
    provider.override = change.get("override", {})
    if "sign_with" in change:
        provider.sign_with = new_key()
    response = _sign_in(provider, sub="officer-sub")
    assert response.status_code == 400
    assert message in response.content
    assert _signed_in_as(response) is None
    assert not AuditEvent.objects.filter(action=AuditAction.SIGN_IN_OIDC).exists()


def test_a_provider_that_is_down_gives_a_message(personas: Personas, settings: Any) -> None:
    configure(settings, closed_port_url())
    response = english_client().get(reverse("web:oidc-login"))
    assert response.status_code == 503
    assert b"cannot be reached" in response.content
    assert f'href="{reverse("web:login")}"'.encode() in response.content


def test_a_provider_failing_during_the_sign_in_gives_a_message(personas: Personas, provider: FakeProvider) -> None:
    provider.token_status = 500
    response = _sign_in(provider, sub="x", national_id=personas.person_a.national_id)
    assert response.status_code == 503
    assert b"cannot be reached" in response.content


def test_a_sign_in_cancelled_at_the_provider_says_so(personas: Personas, provider: FakeProvider) -> None:
    client = english_client()
    state = urlsplit(_start(client)).query.split("state=")[1].split("&")[0]
    response = client.get(reverse("web:oidc-callback"), {"state": state, "error": "access_denied"})
    assert response.status_code == 400
    assert b"cancelled" in response.content


def test_a_disabled_account_is_not_signed_in(personas: Personas, provider: FakeProvider) -> None:
    personas.officer_a.is_active = False
    personas.officer_a.save(update_fields=["is_active"])
    _link(personas.officer_a, provider, "officer-sub")
    response = _sign_in(provider, sub="officer-sub")
    assert response.status_code == 403
    assert b"This account is disabled." in response.content
    assert _signed_in_as(response) is None


def test_a_record_whose_cccd_another_account_holds_gets_no_second_account(
    personas: Personas, provider: FakeProvider
) -> None:
    personas.outsider.national_id = personas.person_a2.national_id
    personas.outsider.save(update_fields=["national_id"])
    response = _sign_in(provider, sub="new-sub", national_id=personas.person_a2.national_id)
    assert response.status_code == 409
    assert b"Another account already uses this CCCD number" in response.content
    assert _signed_in_as(response) is None
    assert not OIDCIdentity.objects.exists()


def test_a_signed_in_user_is_sent_on_without_leaving_for_the_provider(
    personas: Personas, provider: FakeProvider
) -> None:
    client = english_client()
    client.force_login(personas.officer_a)
    response = client.get(reverse("web:oidc-login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert provider.hits == []


def test_the_login_page_shows_the_button_when_a_provider_is_configured(
    personas: Personas, provider: FakeProvider, settings: Any
) -> None:
    response = english_client().get(reverse("web:login"), {"next": "/learn/"})
    assert b"Sign in with VNeID" in response.content
    assert f'href="{reverse("web:oidc-login")}?next=%2Flearn%2F"'.encode() in response.content
    settings.HOCVUSO_OIDC_LABEL = "Đăng nhập bằng Smart Trà Vinh"
    assert "Đăng nhập bằng Smart Trà Vinh" in english_client().get(reverse("web:login")).content.decode()


def test_without_a_provider_the_pages_answer_404_and_the_login_page_has_no_button(
    personas: Personas, settings: Any
) -> None:
    settings.HOCVUSO_OIDC_ISSUER = ""
    client = english_client()
    assert client.get(reverse("web:oidc-login")).status_code == 404
    assert client.get(reverse("web:oidc-callback"), {"code": "x", "state": "y"}).status_code == 404
    page = client.get(reverse("web:login"))
    assert reverse("web:oidc-login").encode() not in page.content
    assert b"VNeID" not in page.content
