"""Sign-up by a resident, and its confirmation by a helper of their hamlet (issue 3 §3).

A CCCD number is not a secret: relatives, shops and photocopies carry it. So the sign-up answers the
same whatever is on file, and typing the CCCD, name and birth date of a roster record does not hand
over that record: the new account waits in `Person.pending_user` until a mentor, community tech team
member or commune officer of the hamlet has seen the person and confirms. Until then the account
learns like any other (progress belongs to the account, not to the record) but does not see the record.

Someone not found in the roster becomes a new self-registered person in the hamlet they chose. The
CCCD they typed is kept aside (`pending_national_id`) until a helper has seen the card; when another
record already holds that number it is not stored at all, and the record is flagged for the officer.
"""

from __future__ import annotations

from typing import Literal

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import AuditAction, RoleKind
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit, create_user, grant_role
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.lib.text import fold
from hocvuso.people import permissions
from hocvuso.people.models import Person
from hocvuso.people.services import (
    AccountError,
    PersonDataError,
    _birth_matches,
    _check_new_account,
    _phone_taken,
    clean_person_data,
)

# A community session shares one connection (commune wifi), so the limit is per hour and generous;
# a mentor signing up a whole hamlet uses "create an account for someone" instead.
SIGN_UP_LIMIT = 20
SIGN_UP_WINDOW = 60 * 60  # seconds

Outcome = Literal["roster_record", "new", "national_id_on_another_record"]


class SignUpRateLimited(Exception):
    """Too many sign-ups from one address: refused before anything is looked up."""

    def __init__(self) -> None:
        super().__init__(self.message())

    @staticmethod
    def message() -> str:
        return _("Too many sign-ups from this connection. Wait an hour, or ask your commune officer for help.")


class ConfirmError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _ip(request: HttpRequest | None) -> str:
    return (request.META.get("REMOTE_ADDR") or "") if request is not None else ""


def _key(ip: str) -> str:
    return f"hocvuso:sign-ups:{ip}"


def sign_up_refused(request: HttpRequest | None) -> bool:
    ip = _ip(request)
    return bool(ip) and int(cache.get(_key(ip), 0)) >= SIGN_UP_LIMIT


def _count_sign_up(request: HttpRequest | None) -> None:
    ip = _ip(request)
    if not ip:
        return
    key = _key(ip)
    cache.add(key, 0, SIGN_UP_WINDOW)  # the window starts at the first attempt
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, SIGN_UP_WINDOW)


def _claimable(person: Person | None, full_name: str, birth: object) -> bool:
    return (
        person is not None
        and person.user_id is None
        and person.pending_user_id is None
        and fold(full_name) == fold(person.full_name)
        and _birth_matches(person, birth)
    )


def sign_up(
    *,
    full_name: str,
    birth: object,
    phone: str,
    password: str,
    commune: Commune,
    hamlet: Hamlet | None,
    national_id: str = "",
    request: HttpRequest | None = None,
) -> User:
    """Create a learner account; the caller shows the same answer whatever happened to the CCCD.

    Raises SignUpRateLimited, or AccountError whose messages never depend on what is on file
    (only on the form: a malformed CCCD, a phone number already used by an account, a weak password).
    """
    if sign_up_refused(request):
        raise SignUpRateLimited()
    _count_sign_up(request)
    errors: dict[str, str] = {}
    number = _check_new_account(phone, password, full_name=full_name, errors=errors)
    if not str(birth or "").strip():
        errors["birth_date"] = _("The birth date is missing.")
    try:
        data = clean_person_data({"full_name": full_name, "birth_date": birth, "national_id": national_id})
    except PersonDataError as exc:
        errors.update(exc.errors)
    if not commune.in_campaign_area:
        errors["commune"] = _("Choose a commune or ward of the campaign area.")
    elif hamlet is not None and hamlet.commune_id != commune.code:
        errors["hamlet"] = _("The hamlet is not in the chosen commune.")
    if errors:
        raise AccountError(errors)
    try:
        with transaction.atomic():
            on_file = (
                Person.objects.select_for_update().filter(national_id=data.national_id).first()
                if data.national_id
                else None
            )
            user = create_user(username=number, password=password, full_name=data.full_name, phone=number)
            outcome: Outcome
            if on_file is not None and _claimable(on_file, data.full_name, birth):
                on_file.pending_user = user
                on_file.save(update_fields=["pending_user", "updated_at"])
                person, outcome = on_file, "roster_record"
            else:
                person = Person(
                    full_name=data.full_name,
                    birth_date=data.birth_date,
                    birth_year=data.birth_year,
                    phone=number,
                    commune=commune,
                    hamlet=hamlet,
                    user=user,
                    self_registered=True,
                    pending_national_id=(data.national_id or "") if on_file is None else "",
                    national_id_conflict=on_file is not None,
                )
                person.save()
                outcome = "new" if on_file is None else "national_id_on_another_record"
            grant_role(user, RoleKind.LEARNER, unit=person.hamlet or person.commune)
            audit(
                user,
                AuditAction.SIGN_UP,
                object_type="person",
                object_id=person.pk,
                details={"user": user.pk, "outcome": outcome},
                request=request,
            )
    except IntegrityError:
        raise AccountError({"phone": _phone_taken()}) from None
    return user


def sign_ups_waiting_for(helper: User | object) -> QuerySet[Person]:
    """Sign-ups in the helper's units that nobody has confirmed yet, oldest first."""
    waiting = Q(pending_user__isnull=False) | Q(self_registered=True, link_confirmed_at__isnull=True)
    return (
        permissions.people_enrollable_by(helper)
        .filter(waiting)
        .select_related("commune", "hamlet", "pending_user", "user")
        .order_by("updated_at", "pk")
    )


def get_sign_up_for(helper: User | object, pk: int) -> Person:
    """A waiting sign-up of the helper's units; Http404 when missing, not theirs or not waiting."""
    person = sign_ups_waiting_for(helper).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def confirm_sign_up(helper: User, person: Person, *, request: HttpRequest | None = None) -> User:
    """The helper has met the person and seen their CCCD card: the account gets its record.

    A roster record's waiting account becomes its account (and may sign in with the CCCD); a
    self-registered record gets the CCCD it was signed up with, when no other record holds it.
    """
    if not permissions.can_enrol(helper, person):
        raise Http404
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.pending_user_id is not None:
            if locked.user_id is not None:
                raise ConfirmError(_("This record already has an account."))
            user = User.objects.select_for_update().get(pk=locked.pending_user_id)
            locked.user, locked.pending_user = user, None
            national_id = locked.national_id or ""
        elif locked.self_registered and locked.link_confirmed_at is None and locked.user_id is not None:
            user = User.objects.select_for_update().get(pk=locked.user_id)
            national_id = locked.pending_national_id
            if national_id and Person.objects.filter(national_id=national_id).exists():
                locked.national_id_conflict, national_id = True, ""
            locked.national_id = national_id or locked.national_id
            locked.pending_national_id = ""
        else:
            raise ConfirmError(_("Nothing is waiting for confirmation on this record."))
        if national_id and not User.objects.filter(national_id=national_id).exclude(pk=user.pk).exists():
            user.national_id = national_id
            user.save(update_fields=["national_id"])
        locked.link_confirmed_at = timezone.now()
        locked.link_confirmed_by = helper
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError:
            raise ConfirmError(
                _("Another record holds this CCCD number. Correct the roster before confirming.")
            ) from None
        audit(
            helper,
            AuditAction.CONFIRM_SIGN_UP,
            object_type="person",
            object_id=locked.pk,
            details={"user": user.pk},
            request=request,
        )
    person.refresh_from_db()
    return user


def waiting_for_confirmation(user: User | object) -> bool:
    """True when `user` signed up and no helper has confirmed their record yet."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return Person.objects.filter(
        Q(pending_user=user) | Q(user=user, self_registered=True, link_confirmed_at__isnull=True)
    ).exists()
