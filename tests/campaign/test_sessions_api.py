"""The community-learning API (/api/v1/sessions, /events, /wifi-points) does what the pages do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hocvuso.campaign.constants import AttendanceMethod, WifiStatus
from hocvuso.campaign.models import Attendance, CommunitySession, WifiPoint
from hocvuso.geo.models import Commune
from tests.api.conftest import api_as
from tests.campaign.test_sessions import schedule_a
from tests.personas import Personas

pytestmark = pytest.mark.django_db
__all__ = ["api_as"]


def test_an_officer_plans_a_month_through_the_api_and_reads_it_back(personas: Personas, api_as) -> None:  # type: ignore[no-untyped-def]
    p = personas
    api = api_as("officer_a")
    body = {"commune_code": p.commune_a.code, "start": "2025-03-01", "end": "2025-03-31"}
    assert api.post("/sessions/generate", body).status_code == 409  # no schedule yet
    schedule_a(p)
    response = api.post("/sessions/generate", body)
    assert response.status_code == 201
    assert response.json() == {
        "created": 5,
        "replaced": 0,
        "kept": 0,
        "next_hamlet_index": 1,
        "generated_until": "2025-03-31",
    }
    listed = api.get("/sessions", commune_code=p.commune_a.code, start="2025-03-09", end="2025-03-16").json()
    assert [row["hamlet_id"] for row in listed["items"]] == [p.hamlet_a2.pk, p.hamlet_a1.pk]
    too_long = {**body, "end": "2025-12-31"}
    assert api.post("/sessions/generate", too_long).status_code == 409


def test_attendance_through_the_api_counts_each_person_once(personas: Personas, api_as) -> None:  # type: ignore[no-untyped-def]
    p = personas
    starts = timezone.now() + timedelta(minutes=30)
    session = CommunitySession.objects.create(
        commune=p.commune_a, hamlet=p.hamlet_a1, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    mentor = api_as("mentor_a")
    first = mentor.post(f"/sessions/{session.pk}/attendance", {"person_ids": [p.person_a.pk]})
    assert first.json() == {"added": [p.person_a.pk], "already": []}
    learner = api_as("learner_a")
    check_in = learner.post("/sessions/check-in", {"token": session.checkin_token})
    assert check_in.status_code == 200 and check_in.json()["created"] is False
    assert Attendance.objects.get(session=session).method == AttendanceMethod.ROSTER
    rows = mentor.get(f"/sessions/{session.pk}/attendance").json()
    assert [row["person_id"] for row in rows] == [p.person_a.pk]
    assert learner.post("/sessions/check-in", {"token": "unknown-token"}).status_code == 404


def test_wifi_points_are_public_and_a_broken_one_is_marked(personas: Personas, api_as) -> None:  # type: ignore[no-untyped-def]
    p = personas
    Commune.objects.filter(pk=p.commune_a.pk).update(in_campaign_area=True)
    officer = api_as("officer_a")
    made = officer.post(
        "/wifi-points",
        {
            "commune_code": p.commune_a.code,
            "hamlet_id": p.hamlet_a1.pk,
            "name": "Wifi nhà văn hóa",
            "latitude": "9.9347",
        },
    )
    assert made.status_code == 201
    point_id = made.json()["id"]
    changed = officer.client.put(
        f"/api/v1/wifi-points/{point_id}",
        {"commune_code": p.commune_a.code, "name": "Wifi nhà văn hóa", "status": WifiStatus.BROKEN},
        content_type="application/json",
        headers=officer.headers,
    )
    assert changed.status_code == 200 and changed.json()["status"] == WifiStatus.BROKEN
    public = api_as("anonymous").get("/wifi-points", commune_code=p.commune_a.code).json()
    assert [row["id"] for row in public] == [point_id]
    assert WifiPoint.objects.get(pk=point_id).hamlet_id is None  # the PUT replaced every field
