"""Duplicate rows: an exact repeat counts as unchanged; the same person with other data is rejected."""

from __future__ import annotations

import pytest

from hocvuso.people.models import Person
from tests.people.roster_support import HEADER, counts, import_file, nid, reasons, write_csv

pytestmark = pytest.mark.usefixtures("roster_media")


def test_an_exact_duplicate_row_is_counted_unchanged(personas, tmp_path):
    row = ["Tô Văn Lặp", nid("M", 1981, 1), "1981", "Nam", "Khóm 1", "0912111222", "Kinh"]
    job = import_file(write_csv(tmp_path / "r.csv", [HEADER, [1, *row], [2, *row]]), personas.commune_a)
    assert counts(job) == (1, 0, 1, 0)
    assert Person.objects.filter(national_id=nid("M", 1981, 1)).count() == 1


def test_a_duplicate_in_another_spelling_is_still_an_exact_duplicate(personas, tmp_path):
    rows = [
        HEADER,
        [1, "Tô Văn Lặp", nid("M", 1981, 2), "01/02/1981", "Nam", "Khóm 1", "0912 111 222", "Kinh"],
        [2, "  tô  văn lặp ", nid("M", 1981, 2)[1:], "1/2/1981", "nam", "khom 1", "+84912111222", "kinh"],
    ]
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    assert counts(job) == (1, 0, 1, 0), reasons(job)


def test_the_same_cccd_with_different_data_is_rejected_naming_the_earlier_row(personas, tmp_path):
    number = nid("F", 1990, 3)
    rows = [
        HEADER,
        [1, "Kiên Thị Một", number, "1990", "Nữ", "Khóm 1", "", ""],
        [2, "Kiên Thị Hai", number, "1990", "Nữ", "Khóm 2", "", ""],
    ]
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    assert counts(job) == (1, 0, 0, 1)
    reason = reasons(job)[3]
    assert reason.startswith("Column “Số CCCD”") and f"{number} is already on row 2" in reason
    assert Person.objects.get(national_id=number).full_name == "Kiên Thị Một"


def test_a_repeat_of_a_rejected_row_is_rejected_too(personas, tmp_path):
    other = personas.person_b
    row = ["Người Xã Khác", other.national_id, str(other.birth_year), "Nam", "Khóm 1", "", ""]
    job = import_file(write_csv(tmp_path / "r.csv", [HEADER, [1, *row], [2, *row]]), personas.commune_a)
    assert counts(job) == (0, 0, 0, 2)
    assert "repeats row 2" in reasons(job)[3]


def test_people_without_cccd_repeated_with_other_data_are_rejected(personas, tmp_path):
    rows = [
        HEADER,
        [1, "Út Không Số", "", "1950", "Nữ", "Khóm 1", "", ""],
        [2, "Út Không Số", "", "1950", "Nữ", "Khóm 1", "0912333444", ""],
    ]
    job = import_file(write_csv(tmp_path / "r.csv", rows), personas.commune_a)
    assert counts(job) == (1, 0, 0, 1)
    assert "already on row 2" in reasons(job)[3]
