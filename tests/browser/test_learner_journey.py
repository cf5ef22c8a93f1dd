"""A learner on a 360 px phone in a real browser (Debian's chromium), checked by axe-core on every page.

The journey of issue 3 §3: sign up, open my path, read a lesson, press read aloud (headless chromium
has no voices, so the server's espeak-ng audio plays), switch to Khmer (a lesson with Khmer text
shows it in a Khmer font; one without shows the fallback note), finish a lesson, and make the text
larger and the contrast high — still so after a reload.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, Page, Response

from hocvuso.accounts.models import User
from hocvuso.geo.models import Commune
from hocvuso.learning.constants import ProgressStatus
from hocvuso.learning.models import LessonProgress
from hocvuso.people.models import Person
from tests.browser.test_import_journey import check_accessibility
from tests.personas import Personas, build_personas
from tests.web.learner_support import KM_TITLE, SmallCourse, build_small_course

pytestmark = pytest.mark.browser

PHONE = "0987 123 456"
PASSWORD = "hoc-vu-so-tra-vinh"


@pytest.fixture
def personas(transactional_db: None, live_server: Any) -> Personas:
    if not Commune.objects.exists():
        call_command("load_units", verbosity=0)
    return build_personas()


@pytest.fixture
def small(personas: Personas) -> SmallCourse:
    return build_small_course()


def fits_the_screen(page: Page, where: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{where} is {overflow}px wider than a 360px screen"


def html_classes(page: Page) -> set[str]:
    return set(str(page.evaluate("document.documentElement.className")).split()) - {"js"}


def sign_up(page: Page, base: str, personas: Personas, axe: Axe) -> None:
    page.goto(f"{base}/signup/")
    check_accessibility(page, axe, "the sign-up page")
    fits_the_screen(page, "the sign-up page")
    page.fill("#id_full_name", "Thạch Thị Sa Rươne")
    page.fill("#id_birth", "12/05/1958")
    page.fill("#id_phone", PHONE)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    # Choosing the commune brings its hamlets in place (htmx), without losing what was typed.
    page.select_option("#id_commune", str(personas.commune_a.code))
    page.locator("#id_hamlet option", has_text="Khóm 1").wait_for(state="attached")
    assert page.input_value("#id_full_name") == "Thạch Thị Sa Rươne"
    assert not page.locator("button[name=show_hamlets]").is_visible()  # the no-JS button hides with JS
    page.select_option("#id_hamlet", label="Khóm 1")
    page.click("main button.primary[type=submit]")
    page.wait_for_url(f"{base}/learn/")


@pytest.mark.django_db(transaction=True)
def test_a_learner_signs_up_reads_listens_switches_to_khmer_and_keeps_a_larger_text(
    personas: Personas, small: SmallCourse, live_server: Any, browser: Browser, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    axe = Axe()
    base = live_server.url
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    fonts: list[str] = []
    page.on("request", lambda r: fonts.append(r.url) if r.url.endswith(".woff2") else None)

    sign_up(page, base, personas, axe)
    user = User.objects.get(phone="0987123456")
    assert Person.objects.get(user=user).hamlet == personas.hamlet_a1

    # My path: the next lesson of a citizen's path, progress per skill.
    check_accessibility(page, axe, "my path")
    fits_the_screen(page, "my path")
    assert page.locator("progress").count() >= 3
    next_link = page.locator("section[aria-labelledby=next-h] a")
    assert next_link.inner_text().strip() == "Làm quen điện thoại"
    next_link.click()
    page.wait_for_url(f"{base}/learn/lessons/{small.phone.slug}/")

    # A lesson in Vietnamese, read aloud: no voice in headless chromium, so the server audio plays.
    check_accessibility(page, axe, "a lesson")
    fits_the_screen(page, "a lesson")
    assert page.locator(".lesson-body ol li").count() == 3
    start = page.locator('[data-read="start"]')
    assert start.is_visible()
    page.keyboard.press("Tab")  # keyboard users: the first stop skips to the content
    assert page.evaluate("document.activeElement.className") == "skip"
    start.focus()
    with page.expect_response(lambda r: "/audio/" in r.url) as answer:
        page.keyboard.press("Enter")
    audio: Response = answer.value
    assert audio.status == 200, audio.url
    assert audio.headers["content-type"].startswith("audio/ogg")
    stop = page.locator('[data-read="stop"]')
    stop.wait_for(state="visible")  # playing: the controls follow
    assert not page.evaluate("document.querySelector('.read-aloud audio').paused")
    with translation.override("vi"):
        playing = gettext("Playing the lesson audio.")
    page.locator(".read-aloud-status", has_text=playing).wait_for()
    stop.focus()
    page.keyboard.press("Space")
    assert start.is_visible() and not stop.is_visible()
    assert page.evaluate("document.querySelector('.read-aloud audio').paused")
    assert LessonProgress.objects.get(user=user, lesson=small.phone).status == ProgressStatus.STARTED

    # "I have finished this lesson" goes on to the next lesson.
    page.click("form.complete-form button")
    page.wait_for_url(f"{base}/learn/lessons/{small.wifi.slug}/")
    assert LessonProgress.objects.get(user=user, lesson=small.phone).status == ProgressStatus.COMPLETED

    # Vietnamese pages never download the Khmer font (unicode-range), even with "ភាសាខ្មែរ" in the menu.
    assert fonts == []

    # Switch to Khmer: a lesson with Khmer text shows it, in the Khmer web font.
    page.select_option("#lang-select", "km")
    page.click("form.lang button[type=submit]")
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "km"
    assert page.locator("#fallback-note").is_visible()  # the Wi-Fi lesson has no Khmer yet
    assert page.locator(".lesson-body").get_attribute("lang") == "vi"
    check_accessibility(page, axe, "a lesson in Vietnamese for a Khmer reader")
    page.goto(f"{base}/learn/lessons/{small.phone.slug}/")
    assert page.inner_text("#lesson-h").strip() == KM_TITLE
    assert page.locator("#review-note").is_visible()
    assert page.locator("#fallback-note").count() == 0
    assert page.locator(".read-aloud audio").count() == 0
    assert page.locator("#no-voice-note").is_visible()  # no Khmer voice here, no recording: said plainly
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"HVS Khmer\"', 'ក')")
    assert any("noto-sans-khmer-khmer-400-normal" in url for url in fonts)
    check_accessibility(page, axe, "a Khmer lesson")
    fits_the_screen(page, "a Khmer lesson")
    page.select_option("#lang-select", "vi")
    page.click("form.lang button[type=submit]")
    page.wait_for_load_state()

    # Larger text and high contrast, kept after a reload (the server paints them first).
    assert html_classes(page) == set()
    before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.click("button[data-display=text]")
    page.click("button[data-display=contrast]")
    assert html_classes(page) == {"text-large", "contrast-high"}
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > before
    page.reload()
    assert html_classes(page) == {"text-large", "contrast-high"}
    assert page.get_attribute("button[data-display=text]", "aria-pressed") == "true"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    check_accessibility(page, axe, "a lesson in large text and high contrast")
    fits_the_screen(page, "a lesson in large text")

    page.goto(f"{base}/learn/")
    assert "1" in page.inner_text("#overall-text")
    check_accessibility(page, axe, "my path in high contrast")
    page.goto(f"{base}/learn/courses/")
    check_accessibility(page, axe, "the course list")
    page.click(f"main a[href='/learn/courses/{small.course.slug}/']")
    check_accessibility(page, axe, "a course")
    fits_the_screen(page, "a course")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_mentor_confirms_a_sign_up_on_a_phone(
    personas: Personas, small: SmallCourse, live_server: Any, browser: Browser
) -> None:
    axe = Axe()
    base = live_server.url
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_up(page, base, personas, axe)
    page.click("form.logout button")
    page.goto(f"{base}/login/")
    page.fill("#id_username", "0911000005")  # mentor_a
    page.fill("#id_password", "mat-khau-demo-2025")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/signup/pending/")
    check_accessibility(page, axe, "the sign-ups waiting for confirmation")
    fits_the_screen(page, "the sign-ups waiting for confirmation")
    page.click("main table button[type=submit]")
    page.wait_for_url(f"{base}/signup/pending/")
    person = Person.objects.get(user__phone="0987123456")
    assert person.link_confirmed_by == personas.mentor_a
    context.close()
