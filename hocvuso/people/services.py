"""Writes on the registry. Every change is one transaction and one audit row.

Validation of personal fields goes through hocvuso.lib validators (the same ones the roster
import uses), so a person entered by hand and one imported obey the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import password_validation
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import AuditAction, RoleKind
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit, create_user, grant_role
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.geo.services import create_hamlet as geo_create_hamlet
from hocvuso.geo.services import guess_hamlet_kind
from hocvuso.lib import cccd, ethnicity, phone
from hocvuso.lib.dates import DateError, parse_birth
from hocvuso.lib.text import fold, is_plausible_name, nfc, title_name
from hocvuso.people import permissions
from hocvuso.people.constants import Disability, Sex, VNeIDLevel
from hocvuso.people.models import Household, Person

PERSON_FIELDS = (
    "full_name",
    "national_id",
    "birth_date",
    "birth_year",
    "sex",
    "ethnicity",
    "phone",
    "hamlet",
    "household",
    "disability",
    "vneid_level",
    "has_digital_bank_account",
)


# Django builds enum `.values` lists on every access; the row-by-row import needs them fast.
_SEXES = frozenset(Sex.values)
_DISABILITIES = frozenset(Disability.values)
_VNEID_LEVELS = frozenset(VNeIDLevel.values)


class PersonDataError(ValueError):
    """Invalid personal data; `errors` maps a field name to a message for the user."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class PersonData:
    """Cleaned personal fields, as produced by `clean_person_data`."""

    full_name: str
    national_id: str | None
    birth_date: date | None
    birth_year: int | None
    sex: str
    ethnicity: str
    phone: str
    disability: str
    vneid_level: int
    has_digital_bank_account: bool


def clean_person_data(raw: dict[str, Any], today: date | None = None) -> PersonData:
    """Validate raw personal fields (strings or typed values) with the shared validators."""
    errors: dict[str, str] = {}
    name = title_name(nfc(raw.get("full_name") or ""))
    if not name:
        errors["full_name"] = _("The full name is missing.")
    elif not is_plausible_name(name):
        errors["full_name"] = _("The full name contains characters that are not letters.")
    sex = raw.get("sex") or ""
    if sex and sex not in _SEXES:
        errors["sex"] = _("Sex must be M or F.")
    birth_date, birth_year = None, None
    try:
        if raw.get("birth_date"):
            parsed = parse_birth(raw.get("birth_date"), today)
        elif raw.get("birth_year"):
            parsed = parse_birth(int(raw["birth_year"]), today)
        else:
            parsed = None
        if parsed:
            birth_date, birth_year = parsed.date, parsed.year
    except (DateError, ValueError) as exc:
        errors["birth_date"] = getattr(exc, "message", str(exc))
    national_id = None
    if raw.get("national_id"):
        try:
            national_id = cccd.validate(raw["national_id"], birth_year=birth_year, sex=sex or None, today=today)
        except cccd.CCCDError as exc:
            errors["national_id"] = exc.message
    number = ""
    try:
        number = phone.normalise(raw.get("phone"))
    except phone.PhoneError as exc:
        errors["phone"] = exc.message
    group = ""
    if raw.get("ethnicity"):
        group = ethnicity.lookup(raw["ethnicity"]) or ""
        if not group:
            errors["ethnicity"] = _("Unknown ethnic group “%(v)s”.") % {"v": raw["ethnicity"]}
    disability = raw.get("disability") or ""
    if disability not in _DISABILITIES:
        errors["disability"] = _("Unknown kind of disability.")
    level = int(raw.get("vneid_level") or 0)
    if level not in _VNEID_LEVELS:
        errors["vneid_level"] = _("The VNeID level must be 0, 1 or 2.")
    if errors:
        raise PersonDataError(errors)
    return PersonData(
        full_name=name,
        national_id=national_id,
        birth_date=birth_date,
        birth_year=birth_year,
        sex=sex,
        ethnicity=group,
        phone=number,
        disability=disability,
        vneid_level=level,
        has_digital_bank_account=bool(raw.get("has_digital_bank_account")),
    )


def _apply(person: Person, data: PersonData) -> list[str]:
    changed = []
    for field, value in vars(data).items():
        if getattr(person, field) != value:
            setattr(person, field, value)
            changed.append(field)
    return changed


