"""A learner on a 360 px phone takes the certification test in a real browser (Debian's chromium),
checked by axe-core on every page (issue 4): start, answer, reload half-way and find the answers
kept, answer the rest (one saved by htmx on change), hand in after the confirmation, read the result.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from hocvuso.assessment.constants import AttemptStatus
from hocvuso.assessment.models import Attempt, AttemptItem
from tests.assessment.builders import items_of, right_answer, small_bank
from tests.browser.test_import_journey import check_accessibility
from tests.browser.test_learner_journey import fits_the_screen, personas
from tests.personas import PASSWORD, Personas

pytestmark = pytest.mark.browser

__all__ = ["personas"]  # a fixture shared with the learner journey


def sign_in(page: Page, base: str, phone: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", phone)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def answer(page: Page, item: AttemptItem) -> None:
    """Give the right answer to `item` the way a learner does: tap, tick or choose places."""
    pos = item.position
    kind = item.question_version.question.kind
    right: Any = right_answer(item)
    if kind == "true_false":
        page.check(f"input[name=q{pos}][value={'true' if right else 'false'}]")
    elif kind == "multiple":
        for shown in right:
            page.check(f"input[name=q{pos}][value='{shown}']")
    elif kind == "ordering":
        for place, shown in enumerate(right, start=1):
            page.select_option(f"#q{pos}-o{shown}", str(place))
    else:
        page.check(f"input[name=q{pos}][value='{right}']")


def is_answered(page: Page, item: AttemptItem) -> bool:
    pos = item.position
    kind = item.question_version.question.kind
    right: Any = right_answer(item)
    if kind == "true_false":
        return page.is_checked(f"input[name=q{pos}][value={'true' if right else 'false'}]")
    if kind == "ordering":
        return all(page.input_value(f"#q{pos}-o{shown}") == str(p) for p, shown in enumerate(right, start=1))
    chosen = right if isinstance(right, list) else [right]
    return all(page.is_checked(f"input[name=q{pos}][value='{shown}']") for shown in chosen)


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    yield context.new_page()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_learner_takes_the_test_reloads_half_way_hands_in_and_reads_the_result(
    personas: Personas, live_server: Any, phone_page: Page
) -> None:
    definition = small_bank()
    axe = Axe()
    base = live_server.url
    page = phone_page
    sign_in(page, base, personas.learner_a.phone)

    page.goto(f"{base}/tests/")
    check_accessibility(page, axe, "the tests page")
    fits_the_screen(page, "the tests page")
    page.click(f"form[action='/tests/{definition.pk}/start/'] button")
    page.wait_for_url(lambda url: "/attempts/" in url)
    attempt = Attempt.objects.get(user=personas.learner_a)
    items = items_of(attempt)
    check_accessibility(page, axe, "the test page")
    fits_the_screen(page, "the test page")

    half = len(items) // 2
    for item in items[:half]:  # each saved with its own button, without relying on JavaScript
        answer(page, item)
        page.wait_for_load_state("networkidle")  # let the saves htmx sent on change land first
        page.click(f"#q{item.position} button[name=save]")
        page.wait_for_load_state()
    page.reload()
    assert all(is_answered(page, item) for item in items[:half]), "answers were lost on reload"
    assert all(i.answer is not None for i in items_of(attempt)[:half])

    last = items[-1]
    answer(page, last)  # htmx saves it on change, without a button
    deadline = time.monotonic() + 10
    while AttemptItem.objects.get(pk=last.pk).answer != right_answer(last):
        assert time.monotonic() < deadline, "the answer was not saved on change"
        time.sleep(0.1)
    for item in items[half:-1]:
        answer(page, item)
    page.wait_for_load_state("networkidle")
    page.click("button[name=then]")  # saves everything, then asks before handing in
    page.wait_for_url(f"{base}/attempts/{attempt.pk}/submit/")
    check_accessibility(page, axe, "the hand-in page")
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.IN_PROGRESS
    page.click("main button.primary[type=submit]")
    page.wait_for_url(f"{base}/attempts/{attempt.pk}/result/")
    check_accessibility(page, axe, "the result page")
    fits_the_screen(page, "the result page")
    done = Attempt.objects.get(pk=attempt.pk)
    assert (done.status, done.score, done.max_score, done.passed) == (AttemptStatus.SUBMITTED, 6, 6, True)
    assert page.locator("main").inner_text().count("GIAI-THICH") == len(items)
