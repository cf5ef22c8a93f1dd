"""API access matrix rows for community learning (hocvuso/campaign/routes/sessions.py): sessions of
the communes a user works in, generation for managers, attendance for the field workers of the
session's hamlet, QR check-in for a person with a roster record, events and wifi points."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from hocvuso.campaign.constants import AttendanceMethod, EventKind, WifiStatus
from hocvuso.campaign.models import (
    Attendance,
    CommunitySession,
    Event,
    EventParticipation,
    SessionRegistration,
    WifiPoint,
)
from hocvuso.campaign.services import sessions as svc
from hocvuso.geo.models import Commune
from tests.api.access_ops import PERSONAS, Op, World, expect

COVERED: set[tuple[str, str]] = {
    ("get", "/api/v1/sessions"),
    ("get", "/api/v1/sessions/{session_id}"),
    ("post", "/api/v1/sessions/generate"),
    ("get", "/api/v1/sessions/{session_id}/attendance"),
    ("post", "/api/v1/sessions/{session_id}/attendance"),
    ("post", "/api/v1/sessions/check-in"),
    ("post", "/api/v1/sessions"),
    ("delete", "/api/v1/sessions/{session_id}/attendance/{person_id}"),
    ("get", "/api/v1/sessions/{session_id}/registrations"),
    ("post", "/api/v1/sessions/{session_id}/registrations"),
    ("delete", "/api/v1/sessions/{session_id}/registrations"),
    ("get", "/api/v1/events"),
    ("post", "/api/v1/events"),
    ("put", "/api/v1/events/{event_id}"),
    ("post", "/api/v1/events/{event_id}/participants"),
    ("get", "/api/v1/wifi-points"),
    ("post", "/api/v1/wifi-points"),
    ("put", "/api/v1/wifi-points/{point_id}"),
}

RUNNERS_OF_A1 = {"province_admin": 200, "officer_a": 200, "team_member_a": 200, "mentor_a": 200}
# Registration: the runners of the session, and learner_a (person_a) registering themselves.
REGISTER_A1 = {**RUNNERS_OF_A1, "learner_a": 200}
MANAGERS_OF_A_201 = {"province_admin": 201, "officer_a": 201, "officer_b": 404}


def _session(w: World, hamlet: Any = None, commune: Any = None) -> CommunitySession:
    """A planned session of hamlet A1 (or of `hamlet`) starting in half an hour."""
    hamlet = hamlet or w.p.hamlet_a1
    found = CommunitySession.objects.filter(hamlet=hamlet).first()
    if found is not None:
        return found
    starts = timezone.now() + timedelta(minutes=30)
    return CommunitySession.objects.create(
        commune=hamlet.commune, hamlet=hamlet, starts_at=starts, ends_at=starts + timedelta(minutes=90)
    )


def _sessions(w: World) -> tuple[int, int]:
    return _session(w).pk, _session(w, w.p.hamlet_b1).pk


def _schedule(w: World) -> None:
    svc.save_schedule(
        w.p.commune_a,
        w.p.officer_a,
        weekday=6,
        start_time=time(8),
        minutes=90,
        hamlet_order=[w.p.hamlet_a1.pk, w.p.hamlet_a2.pk],
        places={},
    )


def _event(w: World, commune: Any = "a") -> Event:
    target = w.p.commune_a if commune == "a" else None
    found = Event.objects.filter(commune=target).first()
    return found or Event.objects.create(
        kind=EventKind.LEARNING_DAY, name="Ngày hội", date=date(2025, 10, 10), commune=target
    )


def _event_body(w: World) -> dict[str, Any]:
    return {
        "kind": EventKind.LEARNING_DAY,
        "name": "Ngày hội 2025",
        "date": "2025-10-10",
        "commune_code": w.p.commune_a.code,
    }


def _wifi(w: World, commune: Any = None) -> WifiPoint:
    commune = commune or w.p.commune_a
    found = WifiPoint.objects.filter(commune=commune).first()
    return found or WifiPoint.objects.create(commune=commune, name=f"Wifi {commune.code}")


def _wifi_body(w: World, **extra: Any) -> dict[str, Any]:
    return {"commune_code": w.p.commune_a.code, "name": "Wifi chợ", "status": WifiStatus.WORKING, **extra}


def _put(a: Any, path: str, body: Any) -> Any:
    return a.client.put(f"/api/v1{path}", body, content_type="application/json", headers=a.headers)


def _delete(a: Any, path: str, body: Any = None) -> Any:
    return a.client.delete(f"/api/v1{path}", body, content_type="application/json", headers=a.headers)


def _public_session(w: World) -> CommunitySession:
    """The session of hamlet A1, on a public calendar (commune A in the campaign area)."""
    Commune.objects.filter(pk=w.p.commune_a.pk).update(in_campaign_area=True)
    return _session(w)


def _attended(w: World) -> CommunitySession:
    session = _session(w)
    Attendance.objects.get_or_create(
        session=session,
        person=w.p.person_a,
        defaults={"method": AttendanceMethod.ROSTER, "checked_in_at": timezone.now()},
    )
    return session


def _registered(w: World) -> CommunitySession:
    session = _public_session(w)
    SessionRegistration.objects.get_or_create(
        session=session, person=w.p.person_a, defaults={"registered_at": timezone.now()}
    )
    return session


def _new_session_body(w: World) -> dict[str, Any]:
    return {
        "commune_code": w.p.commune_a.code,
        "hamlet_id": w.p.hamlet_a1.pk,
        "starts_at": "2025-03-05T18:30:00+07:00",
        "minutes": 60,
        "place": "Nhà văn hóa",
    }


OPS: list[Op] = [
    Op(
        "list community sessions",
        None,
        lambda a, w: (_sessions(w), a.get("/sessions"))[1],
        expect({}, 200),
        rows=lambda w: {
            "province_admin": set(_sessions(w)),
            "officer_a": {_sessions(w)[0]},
            "officer_b": {_sessions(w)[1]},
            "team_member_a": {_sessions(w)[0]},
            "mentor_a": {_sessions(w)[0]},
        },
    ),
    Op(
        "get a community session of hamlet A1",
        None,
        lambda a, w: a.get(f"/sessions/{_session(w).pk}"),
        expect(RUNNERS_OF_A1, 404),
    ),
    Op(
        "generate the sessions of commune A",
        None,
        lambda a, w: (
            _schedule(w),
            a.post(
                "/sessions/generate", {"commune_code": w.p.commune_a.code, "start": "2025-03-01", "end": "2025-03-31"}
            ),
        )[1],
        expect(MANAGERS_OF_A_201, 403),
        snapshot=lambda w: CommunitySession.objects.count(),
    ),
    Op(
        "list the attendance of a session of hamlet A1",
        None,
        lambda a, w: a.get(f"/sessions/{_session(w).pk}/attendance"),
        expect(RUNNERS_OF_A1, 404),
        ids=lambda body: {row["person_id"] for row in body},
    ),
    Op(
        "record attendance at a session of hamlet A1",
        None,
        lambda a, w: a.post(f"/sessions/{_session(w).pk}/attendance", {"person_ids": [w.p.person_a.pk]}),
        expect(RUNNERS_OF_A1, 404),
        snapshot=lambda w: Attendance.objects.count(),
    ),
    Op(
        "add a one-off session in commune A",
        None,
        lambda a, w: a.post("/sessions", _new_session_body(w)),
        expect(MANAGERS_OF_A_201, 403),
        snapshot=lambda w: CommunitySession.objects.count(),
    ),
    Op(
        "untick a person at a session of hamlet A1",
        None,
        lambda a, w: _delete(a, f"/sessions/{_attended(w).pk}/attendance/{w.p.person_a.pk}"),
        expect(RUNNERS_OF_A1, 404),
        snapshot=lambda w: (_attended(w), Attendance.objects.count())[1],
    ),
    Op(
        "list the registrations of a session of hamlet A1",
        None,
        lambda a, w: a.get(f"/sessions/{_registered(w).pk}/registrations"),
        expect(RUNNERS_OF_A1, 404),
        ids=lambda body: {row["person_id"] for row in body},
    ),
    Op(
        "register person_a for a session of hamlet A1",
        None,
        lambda a, w: a.post(f"/sessions/{_public_session(w).pk}/registrations", {"person_id": w.p.person_a.pk}),
        expect(REGISTER_A1, 404),
        snapshot=lambda w: SessionRegistration.objects.count(),
    ),
    Op(
        "take person_a off the list of a session of hamlet A1",
        None,
        lambda a, w: _delete(a, f"/sessions/{_registered(w).pk}/registrations", {"person_id": w.p.person_a.pk}),
        expect(REGISTER_A1, 404),
        snapshot=lambda w: (_registered(w), SessionRegistration.objects.count())[1],
    ),
    Op(
        "check in to a session with its QR code",
        None,
        lambda a, w: a.post("/sessions/check-in", {"token": _session(w).checkin_token}),
        expect({"learner_a": 200}, 409),
        snapshot=lambda w: Attendance.objects.count(),
    ),
    Op(
        "list events",
        None,
        lambda a, w: (_event(w), _event(w, None), a.get("/events"))[2],
        expect({}, 200),
        rows=lambda w: (
            {
                name: {_event(w).pk, _event(w, None).pk}
                for name in ("province_admin", "officer_a", "team_member_a", "mentor_a")
            }
            | {"officer_b": {_event(w, None).pk}}
        ),
        ids=lambda body: {row["id"] for row in body},
    ),
    Op(
        "create an event in commune A",
        None,
        lambda a, w: a.post("/events", _event_body(w)),
        expect(MANAGERS_OF_A_201, 403),
        snapshot=lambda w: Event.objects.count(),
    ),
    Op(
        "change an event of commune A",
        None,
        lambda a, w: _put(a, f"/events/{_event(w).pk}", {**_event_body(w), "results": "120 người"}),
        expect({"province_admin": 200, "officer_a": 200, "team_member_a": 403, "mentor_a": 403}, 404),
        snapshot=lambda w: Event.objects.get(pk=_event(w).pk).results,
    ),
    Op(
        "record participants of an event of commune A",
        None,
        lambda a, w: a.post(f"/events/{_event(w).pk}/participants", {"person_ids": [w.p.person_a.pk]}),
        expect({"province_admin": 200, "officer_a": 200, "team_member_a": 403, "mentor_a": 403}, 404),
        snapshot=lambda w: EventParticipation.objects.count(),
    ),
    Op(
        "list public wifi points",
        None,
        lambda a, w: (_wifi(w), _wifi(w, w.p.commune_b), a.get("/wifi-points"))[2],
        expect({}, 200, anonymous=200),
        rows=lambda w: {name: {_wifi(w).pk, _wifi(w, w.p.commune_b).pk} for name in PERSONAS},
        ids=lambda body: {row["id"] for row in body},
    ),
    Op(
        "add a wifi point in commune A",
        None,
        lambda a, w: a.post("/wifi-points", _wifi_body(w)),
        expect(MANAGERS_OF_A_201, 403),
        snapshot=lambda w: WifiPoint.objects.count(),
    ),
    Op(
        "change the status of a wifi point of commune A",
        None,
        lambda a, w: _put(a, f"/wifi-points/{_wifi(w).pk}", _wifi_body(w, status=WifiStatus.BROKEN)),
        expect({"province_admin": 200, "officer_a": 200, "officer_b": 404}, 403),
        snapshot=lambda w: WifiPoint.objects.get(pk=_wifi(w).pk).status,
    ),
]
