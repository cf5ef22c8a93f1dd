"""On a 360 px phone (Debian's chromium, axe-core on every page): a learner passes the certification
test, opens "my certificates", downloads the PDF, opens the verify address printed under the QR code
and reads "valid"; an officer of the commune revokes it, and the same verify page then says revoked
(issue 4 §2, §4)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page

from hocvuso.assessment.models import Attempt
from hocvuso.certificates.models import Certificate
from tests.assessment.builders import items_of, small_bank
from tests.browser.test_assessment_journey import answer, sign_in
from tests.browser.test_import_journey import check_accessibility
from tests.browser.test_learner_journey import fits_the_screen, personas
from tests.personas import Personas

pytestmark = pytest.mark.browser

__all__ = ["personas"]  # a fixture shared with the learner journey


def _phone(browser: Browser) -> BrowserContext:
    return browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN", accept_downloads=True
    )


@pytest.fixture
def phones(browser: Browser) -> Iterator[tuple[Page, Page]]:
    learner, officer = _phone(browser), _phone(browser)
    yield learner.new_page(), officer.new_page()
    learner.close()
    officer.close()


@pytest.mark.django_db(transaction=True)
def test_a_learner_gets_checks_and_loses_a_certificate(
    personas: Personas, live_server: Any, phones: tuple[Page, Page], settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.HOCVUSO_PUBLIC_URL = live_server.url
    definition = small_bank()
    axe = Axe()
    base = live_server.url
    page, officer = phones

    sign_in(page, base, personas.learner_a.phone)
    page.goto(f"{base}/tests/")
    page.click(f"form[action='/tests/{definition.pk}/start/'] button")
    page.wait_for_url(lambda url: "/attempts/" in url)
    attempt = Attempt.objects.get(user=personas.learner_a)
    for item in items_of(attempt):
        answer(page, item)
    page.wait_for_load_state("networkidle")
    page.click("button[name=then]")
    page.wait_for_url(f"{base}/attempts/{attempt.pk}/submit/")
    page.click("main button.primary[type=submit]")
    page.wait_for_url(f"{base}/attempts/{attempt.pk}/result/")
    cert = Certificate.objects.get(person=personas.person_a)  # issued once the passed attempt committed

    page.goto(f"{base}/learn/")
    page.click("main a[href='/certificates/']")
    page.wait_for_url(f"{base}/certificates/")
    check_accessibility(page, axe, "my certificates")
    fits_the_screen(page, "my certificates")
    card = page.locator(f"[data-testid=my-certificate][data-number='{cert.number}']")
    assert card.count() == 1
    with page.expect_download() as download:
        card.locator(f"a[href='/certificates/{cert.number}/pdf']").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    verify_url = card.locator("a.verify-url").inner_text().strip()
    assert verify_url == f"{base}/v/{cert.number}/"
    page.goto(verify_url)
    check_accessibility(page, axe, "the verify page")
    fits_the_screen(page, "the verify page")
    assert page.locator("[data-testid=certificate-state]").get_attribute("data-state") == "valid"
    assert "N*** V*** Hùng" in page.locator("main").inner_text()

    sign_in(officer, base, personas.officer_a.phone)
    officer.goto(f"{base}/staff/certificates/")
    check_accessibility(officer, axe, "the staff certificate list")
    fits_the_screen(officer, "the staff certificate list")
    officer.click(f"a[href='/staff/certificates/{cert.number}/']")
    check_accessibility(officer, axe, "the staff certificate page")
    fits_the_screen(officer, "the staff certificate page")
    officer.select_option("#revoke select[name=reason]", "fraud")
    officer.check("#revoke input[name=confirm]")
    officer.click("#revoke button[type=submit]")
    officer.wait_for_load_state()
    assert officer.locator("[data-testid=certificate-state]").get_attribute("data-state") == "revoked"

    page.goto(verify_url)
    assert page.locator("[data-testid=certificate-state]").get_attribute("data-state") == "revoked"
    check_accessibility(page, axe, "the verify page of a revoked certificate")
