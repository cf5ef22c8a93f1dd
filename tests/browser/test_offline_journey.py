"""A learner saves a course on a phone, reads and finishes a lesson without Internet, and the completion
reaches the server once when the phone is connected again (issue 3, "Offline"). Debian's chromium at
a 360x740 phone viewport; axe-core on every page visited, online and offline.

The live server runs on http://127.0.0.1, a secure context, so the service worker works as on https.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page

from hocvuso.geo.models import Commune
from hocvuso.learning.constants import ProgressStatus
from hocvuso.learning.models import Lesson, LessonProgress, ProgressEvent
from tests.personas import PASSWORD, Personas, build_personas

pytestmark = pytest.mark.browser

COURSE = "citizen-basics"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}


def check_accessibility(page: Page, axe: Axe, where: str) -> None:
    results = axe.run(page)
    if results.violations_count:
        print(f"axe-core violations on {where} ({page.url}):\n{results.generate_report()}")
    assert results.violations_count == 0, f"{results.violations_count} accessibility violation(s) on {where}"


@pytest.fixture
def personas(transactional_db: None, live_server: Any) -> Personas:
    """The personas and the real lessons, committed for the live server."""
    from hocvuso.framework.services import load_all
    from hocvuso.learning.content import load_content

    if not Commune.objects.exists():
        call_command("load_units", verbosity=0)
    load_all()
    load_content()
    return build_personas()


def sign_in(page: Page, base_url: str, phone: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", phone)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base_url}/learn/")  # a learner's home is their path


def wait_for(condition: Any, what: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def fits_the_screen(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than a 360px screen"


def open_phone(browser: Browser) -> tuple[BrowserContext, Page]:
    context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    return context, context.new_page()


@pytest.mark.django_db(transaction=True)
def test_learner_saves_a_course_reads_and_finishes_a_lesson_offline_and_it_is_sent_once(
    personas: Personas, live_server: Any, browser: Browser
) -> None:
    learner = personas.learner_a
    axe = Axe()
    base = live_server.url
    context, page = open_phone(browser)
    sign_in(page, base, "0911000007")

    page.goto(f"{base}/learn/")
    check_accessibility(page, axe, "my path")
    page.goto(f"{base}/learn/courses/")
    check_accessibility(page, axe, "the course list")
    page.click(f"main a[href='/learn/courses/{COURSE}/']")
    page.wait_for_url(f"{base}/learn/courses/{COURSE}/")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.active.state)") == "activated"
    check_accessibility(page, axe, "the course page")
    fits_the_screen(page)
    # Chromium's own verdict on the manifest, icons and worker: the app can be installed.
    # (Playwright's browser contexts are incognito profiles, which never install apps: that one is not ours.)
    cdp = context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    cdp.detach()
    assert [e for e in errors if e["errorId"] != "in-incognito"] == [], errors

    lesson_links = page.locator("main .lesson-list a").evaluate_all("links => links.map(a => a.pathname)")
    assert len(lesson_links) == Lesson.objects.filter(module__course__slug=COURSE, published__isnull=False).count() > 10
    opened_before = ProgressEvent.objects.filter(user=learner).count()
    page.click("[data-hvs-action=save]")
    page.wait_for_selector(".hvs-save.is-saved", timeout=60_000)
    assert page.locator("[data-hvs-action=remove]").is_visible()
    check_accessibility(page, axe, "the course page once saved")
    # Keeping a copy is not reading: no lesson was marked opened by the save.
    assert ProgressEvent.objects.filter(user=learner).count() == opened_before
    kept = page.evaluate(
        """caches.open('hvs-course-citizen-basics').then(c => c.keys()).then(ks => ks.map(r => new URL(r.url).pathname))"""
    )
    assert set(lesson_links) <= set(kept)
    assert any(path.startswith("/static/learning/img/") for path in kept), "the lessons' pictures are kept"

    lesson_path = lesson_links[1]
    slug = lesson_path.strip("/").split("/")[-1]
    context.set_offline(True)
    page.goto(f"{base}{lesson_path}")
    assert page.evaluate("navigator.onLine") is False
    title = page.inner_text("main h1")
    assert title.strip(), "the saved lesson opens without a connection"
    assert page.locator("main .lesson img").count() == 0 or page.evaluate(
        "Array.from(document.querySelectorAll('main .lesson img')).every(i => i.complete && i.naturalWidth > 0)"
    ), "its pictures show too"
    fits_the_screen(page)
    check_accessibility(page, axe, "a saved lesson, offline")

    page.click("main form.complete-form button[type=submit]")
    page.wait_for_selector(".hvs-done-offline")
    assert page.evaluate("hvsProgress.pending()") >= 1
    assert not ProgressEvent.objects.filter(user=learner, kind="completed").exists()
    check_accessibility(page, axe, "a lesson finished offline")

    page.goto(f"{base}/learn/")  # not saved: the offline page lists what is
    saved = "[data-hvs-saved-list] a[href$='/learn/courses/citizen-basics/']"
    page.wait_for_selector(saved, timeout=15_000)  # offline.js fills the list from the caches, after load
    assert page.locator(saved).count() == 1
    check_accessibility(page, axe, "the offline page, offline")

    context.set_offline(False)  # the page hears "online" and sends what waits on the phone
    wait_for(lambda: ProgressEvent.objects.filter(user=learner, kind="completed").exists(), "the completion")
    wait_for(lambda: page.evaluate("hvsProgress.pending()") == 0, "the phone's queue to empty")
    # Reloading pages and reconnecting again sends nothing more.
    page.goto(f"{base}{lesson_path}")
    page.evaluate("hvsProgress.flush()")
    page.evaluate("window.dispatchEvent(new Event('online'))")  # a flaky connection comes and goes
    page.evaluate("hvsProgress.flush()")

    completed = ProgressEvent.objects.filter(user=learner, kind="completed")
    assert completed.count() == 1
    assert completed.get().offline is True
    assert completed.get().lesson.slug == slug
    progress = LessonProgress.objects.get(user=learner, lesson__slug=slug)
    assert progress.status == ProgressStatus.COMPLETED
    assert page.locator("main strong.done").count() == 1, "online again, the lesson shows as finished"
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_removed_course_no_longer_opens_offline(personas: Personas, live_server: Any, browser: Browser) -> None:
    base = live_server.url
    context, page = open_phone(browser)
    sign_in(page, base, "0911000007")
    page.goto(f"{base}/learn/courses/{COURSE}/")
    page.evaluate("navigator.serviceWorker.ready")
    page.click("[data-hvs-action=save]")
    page.wait_for_selector(".hvs-save.is-saved", timeout=60_000)
    lesson_path = page.locator("main .lesson-list a").first.evaluate("a => a.pathname")
    page.click("[data-hvs-action=remove]")
    page.wait_for_selector(".hvs-save:not(.is-saved)")
    assert page.evaluate("caches.keys()").count("hvs-course-citizen-basics") == 0

    context.set_offline(True)
    page.goto(f"{base}{lesson_path}")
    assert page.locator("[data-hvs-saved-list]").count() == 1, "the offline page, not the lesson"
    assert "hvs-saved" not in page.inner_html("[data-hvs-saved-list]")
    context.close()
