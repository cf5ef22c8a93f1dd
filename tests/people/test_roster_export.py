"""Roster export writes the importer's columns: export then re-import changes nothing."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.management import call_command

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.people.models import Person
from hocvuso.people.roster_export import export_roster_xlsx
from tests.people.roster_support import counts, import_file, nid, read_xlsx, write_csv

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
    "Địa chỉ",
    "Quan hệ với chủ hộ",
    "Phân loại hộ",
    "Khuyết tật",
    "VNeID",
    "Tài khoản ngân hàng số",
]


def test_export_then_reimport_changes_nothing(personas, tmp_path):
    rows = [
        FULL,
        [
            "Kim Văn Xuất",
            nid("M", 1966, 1),
            "03/04/1966",
            "Nam",
            "Khóm 1",
            "0912000001",
            "Khơ-me",
            "X1",
            "7 Điện Biên Phủ",
            "Chủ hộ",
            "Hộ cận nghèo",
            "Vận động",
            "Mức 2",
            "Có",
        ],
        [
            "Kim Thị Nhập",
            "",
            "1970",
            "Nữ",
            "Khóm 1",
            "",
            "Kinh",
            "X1",
            "7 Điện Biên Phủ",
            "Vợ",
            "Hộ cận nghèo",
            "",
            "Chưa",
            "Không",
        ],
        ["Kim Út", nid("F", 2010, 3), "", "", "Khóm 2", "", "", "", "9 Lê Lợi", "", "", "", "", ""],
    ]
    assert counts(import_file(write_csv(tmp_path / "in.csv", rows), personas.commune_a)) == (3, 0, 0, 0)
    people = Person.objects.filter(commune=personas.commune_a)
    out = tmp_path / "out.xlsx"
    with open(out, "wb") as fh:
        assert export_roster_xlsx(people, fh) == people.count()
    before = list(people.order_by("id").values())
    job = import_file(out, personas.commune_a)
    assert counts(job) == (0, 0, people.count(), 0)
    assert list(people.order_by("id").values()) == before


def test_export_keeps_leading_zeros_and_writes_vietnamese_values(personas, tmp_path):
    buffer = BytesIO()
    export_roster_xlsx(Person.objects.filter(pk=personas.person_a.pk), buffer)
    out = tmp_path / "x.xlsx"
    out.write_bytes(buffer.getvalue())
    sheet = read_xlsx(out)
    assert sheet[0][:3] == ["STT", "Họ và tên", "Số CCCD"]
    assert sheet[1][1:3] == ["Nguyễn Văn Hùng", personas.person_a.national_id]
    assert sheet[1][2].startswith("0") and sheet[1][4] == "Nam" and sheet[1][7] == "Khóm 1"


def test_the_export_command_is_audited(personas, tmp_path):
    call_command("export_roster", str(tmp_path / "e.xlsx"), commune=personas.commune_a.code, hamlet="khom 1")
    assert len(read_xlsx(tmp_path / "e.xlsx")) == 2  # header and person_a, the only one in Khóm 1
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT_ROSTER, object_id=str(personas.commune_a.code)).exists()
