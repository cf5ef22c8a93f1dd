"""Registration for community sessions: a person signs up once (themselves from the public calendar,
or by a field worker of the session's hamlet), is ticked present from the list, and can be unticked;
a session added by hand survives planning the period again."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.campaign.constants import SessionStatus
from hocvuso.campaign.models import Attendance, CommunitySession, SessionRegistration
from hocvuso.campaign.services import sessions as svc
from hocvuso.geo.models import Commune, Hamlet
from tests.api.conftest import api_as
from tests.campaign.test_sessions import schedule_a
from tests.personas import Personas
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db
__all__ = ["api_as"]
TZ = timezone.get_default_timezone()


def session_in(
    p: Personas, hamlet: Hamlet | None, *, starts_in: timedelta = timedelta(days=1), public: bool = True
) -> CommunitySession:
    if public:
        Commune.objects.filter(pk=p.commune_a.pk).update(in_campaign_area=True)
    starts = timezone.now() + starts_in
    commune = hamlet.commune if hamlet is not None else p.commune_a
    return CommunitySession.objects.create(
        commune=commune, hamlet=hamlet, starts_at=starts, ends_at=starts + timedelta(minutes=90), place="Nhà văn hóa"
    )


def test_a_person_is_registered_once_per_session(personas: Personas) -> None:
    p = personas
    session = session_in(p, p.hamlet_a1)
    assert svc.register(session, p.person_a, p.team_member_a) is True
    assert svc.register(session, p.person_a, p.officer_a) is False
    assert SessionRegistration.objects.get(session=session).registered_by == p.team_member_a
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionRegistration.objects.create(session=session, person=p.person_a, registered_at=timezone.now())
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE_SESSION, object_id=str(session.pk)).count() == 1


def test_a_signed_in_learner_registers_from_the_public_calendar(personas: Personas) -> None:
    p = personas
    session = session_in(p, p.hamlet_a1)
    calendar = reverse("web:commune-sessions", args=[p.commune_a.code])
    register = reverse("web:session-register", args=[session.pk])
    anonymous = client_for(None)
    assert f"{reverse('web:login')}?next={calendar}" in anonymous.get(calendar).content.decode()
    assert anonymous.post(register)["Location"].startswith(reverse("web:login"))
    assert not SessionRegistration.objects.exists()

    learner = client_for(p.learner_a)
    assert learner.get(register)["Location"] == calendar  # back from the sign-in: only the calendar
    assert register in learner.get(calendar).content.decode()
    assert learner.post(register)["Location"] == calendar
    registration = SessionRegistration.objects.get()
    assert (registration.session, registration.person, registration.registered_by) == (
        session,
        p.person_a,
        p.learner_a,
    )
    assert "You are registered" in learner.get(calendar).content.decode()
    learner.post(register, {"remove": "1"})
    assert not SessionRegistration.objects.exists()


def test_an_account_without_a_roster_record_is_told_why_it_cannot_register(personas: Personas) -> None:
    p = personas
    session = session_in(p, p.hamlet_a1)
    response = client_for(p.outsider).post(reverse("web:session-register", args=[session.pk]), follow=True)
    assert "not linked to a person in the roster" in response.content.decode()
    assert not SessionRegistration.objects.exists()


def test_a_field_worker_registers_people_only_for_the_sessions_they_run(personas: Personas, api_as) -> None:  # type: ignore[no-untyped-def]
    p = personas
    in_a1, commune_wide, in_a2 = session_in(p, p.hamlet_a1), session_in(p, None), session_in(p, p.hamlet_a2)
    in_b1 = session_in(p, p.hamlet_b1, public=False)
    client = client_for(p.team_member_a)
    page = client.get(reverse("web:session-registrations", args=[in_a1.pk]), {"q": "nguyen van hung"})
    assert page.status_code == 200 and p.person_a.full_name in page.content.decode()
    for session in (in_a1, commune_wide):
        url = reverse("web:session-registrations", args=[session.pk])
        assert client.post(url, {"person": [p.person_a.pk]}).status_code == 302
    for session in (in_a2, in_b1):
        url = reverse("web:session-registrations", args=[session.pk])
        assert client.post(url, {"person": [p.person_a.pk]}).status_code == 404
    # Not someone of another hamlet, even for a session they run.
    url = reverse("web:session-registrations", args=[in_a1.pk])
    assert client.post(url, {"person": [p.person_a2.pk]}).status_code == 404
    assert set(SessionRegistration.objects.values_list("session_id", "person_id")) == {
        (in_a1.pk, p.person_a.pk),
        (commune_wide.pk, p.person_a.pk),
    }
    api = api_as("team_member_a")
    assert api.post(f"/sessions/{in_a2.pk}/registrations", {"person_id": p.person_a2.pk}).status_code == 404
    assert api.get(f"/sessions/{in_b1.pk}/registrations").status_code == 404
    rows = api.get(f"/sessions/{in_a1.pk}/registrations").json()
    assert [(row["person_id"], row["present"]) for row in rows] == [(p.person_a.pk, False)]
    client.post(url, {"remove": p.person_a.pk})
    assert not SessionRegistration.objects.filter(session=in_a1).exists()


def test_registration_is_refused_for_a_cancelled_or_past_session(personas: Personas, api_as) -> None:  # type: ignore[no-untyped-def]
    p = personas
    cancelled = session_in(p, p.hamlet_a1)
    svc.cancel_session(cancelled, p.officer_a)
    past = session_in(p, p.hamlet_a1, starts_in=-timedelta(days=2))
    for session in (cancelled, past):
        with pytest.raises(svc.SessionError):
            svc.register(session, p.person_a, p.officer_a)
        response = api_as("learner_a").post(f"/sessions/{session.pk}/registrations", {"person_id": p.person_a.pk})
        assert response.status_code == 409
        page = client_for(p.learner_a).post(reverse("web:session-register", args=[session.pk]), follow=True)
        assert "nobody can register" in page.content.decode()
    assert not SessionRegistration.objects.exists()
    # The public calendar offers no button for them.
    calendar = client_for(p.learner_a).get(reverse("web:commune-sessions", args=[p.commune_a.code])).content.decode()
    assert "I will come" not in calendar


def test_a_registered_person_ticked_present_counts_once_and_can_be_unticked(personas: Personas, api_as) -> None:  # type: ignore[no-untyped-def]
    p = personas
    session = session_in(p, p.hamlet_a1, starts_in=timedelta(minutes=30))
    svc.register(session, p.person_a, p.learner_a)
    client = client_for(p.mentor_a)
    detail = reverse("web:session", args=[session.pk])
    assert "Present: 0 of 1 registered." in client.get(detail).content.decode()
    tick = reverse("web:session-attendance", args=[session.pk])
    for _ in range(2):
        assert client.post(tick, {"person": p.person_a.pk, "back": "session"})["Location"] == detail
    assert Attendance.objects.filter(session=session).count() == 1
    assert "Present: 1 of 1 registered." in client.get(detail).content.decode()
    api = api_as("mentor_a")
    assert api.get(f"/sessions/{session.pk}/registrations").json()[0]["present"] is True

    untick = reverse("web:session-attendance-remove", args=[session.pk])
    assert client.post(untick, {"person": p.person_a.pk, "back": "session"})["Location"] == detail
    assert not Attendance.objects.exists()
    assert SessionRegistration.objects.filter(session=session).exists()  # still registered
    assert client.post(untick, {"person": p.person_a2.pk}).status_code == 404  # not theirs to tick

    api.post(f"/sessions/{session.pk}/attendance", {"person_ids": [p.person_a.pk]})
    removed = api.client.delete(f"/api/v1/sessions/{session.pk}/attendance/{p.person_a.pk}", headers=api.headers).json()
    assert removed == {"removed": True} and not Attendance.objects.exists()
    again = api.client.delete(f"/api/v1/sessions/{session.pk}/attendance/{p.person_a.pk}", headers=api.headers)
    assert again.json() == {"removed": False}


def test_a_session_added_by_hand_survives_planning_the_period_again(personas: Personas, api_as) -> None:  # type: ignore[no-untyped-def]
    p = personas
    schedule_a(p)
    client = client_for(p.officer_a)
    url = reverse("web:session-new", args=[p.commune_a.code])
    assert client_for(p.team_member_a).get(url).status_code == 404
    response = client.post(
        url,
        {"day": "2025-03-09", "start_time": "09:00", "minutes": "60", "hamlet": p.hamlet_a2.pk, "place": "Chùa"},
    )
    manual = CommunitySession.objects.get()
    assert response["Location"] == reverse("web:session", args=[manual.pk])
    assert manual.generated is False and manual.status == SessionStatus.PLANNED
    assert manual.starts_at == datetime(2025, 3, 9, 9, 0, tzinfo=TZ)
    for _ in range(2):
        svc.generate_sessions(p.commune_a, date(2025, 3, 1), date(2025, 3, 31), p.officer_a)
        assert CommunitySession.objects.filter(pk=manual.pk, generated=False).exists()
        days = [timezone.localtime(s.starts_at, TZ).date() for s in CommunitySession.objects.filter(generated=True)]
        assert date(2025, 3, 9) not in days  # its day is taken: that week has no generated session
        assert len(days) == 4

    made = api_as("officer_a").post(
        "/sessions",
        {"commune_code": p.commune_a.code, "starts_at": "2025-03-16T18:30:00+07:00", "minutes": 90, "topic": "VNeID"},
    )
    assert made.status_code == 201 and made.json()["generated"] is False and made.json()["hamlet_id"] is None
    svc.generate_sessions(p.commune_a, date(2025, 3, 1), date(2025, 3, 31), p.officer_a)
    assert CommunitySession.objects.filter(pk=made.json()["id"]).exists()
    naive = {"commune_code": p.commune_a.code, "starts_at": "2025-03-16T18:30:00", "minutes": 90}
    assert api_as("officer_a").post("/sessions", naive).status_code == 422


def test_a_generated_session_with_registrations_is_not_replaced(personas: Personas) -> None:
    p = personas
    schedule_a(p)
    svc.generate_sessions(p.commune_a, date(2025, 3, 1), date(2025, 3, 31), p.officer_a)
    first = CommunitySession.objects.order_by("starts_at").first()
    assert first is not None
    SessionRegistration.objects.create(session=first, person=p.person_a, registered_at=timezone.now())
    svc.generate_sessions(p.commune_a, date(2025, 3, 1), date(2025, 3, 31), p.officer_a)
    assert CommunitySession.objects.filter(pk=first.pk).exists()
    assert SessionRegistration.objects.filter(session=first).exists()
    assert time(8, 0) == timezone.localtime(first.starts_at, TZ).time()
