"""Every kind of bad row is rejected with a reason naming the column as written, and its row number."""

from __future__ import annotations

from datetime import date

import pytest

from hocvuso.people.models import Person
from tests.factories import PersonFactory
from tests.people.roster_support import HEADER, TITLE, counts, import_file, nid, reasons, write_csv, write_xlsx

pytestmark = pytest.mark.usefixtures("roster_media")

FIRST = len(TITLE) + 2  # row number of the first data row (title block, then the header)


def _rows(*data):
    return [*TITLE, HEADER, *[[i, *row] for i, row in enumerate(data, start=1)]]


def test_each_bad_row_kind_gets_its_reason_and_row_number(personas, tmp_path):
    next_year = date.today().year + 1
    rows = _rows(
        ["Người Hợp Lệ", nid("M", 1980, 1), "1980", "Nam", "Khóm 1", "", "Kinh"],
        ["Sai Độ Dài", "0841800123", "1980", "Nam", "Khóm 1", "", ""],
        ["Sai Năm Sinh", nid("M", 1980, 3), "1981", "Nam", "Khóm 1", "", ""],
        ["Sai Giới Tính", nid("M", 1980, 4), "1980", "Nữ", "Khóm 1", "", ""],
        ["", nid("M", 1980, 5), "1980", "Nam", "Khóm 1", "", ""],
        ["Sinh Tương Lai", "", f"01/01/{next_year}", "Nam", "Khóm 1", "", ""],
        ["Ngày Không Có", "", "31/02/1990", "Nam", "Khóm 1", "", ""],
        ["Ấp Lạ", nid("M", 1980, 8), "1980", "Nam", "Ấp Không Có", "", ""],
        ["Điện Thoại Sai", nid("M", 1980, 9), "1980", "Nam", "Khóm 1", "12345", ""],
        ["Dân Tộc Lạ", nid("M", 1980, 10), "1980", "Nam", "Khóm 1", "", "Sao Hỏa"],
        ["Tỉnh Không Có", "999080000011", "1980", "Nam", "Khóm 1", "", ""],
        ["Giới Tính Lạ", nid("M", 1980, 12), "1980", "Khác", "Khóm 1", "", ""],
    )
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    assert counts(job) == (1, 0, 0, 11)
    got = reasons(job)
    expected = {
        FIRST + 1: ("Column “Số CCCD”", "12 digits (it has 10)"),
        FIRST + 2: ("Column “Số CCCD”", "birth year 1980 but the birth year is 1981"),
        FIRST + 3: ("Column “Số CCCD”", "different sex"),
        FIRST + 4: ("Column “Họ và tên”", "full name is missing"),
        FIRST + 5: ("Column “Ngày sinh”", "in the future"),
        FIRST + 6: ("Column “Ngày sinh”", "31/02/1990 does not exist"),
        FIRST + 7: ("Column “Ấp/Khóm”", "“Ấp Không Có” is not in the list of hamlets of Phường Trà Vinh"),
        FIRST + 8: ("Column “Số điện thoại”", "'12345' is not a Vietnamese phone number"),
        FIRST + 9: ("Column “Dân tộc”", "unknown ethnic group “Sao Hỏa”"),
        FIRST + 10: ("Column “Số CCCD”", "999 are not a province code"),
        FIRST + 11: ("Column “Giới tính”", "“Khác” is not a sex"),
    }
    assert set(got) == set(expected)
    for row, (column, text) in expected.items():
        assert got[row].startswith(column) and text in got[row], (row, got[row])
    assert list(Person.objects.filter(full_name__in=["Sai Độ Dài", "Ấp Lạ"])) == []


def test_impossible_old_birth_year_is_rejected(personas, tmp_path):
    job = import_file(
        write_csv(tmp_path / "r.csv", _rows(["Cụ Già", "", "1850", "Nam", "Khóm 1", "", ""])), personas.commune_a
    )
    assert counts(job) == (0, 0, 0, 1)
    assert "1850 is impossible" in reasons(job)[FIRST]


def test_xlsx_rejections_use_excel_row_numbers(personas, tmp_path):
    rows = _rows(
        ["Đúng", nid("M", 1980, 21), 1980, "Nam", "Khóm 1", "", ""], ["Sai", 12345, 1980, "Nam", "Khóm 1", "", ""]
    )
    job = import_file(write_xlsx(tmp_path / "r.xlsx", rows), personas.commune_a)
    assert counts(job) == (1, 0, 0, 1)
    assert list(reasons(job)) == [FIRST + 1]
    assert job.rejections.get().values[:3] == ["2", "Sai", "12345"]


def test_cccd_of_a_person_of_another_commune_is_rejected_and_that_person_untouched(personas, tmp_path):
    other = personas.person_b  # lives in commune B
    rows = _rows(["Tên Khác Hẳn", other.national_id, str(other.birth_year), "Nam", "Khóm 1", "0912000111", ""])
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    assert counts(job) == (0, 0, 0, 1)
    assert "another commune" in reasons(job)[FIRST]
    other.refresh_from_db()
    assert (other.full_name, other.commune, other.phone) == ("Lê Thị Bích", personas.commune_b, "")


def test_several_problems_of_one_row_are_all_reported(personas, tmp_path):
    rows = _rows(["Nhiều Lỗi", "0841800123", "1980", "Nam", "Khóm 1", "999", "Sao Hỏa"])
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    reason = reasons(job)[FIRST]
    assert "Số CCCD" in reason and "Số điện thoại" in reason and "Dân tộc" in reason


def test_reasons_are_in_the_language_of_the_import(personas, tmp_path):
    rows = _rows(["Sai Độ Dài", "0841800123", "1980", "Nam", "Khóm 1", "", ""])
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a, language="vi")
    assert "12 chữ số" in reasons(job)[FIRST]


def test_a_name_with_digits_is_rejected(personas, tmp_path):
    job = import_file(
        write_csv(tmp_path / "r.csv", _rows(["Nguyễn Văn 3", nid(serial=31), "1980", "Nam", "Khóm 1", "", ""])),
        personas.commune_a,
    )
    assert counts(job) == (0, 0, 0, 1)
    assert reasons(job)[FIRST].startswith("Column “Họ và tên”")


def test_existing_person_without_cccd_is_found_by_name_birth_year_and_hamlet(personas, tmp_path):
    known = PersonFactory(
        hamlet=personas.hamlet_a2, full_name="Danh Thị Mười", birth_year=1944, sex="F", national_id=None
    )
    rows = _rows(["danh thi muoi", "", "1944", "Nữ", "khom 2", "0912999888", ""])
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    assert counts(job) == (0, 1, 0, 0), reasons(job)
    known.refresh_from_db()
    assert (known.phone, known.full_name) == ("0912999888", "Danh Thị Mười")


def test_texts_longer_than_their_column_are_rejected_naming_it(personas, tmp_path):
    rows = [
        ["Họ và tên", "Số CCCD", "Năm sinh", "Số hộ", "Địa chỉ"],
        ["Hộ Dài", nid(serial=41), "1980", "H" * 41, "x" * 256],
    ]
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    reason = reasons(job)[2]
    assert "Column “Số hộ”: the text is longer than 40 characters" in reason
    assert "Column “Địa chỉ”: the text is longer than 255 characters" in reason
