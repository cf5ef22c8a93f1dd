"""Which account an identity-provider sign-in opens (issue 4 §3; the rules are in docs/sign-in.md).

1. A provider account already linked signs in as its user.
2. Otherwise a valid CCCD number from the provider that a roster record holds: the record's account
   gets the link; a record without an account gets one now, already confirmed, because the provider
   has verified the holder of the card (no mentor has to see it, unlike people/signup.py).
3. Otherwise nobody is signed in and no account is made: the person is not on the roster yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts import oidc
from hocvuso.accounts.constants import AuditAction, RoleKind
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit, create_user, grant_role
from hocvuso.people.models import Person

Outcome = Literal["known", "linked", "created", "not_on_roster"]


@dataclass(frozen=True)
class OIDCSignIn:
    """The account to sign in (None: not on the roster) and which rule found it."""

    user: User | None
    outcome: Outcome


def account_for_identity(identity: oidc.Identity, *, request: HttpRequest | None = None) -> OIDCSignIn:
    """Apply the linking rules; raises oidc.OIDCError when the roster record cannot get an account."""
    known = oidc.user_for_identity(identity)
    if known is not None:
        return OIDCSignIn(known, "known")
    if not identity.national_id:
        return OIDCSignIn(None, "not_on_roster")
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(national_id=identity.national_id).first()
        if person is None:
            return OIDCSignIn(None, "not_on_roster")
        outcome: Outcome
        if person.user is not None:
            user, outcome = person.user, "linked"
        else:
            user, outcome = _open_verified_account(person, request=request), "created"
        user = oidc.link_identity(user, identity, outcome=outcome, person=person.pk, request=request)
    return OIDCSignIn(user, outcome)


def _open_verified_account(person: Person, *, request: HttpRequest | None) -> User:
    """An account for a roster record whose holder the provider verified; it signs in through the provider only.

    A sign-up still waiting for a helper on this record (`pending_user`) stays as it is: the helper
    then sees that the record already has its account.
    """
    number = person.national_id or ""
    if User.objects.filter(national_id=number).exists():
        raise oidc.OIDCError(
            _("Another account already uses this CCCD number. Ask your commune officer for help."),
            status=409,
            detail=f"person {person.pk}: another user holds the CCCD",
        )
    username = number if not User.objects.filter(username=number).exists() else f"oidc-{number}"
    phone = person.phone if person.phone and not User.objects.filter(phone=person.phone).exists() else None
    user = create_user(username=username, password=None, full_name=person.full_name, phone=phone, national_id=number)
    person.user = user
    person.link_confirmed_at = timezone.now()
    person.save(update_fields=["user", "link_confirmed_at", "updated_at"])
    grant_role(user, RoleKind.LEARNER, unit=person.hamlet or person.commune)
    audit(
        user,
        AuditAction.CREATE_ACCOUNT,
        object_type="person",
        object_id=person.pk,
        reason="oidc",
        details={"user": user.pk},
        request=request,
    )
    return user
