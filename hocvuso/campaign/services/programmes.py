"""Writes on the household and 4T programmes (plan 67 III.5.b, III.5.c): the household's digital guide
("Gia đình số") and the trader/farmer flag ("Chợ số - Nông thôn số", 4T). Audited as CHANGE_PROGRAMME."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit
from hocvuso.campaign.constants import Livelihood
from hocvuso.campaign.models import HouseholdGuide, LivelihoodFlag
from hocvuso.people.models import Household, Person


class ProgrammeError(ValueError):
    """A refused change, with a translated sentence saying why."""


@transaction.atomic
def set_household_guide(
    by: User | None, household: Household, person: Person, *, since: date | None = None
) -> HouseholdGuide:
    """Set or change the member who learned and guides the others (plan 67 III.5.b)."""
    if person.household_id != household.pk:
        raise ProgrammeError(_("The guide must be a member of the household."))
    guide, _created = HouseholdGuide.objects.update_or_create(
        household=household, defaults={"person": person, "since": since or timezone.localdate()}
    )
    audit(
        by,
        AuditAction.CHANGE_PROGRAMME,
        object_type="household",
        object_id=household.pk,
        details={"guide": person.pk},
    )
    return guide


@transaction.atomic
def clear_household_guide(by: User | None, household: Household) -> None:
    deleted, _rows = HouseholdGuide.objects.filter(household=household).delete()
    if deleted:
        audit(
            by, AuditAction.CHANGE_PROGRAMME, object_type="household", object_id=household.pk, details={"guide": None}
        )


@transaction.atomic
def flag_livelihood(by: User | None, person: Person, kind: str, *, market: str = "") -> LivelihoodFlag:
    """Mark a trader or farmer the 4T course is meant for (or change the flag)."""
    if kind not in Livelihood.values:
        raise ProgrammeError(_("Choose small trader or farmer."))
    flag, _created = LivelihoodFlag.objects.update_or_create(
        person=person,
        defaults={
            "kind": kind,
            "market": " ".join(market.split())[:150],
            "flagged_by": by,
            "flagged_at": timezone.now(),
        },
    )
    audit(by, AuditAction.CHANGE_PROGRAMME, object_type="person", object_id=person.pk, details={"livelihood": kind})
    return flag


@transaction.atomic
def unflag_livelihood(by: User | None, person: Person) -> None:
    deleted, _rows = LivelihoodFlag.objects.filter(person=person).delete()
    if deleted:
        audit(by, AuditAction.CHANGE_PROGRAMME, object_type="person", object_id=person.pk, details={"livelihood": None})
