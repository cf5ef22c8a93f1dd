"""A community tech team member goes door to door (plan 67 III.5.đ): opens the worklist of their
hamlet, opens a household, loses the connection, records the visit (with the VNeID level of the person
met), sees it kept on the phone, reads the worklist without a connection, and when the phone is online
again the visit is sent and stored exactly once. Debian's chromium at a 360x740 phone viewport;
axe-core on every page, online and offline.
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Browser

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.campaign.models import Visit
from hocvuso.geo.models import Commune
from hocvuso.people.constants import VNeIDLevel
from hocvuso.people.models import Person
from tests import factories
from tests.browser.test_assessment_journey import sign_in
from tests.browser.test_offline_journey import check_accessibility, fits_the_screen, open_phone, wait_for
from tests.personas import Personas, build_personas

pytestmark = pytest.mark.browser


@pytest.fixture
def personas(transactional_db: None, live_server: Any) -> Personas:
    if not Commune.objects.exists():
        call_command("load_units", verbosity=0)
    return build_personas()


@pytest.mark.django_db(transaction=True)
def test_a_team_member_records_a_visit_offline_and_it_is_sent_once_back_online(
    personas: Personas, live_server: Any, browser: Browser
) -> None:
    axe = Axe()
    base = live_server.url
    household = personas.household_a
    person = personas.person_a
    context, page = open_phone(browser)
    sign_in(page, base, "0911000004")

    page.goto(f"{base}/campaign/worklist/")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.active.state)") == "activated"
    page.goto(f"{base}/campaign/worklist/")  # now through the worker, which keeps a copy
    check_accessibility(page, axe, "the worklist")
    fits_the_screen(page)
    assert page.locator(f"a[href='/campaign/households/{personas.household_b.pk}/visits/']").count() == 0

    page.click(f"main a[href='/campaign/households/{household.pk}/visits/']")
    page.wait_for_url(f"{base}/campaign/households/{household.pk}/visits/")
    check_accessibility(page, axe, "the household's visits")
    page.click(f"main a[href='/campaign/households/{household.pk}/visit/']")
    page.wait_for_url(f"{base}/campaign/households/{household.pk}/visit/")
    check_accessibility(page, axe, "the visit form")
    fits_the_screen(page)
    client_uuid = page.input_value("input[name=client_uuid]")
    assert len(client_uuid) == 36

    context.set_offline(True)
    assert page.evaluate("navigator.onLine") is False
    page.check(f"#met-{person.pk}")
    page.select_option(f"select[name=vneid_{person.pk}]", str(VNeIDLevel.LEVEL_2))
    page.check("input[name=helped_with][value=vneid_level_2]")
    page.check("input[name=outcome][value=helped]")
    page.fill("textarea[name=note]", "Đã giúp kích hoạt VNeID mức 2.")
    page.click("form[data-hvs-visit] button[type=submit]")
    page.wait_for_selector(".hvs-visit-status.msg")
    page.wait_for_selector("[data-hvs-visit-queue] li.hvs-visit-waiting")
    assert page.locator("[data-hvs-visit-queue] li").count() == 1
    assert page.input_value("input[name=client_uuid]") != client_uuid, "the next visit gets a new id"
    check_accessibility(page, axe, "the visit form with a visit kept on the phone")
    assert Visit.objects.count() == 0

    # The worklist opened before is readable without a connection, and shows the visit waiting.
    page.goto(f"{base}/campaign/worklist/")
    assert page.locator(f"main a[href='/campaign/households/{household.pk}/visits/']").count() == 1
    page.wait_for_selector("[data-hvs-visit-queue] li.hvs-visit-waiting")
    check_accessibility(page, axe, "the worklist offline")

    context.set_offline(False)
    wait_for(lambda: Visit.objects.count() == 1, "the kept visit to reach the server")
    page.wait_for_selector("[data-hvs-visit-queue] li.hvs-visit-sent")
    assert page.locator("[data-hvs-visit-queue] li.hvs-visit-waiting").count() == 0
    check_accessibility(page, axe, "the worklist once the visit is sent")
    visit = Visit.objects.get()
    assert str(visit.client_uuid) == client_uuid
    assert visit.visitor == personas.team_member_a and list(visit.people_met.all()) == [person]
    assert Person.objects.get(pk=person.pk).vneid_level == VNeIDLevel.LEVEL_2
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_VISIT).count() == 1

    # Loading pages again sends nothing twice.
    page.goto(f"{base}/campaign/households/{household.pk}/visits/")
    assert page.locator(".visit-list li").count() == 1
    assert page.evaluate("window.hvsVisits.flush().then(() => window.hvsVisits.pending())") == 0
    assert Visit.objects.count() == 1

    # Online, the page script posts the form and opens the new visit, with the server's message.
    other = factories.HouseholdFactory(hamlet=personas.hamlet_a1, commune=personas.commune_a)
    factories.PersonFactory(hamlet=personas.hamlet_a1, household=other)
    page.goto(f"{base}/campaign/households/{other.pk}/visit/")
    page.check("input[name=outcome][value=not_home]")
    page.click("form[data-hvs-visit] button[type=submit]")
    page.wait_for_url(lambda url: "/campaign/visits/" in url)
    assert page.locator("main .messages .msg").count() == 1
    check_accessibility(page, axe, "a visit just recorded")
    assert Visit.objects.filter(household=other).count() == 1 and Visit.objects.count() == 2
    context.close()
