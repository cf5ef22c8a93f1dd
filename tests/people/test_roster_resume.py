"""A run killed half-way leaves whole chunks only, and resuming gives the uninterrupted result."""

from __future__ import annotations

import pytest

from hocvuso.people import roster_import
from hocvuso.people.constants import ImportStatus
from hocvuso.people.models import Household, ImportJob, Person
from hocvuso.people.roster_import import create_import_job, run_import
from tests.people.roster_support import counts, nid, reasons, write_csv

pytestmark = pytest.mark.usefixtures("roster_media")

HEADER = ["Họ và tên", "Số CCCD", "Năm sinh", "Khóm", "Số hộ", "Quan hệ với chủ hộ"]


class Crash(Exception):
    pass


def _rows(province="084"):
    rows = [HEADER]
    for i in range(1, 24):
        rows.append(
            [
                f"Người Số {chr(64 + i)}",
                nid("M", 1960 + i, i, province),
                1960 + i,
                f"Khóm {1 + i % 3}",
                f"H{i // 3}",
                "Chủ hộ" if i % 3 == 0 else "",
            ]
        )
    rows.append(["Người Số A", nid("M", 1961, 1, province), 1961, "Khóm 2", "H0", ""])  # an exact repeat of row 2
    rows.append(
        ["Người Trùng", nid("M", 1962, 2, province), 1962, "Khóm 1", "H0", ""]
    )  # same CCCD as row 3, other data
    return rows


def _state(commune):
    """The imported people and households, without the CCCD (so that two communes can be compared)."""
    people = Person.objects.filter(commune=commune, full_name__startswith="Người Số")
    households = Household.objects.filter(commune=commune, code__regex=r"^H[0-9]+$")
    return (
        sorted(people.values_list("full_name", "birth_year", "hamlet__name", "household__code")),
        sorted(households.values_list("code", "head__full_name")),
    )


def _job(path, commune):
    with open(path, "rb") as fh:
        return create_import_job(commune=commune, file=fh, original_name="r.csv", user=None, create_hamlets=True)


def test_a_crash_mid_chunk_leaves_whole_chunks_and_resume_finishes_the_same(personas, tmp_path, monkeypatch):
    monkeypatch.setattr(roster_import, "CHUNK_ROWS", 5)
    reference = run_import(_job(write_csv(tmp_path / "b.csv", _rows("086")), personas.commune_b).pk)
    assert counts(reference) == (23, 0, 1, 1)  # uninterrupted, in another commune
    path = write_csv(tmp_path / "r.csv", _rows())

    def crash_in_third_chunk(job, chunk):
        if chunk == 2:
            raise Crash

    monkeypatch.setattr(roster_import, "FAULT_HOOK", crash_in_third_chunk)
    job = _job(path, personas.commune_a)
    with pytest.raises(Crash):
        run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.rows_done == 10
    assert Person.objects.filter(commune=personas.commune_a, full_name__startswith="Người").count() == 10

    monkeypatch.setattr(roster_import, "FAULT_HOOK", None)
    job = run_import(job.pk)
    assert job.status == ImportStatus.DONE
    assert counts(job) == counts(reference) and job.rows_done == reference.rows_done
    assert {row: r.replace("084", "086") for row, r in reasons(job).items()} == reasons(reference)
    assert _state(personas.commune_a) == _state(personas.commune_b)
    assert len(_state(personas.commune_a)[0]) == 23


def test_a_resumed_job_gives_the_same_people_as_an_uninterrupted_one(personas, tmp_path, monkeypatch):
    monkeypatch.setattr(roster_import, "CHUNK_ROWS", 4)
    path = write_csv(tmp_path / "r.csv", _rows())
    uninterrupted = run_import(_job(path, personas.commune_a).pk)
    expected = _state(personas.commune_a)
    Household.objects.filter(commune=personas.commune_a, code__regex=r"^H[0-9]+$").update(head=None)
    Person.objects.filter(commune=personas.commune_a, full_name__startswith="Người Số").delete()
    Household.objects.filter(commune=personas.commune_a, code__regex=r"^H[0-9]+$").delete()
    calls = []

    def crash_once(job, chunk):
        if chunk == 3 and not calls:
            calls.append(chunk)
            raise Crash

    monkeypatch.setattr(roster_import, "FAULT_HOOK", crash_once)
    job = _job(path, personas.commune_a)
    with pytest.raises(Crash):
        run_import(job.pk)
    resumed = run_import(job.pk)
    assert counts(resumed) == counts(uninterrupted)
    assert _state(personas.commune_a) == expected


def test_a_finished_job_is_not_run_again(personas, tmp_path):
    job = run_import(_job(write_csv(tmp_path / "r.csv", _rows()), personas.commune_a).pk)
    again = run_import(job.pk)
    assert counts(again) == counts(job) and ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE
