"""Writes of community learning (plan 67 III.4.d, III.1.c, III.4.e): the weekly session schedule and
its generator, changes to sessions, attendance (ticked from the roster or by QR check-in), events
with their participants, and public wifi points. Each function runs in one transaction and writes
an audit row; callers have already checked access (hocvuso.campaign.permissions, selectors.sessions).

Attendance counts as learning activity: for each person present who has an account, an "opened"
progress event is recorded for every lesson linked to the session, through
hocvuso.learning.services.record_progress_events. The event id is derived from the session and the
lesson, so recording a person twice (or linking lessons after the attendance) never counts twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit
from hocvuso.campaign.constants import AttendanceMethod, EventKind, SessionStatus, WifiStatus
from hocvuso.campaign.models import (
    Attendance,
    CommunitySession,
    Event,
    EventParticipation,
    Holiday,
    SessionRegistration,
    SessionSchedule,
    WifiPoint,
)
from hocvuso.campaign.services.rotation import plan_rotation
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.learning.constants import ProgressEventKind
from hocvuso.learning.models import Lesson
from hocvuso.learning.selectors import published_lessons
from hocvuso.learning.services import ProgressEventIn, record_progress_events
from hocvuso.people.models import Person

# Plan 67 III.4.d speaks of a month's or a quarter's calendar; longer runs are refused so that a typo
# in a year does not fill the calendar with years of sessions.
MAX_PERIOD_DAYS = 92
# A QR check-in is accepted from an hour before the start until the end of the session's day.
CHECK_IN_EARLY = timedelta(hours=1)
SESSION_EVENT_NAMESPACE = uuid.UUID("6f0c2f8e-6c55-4b8e-9a57-3d8f1b0a6767")


class SessionError(ValueError):
    """A change refused for a reason the user can act on; the message is translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def local_tz() -> tzinfo:
    return timezone.get_default_timezone()


def local_start(day: date) -> datetime:
    """Midnight at the start of `day` in the province (Asia/Ho_Chi_Minh)."""
    return datetime.combine(day, time.min, tzinfo=local_tz())


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment, local_tz()).date()


# Schedule and generator ------------------------------------------------------------------------


def commune_hamlet_order(commune: Commune, schedule: SessionSchedule | None) -> list[int]:
    """The rotation order: the schedule's order of the commune's current hamlets, then any hamlet
    added since, by name."""
    current = list(Hamlet.objects.filter(commune=commune).order_by("name_folded", "pk").values_list("pk", flat=True))
    ordered = [h for h in (schedule.hamlet_order if schedule else []) if h in set(current)]
    return ordered + [h for h in current if h not in set(ordered)]


@transaction.atomic
def save_schedule(
    commune: Commune,
    by: User,
    *,
    weekday: int,
    start_time: time,
    minutes: int,
    hamlet_order: Sequence[int],
    places: dict[int, str],
) -> SessionSchedule:
    """Create or change the commune's weekly schedule; the rotation position is kept."""
    valid = set(Hamlet.objects.filter(commune=commune).values_list("pk", flat=True))
    if not set(hamlet_order) <= valid or len(set(hamlet_order)) != len(hamlet_order):
        raise SessionError(_("The rotation must list each hamlet of the commune at most once."))
    if not 0 <= weekday <= 6:
        raise SessionError(_("Choose a day of the week."))
    if not 15 <= minutes <= 480:
        raise SessionError(_("A session lasts between 15 minutes and 8 hours."))
    schedule, _created = SessionSchedule.objects.select_for_update().get_or_create(
        commune=commune, defaults={"start_time": start_time}
    )
    schedule.weekday = weekday
    schedule.start_time = start_time
    schedule.minutes = minutes
    schedule.hamlet_order = list(hamlet_order)
    schedule.places = {str(h): p.strip()[:255] for h, p in places.items() if h in valid and p.strip()}
    schedule.save()
    audit(
        by,
        AuditAction.CHANGE_SESSION,
        object_type="session_schedule",
        object_id=commune.code,
        details={"weekday": weekday, "start_time": start_time.isoformat(), "minutes": minutes},
    )
    return schedule


@dataclass(frozen=True)
class GenerationResult:
    created: int
    replaced: int
    kept: int
    next_hamlet_index: int


@transaction.atomic
def generate_sessions(commune: Commune, start: date, end: date, by: User) -> GenerationResult:
    """Plan the commune's weekly sessions of `start`..`end` from its schedule.

    Generating a period again replaces only its generated sessions that are still planned and have
    nobody recorded or registered; held or cancelled ones, sessions with attendance and sessions made by hand stay
    (a hand-made session takes its day; a kept generated one keeps its week and its turn). The
    rotation continues from where the schedule left it, so consecutive periods share the hamlets
    fairly; regenerating an already generated period starts again from that period's first turn.
    """
    if end < start:
        raise SessionError(_("The end of the period is before its start."))
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise SessionError(_("Generate at most three months at once."))
    schedule = SessionSchedule.objects.select_for_update().filter(commune=commune).first()
    if schedule is None:
        raise SessionError(_("Set the weekly schedule of the commune first."))
    order = commune_hamlet_order(commune, schedule)
    n = len(order)
    # Every day of a week that overlaps the period may decide where that week's session goes.
    window = CommunitySession.objects.filter(
        commune=commune,
        starts_at__gte=local_start(start - timedelta(days=6)),
        starts_at__lt=local_start(end + timedelta(days=7)),
    )
    period_q = Q(starts_at__gte=local_start(start), starts_at__lt=local_start(end + timedelta(days=1)))
    replaceable = window.filter(
        period_q, generated=True, status=SessionStatus.PLANNED, attendance__isnull=True, registrations__isnull=True
    )
    replaceable_ids = set(replaceable.values_list("pk", flat=True))
    kept = [s for s in window if s.pk not in replaceable_ids]
    taken = {local_day(s.starts_at) for s in kept if not s.generated and s.status != SessionStatus.CANCELLED}
    kept_generated = {local_day(s.starts_at) for s in kept if s.generated}
    # Where the rotation stood at `start`: each generated session from `start` on used one turn
    # (the schedule's index is the one after its last generated session).
    from_start = CommunitySession.objects.filter(commune=commune, generated=True, starts_at__gte=local_start(start))
    index = (schedule.next_hamlet_index - from_start.count()) % n if n else 0
    after_end = from_start.filter(starts_at__gte=local_start(end + timedelta(days=1))).count()
    places = {int(h): p for h, p in schedule.places.items() if str(h).isdigit()}
    plan = plan_rotation(
        hamlet_order=order,
        weekday=schedule.weekday,
        start_time=schedule.start_time,
        minutes=schedule.minutes,
        places=places,
        start=start,
        end=end,
        holidays=set(
            Holiday.objects.filter(date__gte=start - timedelta(days=6), date__lte=end + timedelta(days=6)).values_list(
                "date", flat=True
            )
        ),
        taken=taken,
        kept_generated=kept_generated,
        next_hamlet_index=index,
    )
    replaced = len(replaceable_ids)
    CommunitySession.objects.filter(pk__in=replaceable_ids).delete()
    tz = local_tz()
    CommunitySession.objects.bulk_create(
        [
            CommunitySession(
                commune=commune,
                hamlet_id=p.hamlet_id,
                starts_at=p.starts_at.replace(tzinfo=tz),
                ends_at=p.ends_at.replace(tzinfo=tz),
                place=p.place,
                generated=True,
            )
            for p in plan.sessions
        ]
    )
    schedule.next_hamlet_index = (plan.next_hamlet_index + after_end) % n if n else 0
    schedule.generated_until = max(end, schedule.generated_until or end)
    schedule.save(update_fields=["next_hamlet_index", "generated_until", "updated_at"])
    audit(
        by,
        AuditAction.GENERATE_SESSIONS,
        object_type="commune",
        object_id=commune.code,
        details={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "created": len(plan.sessions),
            "replaced": replaced,
        },
    )
    return GenerationResult(len(plan.sessions), replaced, len(kept), schedule.next_hamlet_index)


# Sessions --------------------------------------------------------------------------------------


@dataclass
class SessionChange:
    starts_at: datetime
    minutes: int
    place: str = ""
    topic: str = ""
    hamlet: Hamlet | None = None
    lessons: list[Lesson] = field(default_factory=list)


