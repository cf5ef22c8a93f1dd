"""Reads of community learning: who runs which sessions, the calendars (staff, public, iCalendar),
events, wifi points, and the counts the KPI issue reads.

Access (plan 67 III.4.d; see also hocvuso.campaign.permissions):
- Managers (province administrator, commune officer) change the calendar, events and wifi points of
  their communes; a province-wide event (no commune) only the province administrator.
- Field workers record attendance: permissions.sessions_run_by (sessions of their hamlets or
  communes) and, for a team member or mentor whose role is on a hamlet, also the commune-wide
  sessions (no hamlet) of that hamlet's commune: those sessions are for every hamlet, theirs included.
- The calendar of a commune (time, place, hamlet, topic, lesson titles) and its wifi points are
  public; attendance is not.

How the KPI should count community learning (issue on KPIs):
- `sessions_held_vs_planned`: sessions of the period by status; "held vs planned" is
  held / (held + planned sessions whose start has passed + cancelled) — a session nobody marked
  held by its date counts as not held. The plan's target is one a week (constants.SESSIONS_PER_WEEK).
- `attendance_counts`: attendances (a person at a session, once per session by a unique constraint),
  distinct people, and how many were ticked or checked in by QR. A person present counts as
  "took part in a community learning session" in the period; learning activity of people with
  accounts is also recorded as lesson progress (services.sessions._record_learning), so KPIs that
  count active learners from LessonProgress already include them; do not add attendance on top.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.constants import RoleKind
from hocvuso.accounts.models import User
from hocvuso.campaign import permissions
from hocvuso.campaign.constants import SESSIONS_PER_WEEK, AttendanceMethod, SessionStatus, WifiStatus
from hocvuso.campaign.models import (
    Attendance,
    CommunitySession,
    Event,
    Holiday,
    SessionRegistration,
    SessionSchedule,
    WifiPoint,
)
from hocvuso.campaign.services.sessions import local_day, local_start
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.people.models import Person

# Sessions --------------------------------------------------------------------------------------


def sessions_run_by(user: User | object) -> QuerySet[CommunitySession]:
    """Sessions whose attendance `user` may record (see the module docstring)."""
    scope = acc.scope_for(user, permissions.FIELD_WORKERS)
    q = Q(pk__in=permissions.sessions_run_by(user).values("pk"))
    if scope.hamlet_ids:
        communes = Hamlet.objects.filter(pk__in=scope.hamlet_ids).values("commune_id")
        q |= Q(hamlet__isnull=True, commune_id__in=communes)
    return CommunitySession.objects.filter(q)


def get_session_to_run(user: User | object, pk: int) -> CommunitySession:
    session = sessions_run_by(user).select_related("commune", "hamlet").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def roster_for(user: User | object, session: CommunitySession) -> QuerySet[Person]:
    """People `user` may tick present or register for the session: of its hamlet (or commune), among
    those they work with."""
    qs = permissions.people_worked_with_by(user).filter(commune_id=session.commune_id)
    if session.hamlet_id is not None:
        qs = qs.filter(hamlet_id=session.hamlet_id)
    return qs


def own_person(user: User | object) -> Person | None:
    """The roster record linked to the signed-in account (None when there is none)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def get_public_session(pk: int) -> CommunitySession:
    """A session on a public calendar (a commune of the campaign area): anyone may see it and a
    person with a roster record may register for it (404 otherwise)."""
    session = (
        CommunitySession.objects.select_related("commune", "hamlet")
        .filter(pk=pk, commune__in_campaign_area=True)
        .first()
    )
    if session is None:
        raise Http404
    return session


@dataclass(frozen=True)
class RegisteredPerson:
    registration: SessionRegistration
    present: bool


def registrations_of(session: CommunitySession) -> list[RegisteredPerson]:
    """The people registered for the session, by name, each with whether they were recorded present."""
    present = set(session.attendance.values_list("person_id", flat=True))
    rows = session.registrations.select_related("person", "person__hamlet").order_by("person__name_folded", "pk")
    return [RegisteredPerson(r, r.person_id in present) for r in rows]