def create_person(
    actor: User | None,
    *,
    hamlet: Hamlet,
    data: PersonData,
    household: Household | None = None,
    request: HttpRequest | None = None,
) -> Person:
    if household is not None and household.commune_id != hamlet.commune_id:
        raise PersonDataError({"household": _("The household is in another commune.")})
    person = Person(hamlet=hamlet, commune_id=hamlet.commune_id, household=household)
    _apply(person, data)
    try:
        with transaction.atomic():
            person.save()
            audit(actor, AuditAction.CREATE_PERSON, object_type="person", object_id=person.pk, request=request)
    except IntegrityError:
        raise PersonDataError({"national_id": _("Another person already has this ID number.")}) from None
    return person


def update_person(
    actor: User | None,
    person: Person,
    data: PersonData,
    *,
    hamlet: Hamlet | None = None,
    request: HttpRequest | None = None,
    reason: str = "",
) -> list[str]:
    """Change a person's fields; returns the names of the fields that changed (audited, with `reason`:
    an AccessReason value, e.g. "support" when changed during a household visit)."""
    before = {f: str(getattr(person, f)) for f in vars(data)}
    changed = _apply(person, data)
    if hamlet is not None and hamlet.pk != person.hamlet_id:
        if hamlet.commune_id != person.commune_id:
            raise PersonDataError({"hamlet": _("The hamlet is in another commune.")})
        person.hamlet = hamlet
        changed.append("hamlet")
    if not changed:
        return []
    try:
        with transaction.atomic():
            person.save()
            audit(
                actor,
                AuditAction.CHANGE_PERSON,
                object_type="person",
                object_id=person.pk,
                reason=reason,
                details={
                    "fields": changed,
                    "before": {k: v for k, v in before.items() if k in changed and k != "national_id"},
                },
                request=request,
            )
    except IntegrityError:
        raise PersonDataError({"national_id": _("Another person already has this ID number.")}) from None
    return changed


def add_hamlet(actor: User | None, commune: Commune, name: str, request: HttpRequest | None = None) -> Hamlet:
    """A commune officer creates a hamlet (audited). Raises geo.services.HamletError."""
    with transaction.atomic():
        hamlet = geo_create_hamlet(commune, name, guess_hamlet_kind(name))
        audit(actor, AuditAction.CREATE_HAMLET, object_type="hamlet", object_id=hamlet.pk, request=request)
    return hamlet


def record_person_view(
    actor: User, person: Person, *, full_id: bool, reason: str, request: HttpRequest | None = None
) -> None:
    """Every view of a full person record is logged (Decree 13/2023/NĐ-CP art. 27)."""
    audit(
        actor,
        AuditAction.VIEW_FULL_ID if full_id else AuditAction.VIEW_PERSON,
        object_type="person",
        object_id=person.pk,
        reason=reason,
        request=request,
    )


# Accounts for people in the roster -----------------------------------------------------------
# Issue 2 §4: a person in the roster is not yet a user (importing 1M people must not hash 1M
# passwords). The account is made when the person claims their record or a helper creates it.

CLAIM_FAILURE_LIMIT = 5
CLAIM_FAILURE_WINDOW = 15 * 60  # seconds


class AccountError(PersonDataError):
    """A claim or an assisted account was refused; `errors` maps a field (or NON_FIELD_ERRORS) to a message."""


class ClaimRateLimited(Exception):
    """Too many failed claims from one address: refused before the roster is looked at."""

    def __init__(self) -> None:
        super().__init__(self.message())

    @staticmethod
    def message() -> str:
        return _(
            "Too many failed attempts from this connection. Wait 15 minutes, or ask your commune officer for help."
        )


def _no_match() -> AccountError:
    # One message for every mismatch (unknown CCCD, other name, other birth date, already claimed),
    # so that the claim form cannot tell anyone who is in the roster.
    return AccountError(
        {
            NON_FIELD_ERRORS: _(
                "We could not find a roster record with these details, or it already has an account. "
                "Check the CCCD number, full name and birth date as written on your CCCD card, or ask "
                "your commune officer or community tech team for help."
            )
        }
    )


def _client_ip(request: HttpRequest | None) -> str:
    return (request.META.get("REMOTE_ADDR") or "") if request is not None else ""


def _failure_key(ip: str) -> str:
    return f"hocvuso:claim-failures:{ip}"


def claim_refused(request: HttpRequest | None) -> bool:
    """True when this address made CLAIM_FAILURE_LIMIT failed claims in the last window."""
    ip = _client_ip(request)
    return bool(ip) and int(cache.get(_failure_key(ip), 0)) >= CLAIM_FAILURE_LIMIT


def _count_failed_claim(request: HttpRequest | None) -> None:
    ip = _client_ip(request)
    if not ip:
        return
    key = _failure_key(ip)
    # The window starts at the first failure; add() does not extend it.
    cache.add(key, 0, CLAIM_FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, CLAIM_FAILURE_WINDOW)


