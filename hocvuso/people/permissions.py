"""Who may list, see and change roster rows — decided here once, used by every view and API operation.

Access functions answer "not found" both for missing rows and for rows outside the user's units.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.constants import RoleKind
from hocvuso.accounts.models import User
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.people.models import Household, ImportJob, Membership, Organisation, Person


def _unit_q(scope: acc.Scope, *, commune: str = "commune", hamlet: str | None = "hamlet") -> Q:
    q = Q(pk__in=[])
    if scope.province_codes:
        q |= Q(**{f"{commune}__province_id__in": scope.province_codes})
    if scope.commune_codes:
        q |= Q(**{f"{commune}_id__in": scope.commune_codes})
    if scope.hamlet_ids and hamlet:
        q |= Q(**{f"{hamlet}_id__in": scope.hamlet_ids})
    return q


def people_q(user: User | object, kinds: tuple[str, ...] = acc.ROSTER_READERS) -> Q:
    scope = acc.scope_for(user, kinds)
    q = _unit_q(scope)
    if scope.organisation_ids:
        q |= Q(Exists(Membership.objects.filter(person=OuterRef("pk"), organisation_id__in=scope.organisation_ids)))
    if isinstance(user, User) and user.is_authenticated:
        # Everyone sees their own record. By primary key: "OR user_id = ?" stops SQLite from using the
        # commune indexes (a commune officer's page took 3.5 s instead of 9 ms at 1M people).
        own = list(Person.objects.filter(user_id=user.pk).values_list("pk", flat=True))
        if own:
            q |= Q(pk__in=own)
    return q


def people_visible_to(user: User | object) -> QuerySet[Person]:
    return Person.objects.filter(people_q(user))


def people_enrollable_by(user: User | object) -> QuerySet[Person]:
    """People whose account `user` may create: those in the units of their helper roles (mentors
    included, who do not read the roster), whether or not the person already has an account."""
    return Person.objects.filter(_unit_q(acc.scope_for(user, acc.ACCOUNT_HELPERS)))


def can_enrol(user: User | object, person: Person) -> bool:
    return people_enrollable_by(user).filter(pk=person.pk).exists()


def get_person_to_enrol_for(user: User | object, pk: int) -> Person:
    """The person `pk` if `user` may create their account; Http404 otherwise (missing or not theirs)."""
    person = people_enrollable_by(user).select_related("commune", "hamlet").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def people_editable_by(user: User | object) -> QuerySet[Person]:
    return Person.objects.filter(_unit_q(acc.scope_for(user, acc.ROSTER_EDITORS)))


def households_visible_to(user: User | object) -> QuerySet[Household]:
    return Household.objects.filter(_unit_q(acc.scope_for(user, acc.ROSTER_READERS)))


def hamlets_visible_to(user: User | object) -> QuerySet[Hamlet]:
    scope = acc.scope_for(user, (*acc.ROSTER_READERS, RoleKind.MENTOR))
    q = (
        Q(pk__in=scope.hamlet_ids)
        | Q(commune_id__in=scope.commune_codes)
        | Q(commune__province_id__in=scope.province_codes)
    )
    return Hamlet.objects.filter(q)


def communes_visible_to(user: User | object) -> QuerySet[Commune]:
    """Communes where the user holds any roster role (directly, through the province, or a hamlet)."""
    scope = acc.scope_for(user, (*acc.ROSTER_READERS, RoleKind.MENTOR))
    q = (
        Q(code__in=scope.commune_codes)
        | Q(province_id__in=scope.province_codes, in_campaign_area=True)
        | Q(hamlets__id__in=scope.hamlet_ids)
    )
    return Commune.objects.filter(q).distinct()


def communes_managed_by(user: User | object, kinds: tuple[str, ...] = acc.IMPORTERS) -> QuerySet[Commune]:
    scope = acc.scope_for(user, kinds)
    return Commune.objects.filter(
        Q(code__in=scope.commune_codes) | Q(province_id__in=scope.province_codes, in_campaign_area=True)
    )


def organisations_visible_to(user: User | object) -> QuerySet[Organisation]:
    scope = acc.scope_for(user, acc.ROSTER_READERS)
    q = _unit_q(scope, hamlet=None) | Q(pk__in=scope.organisation_ids)
    return Organisation.objects.filter(q)


def import_jobs_visible_to(user: User | object) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(commune__in=communes_managed_by(user))


def can_see_full_id(user: User | object, person: Person) -> bool:
    return Person.objects.filter(pk=person.pk).filter(_unit_q(acc.scope_for(user, acc.FULL_ID_READERS))).exists() or (
        isinstance(user, User) and person.user_id == user.pk
    )


def can_edit_person(user: User | object, person: Person) -> bool:
    return people_editable_by(user).filter(pk=person.pk).exists()


def can_manage_commune(user: User | object, commune: Commune, kinds: tuple[str, ...] = acc.IMPORTERS) -> bool:
    return acc.scope_for(user, kinds).covers_commune(commune.code, commune.province_id)


def get_person_for(user: User | object, pk: int) -> Person:
    """The person `pk` if `user` may see it; Http404 otherwise (missing or not theirs)."""
    person = people_visible_to(user).select_related("commune", "hamlet", "household").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def get_household_for(user: User | object, pk: int) -> Household:
    household = households_visible_to(user).select_related("commune", "hamlet").filter(pk=pk).first()
    if household is None:
        raise Http404
    return household


def get_hamlet_for(user: User | object, pk: int) -> Hamlet:
    hamlet = hamlets_visible_to(user).select_related("commune").filter(pk=pk).first()
    if hamlet is None:
        raise Http404
    return hamlet


def get_commune_for(user: User | object, code: int) -> Commune:
    commune = communes_visible_to(user).filter(code=code).first()
    if commune is None:
        raise Http404
    return commune


def get_import_job_for(user: User | object, pk: int) -> ImportJob:
    job = import_jobs_visible_to(user).select_related("commune").filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