def _check_change(commune_id: int, change: SessionChange) -> set[int]:
    """Refuse a wrong hamlet, length, naive time or unpublished lesson; the linked lesson ids."""
    if change.hamlet is not None and change.hamlet.commune_id != commune_id:
        raise SessionError(_("Choose a hamlet of the session's commune."))
    if not 15 <= change.minutes <= 480:
        raise SessionError(_("A session lasts between 15 minutes and 8 hours."))
    if timezone.is_naive(change.starts_at):
        raise SessionError(_("The start time has no time zone."))
    lesson_ids = {lesson.pk for lesson in change.lessons}
    if lesson_ids - set(published_lessons().filter(pk__in=lesson_ids).values_list("pk", flat=True)):
        raise SessionError(_("Only published lessons can be linked to a session."))
    return lesson_ids


@transaction.atomic
def create_session(commune: Commune, by: User, change: SessionChange) -> CommunitySession:
    """A one-off session made by hand (generated=False): generating a period never replaces it, and
    the generator treats its day as taken (see generate_sessions)."""
    lesson_ids = _check_change(commune.code, change)
    session = CommunitySession.objects.create(
        commune=commune,
        hamlet=change.hamlet,
        starts_at=change.starts_at,
        ends_at=change.starts_at + timedelta(minutes=change.minutes),
        place=change.place.strip()[:255],
        topic=change.topic.strip()[:255],
        generated=False,
    )
    session.lessons.set(change.lessons)
    audit(
        by,
        AuditAction.CHANGE_SESSION,
        object_type="community_session",
        object_id=session.pk,
        details={"created": True, "starts_at": session.starts_at.isoformat(), "lessons": sorted(lesson_ids)},
    )
    return session


@transaction.atomic
def change_session(session: CommunitySession, by: User, change: SessionChange) -> CommunitySession:
    """Change the time, place, topic, hamlet or linked lessons of a session (not a cancelled one)."""
    if session.status == SessionStatus.CANCELLED:
        raise SessionError(_("A cancelled session cannot be changed."))
    lesson_ids = _check_change(session.commune_id, change)
    session.starts_at = change.starts_at
    session.ends_at = change.starts_at + timedelta(minutes=change.minutes)
    session.place = change.place.strip()[:255]
    session.topic = change.topic.strip()[:255]
    session.hamlet = change.hamlet
    session.save(update_fields=["starts_at", "ends_at", "place", "topic", "hamlet"])
    session.lessons.set(change.lessons)
    audit(
        by,
        AuditAction.CHANGE_SESSION,
        object_type="community_session",
        object_id=session.pk,
        details={"starts_at": session.starts_at.isoformat(), "lessons": sorted(lesson_ids)},
    )
    _record_learning(session, Person.objects.filter(attendance__session=session))
    return session


@transaction.atomic
def cancel_session(session: CommunitySession, by: User) -> CommunitySession:
    if session.status == SessionStatus.HELD:
        raise SessionError(_("A session that was held cannot be cancelled."))
    if session.status != SessionStatus.CANCELLED:
        session.status = SessionStatus.CANCELLED
        session.save(update_fields=["status"])
        audit(
            by,
            AuditAction.CHANGE_SESSION,
            object_type="community_session",
            object_id=session.pk,
            details={"status": SessionStatus.CANCELLED},
        )
    return session


@transaction.atomic
def mark_session_held(session: CommunitySession, by: User | None) -> CommunitySession:
    if session.status == SessionStatus.CANCELLED:
        raise SessionError(_("A cancelled session cannot be marked as held."))
    if session.status != SessionStatus.HELD:
        session.status = SessionStatus.HELD
        session.save(update_fields=["status"])
        audit(
            by,
            AuditAction.CHANGE_SESSION,
            object_type="community_session",
            object_id=session.pk,
            details={"status": SessionStatus.HELD},
        )
    return session


# Attendance ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceResult:
    added: list[int]  # person ids newly recorded
    already: list[int]  # person ids recorded before


def _record_learning(session: CommunitySession, people: Iterable[Person]) -> None:
    """An "opened" progress event per linked lesson for each person present who has an account."""
    lessons = list(published_lessons().filter(pk__in=session.lessons.values("pk")).values_list("slug", flat=True))
    if not lessons:
        return
    when = min(session.starts_at, timezone.now())
    for person in people:
        if person.user_id is None:
            continue
        user = User.objects.filter(pk=person.user_id, is_active=True).first()
        if user is None:
            continue
        events = [
            ProgressEventIn(
                id=uuid.uuid5(SESSION_EVENT_NAMESPACE, f"session:{session.pk}:lesson:{slug}"),
                lesson=slug,
                kind=ProgressEventKind.OPENED,
                occurred_at=when,
            )
            for slug in lessons
        ]
        record_progress_events(user, events)


