"""Writes on the registry. Every change is one transaction and one audit row.

Validation of personal fields goes through hocvuso.lib validators (the same ones the roster
import uses), so a person entered by hand and one imported obey the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.geo.services import create_hamlet as geo_create_hamlet
from hocvuso.geo.services import guess_hamlet_kind
from hocvuso.lib import cccd, ethnicity, phone
from hocvuso.lib.dates import DateError, parse_birth
from hocvuso.lib.text import is_plausible_name, nfc, title_name
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
) -> list[str]:
    """Change a person's fields; returns the names of the fields that changed (audited)."""
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
