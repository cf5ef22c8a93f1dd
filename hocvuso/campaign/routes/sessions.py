"""/api/v1 operations of community learning (plan 67 III.4.d, III.1.c, III.4.e): sessions, the rotation
generator, attendance and QR check-in, events with participants, public wifi points.

Rows come only through hocvuso.campaign.permissions and campaign.selectors.sessions: a row missing and
a row outside the caller's units both answer 404. Managers (province administrator, commune officer)
plan and change sessions, events and wifi points of their communes; field workers (managers, team
members and mentors) read the sessions of their communes and record attendance for the sessions of
their hamlets (and the commune-wide sessions of their hamlets' communes). Wifi points are public.
Token scope: none; a token acts as its user.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.errors import HttpError

from hocvuso.accounts.api import AUTH_ERRORS, READ_ERRORS, WRITE_ERRORS, caller, signed_in
from hocvuso.accounts.models import User
from hocvuso.campaign import permissions
from hocvuso.campaign.constants import SessionStatus, WifiStatus
from hocvuso.campaign.models import CommunitySession, Event, WifiPoint
from hocvuso.campaign.schemas_sessions import (
    FIRST_DAY,
    FIRST_START,
    LAST_DAY,
    LAST_START,
    MAX_CODE,
    MAX_ID,
    AttendanceIn,
    AttendanceOut,
    AttendanceResultOut,
    CheckInIn,
    CheckInOut,
    EventIn,
    EventOut,
    GenerateIn,
    GenerateOut,
    ParticipantsIn,
    RegisterOut,
    RegistrationIn,
    RegistrationOut,
    RemovedOut,
    SessionIn,
    SessionOut,
    SessionPage,
    WifiPointIn,
    WifiPointOut,
)
from hocvuso.campaign.selectors import sessions as sel
from hocvuso.campaign.services import sessions as svc
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.geo.schemas import ErrorOut, ValidationErrorOut
from hocvuso.learning.selectors import published_lessons
from hocvuso.people.models import Person

router = Router(tags=["campaign"])

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=200, description="Rows per page (at most 200).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
CommuneFilter = Annotated[int | None, Query(ge=1, le=MAX_CODE, description="Only this commune (official code).")]
DayFilter = Annotated[date | None, Query(ge=FIRST_DAY, le=LAST_DAY)]
REFUSALS: dict[int, Any] = {**WRITE_ERRORS, 409: ErrorOut}
SCOPE = "Token scope: none; a token acts as its user."


def _refuse(exc: svc.SessionError) -> HttpError:
    return HttpError(409, exc.message)


def _require_manager(user: User) -> None:
    if not permissions.is_manager(user):
        raise HttpError(403, _("Only commune officers and the province administrator may do this."))


def _require_field_worker(user: User) -> None:
    if not permissions.is_field_worker(user):
        raise HttpError(403, _("Only officers, community tech team members and mentors may do this."))


def _managed_commune(user: User, code: int) -> Commune:
    return permissions.get_managed_commune(user, code)


# Sessions --------------------------------------------------------------------------------------


def _session_out(s: CommunitySession) -> SessionOut:
    return SessionOut(
        id=s.pk,
        commune_code=s.commune_id,
        hamlet_id=s.hamlet_id,
        hamlet_name=s.hamlet.name if s.hamlet else None,
        starts_at=s.starts_at,
        ends_at=s.ends_at,
        place=s.place,
        topic=s.topic,
        lessons=[lesson.slug for lesson in s.lessons.all()],
        status=SessionStatus(s.status),
        generated=s.generated,
        attendance_count=s.attendance.count(),
    )


@router.get(
    "/sessions",
    response={200: SessionPage, **AUTH_ERRORS},
    auth=signed_in(),
    summary="Community sessions of my communes",
    description="The sessions of the communes where I manage or work (whole commune or some of its "
    "hamlets), in time order; `start` and `end` are local days, both included. Other users get an empty "
    f"list. {SCOPE}",
)
def list_community_sessions(
    request: HttpRequest,
    commune_code: CommuneFilter = None,
    start: DayFilter = None,
    end: DayFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> SessionPage:
    user = caller(request)
    qs = CommunitySession.objects.filter(commune__in=sel.communes_worked_in(user))
    if commune_code is not None:
        qs = qs.filter(commune_id=commune_code)
    if start is not None:
        qs = qs.filter(starts_at__gte=svc.local_start(start))
    if end is not None:
        qs = qs.filter(starts_at__lt=svc.local_start(end + timedelta(days=1)))
    rows = list(
        qs.select_related("hamlet").prefetch_related("lessons").order_by("starts_at", "pk")[offset : offset + limit + 1]
    )
    next_offset = offset + limit if len(rows) > limit else None
    return SessionPage(
        items=[_session_out(s) for s in rows[:limit]], limit=limit, offset=offset, next_offset=next_offset
    )


@router.post(
    "/sessions/generate",
    response={201: GenerateOut, **REFUSALS},
    auth=signed_in(),
    summary="Plan a period of weekly sessions",
    description="From the commune's weekly schedule: one session a week on its weekday (moved to the next "
    "free day of the week after a holiday or a taken day, skipped when none), in turn through the hamlets, "
    "continuing the rotation of earlier periods. Planning a period again replaces only its generated sessions "
    "still planned and without attendance. At most 92 days at once. 403 for users who manage no commune, 404 "
    f"for a commune I do not manage, 409 without a schedule or with a wrong period. {SCOPE}",
)
def generate_community_sessions(request: HttpRequest, payload: GenerateIn) -> Status[GenerateOut]:
    user = caller(request)
    _require_manager(user)
    commune = _managed_commune(user, payload.commune_code)
    try:
        result = svc.generate_sessions(commune, payload.start, payload.end, user)
    except svc.SessionError as exc:
        raise _refuse(exc) from exc
    schedule = sel.schedule_of(commune)
    return Status(
        201,
        GenerateOut(
            created=result.created,
            replaced=result.replaced,
            kept=result.kept,
            next_hamlet_index=result.next_hamlet_index,
            generated_until=schedule.generated_until if schedule and schedule.generated_until else payload.end,
        ),
    )


@router.post(
    "/sessions",
    response={201: SessionOut, **REFUSALS},
    auth=signed_in(),
    summary="Add a one-off session",
    description="A session made by hand (`generated` false) in a commune I manage, for one hamlet or the whole "
    "commune: planning a period never replaces it and the generator treats its day as taken. Lessons are slugs "
    "of published lessons. 403 for users who manage no commune, 404 for another commune or a hamlet outside "
    f"it, 409 for an unknown or unpublished lesson or a start outside 2025-2099. {SCOPE}",
)
def create_community_session(request: HttpRequest, payload: SessionIn) -> Status[SessionOut]:
    user = caller(request)
    _require_manager(user)
    commune = _managed_commune(user, payload.commune_code)
    hamlet = None
    if payload.hamlet_id is not None:
        hamlet = Hamlet.objects.filter(pk=payload.hamlet_id, commune=commune).first()
        if hamlet is None:
            raise Http404
    if not FIRST_START <= payload.starts_at <= LAST_START:
        raise HttpError(409, _("Choose a start time between 2025 and 2099."))
    slugs = set(payload.lessons)
    lessons = list(published_lessons().filter(slug__in=slugs))
    if len(lessons) != len(slugs):
        raise HttpError(409, _("Only published lessons can be linked to a session."))
    change = svc.SessionChange(
        starts_at=payload.starts_at,
        minutes=payload.minutes,
        place=payload.place,
        topic=payload.topic,
        hamlet=hamlet,
        lessons=lessons,
    )
    try:
        session = svc.create_session(commune, user, change)
    except svc.SessionError as exc:
        raise _refuse(exc) from exc
    return Status(201, _session_out(session))


def _attendance_out(session: CommunitySession) -> list[AttendanceOut]:
    return [
        AttendanceOut(
            person_id=a.person_id, full_name=a.person.full_name, method=a.method, checked_in_at=a.checked_in_at
        )
        for a in session.attendance.select_related("person").order_by("person__name_folded", "pk")
    ]


@router.get(
    "/sessions/{session_id}/attendance",
    response={200: list[AttendanceOut], **READ_ERRORS},
    auth=signed_in(),
    summary="Who was at a session",
    description="For field workers of the session's hamlet (or commune; a commune-wide session also for the "
    f"team members and mentors of its hamlets); 404 for anyone else. {SCOPE}",
)
def list_session_attendance(request: HttpRequest, session_id: Id) -> list[AttendanceOut]:
    return _attendance_out(sel.get_session_to_run(caller(request), session_id))


@router.post(
    "/sessions/{session_id}/attendance",
    response={200: AttendanceResultOut, **REFUSALS},
    auth=signed_in(),
    summary="Record people present at a session",
    description="Ticks people from the roster of the session's hamlet (or commune) that I work with; each "
    "person counts once per session (`already` lists those recorded before). The session becomes held. 404 "
    f"for a session or a person outside my units, 409 for a cancelled session. {SCOPE}",
)
def record_session_attendance(request: HttpRequest, session_id: Id, payload: AttendanceIn) -> AttendanceResultOut:
    user = caller(request)
    session = sel.get_session_to_run(user, session_id)
    roster = permissions.people_worked_with_by(user).filter(commune_id=session.commune_id)
    if session.hamlet_id is not None:
        roster = roster.filter(hamlet_id=session.hamlet_id)
    wanted = set(payload.person_ids)
    people: list[Person] = list(roster.filter(pk__in=wanted))
    if len(people) != len(wanted):
        raise Http404
    try:
        result = svc.record_attendance(session, people, user)
    except svc.SessionError as exc:
        raise _refuse(exc) from exc
    return AttendanceResultOut(added=result.added, already=result.already)


@router.delete(
    "/sessions/{session_id}/attendance/{person_id}",
    response={200: RemovedOut, **READ_ERRORS},
    auth=signed_in(),
    summary="Untick a person recorded present by mistake",
    description="Same access as recording attendance; `removed` is false when the person was not recorded. "
    f"The session stays held. 404 for a session or a person outside my units. {SCOPE}",
)
def remove_session_attendance(request: HttpRequest, session_id: Id, person_id: Id) -> RemovedOut:
    user = caller(request)
    session = sel.get_session_to_run(user, session_id)
    person = sel.roster_for(user, session).filter(pk=person_id).first()
    if person is None:
        raise Http404
    return RemovedOut(removed=svc.remove_attendance(session, person, user))


def _registration_target(user: User, session_id: int, person_id: int) -> tuple[CommunitySession, Person]:
    """A field worker who runs the session: a person of its roster; anyone else: only their own roster
    record, for a session on a public calendar. 404 otherwise."""
    session = sel.sessions_run_by(user).select_related("commune").filter(pk=session_id).first()
    if session is not None:
        person = sel.roster_for(user, session).filter(pk=person_id).first()
        if person is not None:
            return session, person
    own = sel.own_person(user)
    if own is not None and own.pk == person_id:
        return sel.get_public_session(session_id), own
    raise Http404


@router.get(
    "/sessions/{session_id}/registrations",
    response={200: list[RegistrationOut], **READ_ERRORS},
    auth=signed_in(),
    summary="Who registered for a session",
    description="By name, each with whether they were recorded present. Same access as the attendance; 404 "
    f"for anyone else. {SCOPE}",
)
def list_session_registrations(request: HttpRequest, session_id: Id) -> list[RegistrationOut]:
    session = sel.get_session_to_run(caller(request), session_id)
    return [
        RegistrationOut(
            person_id=row.registration.person_id,
            full_name=row.registration.person.full_name,
            registered_at=row.registration.registered_at,
            present=row.present,
        )
        for row in sel.registrations_of(session)
    ]


@router.post(
    "/sessions/{session_id}/registrations",
    response={200: RegisterOut, **REFUSALS},
    auth=signed_in(),
    summary="Register a person for a session",
    description="Field workers register people of the session's hamlet (or commune) that they work with; "
    "anyone with a roster record linked to their account may register themselves for a session on a public "
    "calendar. Each person once (`created` false the second time). 404 for a session or a person outside "
    f"that, 409 for a cancelled session or one that is over. {SCOPE}",
)
def register_for_session(request: HttpRequest, session_id: Id, payload: RegistrationIn) -> RegisterOut:
    user = caller(request)
    session, person = _registration_target(user, session_id, payload.person_id)
    try:
        created = svc.register(session, person, user)
    except svc.SessionError as exc:
        raise _refuse(exc) from exc
    return RegisterOut(person_id=person.pk, created=created)


@router.delete(
    "/sessions/{session_id}/registrations",
    response={200: RemovedOut, **REFUSALS},
    auth=signed_in(),
    summary="Take a person off a session's list",
    description="Same access as registering; attendance already recorded stays. `removed` is false when the "
    f"person was not registered. {SCOPE}",
)
def unregister_from_session(request: HttpRequest, session_id: Id, payload: RegistrationIn) -> RemovedOut:
    user = caller(request)
    session, person = _registration_target(user, session_id, payload.person_id)
    return RemovedOut(removed=svc.unregister(session, person, user))


@router.post(
    "/sessions/check-in",
    response={200: CheckInOut, **REFUSALS},
    auth=signed_in(),
    summary="Check in to a session with its QR code",
    description="The token is the last part of the session's QR link (/s/<token>/). Records the caller's own "
    "roster record as present, once. 404 for an unknown token; 409 when the account is not linked to a "
    "person, the session was cancelled, or outside the check-in time (from one hour before the start to the "
    f"end of the session's day). {SCOPE}",
)
def check_in_to_session(request: HttpRequest, payload: CheckInIn) -> CheckInOut:
    if not CommunitySession.objects.filter(checkin_token=payload.token).exists():
        raise Http404
    try:
        result = svc.check_in(payload.token, caller(request))
    except svc.SessionError as exc:
        raise _refuse(exc) from exc
    return CheckInOut(session_id=result.session.pk, person_id=result.person.pk, created=result.created)


def _visible_session(user: User, pk: int) -> CommunitySession:
    session = (
        CommunitySession.objects.filter(commune__in=sel.communes_worked_in(user), pk=pk)
        .select_related("hamlet")
        .first()
    )
    if session is None:
        raise Http404
    return session


@router.get(
    "/sessions/{session_id}",
    response={200: SessionOut, **READ_ERRORS},
    auth=signed_in(),
    summary="One community session",
    description=f"A session of a commune where I manage or work; 404 for any other. {SCOPE}",
)
def get_community_session(request: HttpRequest, session_id: Id) -> SessionOut:
    return _session_out(_visible_session(caller(request), session_id))


# Events ----------------------------------------------------------------------------------------


def _event_out(e: Event) -> EventOut:
    return EventOut(
        id=e.pk,
        kind=e.kind,
        name=e.name,
        date=e.date,
        commune_code=e.commune_id,
        place=e.place,
        results=e.results,
        participant_count=e.participants.count(),
    )


def _event_data(user: User, payload: EventIn) -> svc.EventData:
    commune = None
    if payload.commune_code is None:
        if not sel.may_create_province_event(user):
            raise HttpError(403, _("Only the province administrator may create a province-wide event."))
    else:
        commune = _managed_commune(user, payload.commune_code)
    return svc.EventData(
        kind=payload.kind,
        name=payload.name,
        date=payload.date,
        commune=commune,
        place=payload.place,
        results=payload.results,
    )


@router.get(
    "/events",
    response={200: list[EventOut], **AUTH_ERRORS},
    auth=signed_in(),
    summary="Events",
    description="Province-wide events and the events of the communes where I manage or work, newest first "
    f"(at most 200); an empty list for users without a campaign role. {SCOPE}",
)
def list_events(request: HttpRequest) -> list[EventOut]:
    rows = sel.events_visible_to(caller(request)).order_by("-date", "pk")[:200]
    return [_event_out(e) for e in rows]


@router.post(
    "/events",
    response={201: EventOut, **REFUSALS},
    auth=signed_in(),
    summary="Create an event",
    description="E.g. “Ngày hội toàn dân học tập số” on 10 October (plan 67 III.1.c). Commune officers create "
    "events of their communes (404 for another commune); a province-wide event (no commune) only the "
    f"province administrator. {SCOPE}",
)
def create_event(request: HttpRequest, payload: EventIn) -> Status[EventOut]:
    user = caller(request)
    _require_manager(user)
    try:
        event = svc.create_event(user, _event_data(user, payload))
    except svc.SessionError as exc:
        raise _refuse(exc) from exc
    return Status(201, _event_out(event))


def _managed_event(user: User, pk: int) -> Event:
    event = sel.get_event_for(user, pk)
    if not sel.can_manage_event(user, event):
        raise HttpError(403, _("Only the managers of the event's commune may change it."))
    return event


@router.put(
    "/events/{event_id}",
    response={200: EventOut, **REFUSALS},
    auth=signed_in(),
    summary="Change an event",
    description=f"Replaces the event's fields, including its results. Same access as creating. {SCOPE}",
)
def update_event(request: HttpRequest, event_id: Id, payload: EventIn) -> EventOut:
    user = caller(request)
    event = _managed_event(user, event_id)
    try:
        return _event_out(svc.update_event(event, user, _event_data(user, payload)))
    except svc.SessionError as exc:
        raise _refuse(exc) from exc


@router.post(
    "/events/{event_id}/participants",
    response={200: AttendanceResultOut, **REFUSALS},
    auth=signed_in(),
    summary="Record participants of an event",
    description="People of the event's commune (any of my communes for a province-wide event); each person "
    f"counts once. 404 for a person outside my units. {SCOPE}",
)
def record_event_participants(request: HttpRequest, event_id: Id, payload: ParticipantsIn) -> AttendanceResultOut:
    user = caller(request)
    event = _managed_event(user, event_id)
    roster = permissions.people_worked_with_by(user)
    if event.commune_id is not None:
        roster = roster.filter(commune_id=event.commune_id)
    wanted = set(payload.person_ids)
    people = list(roster.filter(pk__in=wanted))
    if len(people) != len(wanted):
        raise Http404
    result = svc.record_participation(event, people, user)
    return AttendanceResultOut(added=result.added, already=result.already)


# Public wifi points ----------------------------------------------------------------------------


def _wifi_out(w: WifiPoint) -> WifiPointOut:
    return WifiPointOut(
        id=w.pk,
        commune_code=w.commune_id,
        hamlet_id=w.hamlet_id,
        name=w.name,
        address=w.address,
        latitude=float(w.latitude) if w.latitude is not None else None,
        longitude=float(w.longitude) if w.longitude is not None else None,
        status=w.status,
        provider=w.provider,
    )


@router.get(
    "/wifi-points",
    response={200: list[WifiPointOut], 422: ValidationErrorOut},
    auth=None,
    summary="Public wifi points",
    description="Public information (plan 67 III.4.e), no sign-in: the wifi points of the campaign area "
    "(of one commune with `commune_code`), removed ones left out; at most 500.",
)
def list_wifi_points(request: HttpRequest, commune_code: CommuneFilter = None) -> list[WifiPointOut]:
    qs = WifiPoint.objects.filter(commune__in_campaign_area=True).exclude(status=WifiStatus.REMOVED)
    if commune_code is not None:
        qs = qs.filter(commune_id=commune_code)
    return [_wifi_out(w) for w in qs.order_by("commune_id", "name", "pk")[:500]]


def _wifi_data(user: User, payload: WifiPointIn) -> svc.WifiData:
    commune = _managed_commune(user, payload.commune_code)
    hamlet = None
    if payload.hamlet_id is not None:
        hamlet = Hamlet.objects.filter(pk=payload.hamlet_id, commune=commune).first()
        if hamlet is None:
            raise Http404
    return svc.WifiData(
        commune=commune,
        hamlet=hamlet,
        name=payload.name,
        address=payload.address,
        latitude=payload.latitude,
        longitude=payload.longitude,
        status=payload.status,
        provider=payload.provider,
    )


@router.post(
    "/wifi-points",
    response={201: WifiPointOut, **REFUSALS},
    auth=signed_in(),
    summary="Add a public wifi point",
    description=f"For the managers of the commune (404 for another commune, 403 for other roles). {SCOPE}",
)
def create_wifi_point(request: HttpRequest, payload: WifiPointIn) -> Status[WifiPointOut]:
    user = caller(request)
    _require_manager(user)
    try:
        point = svc.create_wifi_point(user, _wifi_data(user, payload))
    except svc.SessionError as exc:
        raise _refuse(exc) from exc
    return Status(201, _wifi_out(point))


@router.put(
    "/wifi-points/{point_id}",
    response={200: WifiPointOut, **REFUSALS},
    auth=signed_in(),
    summary="Change a public wifi point or its status",
    description=f"Replaces the point's fields (e.g. status `broken`). Managers of its commune only. {SCOPE}",
)
def update_wifi_point(request: HttpRequest, point_id: Id, payload: WifiPointIn) -> WifiPointOut:
    user = caller(request)
    _require_manager(user)
    point = sel.get_managed_wifi_point(user, point_id)
    try:
        return _wifi_out(svc.update_wifi_point(point, user, _wifi_data(user, payload)))
    except svc.SessionError as exc:
        raise _refuse(exc) from exc
