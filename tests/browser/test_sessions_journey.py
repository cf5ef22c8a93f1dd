"""Community learning in a real browser (Debian's chromium) on a 360 px phone, checked by axe-core on
every page (issue 5 §4): an officer sets the weekly schedule, plans next month's sessions, opens one
and ticks two people present; a learner opens the session's QR link, signs in and is checked in once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page

from hocvuso.campaign.constants import AttendanceMethod, SessionStatus
from hocvuso.campaign.models import Attendance, CommunitySession, SessionSchedule
from tests import factories
from tests.browser.test_assessment_journey import sign_in
from tests.browser.test_import_journey import check_accessibility
from tests.browser.test_learner_journey import fits_the_screen, personas
from tests.personas import PASSWORD, Personas

pytestmark = pytest.mark.browser

__all__ = ["personas"]  # a fixture shared with the learner journey


@pytest.fixture
def phone(browser: Browser) -> Iterator[Any]:
    contexts = []

    def new_page() -> Page:
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN"
        )
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


def checked(page: Page, axe: Axe, where: str) -> None:
    check_accessibility(page, axe, where)
    fits_the_screen(page, where)


@pytest.mark.django_db(transaction=True)
def test_an_officer_plans_the_month_and_ticks_people_and_a_learner_checks_in_by_qr(
    personas: Personas, live_server: Any, phone: Any
) -> None:
    p = personas
    neighbour = factories.PersonFactory(hamlet=p.hamlet_a1, full_name="Kiên Thị Sóc")
    axe = Axe()
    base = live_server.url
    page = phone()
    sign_in(page, base, p.officer_a.phone)

    page.goto(f"{base}/campaign/communes/{p.commune_a.code}/schedule/")
    checked(page, axe, "the schedule page")
    page.select_option("#id_weekday", "6")
    page.fill("#id_start_time", "08:00")
    page.fill("#id_minutes", "90")
    page.fill(f"#id_place_{p.hamlet_a1.pk}", "Nhà văn hóa Khóm 1")
    page.fill(f"#id_place_{p.hamlet_a2.pk}", "Nhà văn hóa Khóm 2")
    page.click("main button.primary[type=submit]")
    page.wait_for_url(lambda url: "/campaign/sessions/" in url)
    assert SessionSchedule.objects.filter(commune=p.commune_a, weekday=6).exists()

    checked(page, axe, "the sessions page")
    page.click("button[name=generate]")  # the form proposes next month
    page.wait_for_load_state()
    sessions = list(CommunitySession.objects.filter(commune=p.commune_a).order_by("starts_at"))
    assert 4 <= len(sessions) <= 5
    checked(page, axe, "next month's sessions")
    first = sessions[0]
    assert first.hamlet_id == p.hamlet_a1.pk
    page.click(f"a[href='/campaign/sessions/{first.pk}/']")
    page.wait_for_url(f"{base}/campaign/sessions/{first.pk}/")
    checked(page, axe, "the session page")
    page.click(f"a[href='/campaign/sessions/{first.pk}/attendance/']")
    page.wait_for_url(f"{base}/campaign/sessions/{first.pk}/attendance/")
    checked(page, axe, "the attendance page")
    page.check(f"input[name=person][value='{p.person_a.pk}']")
    page.check(f"input[name=person][value='{neighbour.pk}']")
    page.click("main form[method=post] button.primary")
    page.wait_for_load_state()
    assert set(Attendance.objects.filter(session=first).values_list("person_id", flat=True)) == {
        p.person_a.pk,
        neighbour.pk,
    }
    assert CommunitySession.objects.get(pk=first.pk).status == SessionStatus.HELD
    checked(page, axe, "the attendance page after ticking")

    # Tonight's session in hamlet A1: the officer shows its QR code.
    starts = timezone.now() + timedelta(minutes=30)
    tonight = CommunitySession.objects.create(
        commune=p.commune_a, hamlet=p.hamlet_a1, starts_at=starts, ends_at=starts + timedelta(minutes=90)
    )
    page.goto(f"{base}/campaign/sessions/{tonight.pk}/qr/")
    checked(page, axe, "the QR page")
    assert page.locator("main svg").count() == 1
    link = page.locator("figcaption").inner_text().strip()
    assert link.endswith(f"/s/{tonight.checkin_token}/")

    learner = phone()
    learner.goto(f"{base}/s/{tonight.checkin_token}/")  # not signed in: sign in, then back
    learner.wait_for_url(lambda url: "/login/" in url)
    learner.fill("#id_username", p.learner_a.phone)
    learner.fill("#id_password", PASSWORD)
    learner.click("main button[type=submit]")
    learner.wait_for_url(f"{base}/s/{tonight.checkin_token}/")
    checked(learner, axe, "the check-in page")
    assert "Nguyễn Văn Hùng" in learner.locator("main").inner_text()
    learner.reload()
    assert Attendance.objects.filter(session=tonight).count() == 1
    row = Attendance.objects.get(session=tonight)
    assert (row.person_id, row.method) == (p.person_a.pk, AttendanceMethod.QR)
