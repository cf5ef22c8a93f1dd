"""The import wizard: upload -> dry-run preview -> confirm -> result, with rejected rows to download."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from python_calamine import CalamineWorkbook

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.geo.models import Hamlet
from hocvuso.people.constants import ImportStatus
from hocvuso.people.models import ImportJob, Person
from tests.personas import Personas
from tests.web.helpers import client_for, finished_job, roster_csv, valid_row

BAD_ID = ("Lê Văn Sai", "12345", "01/01/1980", "Nam", "Khóm 1")


def _upload(client, commune_code: int, file, capture, **extra):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(reverse("web:import-new"), {"commune": commune_code, "file": file, **extra})


def test_upload_shows_a_preview_and_saves_nobody(personas: Personas, django_capture_on_commit_callbacks) -> None:
    client = client_for(personas.officer_a)
    before = Person.objects.count()
    response = _upload(
        client,
        personas.commune_a.code,
        roster_csv([valid_row(1), valid_row(2, name="Trần Văn Hai"), BAD_ID]),
        django_capture_on_commit_callbacks,
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:import", args=[job.pk])
    assert (job.dry_run, job.status, job.created, job.rejected) == (True, ImportStatus.PREVIEWED, 2, 1)
    assert Person.objects.count() == before
    page = client.get(response["Location"]).content.decode()
    assert "Preview of the roster" in page
    assert '<td data-label="Row">4</td>' in page  # header on line 1, the bad row is line 4
    assert "Số CCCD" in page
    assert reverse("web:import-confirm", args=[job.pk]) in page


def test_confirming_the_preview_imports_the_file(personas: Personas, django_capture_on_commit_callbacks) -> None:
    client = client_for(personas.officer_a)
    _upload(client, personas.commune_a.code, roster_csv([valid_row(1), BAD_ID]), django_capture_on_commit_callbacks)
    preview = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:import-confirm", args=[preview.pk]))
    job = ImportJob.objects.exclude(pk=preview.pk).get()
    assert response["Location"] == reverse("web:import", args=[job.pk])
    assert (job.dry_run, job.status, job.created, job.rejected) == (False, ImportStatus.DONE, 1, 1)
    assert Person.objects.filter(full_name="Trần Thị Mới", hamlet=personas.hamlet_a1).exists()
    page = client.get(response["Location"]).content.decode()
    assert "What the import did" in page
    assert reverse("web:import-rejected", args=[job.pk]) in page


def test_a_finished_import_cannot_be_confirmed_again(personas: Personas) -> None:
    job = finished_job(personas.commune_a, personas.officer_a)
    client = client_for(personas.officer_a)
    response = client.post(reverse("web:import-confirm", args=[job.pk]), follow=True)
    assert "cannot be confirmed" in response.content.decode()
    assert ImportJob.objects.count() == 1


def test_unknown_hamlets_are_listed_in_the_preview_when_they_will_be_created(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    client = client_for(personas.officer_a)
    _upload(
        client,
        personas.commune_a.code,
        roster_csv([valid_row(1, hamlet="Khóm 9")]),
        django_capture_on_commit_callbacks,
        create_hamlets="on",
    )
    job = ImportJob.objects.get()
    page = client.get(reverse("web:import", args=[job.pk])).content.decode()
    assert "New hamlets that will be created" in page
    assert "Khóm 9" in page
    assert not Hamlet.objects.filter(name="Khóm 9").exists()


def test_unknown_hamlets_without_the_checkbox_are_explained_and_can_be_created_on_a_second_check(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    client = client_for(personas.officer_a)
    _upload(
        client,
        personas.commune_a.code,
        roster_csv([valid_row(1, hamlet="Khóm 9")]),
        django_capture_on_commit_callbacks,
    )
    first = ImportJob.objects.get()
    assert (first.created, first.rejected) == (0, 1)
    page = client.get(reverse("web:import", args=[first.pk])).content.decode()
    assert "Hamlets the commune does not have" in page
    assert "Khóm 9" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:import-with-new-hamlets", args=[first.pk]))
    again = ImportJob.objects.exclude(pk=first.pk).get()
    assert response["Location"] == reverse("web:import", args=[again.pk])
    assert (again.dry_run, again.create_hamlets, again.created, again.rejected) == (True, True, 1, 0)
    assert not Hamlet.objects.filter(name="Khóm 9").exists()


def test_rejected_rows_download_as_xlsx_with_the_reason_and_is_audited(personas: Personas) -> None:
    job = finished_job(personas.commune_a, personas.officer_a)
    response = client_for(personas.officer_a).get(reverse("web:import-rejected", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="test.rejected.xlsx"'
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[1][-1].startswith("Cột “Số CCCD”") or "Số CCCD" in rows[1][-1]
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT_ROSTER, object_type="import_job", object_id=str(job.pk)
    ).exists()


def test_a_file_that_is_not_csv_or_xlsx_is_refused_with_its_name(personas: Personas) -> None:
    upload = SimpleUploadedFile("danh-sach.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client_for(personas.officer_a).post(
        reverse("web:import-new"), {"commune": personas.commune_a.code, "file": upload}
    )
    assert response.status_code == 400
    assert "“danh-sach.pdf” is not a CSV or XLSX file" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused(personas: Personas, settings) -> None:
    settings.HOCVUSO_MAX_UPLOAD_BYTES = 100
    response = client_for(personas.officer_a).post(
        reverse("web:import-new"),
        {"commune": personas.commune_a.code, "file": roster_csv([valid_row(i) for i in range(5)])},
    )
    assert response.status_code == 400
    assert "the largest file accepted is 100" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_commune_officer_cannot_import_into_another_commune(personas: Personas) -> None:
    response = client_for(personas.officer_b).post(
        reverse("web:import-new"), {"commune": personas.commune_a.code, "file": roster_csv([valid_row(1)])}
    )
    assert response.status_code == 404
    assert not ImportJob.objects.exists()


def test_commune_officer_cannot_open_another_communes_import(personas: Personas) -> None:
    job = finished_job(personas.commune_a, personas.officer_a)
    client = client_for(personas.officer_b)
    for name in ("web:import", "web:import-progress", "web:import-rejected"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("web:import-confirm", args=[job.pk])).status_code == 404
    assert job.original_name not in client.get(reverse("web:imports")).content.decode()


def test_progress_fragment_polls_while_running_and_reloads_the_page_when_done(personas: Personas) -> None:
    job = finished_job(personas.commune_a, personas.officer_a)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, rows_done=1, total_rows=4)
    client = client_for(personas.officer_a)
    url = reverse("web:import-progress", args=[job.pk])
    running = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in running
    assert 'value="25"' in running
    page = client.get(reverse("web:import", args=[job.pk])).content.decode()
    assert reverse("web:import", args=[job.pk]) in page  # the plain refresh link, for browsers without JS
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, rows_done=4)
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"


def test_import_list_shows_the_communes_jobs(personas: Personas) -> None:
    job = finished_job(personas.commune_a, personas.officer_a)
    page = client_for(personas.officer_a).get(reverse("web:imports")).content.decode()
    assert reverse("web:import", args=[job.pk]) in page
    assert "created 2, updated 0, unchanged 0, rejected 1" in page


def test_a_file_without_a_roster_table_shows_why_it_failed(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    client = client_for(personas.officer_a)
    upload = SimpleUploadedFile("ghi-chu.csv", "Biên bản họp\nkhông có bảng\n".encode(), content_type="text/csv")
    response = _upload(client, personas.commune_a.code, upload, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    page = client.get(response["Location"]).content.decode()
    assert "The file could not be imported." in page
    assert job.error and escape(job.error) in page
    assert reverse("web:import-new") in page
