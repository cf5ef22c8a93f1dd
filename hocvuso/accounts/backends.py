"""Sign in with a phone number or a CCCD number (or the username) and a password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from hocvuso.accounts.models import User
from hocvuso.lib import cccd, phone


def find_user(identifier: str) -> User | None:
    text = (identifier or "").strip()
    if not text:
        return None
    digits = cccd.clean(text)
    if digits.isdigit() and len(digits) == 12:
        user = User.objects.filter(national_id=digits).first()
        if user:
            return user
    try:
        number = phone.normalise(text)
    except phone.PhoneError:
        number = ""
    if number:
        user = User.objects.filter(phone=number).first()
        if user:
            return user
    return User.objects.filter(username=text).first()


class PhoneOrNationalIdBackend(ModelBackend):
    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing hint that the account is missing
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """The name django-axes counts failed sign-ins under (AXES_USERNAME_CALLABLE).

    One account can be reached as 0912345678, 0912 345 678, +84912345678, its CCCD or its username;
    counting failures per account (or per normalised number when there is no account) means that
    rewriting the number does not buy five more guesses, and a successful sign-in clears the count.
    """
    identifier = str((credentials or {}).get("username") or "")
    if not identifier and request is not None:
        identifier = str(request.POST.get("username", ""))
    user = find_user(identifier)
    if user is not None:
        return user.username
    digits = cccd.clean(identifier)
    if digits.isdigit() and len(digits) == 12:
        return digits
    try:
        return phone.normalise(identifier) or identifier.strip()
    except phone.PhoneError:
        return identifier.strip()