@transaction.atomic
def record_attendance(
    session: CommunitySession,
    people: Sequence[Person],
    by: User | None,
    *,
    method: str = AttendanceMethod.ROSTER,
    now: datetime | None = None,
) -> AttendanceResult:
    """Record the people present, each once (the unique constraint on (session, person) decides);
    the session is then held."""
    if session.status == SessionStatus.CANCELLED:
        raise SessionError(_("The session was cancelled: nobody can be recorded."))
    now = now or timezone.now()
    ids = list(dict.fromkeys(p.pk for p in people))
    before = set(Attendance.objects.filter(session=session, person_id__in=ids).values_list("person_id", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, person_id=pk, method=method, recorded_by=by, checked_in_at=now)
            for pk in ids
            if pk not in before
        ],
        ignore_conflicts=True,
    )
    added = [pk for pk in ids if pk not in before]
    if added:
        audit(
            by,
            AuditAction.RECORD_ATTENDANCE,
            object_type="community_session",
            object_id=session.pk,
            details={"method": str(method), "people": added},
        )
        mark_session_held(session, by)
        _record_learning(session, [p for p in people if p.pk in set(added)])
    return AttendanceResult(added=added, already=[pk for pk in ids if pk in before])


@transaction.atomic
def remove_attendance(session: CommunitySession, person: Person, by: User) -> bool:
    """Untick a person recorded by mistake."""
    deleted, _rows = Attendance.objects.filter(session=session, person=person).delete()
    if deleted:
        audit(
            by,
            AuditAction.RECORD_ATTENDANCE,
            object_type="community_session",
            object_id=session.pk,
            details={"removed": person.pk},
        )
    return bool(deleted)


# Registration ----------------------------------------------------------------------------------
# Who said they will come. Audited as CHANGE_SESSION (it changes the session's sign-up list, not what
# happened): RECORD_ATTENDANCE stays the record of who was present, which the KPIs count.


@transaction.atomic
def register(session: CommunitySession, person: Person, by: User | None, *, now: datetime | None = None) -> bool:
    """Register `person` for the session, once (True when newly registered). Refused for a cancelled
    session or one that has ended."""
    if session.status == SessionStatus.CANCELLED:
        raise SessionError(_("This session was cancelled: nobody can register for it."))
    if session.ends_at <= (now or timezone.now()):
        raise SessionError(_("This session is over: nobody can register for it any more."))
    _registration, created = SessionRegistration.objects.get_or_create(
        session=session, person=person, defaults={"registered_by": by, "registered_at": now or timezone.now()}
    )
    if created:
        audit(
            by,
            AuditAction.CHANGE_SESSION,
            object_type="community_session",
            object_id=session.pk,
            details={"registered": person.pk},
        )
    return created


@transaction.atomic
def unregister(session: CommunitySession, person: Person, by: User | None) -> bool:
    """Take the person off the session's list (True when they were on it); attendance is kept."""
    deleted, _rows = SessionRegistration.objects.filter(session=session, person=person).delete()
    if deleted:
        audit(
            by,
            AuditAction.CHANGE_SESSION,
            object_type="community_session",
            object_id=session.pk,
            details={"unregistered": person.pk},
        )
    return bool(deleted)


def check_in_window(session: CommunitySession) -> tuple[datetime, datetime]:
    """From an hour before the start until midnight after the session's day (local time)."""
    return session.starts_at - CHECK_IN_EARLY, local_start(local_day(session.starts_at) + timedelta(days=1))


@dataclass(frozen=True)
class CheckIn:
    session: CommunitySession
    person: Person
    created: bool


def check_in(token: str, user: User, *, now: datetime | None = None) -> CheckIn:
    """A signed-in person scans the QR code of a session: present once, by QR."""
    session = CommunitySession.objects.select_related("commune", "hamlet").filter(checkin_token=token).first()
    if session is None:
        raise SessionError(_("This check-in code is not valid."))
    person = Person.objects.filter(user=user).first()
    if person is None:
        raise SessionError(
            _("Your account is not linked to a person in the roster: ask the team at the session to tick you.")
        )
    if session.status == SessionStatus.CANCELLED:
        raise SessionError(_("This session was cancelled."))
    now = now or timezone.now()
    opens, closes = check_in_window(session)
    if now < opens:
        raise SessionError(_("Check-in opens one hour before the session starts."))
    if now >= closes:
        raise SessionError(_("Check-in for this session has closed."))
    result = record_attendance(session, [person], user, method=AttendanceMethod.QR, now=now)
    return CheckIn(session=session, person=person, created=bool(result.added))