def communes_worked_in(user: User | object) -> QuerySet[Commune]:
    """Communes where `user` manages or works door to door (whole commune or some of its hamlets)."""
    hamlet_communes = permissions.hamlets_worked_by(user).values("commune_id")
    return Commune.objects.filter(
        Q(code__in=permissions.communes_managed_by(user).values("code")) | Q(code__in=hamlet_communes)
    )


def can_manage_session(user: User | object, session: CommunitySession) -> bool:
    return permissions.can_manage_commune(user, session.commune)


def get_managed_session(user: User | object, pk: int) -> CommunitySession:
    """A session the user may change (404 when missing or not in a commune they manage)."""
    session = (
        CommunitySession.objects.select_related("commune", "hamlet")
        .filter(pk=pk, commune__in=permissions.communes_managed_by(user))
        .first()
    )
    if session is None:
        raise Http404
    return session


def sessions_between(
    communes: QuerySet[Commune] | Iterable[Commune], start: date, end: date
) -> QuerySet[CommunitySession]:
    """Sessions of `communes` from `start` to `end` (local days, both included), in time order."""
    return (
        CommunitySession.objects.filter(
            commune__in=communes, starts_at__gte=local_start(start), starts_at__lt=local_start(end + timedelta(days=1))
        )
        .select_related("commune", "hamlet")
        .prefetch_related("lessons__published")
        .order_by("starts_at", "pk")
    )


def public_commune(code: int) -> Commune:
    """A commune of the campaign area, for its public calendar and wifi points (404 otherwise)."""
    commune = Commune.objects.filter(code=code, in_campaign_area=True).first()
    if commune is None:
        raise Http404
    return commune


@dataclass(frozen=True)
class Week:
    monday: date
    sessions: list[CommunitySession]


def by_week(sessions: Iterable[CommunitySession]) -> list[Week]:
    weeks: dict[date, list[CommunitySession]] = {}
    for s in sessions:
        day = local_day(s.starts_at)
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(s)
    return [Week(monday, rows) for monday, rows in sorted(weeks.items())]


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def schedule_of(commune: Commune) -> SessionSchedule | None:
    return SessionSchedule.objects.filter(commune=commune).first()


def lesson_titles(session: CommunitySession) -> list[str]:
    """Titles of the published lessons linked to the session (in the base language)."""
    titles = []
    for lesson in session.lessons.all():
        if lesson.published is None:
            continue
        texts = {t.language: t.title for t in lesson.published.texts.all()}
        titles.append(texts.get("vi") or next(iter(texts.values()), lesson.slug))
    return titles


def holidays_between(start: date, end: date) -> dict[date, str]:
    return dict(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "name"))


# KPI counts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionCounts:
    weeks: int  # weeks of the period: the plan expects SESSIONS_PER_WEEK in each
    expected: int
    held: int
    planned_past: int  # still "planned" though their start has passed: not held
    planned_future: int
    cancelled: int


