"""Importing the same file twice changes nothing; changed rows update only what they fill in."""

from __future__ import annotations

import pytest

from hocvuso.people.models import Household, Person
from tests.people.roster_support import HEADER, TITLE, counts, import_file, nid, write_csv, write_xlsx

pytestmark = pytest.mark.usefixtures("roster_media")

FULL = [
    "Họ và tên",
    "Số CCCD",
    "Ngày sinh",
    "Giới tính",
    "Khóm",
    "SĐT",
    "Dân tộc",
    "Số hộ",
    "Quan hệ với chủ hộ",
    "Hộ nghèo",
    "Khuyết tật",
    "VNeID",
    "Tài khoản ngân hàng số",
]


def _people():
    return [
        [
            "Châu Văn Cha",
            nid("M", 1965, 1),
            "02/03/1965",
            "Nam",
            "Khóm 1",
            "0912000001",
            "Khơ-me",
            "H1",
            "Chủ hộ",
            "x",
            "",
            "Mức 2",
            "Có",
        ],
        [
            "Châu Thị Mẹ",
            nid("F", 1968, 2),
            "1968",
            "Nữ",
            "Khóm 1",
            "",
            "Khmer",
            "H1",
            "Vợ",
            "x",
            "Khiếm thị",
            "mức 1",
            "không",
        ],
        ["Châu Bé Không Số", "", "2019", "Nữ", "Khóm 1", "", "Khơ me", "H1", "Con", "x", "", "Chưa", ""],
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_importing_the_same_file_twice_changes_nothing(personas, tmp_path, kind):
    rows = [*TITLE, FULL, *_people()]
    path = write_csv(tmp_path / "r.csv", rows) if kind == "csv" else write_xlsx(tmp_path / "r.xlsx", rows)
    first = import_file(path, personas.commune_a)
    assert counts(first) == (3, 0, 0, 0)
    snapshot = list(Person.objects.filter(household__code="H1").order_by("id").values())
    second = import_file(path, personas.commune_a)
    assert counts(second) == (0, 0, 3, 0)
    assert list(Person.objects.filter(household__code="H1").order_by("id").values()) == snapshot
    household = Household.objects.get(code="H1", commune=personas.commune_a)
    assert household.is_poor and household.head.full_name == "Châu Văn Cha"
    mother = Person.objects.get(national_id=nid("F", 1968, 2))
    assert (mother.disability, mother.vneid_level, mother.has_digital_bank_account) == ("vision", 1, False)


def test_a_changed_row_updates_the_person_and_counts_updated(personas, tmp_path):
    import_file(write_csv(tmp_path / "a.csv", [FULL, *_people()]), personas.commune_a)
    changed = _people()
    changed[0][5] = "0987654321"
    changed[1][4] = "Khóm 2"
    job = import_file(write_csv(tmp_path / "b.csv", [FULL, *changed]), personas.commune_a)
    assert counts(job) == (0, 2, 1, 0)
    father = Person.objects.get(national_id=nid("M", 1965, 1))
    assert father.phone == "0987654321"
    assert Person.objects.get(national_id=nid("F", 1968, 2)).hamlet == personas.hamlet_a2


def test_empty_cells_and_missing_columns_keep_what_is_stored(personas, tmp_path):
    import_file(write_csv(tmp_path / "a.csv", [FULL, *_people()]), personas.commune_a)
    sparse = [["Họ và tên", "Số CCCD", "SĐT"], ["Châu Văn Cha", nid("M", 1965, 1), ""]]
    job = import_file(write_csv(tmp_path / "b.csv", sparse), personas.commune_a)
    assert counts(job) == (0, 0, 1, 0)
    father = Person.objects.get(national_id=nid("M", 1965, 1))
    assert (father.phone, father.hamlet, father.vneid_level, father.household.code) == (
        "0912000001",
        personas.hamlet_a1,
        2,
        "H1",
    )


def test_a_person_known_without_cccd_gets_it_from_a_later_roster(personas, tmp_path):
    import_file(
        write_csv(tmp_path / "a.csv", [HEADER, [1, "Dương Văn Sau", "", "1977", "Nam", "Khóm 1", "", ""]]),
        personas.commune_a,
    )
    job = import_file(
        write_csv(
            tmp_path / "b.csv", [HEADER, [1, "Dương Văn Sau", nid("M", 1977, 9), "1977", "Nam", "Khóm 1", "", ""]]
        ),
        personas.commune_a,
    )
    assert counts(job) == (0, 1, 0, 0)
    assert Person.objects.filter(full_name="Dương Văn Sau").get().national_id == nid("M", 1977, 9)
