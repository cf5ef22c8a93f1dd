"""An officer's roster import in a real browser (Debian's chromium), checked by axe-core on every page.

The journey of issue 2 §7: sign in with a phone number, upload an XLSX with bad rows, read the
errors in the preview, confirm, download the rejected rows, fix them in that file, import it again
and see the people created. Also the people list on a 360 px wide phone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Browser, Page
from python_calamine import CalamineWorkbook

from hocvuso.geo.models import Commune
from hocvuso.lib import cccd
from hocvuso.people.models import ImportJob, Person
from tests.personas import PASSWORD, Personas, build_personas

pytestmark = pytest.mark.browser

HEADER = ["STT", "Họ và tên", "Số CCCD", "Ngày sinh", "Giới tính", "Ấp/Khóm"]
GOOD_1 = ["1", "Trần Thị Hoa", cccd.make("084", "F", 1985, 700001), "12/05/1985", "Nữ", "Khóm 1"]
GOOD_2 = ["2", "Lâm Văn Tài", cccd.make("084", "M", 1970, 700002), "1970", "Nam", "Khóm 2"]
BAD_CCCD = ["3", "Kiên Thị Út", "12345", "03/04/1992", "Nữ", "Khóm 1"]
FUTURE_BIRTH = ["4", "Thạch Văn Nhỏ", cccd.make("084", "M", 1995, 700004), "15/08/2099", "Nam", "Khóm 1"]
NO_NAME = ["5", "", cccd.make("084", "F", 1960, 700005), "20/11/1960", "Nữ", "Khóm 2"]
UNKNOWN_HAMLET = ["6", "Sơn Văn Mới", cccd.make("084", "M", 2001, 700006), "01/06/2001", "Nam", "Ấp Không Có"]
FIRST_DATA_ROW = 5  # title block on rows 1-3, header on row 4


def write_roster(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    """An XLSX as communes keep it: a title block, then the header on row 4, then the people."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Danh sách")
    sheet.write_row(0, 0, ["ỦY BAN NHÂN DÂN PHƯỜNG TRÀ VINH"])
    sheet.write_row(1, 0, ["DANH SÁCH NGƯỜI DÂN THAM GIA BÌNH DÂN HỌC VỤ SỐ"])
    sheet.write_row(3, 0, header)
    for i, row in enumerate(rows):
        sheet.write_row(4 + i, 0, row)
    workbook.close()
    return path


def check_accessibility(page: Page, axe: Axe, where: str) -> None:
    results = axe.run(page)
    if results.violations_count:
        print(f"axe-core violations on {where} ({page.url}):\n{results.generate_report()}")
    assert results.violations_count == 0, f"{results.violations_count} accessibility violation(s) on {where}"


@pytest.fixture
def personas(transactional_db: None, live_server: Any) -> Personas:
    """The personas, committed for the live server; the units are loaded again after an earlier test's flush."""
    if not Commune.objects.exists():
        call_command("load_units", verbosity=0)
    return build_personas()


def sign_in(page: Page, base_url: str, phone: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", phone)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def upload(page: Page, base_url: str, path: Path) -> None:
    page.click('nav a[href="/imports/"]')
    page.click('main a[href="/imports/new/"]')
    page.set_input_files("#id_file", str(path))
    page.click("main button[type=submit]")
    page.wait_for_selector("#count-created")


def rejected_row_numbers(page: Page) -> list[int]:
    cells = page.locator("section[aria-labelledby=rejected-h] tbody tr td:first-child").all_inner_texts()
    return [int(c.strip()) for c in cells]


def read_xlsx(path: Path) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)


def fix_rows(rows: list[list[Any]]) -> list[list[Any]]:
    """What the officer does in Excel: correct each rejected row by what its reason column says."""
    header_at = next(i for i, row in enumerate(rows) if "Họ và tên" in [str(c) for c in row])
    header = [str(c) for c in rows[header_at]]
    col = {name: header.index(name) for name in ("Họ và tên", "Số CCCD", "Ngày sinh", "Ấp/Khóm")}
    fixed = []
    for row in rows[header_at + 1 :]:
        row = list(row)
        if not any(str(c).strip() for c in row):
            continue
        if str(row[col["Số CCCD"]]).removesuffix(".0") == "12345":
            row[col["Số CCCD"]] = cccd.make("084", "F", 1992, 700003)
        if str(row[col["Ngày sinh"]]) == "15/08/2099":
            row[col["Ngày sinh"]] = "15/08/1995"
        if not str(row[col["Họ và tên"]]).strip():
            row[col["Họ và tên"]] = "Sơn Thị Mới"
        if str(row[col["Ấp/Khóm"]]) == "Ấp Không Có":
            row[col["Ấp/Khóm"]] = "Khóm 2"
        fixed.append(row)
    return [header, *fixed]


