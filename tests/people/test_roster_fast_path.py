"""The bulk path of a large first import: indexes dropped while writing, the same schema afterwards."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from hocvuso.geo.models import Commune
from hocvuso.people import roster_import
from hocvuso.people.constants import ImportStatus
from hocvuso.people.models import Household, Person
from hocvuso.people.roster_import import create_import_job, run_import
from tests.people.roster_support import counts, nid, reasons, write_csv

pytestmark = pytest.mark.usefixtures("roster_media")

HEADER = ["Họ và tên", "Số CCCD", "Năm sinh", "Khóm", "Số hộ", "Quan hệ với chủ hộ", "Hộ nghèo"]


class Crash(Exception):
    pass


def _rows(province: str = "084") -> list[list[object]]:
    rows: list[list[object]] = [HEADER]
    for i in range(1, 24):
        rows.append(
            [
                f"Người Số {chr(64 + i)}",
                nid("M", 1960 + i, i, province),
                1960 + i,
                f"Khóm {1 + i % 3}",
                f"H{i // 3}",
                "Chủ hộ" if i % 3 == 0 else "",
                "x" if i % 6 == 0 else "",
            ]
        )
    rows.append(["Người Số A", nid("M", 1961, 1, province), 1961, "Khóm 2", "H0", "", ""])  # exact repeat of row 2
    rows.append(["Người Trùng", nid("M", 1962, 2, province), 1962, "Khóm 1", "H0", "", ""])  # row 3's CCCD, other data
    rows.append(["Không Có Số", "", 1990, "Khóm 1", "", "", ""])  # matched without a CCCD
    return rows


def _schema() -> set[tuple[str, ...]]:
    """Every index of the people and household tables, as the database describes it."""
    tables = (Person._meta.db_table, Household._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name IN (%s, %s)", list(tables)
            )
        else:
            cursor.execute(
                "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename IN (%s, %s)", list(tables)
            )
        return {tuple(row) for row in cursor.fetchall()}


def _index_names() -> set[str]:
    return {name for name, _sql in roster_import.secondary_indexes()}


def _state(commune) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    people = Person.objects.filter(commune=commune)
    households = Household.objects.filter(commune=commune)
    return (
        sorted(
            people.values_list("full_name", "birth_year", "sex", "hamlet__name", "household__code"),
            key=str,
        ),
        sorted(households.values_list("code", "head__full_name", "is_poor", "hamlet__name"), key=str),
    )


def _job(path, commune):  # type: ignore[no-untyped-def]
    with open(path, "rb") as fh:
        return create_import_job(commune=commune, file=fh, original_name="r.csv", user=None, create_hamlets=True)


@pytest.fixture
def empty(personas):  # type: ignore[no-untyped-def]
    """Two communes of the campaign area without anyone on their rosters (the personas live in A and B)."""
    communes = Commune.objects.filter(in_campaign_area=True).exclude(pk__in=Person.objects.values("commune_id"))
    return list(communes.order_by("code")[:2])


@pytest.fixture
def small_bulk(monkeypatch):  # type: ignore[no-untyped-def]
    """A test-sized file takes the bulk path, in chunks of 5 rows."""
    monkeypatch.setattr(roster_import, "CHUNK_ROWS", 5)
    monkeypatch.setattr(roster_import, "BULK_MIN_ROWS", 1)


def _watch_indexes(monkeypatch) -> list[set[str]]:  # type: ignore[no-untyped-def]
    """Record the secondary indexes present while each chunk is written."""
    seen: list[set[str]] = []
    monkeypatch.setattr(roster_import, "FAULT_HOOK", lambda job, chunk: seen.append(_index_names()))
    return seen


def test_a_first_import_into_an_empty_commune_drops_the_indexes_while_writing_and_restores_them(
    empty, tmp_path, monkeypatch, small_bulk
):
    before = _schema()
    assert _index_names(), "the tables have secondary indexes to drop"
    during = _watch_indexes(monkeypatch)
    job = run_import(_job(write_csv(tmp_path / "r.csv", _rows()), empty[0]).pk)
    assert job.status == ImportStatus.DONE and job.columns["bulk"] is True
    assert counts(job) == (24, 0, 1, 1)
    assert during and all(names == set() for names in during)
    assert _schema() == before


def test_the_bulk_path_gives_the_same_people_as_the_ordinary_one(empty, tmp_path, monkeypatch, small_bulk):
    bulk = run_import(_job(write_csv(tmp_path / "a.csv", _rows()), empty[0]).pk)
    assert bulk.columns["bulk"] is True
    monkeypatch.setattr(roster_import, "BULK_MIN_ROWS", 100_000)
    ordinary = run_import(_job(write_csv(tmp_path / "b.csv", _rows("086")), empty[1]).pk)
    assert ordinary.columns["bulk"] is False
    assert counts(bulk) == counts(ordinary)
    assert {row: r.replace("084", "086") for row, r in reasons(bulk).items()} == reasons(ordinary)
    assert _state(empty[0]) == _state(empty[1])


def test_a_commune_that_already_has_people_never_takes_the_bulk_path(empty, tmp_path, monkeypatch, small_bulk):
    path = write_csv(tmp_path / "r.csv", _rows())
    first = run_import(_job(path, empty[0]).pk)
    assert first.columns["bulk"] is True
    during = _watch_indexes(monkeypatch)
    again = run_import(_job(path, empty[0]).pk)
    assert again.columns["bulk"] is False and again.columns["fresh"] is False
    assert counts(again) == (0, 0, 25, 1)  # re-importing the same file changes nothing
    assert during and all(names == _index_names() != set() for names in during)


def test_a_dry_run_never_takes_the_bulk_path(empty, tmp_path, monkeypatch, small_bulk):
    during = _watch_indexes(monkeypatch)
    with open(write_csv(tmp_path / "r.csv", _rows()), "rb") as fh:
        job = create_import_job(commune=empty[0], file=fh, original_name="r.csv", user=None, dry_run=True)
    job = run_import(job.pk)
    assert job.status == ImportStatus.PREVIEWED and job.columns["bulk"] is False
    assert during and all(names == _index_names() != set() for names in during)


def test_a_file_shorter_than_the_people_table_never_takes_the_bulk_path(empty, tmp_path, monkeypatch, small_bulk):
    run_import(_job(write_csv(tmp_path / "b.csv", _rows("086")), empty[1]).pk)
    short = write_csv(tmp_path / "a.csv", _rows()[:6])  # 5 people, fewer than the table holds
    job = run_import(_job(short, empty[0]).pk)
    assert job.columns["fresh"] is True and job.columns["bulk"] is False


def test_an_error_in_the_bulk_path_restores_the_indexes_and_resume_finishes_the_same(
    empty, tmp_path, monkeypatch, small_bulk
):
    before = _schema()

    def crash_in_third_chunk(job, chunk):  # type: ignore[no-untyped-def]
        if chunk == 2:
            raise Crash

    monkeypatch.setattr(roster_import, "FAULT_HOOK", crash_in_third_chunk)
    job = _job(write_csv(tmp_path / "r.csv", _rows()), empty[0])
    with pytest.raises(Crash):
        run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.rows_done == 10
    assert _schema() == before  # rebuilt by the failure handler

    monkeypatch.setattr(roster_import, "FAULT_HOOK", None)
    job = run_import(job.pk)
    assert job.status == ImportStatus.DONE and counts(job) == (24, 0, 1, 1)
    assert _schema() == before


def test_a_run_killed_in_the_bulk_path_gets_its_indexes_back_when_resumed(empty, tmp_path, monkeypatch, small_bulk):
    before = _schema()

    def crash_in_third_chunk(job, chunk):  # type: ignore[no-untyped-def]
        if chunk == 2:
            raise Crash

    # A killed process runs no handler: nothing rebuilds the indexes until the job runs again.
    monkeypatch.setattr(roster_import, "_restore_after_failure", lambda indexes: None)
    monkeypatch.setattr(roster_import, "FAULT_HOOK", crash_in_third_chunk)
    job = _job(write_csv(tmp_path / "r.csv", _rows()), empty[0])
    with pytest.raises(Crash):
        run_import(job.pk)
    assert _index_names() == set()
    assert Person.objects.filter(commune=empty[0]).count() == 10

    monkeypatch.setattr(roster_import, "FAULT_HOOK", None)
    job = run_import(job.pk)
    assert job.status == ImportStatus.DONE
    assert _schema() == before
    reference = run_import(_job(write_csv(tmp_path / "b.csv", _rows("086")), empty[1]).pk)  # uninterrupted
    assert counts(job) == counts(reference)
    assert {row: r.replace("084", "086") for row, r in reasons(job).items()} == reasons(reference)
    assert _state(empty[0]) == _state(empty[1])


def test_restore_import_indexes_rebuilds_what_a_killed_and_abandoned_job_dropped(
    empty, tmp_path, monkeypatch, small_bulk
):
    before = _schema()

    def crash_in_third_chunk(job, chunk):  # type: ignore[no-untyped-def]
        if chunk == 2:
            raise Crash

    monkeypatch.setattr(roster_import, "_restore_after_failure", lambda indexes: None)
    monkeypatch.setattr(roster_import, "FAULT_HOOK", crash_in_third_chunk)
    with pytest.raises(Crash):
        run_import(_job(write_csv(tmp_path / "r.csv", _rows()), empty[0]).pk)
    assert _index_names() == set()

    out = io.StringIO()
    call_command("restore_import_indexes", stdout=out)
    assert _schema() == before
    assert out.getvalue().startswith("rebuilt ") and "rebuilt 0" not in out.getvalue()
    out = io.StringIO()
    call_command("restore_import_indexes", stdout=out)
    assert out.getvalue().strip() == "rebuilt 0 index(es)"
