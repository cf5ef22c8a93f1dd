"""Attendance at community sessions: ticked from the roster by a field worker, or checked in by the
person with the session's QR code; each person counted once; it counts as learning activity."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.campaign.constants import AttendanceMethod, SessionStatus
from hocvuso.campaign.models import Attendance, CommunitySession
from hocvuso.campaign.selectors import sessions as sel
from hocvuso.campaign.services import sessions as svc
from hocvuso.geo.models import Hamlet
from hocvuso.learning.constants import ProgressStatus
from hocvuso.learning.models import LessonProgress, ProgressEvent
from tests import factories
from tests.personas import Personas
from tests.web.helpers import client_for
from tests.web.learner_support import build_small_course

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()


def session_in(p: Personas, hamlet: Hamlet | None, *, starts_in: timedelta = timedelta(minutes=30)) -> CommunitySession:
    starts = timezone.now() + starts_in
    commune = hamlet.commune if hamlet is not None else p.commune_a
    return CommunitySession.objects.create(
        commune=commune, hamlet=hamlet, starts_at=starts, ends_at=starts + timedelta(minutes=90), place="Nhà văn hóa"
    )


def test_a_team_member_ticks_two_people_present_and_the_session_is_held(personas: Personas) -> None:
    p = personas
    session = session_in(p, p.hamlet_a1)
    neighbour = factories.PersonFactory(hamlet=p.hamlet_a1, full_name="Kiên Thị Sóc")
    client = client_for(p.team_member_a)
    url = reverse("web:session-attendance", args=[session.pk])
    page = client.get(url, {"q": "nguyen van hung"})
    assert page.status_code == 200 and p.person_a.full_name in page.content.decode()
    assert client.post(url, {"person": [p.person_a.pk, neighbour.pk]}).status_code == 302
    assert client.post(url, {"person": [p.person_a.pk]}).status_code == 302  # again: counted once
    assert set(Attendance.objects.filter(session=session).values_list("person_id", flat=True)) == {
        p.person_a.pk,
        neighbour.pk,
    }
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_ATTENDANCE, object_id=str(session.pk)).count() == 1


def test_a_field_worker_cannot_tick_someone_outside_the_session_hamlet(personas: Personas) -> None:
    p = personas
    session = session_in(p, p.hamlet_a1)
    response = client_for(p.officer_a).post(
        reverse("web:session-attendance", args=[session.pk]), {"person": [p.person_a2.pk]}
    )
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_team_members_of_a_hamlet_run_the_commune_wide_sessions_of_its_commune_only(personas: Personas) -> None:
    p = personas
    commune_wide = session_in(p, None)
    in_a2 = session_in(p, p.hamlet_a2)
    in_b = session_in(p, p.hamlet_b1)
    for user in (p.team_member_a, p.mentor_a):
        runs = set(sel.sessions_run_by(user).values_list("pk", flat=True))
        assert commune_wide.pk in runs and in_a2.pk not in runs and in_b.pk not in runs
    assert set(sel.sessions_run_by(p.officer_b).values_list("pk", flat=True)) == {in_b.pk}


def test_the_qr_page_shows_an_svg_of_the_check_in_link(personas: Personas) -> None:
    p = personas
    session = session_in(p, p.hamlet_a1)
    response = client_for(p.mentor_a).get(reverse("web:session-qr", args=[session.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and f"/s/{session.checkin_token}/" in body


def test_scanning_the_qr_code_checks_the_learner_in_once(personas: Personas) -> None:
    p = personas
    session = session_in(p, p.hamlet_a1)
    client = client_for(p.learner_a)
    url = reverse("web:session-checkin", args=[session.checkin_token])
    first = client.get(url)
    assert first.status_code == 200 and "you are recorded as present" in first.content.decode()
    second = client.get(url)
    assert "already checked in" in second.content.decode()
    row = Attendance.objects.get(session=session)
    assert (row.person_id, row.method) == (p.person_a.pk, AttendanceMethod.QR)


def test_check_in_is_accepted_from_an_hour_before_until_the_end_of_the_day(personas: Personas) -> None:
    p = personas
    starts = datetime(2025, 6, 8, 19, 0, tzinfo=TZ)
    session = CommunitySession.objects.create(
        commune=p.commune_a, hamlet=p.hamlet_a1, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    token = session.checkin_token
    with pytest.raises(svc.SessionError, match="opens one hour before"):
        svc.check_in(token, p.learner_a, now=starts - timedelta(minutes=61))
    with pytest.raises(svc.SessionError, match="has closed"):
        svc.check_in(token, p.learner_a, now=datetime(2025, 6, 9, 0, 0, tzinfo=TZ))
    assert svc.check_in(token, p.learner_a, now=starts - timedelta(minutes=59)).created
    assert not svc.check_in(token, p.learner_a, now=datetime(2025, 6, 8, 23, 59, tzinfo=TZ)).created


def test_check_in_outside_the_window_says_so_in_the_page(personas: Personas) -> None:
    p = personas
    session = session_in(p, p.hamlet_a1, starts_in=timedelta(days=3))
    response = client_for(p.learner_a).get(reverse("web:session-checkin", args=[session.checkin_token]))
    assert response.status_code == 409
    assert "Check-in opens one hour before the session starts." in response.content.decode()
    assert not Attendance.objects.exists()


def test_an_account_without_a_roster_record_or_an_unknown_code_cannot_check_in(personas: Personas) -> None:
    p = personas
    session = session_in(p, p.hamlet_a1)
    response = client_for(p.outsider).get(reverse("web:session-checkin", args=[session.checkin_token]))
    assert response.status_code == 409 and "not linked to a person" in response.content.decode()
    assert client_for(p.learner_a).get(reverse("web:session-checkin", args=["nope"])).status_code == 404


def test_anonymous_visitors_sign_in_and_come_back_to_the_check_in(personas: Personas) -> None:
    p = personas
    session = session_in(p, p.hamlet_a1)
    url = reverse("web:session-checkin", args=[session.checkin_token])
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('web:login')}?next={url}"


def test_a_cancelled_session_takes_no_attendance(personas: Personas) -> None:
    p = personas
    session = session_in(p, p.hamlet_a1)
    svc.cancel_session(session, p.officer_a)
    with pytest.raises(svc.SessionError):
        svc.record_attendance(session, [p.person_a], p.officer_a)
    with pytest.raises(svc.SessionError):
        svc.check_in(session.checkin_token, p.learner_a)


def test_attendance_is_recorded_as_learning_activity_on_the_linked_lessons_once(personas: Personas) -> None:
    p = personas
    course = build_small_course()
    session = session_in(p, p.hamlet_a1, starts_in=-timedelta(minutes=10))
    session.lessons.set([course.phone, course.wifi])
    svc.record_attendance(session, [p.person_a, p.person_a2], p.mentor_a)
    svc.check_in(session.checkin_token, p.learner_a)
    progress = LessonProgress.objects.filter(user=p.learner_a)
    assert {pr.lesson_id for pr in progress} == {course.phone.pk, course.wifi.pk}
    assert all(pr.status == ProgressStatus.STARTED for pr in progress)
    assert ProgressEvent.objects.filter(user=p.learner_a).count() == 2
    # lessons linked after the attendance are recorded too, still once each
    session.refresh_from_db()
    svc.change_session(
        session,
        p.officer_a,
        svc.SessionChange(starts_at=session.starts_at, minutes=90, lessons=[course.phone, course.wifi, course.scam]),
    )
    assert ProgressEvent.objects.filter(user=p.learner_a).count() == 3