@pytest.mark.django_db(transaction=True)
def test_officer_imports_a_roster_fixes_the_rejected_rows_and_imports_them(
    personas: Personas, live_server: Any, browser: Browser, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    before = Person.objects.filter(commune=personas.commune_a).count()
    axe = Axe()
    base = live_server.url
    context = browser.new_context(accept_downloads=True, locale="vi-VN")
    page = context.new_page()

    page.goto(f"{base}/login/")
    check_accessibility(page, axe, "the sign-in page")
    sign_in(page, base, "0911 000 002")  # officer_a, by phone number written with spaces
    check_accessibility(page, axe, "the home page")

    roster = write_roster(
        tmp_path / "danh-sach-khom.xlsx", [GOOD_1, GOOD_2, BAD_CCCD, FUTURE_BIRTH, NO_NAME, UNKNOWN_HAMLET]
    )
    page.click('nav a[href="/imports/"]')
    check_accessibility(page, axe, "the import list")
    page.click('main a[href="/imports/new/"]')
    check_accessibility(page, axe, "the upload form")
    page.set_input_files("#id_file", str(roster))
    page.click("main button[type=submit]")
    page.wait_for_selector("#count-created")
    check_accessibility(page, axe, "the preview")

    # The preview: nothing saved yet, two people to create, four rows rejected with their row numbers.
    assert page.inner_text("#count-created").strip() == "2"
    assert page.inner_text("#count-rejected").strip() == "4"
    assert rejected_row_numbers(page) == [
        FIRST_DATA_ROW + 2,
        FIRST_DATA_ROW + 3,
        FIRST_DATA_ROW + 4,
        FIRST_DATA_ROW + 5,
    ]
    reasons = page.locator("section[aria-labelledby=rejected-h] tbody").inner_text()
    for column in ("CCCD", "Ngày sinh", "Họ và tên", "Ấp/Khóm"):
        assert column in reasons, f"no rejection reason names the column {column!r}:\n{reasons}"
    assert Person.objects.filter(commune=personas.commune_a).count() == before

    page.click("main form[action$='/confirm/'] button[type=submit]")
    page.wait_for_url(lambda url: "/imports/" in url and not url.endswith("/new/"))
    page.wait_for_selector("#count-created")
    check_accessibility(page, axe, "the import result")
    assert page.inner_text("#count-created").strip() == "2"
    assert Person.objects.filter(commune=personas.commune_a).count() == before + 2

    with page.expect_download() as info:
        page.click("a[href$='/rejected.xlsx']")
    download = tmp_path / "rejected.xlsx"
    info.value.save_as(download)
    rejected = read_xlsx(download)
    header_at = next(i for i, row in enumerate(rejected) if "Họ và tên" in [str(c) for c in row])
    data = [row for row in rejected[header_at + 1 :] if any(str(c).strip() for c in row)]
    assert len(data) == 4
    reason_col = len(rejected[header_at]) - 1
    assert all(str(row[reason_col]).strip() for row in data), "every rejected row carries its reason"

    fixed = tmp_path / "danh-sach-da-sua.xlsx"
    fixed_rows = fix_rows(rejected)
    write_roster(fixed, fixed_rows[1:], header=fixed_rows[0])
    upload(page, base, fixed)
    check_accessibility(page, axe, "the preview of the fixed file")
    assert page.inner_text("#count-created").strip() == "4"
    assert page.inner_text("#count-rejected").strip() == "0"
    page.click("main form[action$='/confirm/'] button[type=submit]")
    page.wait_for_url(lambda url: "/imports/" in url and not url.endswith("/new/"))
    page.wait_for_selector("#count-created")
    assert page.inner_text("#count-created").strip() == "4"
    assert Person.objects.filter(commune=personas.commune_a).count() == before + 6
    assert Person.objects.filter(full_name="Sơn Thị Mới", hamlet=personas.hamlet_a2).exists()
    assert ImportJob.objects.filter(commune=personas.commune_a, dry_run=False).count() == 2

    page.click(f"main a[href='/people/?commune={personas.commune_a.code}']")
    check_accessibility(page, axe, "the people list")
    page.click("main table a >> nth=0")
    check_accessibility(page, axe, "a person page")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_people_list_fits_a_360_px_phone(personas: Personas, live_server: Any, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server.url, "0911000002")
    page.goto(f"{live_server.url}/people/")
    assert page.locator("main table a", has_text="Thạch Thị Sa Ra").is_visible()
    page.fill("#id_q", "nguyen van hung")  # live results (htmx): no page load, the list follows the typing
    page.locator("main table a", has_text="Thạch Thị Sa Ra").wait_for(state="detached")
    assert page.locator("main table a").all_inner_texts() == ["Nguyễn Văn Hùng"]
    assert "q=nguyen%20van%20hung" in page.url  # the address follows, so Back and reload keep the search
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a 360px screen"
    search = page.locator("#id_q").bounding_box()
    assert search is not None and search["width"] <= 360
    check_accessibility(page, Axe(), "the people list on a phone")
    context.close()
