from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hocvuso.people.models import ImportJob, Person
from tests.api.conftest import ROSTER_GOOD_ID as GOOD_ID
from tests.api.conftest import roster_file as _roster


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Calls whose jobs start when the request's transaction commits; in a test transaction that is on leaving the block.

    Returns (answer of the call, the job as polled afterwards), as a client sees it: POST, then GET.
    """

    def run(api, method: str, path: str, *args):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            response = getattr(api, method)(path, *args)
        assert response.status_code == 201, response.content
        assert response.json()["status"] == "pending"
        return response, api.get(f"/imports/{response.json()['id']}").json()

    return run


def test_commune_officer_imports_a_roster_and_reads_its_rejections(personas, api_as, run_jobs):
    api = api_as("officer_a")
    _response, job = run_jobs(api, "upload", "/imports", {"file": _roster(), "commune_code": 29242})
    assert job["status"] == "done" and job["percent"] == 100
    assert (job["created"], job["rejected"]) == (1, 2)
    assert Person.objects.get(national_id=GOOD_ID).full_name == "Kiên Thị Sóc"
    rejections = api.get(f"/imports/{job['id']}/rejections").json()["items"]
    assert [r["row_number"] for r in rejections] == [5, 6]
    assert all(r["reason"] for r in rejections)
    assert rejections[1]["values"][1] == "Lâm Văn Tư"


def test_a_dry_run_writes_nothing_until_it_is_confirmed(personas, api_as, run_jobs):
    api = api_as("officer_a")
    form = {"file": _roster(), "commune_code": 29242, "dry_run": "true", "create_hamlets": "true"}
    _response, preview = run_jobs(api, "upload", "/imports", form)
    assert preview["status"] == "previewed"
    assert preview["new_hamlets"] == ["Khóm 99"]
    assert not Person.objects.filter(national_id=GOOD_ID).exists()
    _response, confirmed = run_jobs(api, "post", f"/imports/{preview['id']}/confirm")
    assert confirmed["status"] == "done" and confirmed["dry_run"] is False
    assert confirmed["created"] == 2
    assert Person.objects.filter(national_id=GOOD_ID).exists()
    assert api.post(f"/imports/{confirmed['id']}/confirm").status_code == 409


def test_a_file_that_is_not_a_roster_ends_as_a_failed_job_with_a_reason(personas, api_as, run_jobs):
    junk = SimpleUploadedFile("photo.xlsx", b"\x89PNG not a roster", content_type="application/octet-stream")
    _response, job = run_jobs(api_as("officer_a"), "upload", "/imports", {"file": junk, "commune_code": 29242})
    assert job["status"] == "failed"
    assert job["error"]


def test_an_upload_without_a_file_is_422_naming_the_file(personas, api_as):
    response = api_as("officer_a").upload("/imports", {"commune_code": 29242})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["file"]


def test_commune_officer_cannot_import_into_another_commune(personas, api_as):
    response = api_as("officer_a").upload("/imports", {"file": _roster(), "commune_code": 29536})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "commune_code"
    assert not ImportJob.objects.exists()


def test_team_member_cannot_import(personas, api_as):
    assert api_as("team_member_a").upload("/imports", {"file": _roster(), "commune_code": 29242}).status_code == 403


def test_commune_officer_cannot_see_another_communes_import(personas, api_as, run_jobs):
    _response, job = run_jobs(api_as("officer_b"), "upload", "/imports", {"file": _roster(), "commune_code": 29536})
    api = api_as("officer_a")
    assert api.get(f"/imports/{job['id']}").status_code == 404
    assert api.get(f"/imports/{job['id']}/rejections").status_code == 404
    assert api.post(f"/imports/{job['id']}/confirm").status_code == 404
    assert api.get("/imports").json()["items"] == []
    assert [j["id"] for j in api_as("province_admin").get("/imports").json()["items"]] == [job["id"]]
