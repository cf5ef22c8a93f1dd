"""Planning community sessions (plan 67 III.4.d): the schedule, the generator and what it keeps, the
staff calendar, the public calendar and its iCalendar feed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.campaign.constants import SessionStatus
from hocvuso.campaign.models import CommunitySession, Holiday, SessionSchedule
from hocvuso.campaign.selectors import sessions as sel
from hocvuso.campaign.services import sessions as svc
from hocvuso.geo.models import Commune
from tests.personas import Personas
from tests.web.helpers import client_for
from tests.web.learner_support import build_small_course

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()


def schedule_a(p: Personas, *, weekday: int = 6) -> SessionSchedule:
    """Commune A: Sundays 8:00, 90 minutes, Khóm 1 then Khóm 2."""
    return svc.save_schedule(
        p.commune_a,
        p.officer_a,
        weekday=weekday,
        start_time=time(8, 0),
        minutes=90,
        hamlet_order=[p.hamlet_a1.pk, p.hamlet_a2.pk],
        places={p.hamlet_a1.pk: "Nhà văn hóa Khóm 1", p.hamlet_a2.pk: "Nhà văn hóa Khóm 2"},
    )


def plan(p: Personas) -> list[tuple[date, int | None]]:
    return [
        (timezone.localtime(s.starts_at, TZ).date(), s.hamlet_id)
        for s in CommunitySession.objects.filter(commune=p.commune_a).order_by("starts_at")
    ]


def test_generating_a_month_plans_one_session_a_sunday_in_turn_through_the_hamlets(personas: Personas) -> None:
    p = personas
    schedule_a(p)
    result = svc.generate_sessions(p.commune_a, date(2025, 3, 1), date(2025, 3, 31), p.officer_a)
    a1, a2 = p.hamlet_a1.pk, p.hamlet_a2.pk
    assert plan(p) == [(date(2025, 3, d), h) for d, h in ((2, a1), (9, a2), (16, a1), (23, a2), (30, a1))]
    assert result.created == 5
    first = CommunitySession.objects.order_by("starts_at").first()
    assert first is not None
    assert timezone.localtime(first.starts_at, TZ).time() == time(8, 0)
    assert first.ends_at - first.starts_at == timedelta(minutes=90)
    assert (first.place, first.generated, first.status) == ("Nhà văn hóa Khóm 1", True, SessionStatus.PLANNED)
    schedule = SessionSchedule.objects.get(commune=p.commune_a)
    assert (schedule.next_hamlet_index, schedule.generated_until) == (1, date(2025, 3, 31))
    assert AuditEvent.objects.filter(action=AuditAction.GENERATE_SESSIONS, object_id=str(p.commune_a.code)).exists()


def test_the_next_month_continues_the_rotation(personas: Personas) -> None:
    p = personas
    schedule_a(p)
    svc.generate_sessions(p.commune_a, date(2025, 3, 1), date(2025, 3, 31), p.officer_a)
    svc.generate_sessions(p.commune_a, date(2025, 4, 1), date(2025, 4, 30), p.officer_a)
    hamlets = [h for _d, h in plan(p)]
    assert hamlets == [p.hamlet_a1.pk, p.hamlet_a2.pk] * 4 + [p.hamlet_a1.pk]  # 5 + 4 Sundays


def test_holidays_move_the_session_later_in_the_week_or_skip_it(personas: Personas) -> None:
    p = personas
    call_command("load_holidays", verbosity=0)
    schedule_a(p, weekday=2)  # Wednesdays
    svc.generate_sessions(p.commune_a, date(2025, 4, 28), date(2025, 5, 11), p.officer_a)
    # 30/4, 1/5 and 2/5/2025 are holidays: Wednesday 30 April moves to Saturday 3 May.
    assert [d for d, _h in plan(p)] == [date(2025, 5, 3), date(2025, 5, 7)]
    Holiday.objects.all().delete()


def test_the_tet_break_of_2025_has_no_sessions(personas: Personas) -> None:
    p = personas
    call_command("load_holidays", verbosity=0)
    schedule_a(p)
    svc.generate_sessions(p.commune_a, date(2025, 1, 20), date(2025, 2, 9), p.officer_a)
    days = [d for d, _h in plan(p)]
    assert all(not (date(2025, 1, 25) <= d <= date(2025, 2, 2)) for d in days)
    assert days == [date(2025, 2, 9)]  # Sunday 26/1 and 2/2 are in the break; the week of 20/1 has only Sunday 26/1


def test_regenerating_replaces_only_planned_generated_sessions_without_attendance(personas: Personas) -> None:
    p = personas
    schedule_a(p)
    svc.generate_sessions(p.commune_a, date(2025, 3, 1), date(2025, 3, 31), p.officer_a)
    sessions = list(CommunitySession.objects.order_by("starts_at"))
    svc.record_attendance(sessions[0], [p.person_a], p.officer_a)  # held, with attendance
    svc.cancel_session(sessions[1], p.officer_a)
    svc.change_session(
        sessions[2],
        p.officer_a,
        svc.SessionChange(starts_at=sessions[2].starts_at, minutes=60, place="Chùa Âng", topic="VNeID"),
    )  # changed but still planned: replaced
    by_hand = CommunitySession.objects.create(
        commune=p.commune_a,
        starts_at=datetime(2025, 3, 23, 8, tzinfo=TZ),
        ends_at=datetime(2025, 3, 23, 10, tzinfo=TZ),
        place="Hội trường",
    )
    result = svc.generate_sessions(p.commune_a, date(2025, 3, 1), date(2025, 3, 31), p.officer_a)
    kept = {sessions[0].pk, sessions[1].pk, by_hand.pk}
    assert kept <= set(CommunitySession.objects.values_list("pk", flat=True))
    assert not CommunitySession.objects.filter(pk=sessions[2].pk).exists()
    assert result.replaced == 3  # 16, 23 and 30 March
    generated = CommunitySession.objects.filter(generated=True).order_by("starts_at")
    days = [timezone.localtime(s.starts_at, TZ).date() for s in generated]
    # 23 March is taken by the hand-made session: that week's session moves to... nothing later in the week.
    assert days == [date(2025, 3, 2), date(2025, 3, 9), date(2025, 3, 16), date(2025, 3, 30)]
    hamlets = [s.hamlet_id for s in generated]
    assert hamlets == [p.hamlet_a1.pk, p.hamlet_a2.pk, p.hamlet_a1.pk, p.hamlet_a2.pk]
    assert SessionSchedule.objects.get(commune=p.commune_a).next_hamlet_index == 0


def test_regenerating_the_same_period_gives_the_same_plan(personas: Personas) -> None:
    p = personas
    schedule_a(p)
    svc.generate_sessions(p.commune_a, date(2025, 3, 1), date(2025, 4, 30), p.officer_a)
    before = plan(p)
    svc.generate_sessions(p.commune_a, date(2025, 3, 1), date(2025, 3, 31), p.officer_a)
    assert plan(p) == before
    assert SessionSchedule.objects.get(commune=p.commune_a).next_hamlet_index == 1


def test_generating_without_a_schedule_or_over_a_quarter_is_refused(personas: Personas) -> None:
    p = personas
    with pytest.raises(svc.SessionError):
        svc.generate_sessions(p.commune_a, date(2025, 3, 1), date(2025, 3, 31), p.officer_a)
    schedule_a(p)
    with pytest.raises(svc.SessionError):
        svc.generate_sessions(p.commune_a, date(2025, 1, 1), date(2025, 12, 31), p.officer_a)


def test_the_officer_sets_the_schedule_and_generates_from_the_pages(personas: Personas) -> None:
    p = personas
    client = client_for(p.officer_a)
    url = reverse("web:session-schedule", args=[p.commune_a.code])
    response = client.get(url)
    assert response.status_code == 200
    data = {
        "weekday": "5",
        "start_time": "19:00",
        "minutes": "120",
        f"turn_{p.hamlet_a1.pk}": "2",
        f"turn_{p.hamlet_a2.pk}": "1",
        f"place_{p.hamlet_a1.pk}": "Sân khóm 1",
        f"place_{p.hamlet_a2.pk}": "",
    }
    assert client.post(url, data).status_code == 302
    schedule = SessionSchedule.objects.get(commune=p.commune_a)
    assert (schedule.weekday, schedule.start_time, schedule.minutes) == (5, time(19, 0), 120)
    assert schedule.hamlet_order == [p.hamlet_a2.pk, p.hamlet_a1.pk]
    response = client.post(
        reverse("web:sessions-generate", args=[p.commune_a.code]), {"start": "2025-03-01", "end": "2025-03-31"}
    )
    assert response.status_code == 302
    assert [h for _d, h in plan(p)][:2] == [p.hamlet_a2.pk, p.hamlet_a1.pk]
    page = client.get(reverse("web:sessions"), {"commune": p.commune_a.code, "month": "2025-03"})
    assert page.status_code == 200
    assert "Sân khóm 1" in page.content.decode()


def test_the_manager_changes_a_session_links_lessons_and_cancels_it(personas: Personas) -> None:
    p = personas
    course = build_small_course()
    schedule_a(p)
    svc.generate_sessions(p.commune_a, date(2025, 3, 1), date(2025, 3, 31), p.officer_a)
    session = CommunitySession.objects.order_by("starts_at").first()
    assert session is not None
    client = client_for(p.officer_a)
    response = client.post(
        reverse("web:session-edit", args=[session.pk]),
        {
            "day": "2025-03-03",
            "start_time": "18:30",
            "minutes": "60",
            "hamlet": p.hamlet_a2.pk,
            "place": "Nhà ông Sáu",
            "topic": "Cài VNeID",
            "lessons": [course.phone.pk, course.draft_only.pk],
        },
    )
    assert response.status_code == 400  # a lesson without a published version cannot be linked
    response = client.post(
        reverse("web:session-edit", args=[session.pk]),
        {
            "day": "2025-03-03",
            "start_time": "18:30",
            "minutes": "60",
            "hamlet": p.hamlet_a2.pk,
            "place": "Nhà ông Sáu",
            "topic": "Cài VNeID",
            "lessons": [course.phone.pk],
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at, TZ) == datetime(2025, 3, 3, 18, 30, tzinfo=TZ)
    assert (session.place, session.topic, session.hamlet_id) == ("Nhà ông Sáu", "Cài VNeID", p.hamlet_a2.pk)
    assert list(session.lessons.all()) == [course.phone]
    assert client.post(reverse("web:session-cancel", args=[session.pk])).status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE_SESSION, object_id=str(session.pk)).count() == 2


def test_the_public_calendar_shows_times_places_hamlets_topics_and_lessons_only(personas: Personas) -> None:
    p = personas
    course = build_small_course()
    Commune.objects.filter(pk=p.commune_a.pk).update(in_campaign_area=True)
    start = timezone.localdate() + timedelta(days=1)
    session = CommunitySession.objects.create(
        commune=p.commune_a,
        hamlet=p.hamlet_a1,
        starts_at=datetime.combine(start, time(8), tzinfo=TZ),
        ends_at=datetime.combine(start, time(9, 30), tzinfo=TZ),
        place="Nhà văn hóa Khóm 1",
        topic="Thanh toán không tiền mặt",
    )
    session.lessons.add(course.phone)
    svc.record_attendance(session, [p.person_a], p.officer_a)
    response = client_for(None).get(reverse("web:commune-sessions", args=[p.commune_a.code]))
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("Nhà văn hóa Khóm 1", "Khóm 1", "Thanh toán không tiền mặt", "Làm quen điện thoại"):
        assert text in body
    assert p.person_a.full_name not in body
    assert client_for(None).get(reverse("web:commune-sessions", args=[99999999])).status_code == 404


def test_the_ics_feed_follows_rfc_5545(personas: Personas) -> None:
    p = personas
    Commune.objects.filter(pk=p.commune_a.pk).update(in_campaign_area=True)
    start = timezone.localdate() + timedelta(days=2)
    topic = "Bảo vệ mình trên mạng; nhận biết lừa đảo, tin giả \\ OTP và mã QR giả mạo trên điện thoại thông minh"
    session = CommunitySession.objects.create(
        commune=p.commune_a,
        hamlet=p.hamlet_a1,
        starts_at=datetime.combine(start, time(8), tzinfo=TZ),
        ends_at=datetime.combine(start, time(9, 30), tzinfo=TZ),
        place="Nhà văn hóa, Khóm 1",
        topic=topic,
    )
    cancelled = CommunitySession.objects.create(
        commune=p.commune_a,
        starts_at=datetime.combine(start + timedelta(days=7), time(8), tzinfo=TZ),
        ends_at=datetime.combine(start + timedelta(days=7), time(9), tzinfo=TZ),
        status=SessionStatus.CANCELLED,
    )
    response = client_for(None).get(reverse("web:commune-sessions-ics", args=[p.commune_a.code]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    physical = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical)
    assert b"\n" not in raw.replace(b"\r\n", b"")
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert any(line.startswith(" ") for line in raw.decode("utf-8").split("\r\n"))  # the long summary was folded
    assert f"UID:session-{session.pk}@testserver" in unfolded
    assert f"DTSTART;TZID=Asia/Ho_Chi_Minh:{start:%Y%m%d}T080000" in unfolded
    assert f"DTEND;TZID=Asia/Ho_Chi_Minh:{start:%Y%m%d}T093000" in unfolded
    assert "BEGIN:VTIMEZONE" in unfolded and "DTSTAMP:" in unfolded
    assert "SUMMARY:Bảo vệ mình trên mạng\\; nhận biết lừa đảo\\, tin giả \\\\ OTP" in unfolded
    assert "LOCATION:Nhà văn hóa\\, Khóm 1" in unfolded
    event_of_cancelled = unfolded.split(f"UID:session-{cancelled.pk}@")[1].split("END:VEVENT")[0]
    assert "STATUS:CANCELLED" in event_of_cancelled
    again = client_for(None).get(reverse("web:commune-sessions-ics", args=[p.commune_a.code]))
    assert f"UID:session-{session.pk}@testserver" in again.content.decode()  # stable per session


def test_ics_escaping_and_folding_never_split_a_character() -> None:
    assert sel.ics_escape("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    line = "SUMMARY:" + "Học tập cộng đồng ở ấp Phước Thiện " * 5
    folded = sel.ics_fold(line)
    parts = folded.encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in parts)
    assert all(part.startswith(b" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_held_vs_planned_and_attendance_counts_for_the_kpi(personas: Personas) -> None:
    p = personas
    schedule_a(p)
    svc.generate_sessions(p.commune_a, date(2025, 3, 1), date(2025, 3, 31), p.officer_a)
    s = list(CommunitySession.objects.order_by("starts_at"))
    svc.record_attendance(s[0], [p.person_a, p.person_a2], p.officer_a)
    svc.record_attendance(s[1], [p.person_a], p.officer_a)
    svc.cancel_session(s[2], p.officer_a)
    counts = sel.sessions_held_vs_planned(
        p.commune_a.code, date(2025, 3, 1), date(2025, 3, 31), now=datetime(2025, 3, 20, tzinfo=TZ)
    )
    assert (counts.weeks, counts.held, counts.cancelled, counts.planned_past, counts.planned_future) == (6, 2, 1, 0, 2)
    att = sel.attendance_counts(p.commune_a.code, date(2025, 3, 1), date(2025, 3, 31))
    assert (att.attendances, att.people, att.by_roster, att.by_qr) == (3, 2, 3, 0)


def test_load_holidays_is_idempotent(db: None) -> None:
    call_command("load_holidays", verbosity=0)
    first = Holiday.objects.count()
    call_command("load_holidays", verbosity=0)
    assert Holiday.objects.count() == first
    assert Holiday.objects.filter(date=date(2025, 4, 7)).exists()  # Giỗ Tổ Hùng Vương 2025
    assert Holiday.objects.filter(date__range=(date(2025, 1, 25), date(2025, 2, 2))).count() == 9
    assert Holiday.objects.filter(date__range=(date(2026, 2, 14), date(2026, 2, 22))).count() == 9