def _check_new_account(phone_raw: object, password: str, *, full_name: str, errors: dict[str, str]) -> str:
    """The normalised phone (the new username); problems go into `errors`."""
    number = ""
    try:
        number = phone.normalise(phone_raw)
    except phone.PhoneError as exc:
        errors["phone"] = exc.message
    else:
        if not number:
            errors["phone"] = _("The phone number is missing.")
    try:
        password_validation.validate_password(
            password or "", User(username=number or "new", phone=number or None, full_name=full_name)
        )
    except ValidationError as exc:
        errors["password"] = " ".join(exc.messages)
    if number and "phone" not in errors and User.objects.filter(phone=number).exists():
        errors["phone"] = _phone_taken()
    return number


def _phone_taken() -> str:
    return _("This phone number already belongs to an account. Sign in with it, or use another number.")


def _open_account(
    person: Person,
    *,
    number: str,
    password: str,
    actor: User | None,
    action: str,
    reason: str,
    request: HttpRequest | None,
) -> User:
    """Create the user, link the person, make them a learner where they live, and audit it (one transaction)."""
    try:
        with transaction.atomic():
            locked = Person.objects.select_for_update().get(pk=person.pk)
            if locked.user_id is not None:
                raise (
                    _no_match()
                    if actor is None
                    else AccountError({NON_FIELD_ERRORS: _("This person already has an account.")})
                )
            user = create_user(
                username=number,
                password=password,
                full_name=locked.full_name,
                phone=number,
                national_id=locked.national_id,
            )
            locked.user = user
            locked.save(update_fields=["user", "updated_at"])
            grant_role(user, RoleKind.LEARNER, unit=locked.hamlet or locked.commune, granted_by=actor)
            audit(
                actor or user,
                action,
                object_type="person",
                object_id=locked.pk,
                reason=reason,
                details={"user": user.pk},
                request=request,
            )
    except IntegrityError:
        # The phone (unique) was taken meanwhile, or another account already holds this CCCD.
        if User.objects.filter(phone=number).exists() or User.objects.filter(username=number).exists():
            raise AccountError({"phone": _phone_taken()}) from None
        if actor is None:
            raise _no_match() from None
        raise AccountError({NON_FIELD_ERRORS: _("Another account already uses this person's CCCD number.")}) from None
    person.user = user
    return user


def _birth_matches(person: Person, typed: object) -> bool:
    try:
        birth = parse_birth(typed)
    except DateError:
        return False
    if birth is None:
        return False
    if person.birth_date is not None:
        return birth.date == person.birth_date
    return person.birth_year is not None and birth.year == person.birth_year


def claim_record(
    *,
    national_id: str,
    full_name: str,
    birth: object,
    phone: str,
    password: str,
    request: HttpRequest | None = None,
) -> User:
    """A person in the roster creates their own account by proving who they are (CCCD, name, birth).

    Raises ClaimRateLimited after too many failures from one address, AccountError otherwise; every
    mismatch gives the same message and counts as a failure.
    """
    if claim_refused(request):
        raise ClaimRateLimited()
    errors: dict[str, str] = {}
    number = _check_new_account(phone, password, full_name=full_name, errors=errors)
    try:
        national = cccd.validate(national_id)
    except cccd.CCCDError:
        national = ""
    if errors:
        raise AccountError(errors)
    person = (
        Person.objects.select_related("commune", "hamlet").filter(national_id=national).first() if national else None
    )
    if (
        person is None
        or person.user_id is not None
        or fold(full_name) != fold(person.full_name)
        or not _birth_matches(person, birth)
    ):
        _count_failed_claim(request)
        raise _no_match()
    return _open_account(
        person,
        number=number,
        password=password,
        actor=None,
        action=AuditAction.CLAIM_RECORD,
        reason="claim",
        request=request,
    )


def create_account_for(
    helper: User, person: Person, *, phone: str, password: str, request: HttpRequest | None = None
) -> User:
    """A mentor, community tech team member or officer creates the account of a person in their units.

    Http404 when the person is outside the helper's units (as for a missing record).
    """
    if not permissions.can_enrol(helper, person):
        raise Http404
    errors: dict[str, str] = {}
    number = _check_new_account(phone, password, full_name=person.full_name, errors=errors)
    if person.user_id is not None:
        errors[NON_FIELD_ERRORS] = _("This person already has an account.")
    if errors:
        raise AccountError(errors)
    return _open_account(
        person,
        number=number,
        password=password,
        actor=helper,
        action=AuditAction.CREATE_ACCOUNT,
        reason="assisted",
        request=request,
    )
