"""A dry run writes no people, hamlets or households, but counts, rejects and lists new hamlets; then confirm."""

from __future__ import annotations

import pytest

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.geo.models import Hamlet
from hocvuso.people.constants import ImportStatus
from hocvuso.people.models import Household, Person
from hocvuso.people.roster_import import confirm_preview
from tests.people.roster_support import counts, import_file, nid, reasons, write_csv

pytestmark = pytest.mark.usefixtures("roster_media")

HEADER = ["Họ và tên", "Số CCCD", "Năm sinh", "Ấp", "Số hộ"]


def _rows():
    return [
        HEADER,
        ["Mới Một", nid("M", 1990, 1), 1990, "Khóm 1", "D1"],
        ["Mới Hai", nid("F", 1991, 2), 1991, "Ấp Mới Lập", "D1"],
        ["Mới Ba", nid("M", 1992, 3), 1992, "ap moi lap", "D2"],
        ["Sai Số", "123", 1990, "Khóm 1", ""],
    ]


def _snapshot():
    return Person.objects.count(), Hamlet.objects.count(), Household.objects.count()


@pytest.mark.parametrize("create_hamlets", [False, True])
def test_a_dry_run_writes_nothing_but_reports_what_would_happen(personas, tmp_path, create_hamlets):
    before = _snapshot()
    job = import_file(
        write_csv(tmp_path / "r.csv", _rows()), personas.commune_a, dry_run=True, create_hamlets=create_hamlets
    )
    assert _snapshot() == before
    assert job.status == ImportStatus.PREVIEWED
    assert job.new_hamlets == ["Ấp Mới Lập"]
    if create_hamlets:
        assert counts(job) == (3, 0, 0, 1)
    else:
        assert counts(job) == (1, 0, 0, 3)
        assert "Ấp Mới Lập" in reasons(job)[3]


def test_confirming_a_preview_imports_the_same_file_with_the_same_options(
    personas, tmp_path, django_capture_on_commit_callbacks
):
    preview = import_file(
        write_csv(tmp_path / "r.csv", _rows()),
        personas.commune_a,
        dry_run=True,
        create_hamlets=True,
        user=personas.officer_a,
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = confirm_preview(preview, personas.officer_a)  # jobs run in-process and synchronously in tests
    job.refresh_from_db()
    assert job.pk != preview.pk and job.file.name == preview.file.name
    assert (job.status, job.dry_run, job.create_hamlets) == (ImportStatus.DONE, False, True)
    assert counts(job) == counts(preview)
    assert Hamlet.objects.filter(commune=personas.commune_a, name="Ấp Mới Lập").exists()
    assert Person.objects.get(national_id=nid("F", 1991, 2)).hamlet.name == "Ấp Mới Lập"
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT_ROSTER, actor=personas.officer_a).count() == 2


def test_unknown_hamlets_are_rejected_without_create_hamlets_and_created_with_it(personas, tmp_path):
    path = write_csv(tmp_path / "r.csv", _rows())
    refused = import_file(path, personas.commune_a)
    assert counts(refused) == (1, 0, 0, 3)
    assert not Hamlet.objects.filter(commune=personas.commune_a, name_folded="moi lap").exists()
    created = import_file(path, personas.commune_a, create_hamlets=True)
    assert counts(created) == (2, 0, 1, 1)
    hamlet = Hamlet.objects.get(commune=personas.commune_a, name_folded="moi lap")
    assert hamlet.name == "Ấp Mới Lập" and hamlet.kind == "ap"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE_HAMLET, object_id=str(hamlet.pk)).exists()
    assert created.new_hamlets == ["Ấp Mới Lập"]