def sessions_held_vs_planned(
    commune_code: int, start: date, end: date, *, now: datetime | None = None
) -> SessionCounts:
    now = now or datetime.now(UTC)
    rows = CommunitySession.objects.filter(
        commune_id=commune_code, starts_at__gte=local_start(start), starts_at__lt=local_start(end + timedelta(days=1))
    )
    counts = rows.aggregate(
        held=Count("pk", filter=Q(status=SessionStatus.HELD)),
        cancelled=Count("pk", filter=Q(status=SessionStatus.CANCELLED)),
        planned_past=Count("pk", filter=Q(status=SessionStatus.PLANNED, starts_at__lt=now)),
        planned_future=Count("pk", filter=Q(status=SessionStatus.PLANNED, starts_at__gte=now)),
    )
    first_monday = start - timedelta(days=start.weekday())
    weeks = max(0, ((end - first_monday).days // 7) + 1) if end >= start else 0
    return SessionCounts(weeks=weeks, expected=weeks * SESSIONS_PER_WEEK, **counts)


@dataclass(frozen=True)
class AttendanceCounts:
    attendances: int
    people: int
    by_roster: int
    by_qr: int


def attendance_counts(commune_code: int, start: date, end: date) -> AttendanceCounts:
    rows = Attendance.objects.filter(
        session__commune_id=commune_code,
        session__starts_at__gte=local_start(start),
        session__starts_at__lt=local_start(end + timedelta(days=1)),
    )
    counts = rows.aggregate(
        attendances=Count("pk"),
        people=Count("person_id", distinct=True),
        by_roster=Count("pk", filter=Q(method=AttendanceMethod.ROSTER)),
        by_qr=Count("pk", filter=Q(method=AttendanceMethod.QR)),
    )
    return AttendanceCounts(**counts)


# Events and wifi points ------------------------------------------------------------------------


def _province_manager(user: User | object) -> bool:
    return bool(acc.scope_for(user, (RoleKind.PROVINCE_ADMIN,)).province_codes)


def events_visible_to(user: User | object) -> QuerySet[Event]:
    """Events of the communes the user works in, and province-wide events (for anyone with a field role)."""
    if not permissions.is_field_worker(user):
        return Event.objects.none()
    return Event.objects.filter(Q(commune__isnull=True) | Q(commune__in=communes_worked_in(user)))


def can_manage_event(user: User | object, event: Event) -> bool:
    if event.commune is None:
        return _province_manager(user)
    return permissions.can_manage_commune(user, event.commune)


def get_event_for(user: User | object, pk: int) -> Event:
    event = events_visible_to(user).select_related("commune").filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def event_communes_for(user: User | object) -> QuerySet[Commune]:
    return permissions.communes_managed_by(user).order_by("name_folded")


def may_create_province_event(user: User | object) -> bool:
    return _province_manager(user)


def wifi_points_managed_by(user: User | object) -> QuerySet[WifiPoint]:
    return WifiPoint.objects.filter(commune__in=permissions.communes_managed_by(user))


def get_managed_wifi_point(user: User | object, pk: int) -> WifiPoint:
    point = wifi_points_managed_by(user).select_related("commune", "hamlet").filter(pk=pk).first()
    if point is None:
        raise Http404
    return point


def public_wifi_points(commune: Commune) -> QuerySet[WifiPoint]:
    """What anyone may read: the points that exist (removed ones are left out)."""
    return WifiPoint.objects.filter(commune=commune).exclude(status=WifiStatus.REMOVED).select_related("hamlet")


# iCalendar (RFC 5545) ------------------------------------------------------------------------

ICS_TZID = "Asia/Ho_Chi_Minh"
# Vietnam has kept UTC+7 without daylight saving since 1975.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{ICS_TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19750613T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0700",
    "TZNAME:ICT",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with a space
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _ics_local(moment: datetime) -> str:
    return timezone.localtime(moment, timezone.get_default_timezone()).strftime("%Y%m%dT%H%M%S")


def _ics_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_ics(commune: Commune, sessions: Sequence[CommunitySession], *, domain: str, stamp: datetime) -> str:
    """The commune's calendar as an iCalendar file: one VEVENT per session, cancelled ones marked."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hocvuso//Binh dan hoc vu so//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(_('Community learning – %(commune)s') % {'commune': commune.name})}",
        f"X-WR-TIMEZONE:{ICS_TZID}",
        *VTIMEZONE,
    ]
    for s in sessions:
        summary = s.topic or _("Community learning session")
        if s.hamlet is not None:
            summary = f"{summary} - {s.hamlet.name}"
        details = lesson_titles(s)
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{s.pk}@{domain}",
            f"DTSTAMP:{_ics_utc(stamp)}",
            f"DTSTART;TZID={ICS_TZID}:{_ics_local(s.starts_at)}",
            f"DTEND;TZID={ICS_TZID}:{_ics_local(s.ends_at)}",
            f"SUMMARY:{ics_escape(summary)}",
        ]
        if s.place:
            lines.append(f"LOCATION:{ics_escape(s.place)}")
        if details:
            lines.append(f"DESCRIPTION:{ics_escape(chr(10).join(details))}")
        lines.append("STATUS:CANCELLED" if s.status == SessionStatus.CANCELLED else "STATUS:CONFIRMED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
