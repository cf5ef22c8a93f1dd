"""GET /api/v1/frameworks…: public reference data, the published version in force and past versions."""

from __future__ import annotations

from django.test import Client

from hocvuso.framework import services
from hocvuso.framework.constants import BASIC_757

HEADERS = {"Accept-Language": "en"}


def _get(path: str):  # type: ignore[no-untyped-def]
    return Client().get(f"/api/v1{path}", headers=HEADERS)


def test_anyone_lists_the_frameworks_with_their_versions(frameworks):
    response = _get("/frameworks")
    assert response.status_code == 200
    body = response.json()
    assert [f["slug"] for f in body] == ["basic-757", "learners-tt02", "digcomp-2.2"]
    assert body[0]["published_version"] == 1
    assert body[0]["versions"][0]["status"] == "published"
    assert body[0]["name_translations"]["km"]


def test_a_framework_answers_its_published_version_with_everything_in_it(frameworks):
    body = _get("/frameworks/basic-757").json()
    assert (body["framework"], body["number"], body["status"]) == ("basic-757", 1, "published")
    assert [lv["number"] for lv in body["levels"]] == [1, 2, 3]
    first = body["domains"][0]["competencies"][0]
    assert first["code"] == "CB-1.1"
    assert {"framework": "digcomp-2.2", "version": 1, "code": "5.1"}.items() <= first["maps_to"][0].items()
    citizen = next(r for r in body["rules"] if r["group"] == "citizen")
    assert {"competency": "CB-2.1", "min_level": 1} in citizen["requirements"]
    assert [r["group"] for r in body["rules"]] == ["citizen", "public_sector_staff", "pupil_student", "worker"]
    assert "Quyết định 757" in body["notes"]


def test_a_retired_version_is_still_served_as_it_was(frameworks, province_user):
    draft = services.start_draft(frameworks[BASIC_757].framework, province_user)
    services.edit_competency(draft, "CB-1.1", name="Tên mới", description="")
    services.publish_draft(draft, province_user)
    old = _get("/frameworks/basic-757/versions/1").json()
    assert old["status"] == "retired"
    assert old["domains"][0]["competencies"][0]["name"] == "Sử dụng điện thoại thông minh"
    assert _get("/frameworks/basic-757").json()["number"] == 2


def test_drafts_and_missing_versions_answer_404(frameworks, province_user):
    services.start_draft(frameworks[BASIC_757].framework, province_user)
    assert _get("/frameworks/basic-757/versions/2").status_code == 404
    assert _get("/frameworks/basic-757/versions/9").status_code == 404
    response = _get("/frameworks/khong-co")
    assert response.status_code == 404 and response.json()["detail"].startswith("Not found")
    listed = _get("/frameworks").json()[0]["versions"]
    assert [v["number"] for v in listed] == [1]


def test_a_malformed_slug_or_number_answers_422(frameworks):
    assert _get("/frameworks/Basic 757").status_code == 422
    assert _get("/frameworks/basic-757/versions/0").status_code == 422