# Events ----------------------------------------------------------------------------------------


@dataclass
class EventData:
    kind: str
    name: str
    date: date
    commune: Commune | None
    place: str = ""
    results: str = ""


def _clean_event(data: EventData) -> None:
    if data.kind not in EventKind.values:
        raise SessionError(_("Choose a kind of event."))
    if not data.name.strip():
        raise SessionError(_("Give the event a name."))


@transaction.atomic
def create_event(by: User, data: EventData) -> Event:
    _clean_event(data)
    event = Event.objects.create(
        kind=data.kind,
        name=data.name.strip()[:200],
        date=data.date,
        commune=data.commune,
        place=data.place.strip()[:255],
        results=data.results.strip(),
    )
    audit(by, AuditAction.CHANGE_EVENT, object_type="event", object_id=event.pk, details={"created": True})
    return event


@transaction.atomic
def update_event(event: Event, by: User, data: EventData) -> Event:
    _clean_event(data)
    event.kind = data.kind
    event.name = data.name.strip()[:200]
    event.date = data.date
    event.commune = data.commune
    event.place = data.place.strip()[:255]
    event.results = data.results.strip()
    event.save()
    audit(by, AuditAction.CHANGE_EVENT, object_type="event", object_id=event.pk)
    return event


@transaction.atomic
def record_participation(event: Event, people: Sequence[Person], by: User) -> AttendanceResult:
    """Tick participants of an event, each counted once."""
    ids = list(dict.fromkeys(p.pk for p in people))
    before = set(EventParticipation.objects.filter(event=event, person_id__in=ids).values_list("person_id", flat=True))
    now = timezone.now()
    EventParticipation.objects.bulk_create(
        [EventParticipation(event=event, person_id=pk, recorded_at=now) for pk in ids if pk not in before],
        ignore_conflicts=True,
    )
    added = [pk for pk in ids if pk not in before]
    if added:
        audit(by, AuditAction.CHANGE_EVENT, object_type="event", object_id=event.pk, details={"participants": added})
    return AttendanceResult(added=added, already=[pk for pk in ids if pk in before])


# Public wifi points ----------------------------------------------------------------------------


@dataclass
class WifiData:
    commune: Commune
    name: str
    hamlet: Hamlet | None = None
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    status: str = WifiStatus.WORKING
    provider: str = ""


def _clean_wifi(data: WifiData) -> None:
    if not data.name.strip():
        raise SessionError(_("Give the wifi point a name."))
    if data.status not in WifiStatus.values:
        raise SessionError(_("Choose the status of the wifi point."))
    if data.hamlet is not None and data.hamlet.commune_id != data.commune.code:
        raise SessionError(_("Choose a hamlet of the wifi point's commune."))
    if data.latitude is not None and not -90 <= data.latitude <= 90:
        raise SessionError(_("The latitude must be between -90 and 90."))
    if data.longitude is not None and not -180 <= data.longitude <= 180:
        raise SessionError(_("The longitude must be between -180 and 180."))


def _apply_wifi(point: WifiPoint, data: WifiData) -> None:
    point.commune = data.commune
    point.hamlet = data.hamlet
    point.name = data.name.strip()[:150]
    point.address = data.address.strip()[:255]
    point.latitude = data.latitude
    point.longitude = data.longitude
    point.status = data.status
    point.provider = data.provider.strip()[:100]


@transaction.atomic
def create_wifi_point(by: User, data: WifiData) -> WifiPoint:
    _clean_wifi(data)
    point = WifiPoint()
    _apply_wifi(point, data)
    point.save()
    audit(by, AuditAction.CHANGE_WIFI_POINT, object_type="wifi_point", object_id=point.pk, details={"created": True})
    return point


@transaction.atomic
def update_wifi_point(point: WifiPoint, by: User, data: WifiData) -> WifiPoint:
    _clean_wifi(data)
    _apply_wifi(point, data)
    point.save()
    audit(
        by,
        AuditAction.CHANGE_WIFI_POINT,
        object_type="wifi_point",
        object_id=point.pk,
        details={"status": point.status},
    )
    return point
