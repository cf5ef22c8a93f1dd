"""Rosters as communes keep them: title and signature blocks, header variants, NFD, lost zeros, CSV and XLSX."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from hocvuso.people.constants import ImportStatus
from hocvuso.people.models import Household, Person
from tests.people.roster_support import (
    HEADER,
    SIGNATURE,
    TITLE,
    counts,
    import_file,
    nid,
    reasons,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.usefixtures("roster_media")


def test_title_and_signature_blocks_around_the_table_are_skipped(personas, tmp_path):
    rows = [
        *TITLE,
        HEADER,
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
        [1, "Trần Văn An", nid("M", 1970, 11), "01/02/1970", "Nam", "Khóm 1", "0912 345 678", "Kinh"],
        [2, "Trần Thị Bé", nid("F", 1975, 12), "1975", "Nữ", "Khóm 1", "", "Kinh"],
        *SIGNATURE,
    ]
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    assert job.status == ImportStatus.DONE
    assert counts(job) == (2, 0, 0, 0)
    assert job.header_row == len(TITLE) + 1


def test_header_may_be_on_row_fifteen_but_not_sixteen(personas, tmp_path):
    filler = [[f"dòng ghi chú {i}"] for i in range(14)]
    ok = import_file(
        write_csv(tmp_path / "a.csv", [*filler, HEADER, [1, "Lê Văn Tư", nid(serial=3), "1980", "Nam", "Khóm 1"]]),
        personas.commune_a,
    )
    assert ok.status == ImportStatus.DONE and ok.header_row == 15
    late = import_file(
        write_csv(tmp_path / "b.csv", [*filler, [], HEADER, [1, "Lê Văn Tư", nid(serial=3), "1980", "Nam"]]),
        personas.commune_a,
    )
    assert late.status == ImportStatus.FAILED
    assert "15" in late.error and "Họ và tên" in late.error


@pytest.mark.parametrize(
    "header",
    [
        ["Họ và tên", "Số CCCD", "Ngày sinh", "Ấp"],
        ["HỌ TÊN", "CCCD/CMND", "Ngày tháng năm sinh", "Ấp/Khóm"],
        ["Họ, tên", "Số định danh cá nhân", "Năm sinh", "Khóm"],
        ["ho va ten", "So DDCN", "ngay sinh", "Tổ dân phố"],
        [unicodedata.normalize("NFD", "Họ và tên"), unicodedata.normalize("NFD", "Số CCCD"), "Ngày sinh", "Ấp"],
        ["Full name", "ID number", "Birth date", "Hamlet"],
    ],
)
def test_vietnamese_header_variants_are_recognised(personas, tmp_path, header):
    rows = [header, ["Thạch Sô Phên", nid("M", 1960, 21), "1960", "Khóm 1"]]
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    assert counts(job) == (1, 0, 0, 0), reasons(job)
    person = Person.objects.get(national_id=nid("M", 1960, 21))
    assert (person.full_name, person.birth_year, person.hamlet) == ("Thạch Sô Phên", 1960, personas.hamlet_a1)


def test_nfd_text_and_stray_spaces_are_stored_as_nfc(personas, tmp_path):
    name = unicodedata.normalize("NFD", "  nguyễn   thị   hồng  ")
    rows = [
        HEADER,
        [1, name, nid("F", 1990, 31), " 05/06/1990 ", " Nữ ", unicodedata.normalize("NFD", "khóm 1"), "", " Kinh "],
    ]
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    assert counts(job) == (1, 0, 0, 0), reasons(job)
    person = Person.objects.get(national_id=nid("F", 1990, 31))
    assert person.full_name == "Nguyễn Thị Hồng" and unicodedata.is_normalized("NFC", person.full_name)
    assert person.name_folded == "nguyen thi hong"
    assert person.hamlet == personas.hamlet_a1


def test_phone_numbers_in_every_spelling_are_normalised(personas, tmp_path):
    spellings = ["0912 345 678", "0912.345.679", "+84912345680", "912345681"]
    rows = [HEADER] + [
        [i, f"Người Thứ {chr(65 + i)}", nid("M", 1985, 40 + i), "1985", "Nam", "Khóm 1", phone, ""]
        for i, phone in enumerate(spellings)
    ]
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    assert counts(job) == (4, 0, 0, 0), reasons(job)
    phones = set(
        Person.objects.filter(national_id__in=[nid("M", 1985, 40 + i) for i in range(4)]).values_list(
            "phone", flat=True
        )
    )
    assert phones == {"0912345678", "0912345679", "0912345680", "0912345681"}


def test_xlsx_with_lost_leading_zeros_floats_and_excel_dates(personas, tmp_path):
    number = nid("F", 1988, 51)  # "0841..." typed into Excel without quote becomes 841...
    rows = [
        *TITLE,
        HEADER,
        [1, "Kim Thị Sa Rươl", int(number), date(1988, 7, 9), "Nữ", "Khóm 2", 912345690, "Khơ-me"],
        [2, "Kim Văn Ty", float(nid("M", 1950, 52)), 1950, "Nam", "Khóm 2", "", "Khmer"],
    ]
    job = import_file(write_xlsx(tmp_path / "r.xlsx", rows), personas.commune_a)
    assert counts(job) == (2, 0, 0, 0), reasons(job)
    first = Person.objects.get(national_id=number)
    assert (first.birth_date, first.phone, first.ethnicity, first.hamlet) == (
        date(1988, 7, 9),
        "0912345690",
        "05",
        personas.hamlet_a2,
    )
    second = Person.objects.get(national_id=nid("M", 1950, 52))
    assert (second.birth_date, second.birth_year) == (None, 1950)


def test_eleven_digit_cccd_in_csv_gets_its_zero_back(personas, tmp_path):
    number = nid("M", 1979, 61)
    rows = [HEADER, [1, "Sơn Văn Được", number[1:], "1979", "Nam", "Khóm 1", "", ""]]
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    assert counts(job) == (1, 0, 0, 0), reasons(job)
    assert Person.objects.filter(national_id=number).exists()


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8", ","), ("utf-8-sig", ";"), ("cp1258", ";"), ("utf-16", "\t")]
)
def test_csv_encodings_and_delimiters_are_detected(personas, tmp_path, encoding, delimiter):
    rows = [*TITLE, HEADER, [1, "Phạm Thị Lụa", nid("F", 1966, 71), "12/12/1966", "Nữ", "Khóm 1", "", "Kinh"]]
    job = import_file(write_csv(tmp_path / "r.csv", rows, delimiter=delimiter, encoding=encoding), personas.commune_a)
    assert counts(job) == (1, 0, 0, 0), reasons(job)
    assert Person.objects.get(national_id=nid("F", 1966, 71)).full_name == "Phạm Thị Lụa"


def test_birth_year_under_nam_and_nu_subcolumns_gives_sex_and_year(personas, tmp_path):
    rows = [
        *TITLE,
        ["STT", "Họ và tên", "Năm sinh", "", "Ấp"],
        ["", "", "Nam", "Nữ", ""],
        [1, "Huỳnh Văn Sáu", 1955, "", "Khóm 1"],
        [2, "Huỳnh Thị Bảy", "", 1958, "Khóm 1"],
    ]
    job = import_file(write_xlsx(tmp_path / "r.xlsx", rows), personas.commune_a)
    assert counts(job) == (2, 0, 0, 0), reasons(job)
    people = {p.full_name: (p.sex, p.birth_year) for p in Person.objects.filter(full_name__startswith="Huỳnh")}
    assert people == {"Huỳnh Văn Sáu": ("M", 1955), "Huỳnh Thị Bảy": ("F", 1958)}


def test_blank_rows_inside_the_table_are_skipped(personas, tmp_path):
    rows = [
        HEADER,
        [1, "Lý Văn Một", nid(serial=81), "1980", "Nam", "Khóm 1"],
        [],
        ["", " ", ""],
        [2, "Lý Văn Hai", nid(serial=82), "1980", "Nam", "Khóm 1"],
    ]
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    assert counts(job) == (2, 0, 0, 0)
    assert job.rows_done == job.total_rows == 4


def test_households_numbers_heads_and_poverty_are_read(personas, tmp_path):
    header = ["Họ và tên", "Số CCCD", "Năm sinh", "Khóm", "Số hộ", "Địa chỉ", "Quan hệ với chủ hộ", "Phân loại hộ"]
    rows = [
        header,
        ["Lâm Văn Chủ", nid("M", 1960, 91), 1960, "Khóm 2", "HK-77", "12 Nguyễn Đáng", "Chủ hộ", "Hộ nghèo"],
        ["Lâm Thị Vợ", nid("F", 1962, 92), 1962, "Khóm 2", "HK-77", "12 Nguyễn Đáng", "Vợ", "Hộ nghèo"],
        ["Thạch Văn Không Số", nid("M", 1970, 93), 1970, "Khóm 2", "", "5 Lê Lợi", "Chủ hộ", "Hộ cận nghèo"],
        ["Thạch Thị Cùng Nhà", nid("F", 1972, 94), 1972, "Khóm 2", "", "5 lê lợi", "", ""],
    ]
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    assert counts(job) == (4, 0, 0, 0), reasons(job)
    numbered = Household.objects.get(commune=personas.commune_a, code="HK-77")
    assert numbered.head.full_name == "Lâm Văn Chủ" and numbered.is_poor and not numbered.is_near_poor
    assert set(numbered.members.values_list("full_name", flat=True)) == {"Lâm Văn Chủ", "Lâm Thị Vợ"}
    by_address = Person.objects.get(national_id=nid("F", 1972, 94)).household
    assert by_address is not None and by_address.code == "" and by_address.address == "5 Lê Lợi"
    assert by_address.head.full_name == "Thạch Văn Không Số" and by_address.is_near_poor


def test_an_empty_file_and_a_file_without_header_are_refused_with_a_reason(personas, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    job = import_file(empty, personas.commune_a)
    assert job.status == ImportStatus.FAILED and "empty" in job.error
    headless = import_file(write_csv(tmp_path / "h.csv", [["a", "b"], ["1", "2"]]), personas.commune_a)
    assert headless.status == ImportStatus.FAILED and "header" in headless.error
    assert (
        not Person.objects.filter(commune=personas.commune_a)
        .exclude(pk__in=[personas.person_a.pk, personas.person_a2.pk])
        .exists()
    )


def test_xlsx_starting_below_and_right_of_a1_keeps_excel_row_numbers(personas, tmp_path):
    rows = [[], [], ["", "Họ và tên", "Số CCCD", "Năm sinh", "Khóm"], ["", "Tăng Văn Lệch", "123", 1980, "Khóm 1"]]
    job = import_file(write_xlsx(tmp_path / "r.xlsx", rows), personas.commune_a)
    assert job.header_row == 3
    assert list(reasons(job)) == [4]
    assert job.rejections.get().values[:3] == ["", "Tăng Văn Lệch", "123"]
