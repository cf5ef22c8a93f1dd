"""A new learner on a 360 px phone takes the placement test from their path (Debian's chromium, axe-core
on every page): the skills answered right have their lessons shown as skipped, still readable."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from hocvuso.assessment.constants import AttemptStatus
from hocvuso.assessment.models import Attempt
from hocvuso.learning.constants import ProgressStatus
from hocvuso.learning.models import LessonProgress
from tests.assessment.builders import items_of, placement_test
from tests.browser.test_assessment_journey import answer, phone_page, sign_in
from tests.browser.test_import_journey import check_accessibility
from tests.browser.test_learner_journey import fits_the_screen, personas
from tests.learning.builders import lesson
from tests.personas import Personas

pytestmark = pytest.mark.browser

__all__ = ["personas", "phone_page"]  # fixtures shared with the other journeys


@pytest.mark.django_db(transaction=True)
def test_a_learner_takes_the_placement_test_and_finds_the_known_lessons_skipped(
    personas: Personas, live_server: Any, phone_page: Page
) -> None:
    definition = placement_test()
    wifi = lesson("wifi", codes=("CB-1.1",), order=1)
    lesson("bank", codes=("CB-3.1",), order=2)
    scam = lesson("scam", codes=("CB-5.1",), order=3)
    axe = Axe()
    base = live_server.url
    page = phone_page
    sign_in(page, base, personas.learner_a.phone)

    page.goto(f"{base}/learn/")
    check_accessibility(page, axe, "the path before learning")
    fits_the_screen(page, "the path before learning")
    page.click(f"section.placement form[action='/tests/{definition.pk}/start/'] button")
    page.wait_for_url(lambda url: "/attempts/" in url)
    attempt = Attempt.objects.get(user=personas.learner_a, definition=definition)
    check_accessibility(page, axe, "the placement test")
    fits_the_screen(page, "the placement test")
    for item in items_of(attempt):
        if item.question_version.question.competency_code != "CB-3.1":  # the learner does not know CB-3.1
            answer(page, item)
    page.wait_for_load_state("networkidle")
    page.click("button[name=then]")
    page.wait_for_url(f"{base}/attempts/{attempt.pk}/submit/")
    page.click("main button.primary[type=submit]")
    page.wait_for_url(f"{base}/attempts/{attempt.pk}/result/")
    check_accessibility(page, axe, "the placement result")
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.SUBMITTED

    page.goto(f"{base}/learn/")
    check_accessibility(page, axe, "the path after the placement test")
    fits_the_screen(page, "the path after the placement test")
    skipped = page.locator("ul.skipped li")
    assert skipped.count() == 2
    assert page.locator(f"ul.skipped a[href='/learn/lessons/{wifi.slug}/']").count() == 1
    assert page.locator(f"ul.skipped a[href='/learn/lessons/{scam.slug}/']").count() == 1
    assert page.locator("section.placement").count() == 0
    assert page.locator(".next-lesson a").get_attribute("href") == "/learn/lessons/bank/"
    statuses = dict(LessonProgress.objects.filter(user=personas.learner_a).values_list("lesson__slug", "status"))
    assert statuses == {"wifi": ProgressStatus.TESTED_OUT, "scam": ProgressStatus.TESTED_OUT}
    page.click(f"ul.skipped a[href='/learn/lessons/{wifi.slug}/']")  # read it anyway
    page.wait_for_url(f"{base}/learn/lessons/{wifi.slug}/")
