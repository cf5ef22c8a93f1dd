"""Reads of the registry: search, filters, derived target groups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from hocvuso.lib import cccd, phone
from hocvuso.lib.text import fold, fold_prefix_range
from hocvuso.people.constants import ADULT_AGE, ELDERLY_AGE, MembershipRole, OrganisationKind, SchoolLevel, TargetGroup
from hocvuso.people.models import Membership, Person


def search_people(qs: QuerySet[Person], query: str) -> QuerySet[Person]:
    """Filter by a free-text query: a CCCD, a phone number or a name (accent- and case-insensitive).

    A name matches in two ways: from its start ("nguyen van h", "thach thi" — a range scan of the
    folded-name index) or at its end ("hung" or "van hung" — the given-name index, then the tail).
    Each way is first probed with one indexed EXISTS; only the ways that find someone go into the
    filter. A lone way lets the database walk the name index in order and stop after one page,
    where an OR of both would make it collect and sort every match (300k for "nguyen" at 1M people).
    """
    text = (query or "").strip()
    if not text:
        return qs
    digits = cccd.clean(text)
    if text.startswith("+") and digits[1:].isdigit():
        # "+84912345678": an international phone number, never a CCCD
        try:
            return qs.filter(phone=phone.normalise(text))
        except phone.PhoneError:
            return qs.none()
    if digits.isdigit() and len(digits) == 12:
        return qs.filter(national_id=digits)
    if digits.isdigit() and len(digits) >= 9:
        try:
            return qs.filter(phone=phone.normalise(text))
        except phone.PhoneError:
            return qs.none()
    key = fold(text)
    lo, hi = fold_prefix_range(key)
    from_start = Q(name_folded__gte=lo, name_folded__lt=hi)
    words = key.split()
    # "hung" is a given name; "van hung" or "thi sa ra" are the last words of the name.
    at_end = Q(given_folded=key) if len(words) == 1 else Q(given_folded=words[-1], name_folded__endswith=" " + key)
    found = [q for q in (from_start, at_end) if qs.filter(q).exists()]
    if not found:
        return qs.none()
    return qs.filter(found[0] | found[1] if len(found) == 2 else found[0])


@dataclass(frozen=True)
class PeopleFilters:
    commune: int | None = None
    hamlet: int | None = None
    sex: str = ""
    ethnicity: str = ""
    vneid_level: int | None = None
    has_digital_bank_account: bool | None = None
    min_age: int | None = None
    max_age: int | None = None
    disability: bool | None = None


def filter_people(qs: QuerySet[Person], f: PeopleFilters, today: date | None = None) -> QuerySet[Person]:
    today = today or date.today()
    if f.commune:
        qs = qs.filter(commune_id=f.commune)
    if f.hamlet:
        qs = qs.filter(hamlet_id=f.hamlet)
    if f.sex:
        qs = qs.filter(sex=f.sex)
    if f.ethnicity:
        qs = qs.filter(ethnicity=f.ethnicity)
    if f.vneid_level is not None:
        qs = qs.filter(vneid_level=f.vneid_level)
    if f.has_digital_bank_account is not None:
        qs = qs.filter(has_digital_bank_account=f.has_digital_bank_account)
    if f.disability is not None:
        qs = qs.exclude(disability="") if f.disability else qs.filter(disability="")
    if f.min_age is not None:
        qs = qs.filter(birth_year__lte=today.year - f.min_age)
    if f.max_age is not None:
        qs = qs.filter(birth_year__gte=today.year - f.max_age)
    return qs


_SCHOOL_GROUP = {
    SchoolLevel.PRIMARY: TargetGroup.PRIMARY_PUPIL,
    SchoolLevel.LOWER_SECONDARY: TargetGroup.SECONDARY_PUPIL,
    SchoolLevel.UPPER_SECONDARY: TargetGroup.SECONDARY_PUPIL,
    SchoolLevel.COLLEGE: TargetGroup.STUDENT,
    SchoolLevel.UNIVERSITY: TargetGroup.STUDENT,
}
_WORKPLACES = {OrganisationKind.ENTERPRISE, OrganisationKind.COOPERATIVE, OrganisationKind.COOPERATIVE_UNION}
_PUBLIC_SECTOR = {OrganisationKind.STATE_AGENCY, OrganisationKind.PUBLIC_SERVICE_UNIT, OrganisationKind.SCHOOL}


def target_groups(person: Person, memberships: Iterable[Membership], today: date | None = None) -> set[str]:
    """Plan 67 section II target groups of one person, derived from age and memberships."""
    today = today or date.today()
    groups: set[str] = set()
    age = person.age_on(today)
    if age is not None and age >= ADULT_AGE:
        groups.add(TargetGroup.ADULT)
    if age is not None and age >= ELDERLY_AGE:
        groups.add(TargetGroup.ELDERLY)
    for m in memberships:
        if m.end_date and m.end_date < today:
            continue
        org = m.organisation
        if m.role in (MembershipRole.PUPIL, MembershipRole.STUDENT) and org.school_level:
            groups.add(_SCHOOL_GROUP[SchoolLevel(org.school_level)])
        elif m.role in (MembershipRole.CIVIL_SERVANT, MembershipRole.PUBLIC_EMPLOYEE) and org.kind in _PUBLIC_SECTOR:
            groups.add(TargetGroup.PUBLIC_SECTOR_STAFF)
        elif m.role == MembershipRole.WORKER and org.kind in _WORKPLACES:
            groups.add(TargetGroup.WORKER)
    return groups


def person_target_groups(person: Person, today: date | None = None) -> set[str]:
    return target_groups(person, person.memberships.select_related("organisation"), today)
