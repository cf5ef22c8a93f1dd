"""Web access matrix rows for community learning (hocvuso/web/views/sessions.py).

The calendar is for field workers (403 for other roles); a session of hamlet A1 is run by the officers
of commune A, team_member_a and mentor_a (404 for officer_b and everyone else); changing it, the
schedule, events and wifi points is for managers of the commune. Check-in needs a roster record linked
to the account (learner_a); the others are told why not (409). The public calendar, its .ics feed and
the wifi points of a commune are open to everyone (tested in tests/campaign/). Registering oneself from
the public calendar needs a sign-in; everyone signed in is sent back to the calendar (the ones without a
roster record with a message why not).
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from hocvuso.campaign.constants import EventKind, WifiStatus
from hocvuso.campaign.models import CommunitySession, Event, WifiPoint
from hocvuso.campaign.services import sessions as svc
from hocvuso.geo.models import Commune
from tests.personas import PERSONA_NAMES, Personas
from tests.web.access_cases import Case

PUBLIC: set[str] = {"commune-sessions", "commune-sessions-ics", "commune-wifi"}

FIELD_200 = (200, 200, 200, 200, 200, 403, 403, 403, 302)
RUN_A1_200 = (200, 200, 404, 200, 200, 404, 404, 404, 302)
RUN_A1_302 = (302, 302, 404, 302, 302, 404, 404, 404, 302)
MANAGE_A_200 = (200, 200, 404, 404, 404, 404, 404, 404, 302)
MANAGE_A_302 = (302, 302, 404, 404, 404, 404, 404, 404, 302)


def _session(p: Personas) -> CommunitySession:
    """A planned session of hamlet A1 starting in half an hour (check-in is open)."""
    starts = timezone.now() + timedelta(minutes=30)
    return CommunitySession.objects.create(
        commune=p.commune_a, hamlet=p.hamlet_a1, starts_at=starts, ends_at=starts + timedelta(minutes=90)
    )


def _session_url(name: str) -> Any:
    return lambda p, job: reverse(name, args=[_session(p).pk])


def _public_session_url(p: Personas, job: Any) -> str:
    Commune.objects.filter(pk=p.commune_a.pk).update(in_campaign_area=True)
    return reverse("web:session-register", args=[_session(p).pk])


def _edit(p: Personas, who: str) -> dict[str, Any]:
    return {"day": "2025-03-03", "start_time": "18:30", "minutes": "60", "hamlet": p.hamlet_a2.pk, "place": "Chùa"}


def _schedule(p: Personas, who: str) -> dict[str, Any]:
    return {
        "weekday": "6",
        "start_time": "08:00",
        "minutes": "90",
        f"turn_{p.hamlet_a1.pk}": "1",
        f"turn_{p.hamlet_a2.pk}": "2",
        f"place_{p.hamlet_a1.pk}": "Nhà văn hóa",
    }


def _generate_url(p: Personas, job: Any) -> str:
    svc.save_schedule(p.commune_a, p.officer_a, weekday=6, start_time=time(8), minutes=90, hamlet_order=[], places={})
    return reverse("web:sessions-generate", args=[p.commune_a.code])


def _event(p: Personas) -> Event:
    return Event.objects.create(
        kind=EventKind.LEARNING_DAY, name="Ngày hội", date=date(2025, 10, 10), commune=p.commune_a
    )


def _event_data(p: Personas, who: str) -> dict[str, Any]:
    return {
        "kind": EventKind.LEARNING_DAY,
        "name": f"Ngày hội {who}",
        "date": "2025-10-10",
        "commune": p.commune_a.code,
    }


def _wifi(p: Personas) -> WifiPoint:
    return WifiPoint.objects.create(commune=p.commune_a, name="Wifi chợ")


def _wifi_data(p: Personas, who: str) -> dict[str, Any]:
    return {"commune": p.commune_a.code, "name": f"Wifi {who}", "status": WifiStatus.BROKEN}


CASES: list[Case] = [
    Case("sessions", "get", lambda p, j: reverse("web:sessions"), FIELD_200),
    Case("session", "get", _session_url("web:session"), RUN_A1_200),
    Case("session-edit", "get", _session_url("web:session-edit"), MANAGE_A_200),
    Case("session-edit", "post", _session_url("web:session-edit"), MANAGE_A_302, data=_edit),
    Case("session-cancel", "post", _session_url("web:session-cancel"), MANAGE_A_302),
    Case("session-held", "post", _session_url("web:session-held"), RUN_A1_302),
    Case("session-attendance", "get", _session_url("web:session-attendance"), RUN_A1_200),
    Case(
        "session-attendance",
        "post",
        _session_url("web:session-attendance"),
        RUN_A1_302,
        data=lambda p, who: {"person": [p.person_a.pk]},
    ),
    Case(
        "session-attendance-remove",
        "post",
        _session_url("web:session-attendance-remove"),
        RUN_A1_302,
        data=lambda p, who: {"person": p.person_a.pk, "back": "session"},
    ),
    Case("session-registrations", "get", _session_url("web:session-registrations"), RUN_A1_200),
    Case(
        "session-registrations",
        "post",
        _session_url("web:session-registrations"),
        RUN_A1_302,
        data=lambda p, who: {"person": [p.person_a.pk]},
    ),
    Case("session-register", "get", _public_session_url, (302,) * 9),
    Case("session-register", "post", _public_session_url, (302,) * 9),
    Case(
        "session-new",
        "get",
        lambda p, j: reverse("web:session-new", args=[p.commune_a.code]),
        MANAGE_A_200,
    ),
    Case(
        "session-new",
        "post",
        lambda p, j: reverse("web:session-new", args=[p.commune_a.code]),
        MANAGE_A_302,
        data=_edit,
    ),
    Case("session-qr", "get", _session_url("web:session-qr"), RUN_A1_200),
    Case(
        "session-schedule",
        "get",
        lambda p, j: reverse("web:session-schedule", args=[p.commune_a.code]),
        MANAGE_A_200,
    ),
    Case(
        "session-schedule",
        "post",
        lambda p, j: reverse("web:session-schedule", args=[p.commune_a.code]),
        MANAGE_A_302,
        data=_schedule,
    ),
    Case(
        "sessions-generate",
        "post",
        _generate_url,
        MANAGE_A_302,
        data=lambda p, who: {"start": "2025-03-01", "end": "2025-03-31"},
    ),
    # Only an account linked to a roster record can check in; the others are told so (409).
    Case(
        "session-checkin",
        "get",
        lambda p, j: reverse("web:session-checkin", args=[_session(p).checkin_token]),
        (409, 409, 409, 409, 409, 409, 200, 409, 302),
    ),
    Case(
        "session-checkin",
        "post",
        lambda p, j: reverse("web:session-checkin", args=[_session(p).checkin_token]),
        (409, 409, 409, 409, 409, 409, 200, 409, 302),
    ),
    Case("events", "get", lambda p, j: reverse("web:events"), FIELD_200),
    # officer_b: commune A is not one of the form's choices (400).
    Case(
        "events",
        "post",
        lambda p, j: reverse("web:events"),
        (302, 302, 400, 403, 403, 403, 403, 403, 302),
        data=_event_data,
    ),
    Case("event", "get", lambda p, j: reverse("web:event", args=[_event(p).pk]), RUN_A1_200),
    Case(
        "event",
        "post",
        lambda p, j: reverse("web:event", args=[_event(p).pk]),
        (302, 302, 404, 403, 403, 404, 404, 404, 302),
        data=_event_data,
    ),
    Case(
        "event-participants",
        "get",
        lambda p, j: reverse("web:event-participants", args=[_event(p).pk]),
        (200, 200, 404, 403, 403, 404, 404, 404, 302),
    ),
    Case(
        "event-participants",
        "post",
        lambda p, j: reverse("web:event-participants", args=[_event(p).pk]),
        (302, 302, 404, 403, 403, 404, 404, 404, 302),
        data=lambda p, who: {"person": [p.person_a.pk]},
    ),
    Case("wifi-points", "get", lambda p, j: reverse("web:wifi-points"), (200, 200, 200, 403, 403, 403, 403, 403, 302)),
    Case(
        "wifi-points",
        "post",
        lambda p, j: reverse("web:wifi-points"),
        (302, 302, 400, 403, 403, 403, 403, 403, 302),
        data=_wifi_data,
    ),
    Case("wifi-point", "get", lambda p, j: reverse("web:wifi-point", args=[_wifi(p).pk]), MANAGE_A_200),
    Case(
        "wifi-point", "post", lambda p, j: reverse("web:wifi-point", args=[_wifi(p).pk]), MANAGE_A_302, data=_wifi_data
    ),
]

assert all(len(case.expected) == len(PERSONA_NAMES) for case in CASES)
