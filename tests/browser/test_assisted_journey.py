"""A mentor runs the test for an elderly learner on the mentor's 360 px phone (Debian's chromium,
axe-core on every page): picks the learner on /assist/, ticks the consent, answers, hands in; the
learner then finds the attempt in their own results, marked as assisted."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from hocvuso.assessment.constants import AttemptStatus
from hocvuso.assessment.models import Attempt
from tests.assessment.builders import items_of, small_bank
from tests.browser.test_assessment_journey import answer, phone_page, sign_in
from tests.browser.test_import_journey import check_accessibility
from tests.browser.test_learner_journey import fits_the_screen, personas
from tests.personas import Personas

pytestmark = pytest.mark.browser

__all__ = ["personas", "phone_page"]  # fixtures shared with the other journeys


@pytest.mark.django_db(transaction=True)
def test_a_mentor_runs_the_test_for_a_learner_who_then_sees_it_marked_assisted(
    personas: Personas, live_server: Any, phone_page: Page, browser: Browser
) -> None:
    definition = small_bank()
    axe = Axe()
    base = live_server.url
    page = phone_page
    sign_in(page, base, personas.mentor_a.phone)

    page.goto(f"{base}/assist/")
    check_accessibility(page, axe, "the assist page")
    fits_the_screen(page, "the assist page")
    page.click(f"ul.people-pick a[href='/assist/?person={personas.person_a.pk}']")
    page.wait_for_url(lambda url: "person=" in url)
    check_accessibility(page, axe, "the assist page with the learner chosen")
    page.check(f"input[name=test][value='{definition.pk}']")
    page.check("input[name=consent]")
    page.click("main form button.primary[type=submit]")
    page.wait_for_url(lambda url: "/attempts/" in url)
    attempt = Attempt.objects.get(user=personas.learner_a)
    assert attempt.assisted_by == personas.mentor_a
    check_accessibility(page, axe, "the assisted test page")
    fits_the_screen(page, "the assisted test page")
    assert page.locator("p.assisted").count() == 1
    for item in items_of(attempt):
        answer(page, item)
    page.wait_for_load_state("networkidle")
    page.click("button[name=then]")
    page.wait_for_url(f"{base}/attempts/{attempt.pk}/submit/")
    page.click("main button.primary[type=submit]")
    page.wait_for_url(f"{base}/attempts/{attempt.pk}/result/")
    check_accessibility(page, axe, "the assisted result page")
    done = Attempt.objects.get(pk=attempt.pk)
    assert (done.status, done.passed) == (AttemptStatus.SUBMITTED, True)

    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    learner = context.new_page()
    sign_in(learner, base, personas.learner_a.phone)
    learner.goto(f"{base}/tests/")
    check_accessibility(learner, axe, "the learner's tests page")
    assert learner.locator(".assisted").count() == 1
    assert personas.mentor_a.full_name in learner.locator(".assisted").inner_text()
    learner.click(f"a[href='/attempts/{attempt.pk}/result/']")
    learner.wait_for_url(f"{base}/attempts/{attempt.pk}/result/")
    assert learner.locator("p.assisted").count() == 1
    context.close()
