"""manage.py import_roster: one summary line, and the rejected rows in PATH.rejected.xlsx."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from hocvuso.people import roster_import
from hocvuso.people.models import ImportJob, Person
from tests.people.roster_support import HEADER, TITLE, nid, read_xlsx, write_csv, write_xlsx

pytestmark = pytest.mark.usefixtures("roster_media")


def _call(*args, **options):
    out = StringIO()
    with translation.override("en"):
        call_command("import_roster", *args, stdout=out, **options)
    return out.getvalue()


def _rows():
    return [
        *TITLE,
        HEADER,
        [1, "Đặng Văn Đúng", nid("M", 1970, 1), "1970", "Nam", "Khóm 1", "", "Kinh"],
        [2, "Đặng Văn Sai", "0841700002", "1970", "Nam", "Khóm 1", "", "Kinh"],
        [3, "Đặng Thị Lạ", nid("F", 1971, 3), "1971", "Nữ", "Ấp Lạ Hoắc", "", "Kinh"],
    ]


def test_the_command_prints_one_line_and_writes_the_rejected_rows(personas, tmp_path):
    path = write_xlsx(tmp_path / "ds.xlsx", _rows())
    out = _call(str(path), commune=personas.commune_a.code)
    assert out.strip().splitlines() == ["created 1, updated 0, unchanged 0, rejected 2"]
    sheet = read_xlsx(tmp_path / "ds.xlsx.rejected.xlsx")
    assert sheet[0] == [*HEADER, "Row", "Reason"]
    assert [row[1] for row in sheet[1:]] == ["Đặng Văn Sai", "Đặng Thị Lạ"]
    assert sheet[1][2] == "0841700002"  # the cell as written, as text
    assert [int(row[len(HEADER)]) for row in sheet[1:]] == [len(TITLE) + 3, len(TITLE) + 4]
    assert "12 digits" in sheet[1][-1] and "Ấp Lạ Hoắc" in sheet[2][-1]


def test_a_second_run_prints_unchanged_and_removes_a_stale_rejected_file(personas, tmp_path):
    rows = _rows()[:-2]
    path = write_csv(tmp_path / "ds.csv", rows)
    stale = tmp_path / "ds.csv.rejected.xlsx"
    stale.write_bytes(b"old")
    assert _call(str(path), commune=personas.commune_a.code).strip() == "created 1, updated 0, unchanged 0, rejected 0"
    assert not stale.exists()
    assert _call(str(path), commune=personas.commune_a.code).strip() == "created 0, updated 0, unchanged 1, rejected 0"


def test_dry_run_and_create_hamlets_options(personas, tmp_path):
    path = write_csv(tmp_path / "ds.csv", _rows())
    assert _call(str(path), commune=personas.commune_a.code, dry_run=True, create_hamlets=True).strip() == (
        "created 2, updated 0, unchanged 0, rejected 1"
    )
    assert not Person.objects.filter(full_name__startswith="Đặng").exists()
    assert _call(str(path), "--create-hamlets", commune=personas.commune_a.code).strip() == (
        "created 2, updated 0, unchanged 0, rejected 1"
    )


def test_resume_continues_an_interrupted_job(personas, tmp_path, monkeypatch):
    monkeypatch.setattr(roster_import, "CHUNK_ROWS", 2)

    def crash(job, chunk):
        if chunk == 1:
            raise RuntimeError("power cut")

    monkeypatch.setattr(roster_import, "FAULT_HOOK", crash)
    rows = [HEADER] + [[i, f"Người Thứ {chr(64 + i)}", nid("M", 1980, i), "1980", "Nam", "Khóm 1"] for i in range(1, 6)]
    path = write_csv(tmp_path / "ds.csv", rows)
    with pytest.raises(RuntimeError):
        _call(str(path), commune=personas.commune_a.code)
    job = ImportJob.objects.get()
    assert job.rows_done == 2
    monkeypatch.setattr(roster_import, "FAULT_HOOK", None)
    out = _call(str(path), commune=personas.commune_a.code, resume=job.pk)
    assert out.strip() == "created 5, updated 0, unchanged 0, rejected 0"
    assert ImportJob.objects.count() == 1


def test_unknown_commune_and_missing_file_are_errors(personas, tmp_path):
    with pytest.raises(CommandError):
        _call(str(tmp_path / "none.csv"), commune=personas.commune_a.code)
    with pytest.raises(CommandError):
        _call(str(write_csv(tmp_path / "a.csv", _rows())), commune=1)
    with pytest.raises(CommandError, match="header"):
        _call(str(write_csv(tmp_path / "b.csv", [["x"], ["y"]])), commune=personas.commune_a.code)
