"""Recording a door-to-door visit (plan 67 III.5.đ) and the registry changes made during it.

A visit is stored once per `client_uuid`, made on the phone when the form is filled in: a visit kept
offline and sent again after a lost connection, or sent twice at once, is one row (the unique
constraint decides the race). The VNeID level and digital bank account of the people met are changed
through hocvuso.people.services.update_person (audited CHANGE_PERSON), in the same transaction as the
visit and its RECORD_VISIT audit row, whose reason is "support" (Decree 13/2023/NĐ-CP: the purpose).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import AccessReason, AuditAction
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit
from hocvuso.campaign.constants import HelpTopic, VisitOutcome
from hocvuso.campaign.models import Visit
from hocvuso.people import services as people_services
from hocvuso.people.constants import VNeIDLevel
from hocvuso.people.models import Household, Person

MAX_NOTE = 2000
MAX_COMPANIONS = 255


class VisitRefused(ValueError):
    """The visit cannot be recorded; `errors` maps a field name to a message for the user."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class VisitConflict(ValueError):
    """The client_uuid belongs to a visit of another visitor or household."""


@dataclass
class PersonChange:
    """What the visitor set for one person met; None leaves a field as it is."""

    person_id: int
    vneid_level: int | None = None
    has_digital_bank_account: bool | None = None


@dataclass
class VisitData:
    client_uuid: uuid.UUID
    visited_on: date
    outcome: str
    companions: str = ""
    people_met: list[int] = field(default_factory=list)
    helped_with: list[str] = field(default_factory=list)
    note: str = ""
    follow_up_on: date | None = None
    changes: list[PersonChange] = field(default_factory=list)


def _check(household: Household, data: VisitData, members: dict[int, Person], today: date) -> None:
    errors: dict[str, str] = {}
    if data.visited_on > today:
        errors["visited_on"] = _("The visit date cannot be in the future.")
    if data.follow_up_on is not None and data.follow_up_on < data.visited_on:
        errors["follow_up_on"] = _("The date to come back cannot be before the visit.")
    if data.outcome not in VisitOutcome.values:
        errors["outcome"] = _("Choose the outcome of the visit.")
    unknown_topics = [t for t in data.helped_with if t not in HelpTopic.values]
    if unknown_topics:
        errors["helped_with"] = _("Unknown help topic: %(topics)s.") % {"topics": ", ".join(unknown_topics)}
    if len(data.companions) > MAX_COMPANIONS:
        errors["companions"] = _("Write at most %(n)d characters.") % {"n": MAX_COMPANIONS}
    if len(data.note) > MAX_NOTE:
        errors["note"] = _("Write at most %(n)d characters.") % {"n": MAX_NOTE}
    strangers = [pk for pk in data.people_met if pk not in members]
    if strangers:
        errors["people_met"] = _("Only members of this household can be ticked as met.")
    elif data.people_met and data.outcome == VisitOutcome.NOT_HOME:
        errors["people_met"] = _("Nobody was at home: do not tick anyone as met.")
    met = set(data.people_met)
    for change in data.changes:
        person = members.get(change.person_id)
        if person is None:
            errors["changes"] = _("Only members of this household can be updated.")
        elif change.person_id not in met:
            errors["changes"] = _("Tick %(name)s as met to change their VNeID level or digital bank account.") % {
                "name": person.full_name
            }
        elif change.vneid_level is not None and change.vneid_level not in VNeIDLevel.values:
            errors["changes"] = _("The VNeID level must be 0, 1 or 2.")
    if errors:
        raise VisitRefused(errors)


def _person_data(person: Person, change: PersonChange) -> people_services.PersonData:
    """The person's fields as they are, with the visitor's changes."""
    return people_services.PersonData(
        full_name=person.full_name,
        national_id=person.national_id,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        sex=person.sex,
        ethnicity=person.ethnicity,
        phone=person.phone,
        disability=person.disability,
        vneid_level=person.vneid_level if change.vneid_level is None else change.vneid_level,
        has_digital_bank_account=(
            person.has_digital_bank_account
            if change.has_digital_bank_account is None
            else change.has_digital_bank_account
        ),
    )


def _existing(visitor: User, household: Household, client_uuid: uuid.UUID) -> Visit | None:
    found = Visit.objects.filter(client_uuid=client_uuid).first()
    if found is not None and (found.visitor_id != visitor.pk or found.household_id != household.pk):
        raise VisitConflict(_("This visit number is already used by another visit. Reload the form and try again."))
    return found


def record_visit(
    visitor: User, household: Household, data: VisitData, *, request: HttpRequest | None = None
) -> tuple[Visit, bool]:
    """Store a visit to `household` (already checked to be one `visitor` works in) and the changes to
    the people met. Returns the visit and whether it is new; the same `client_uuid` sent again returns
    the stored visit unchanged. Raises VisitRefused (bad input) or VisitConflict."""
    existing = _existing(visitor, household, data.client_uuid)
    if existing is not None:
        return existing, False
    members = {p.pk: p for p in Person.objects.filter(household=household)}
    _check(household, data, members, timezone.localdate())
    try:
        with transaction.atomic():
            # The visit first: a second sender of the same client_uuid waits here (PostgreSQL) and fails
            # before changing anybody.
            visit = Visit(
                client_uuid=data.client_uuid,
                household=household,
                hamlet_id=household.hamlet_id,
                commune_id=household.commune_id,
                visited_on=data.visited_on,
                visitor=visitor,
                companions=data.companions.strip(),
                helped_with=sorted(set(data.helped_with)),
                outcome=data.outcome,
                note=data.note.strip(),
                follow_up_on=data.follow_up_on,
            )
            visit.save(force_insert=True)
            visit.people_met.set(sorted(set(data.people_met)))
            changed: dict[str, list[str]] = {}
            for change in data.changes:
                person = members[change.person_id]
                fields = people_services.update_person(
                    visitor, person, _person_data(person, change), request=request, reason=AccessReason.SUPPORT
                )
                if fields:
                    changed[str(person.pk)] = fields
            audit(
                visitor,
                AuditAction.RECORD_VISIT,
                object_type="visit",
                object_id=visit.pk,
                reason=AccessReason.SUPPORT,
                details={"household": household.pk, "people_met": sorted(set(data.people_met)), "changed": changed},
                request=request,
            )
    except IntegrityError:
        again = _existing(visitor, household, data.client_uuid)
        if again is None:
            raise
        return again, False
    except people_services.PersonDataError as exc:
        raise VisitRefused({"changes": "; ".join(exc.errors.values())}) from exc
    return visit, True
