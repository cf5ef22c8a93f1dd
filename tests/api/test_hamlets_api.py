from __future__ import annotations

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.geo.models import Hamlet


def test_commune_officer_lists_the_hamlets_of_their_commune_only(personas, api_as):
    body = api_as("officer_a").get("/hamlets").json()
    assert {h["name"] for h in body["items"]} == {"Khóm 1", "Khóm 2"}
    assert body["next_offset"] is None


def test_province_admin_lists_hamlets_of_one_commune(personas, api_as):
    body = api_as("province_admin").get("/hamlets", commune_code=29536).json()
    assert [h["name"] for h in body["items"]] == ["Ấp Phước Thiện"]
    assert body["items"][0] == {
        "id": personas.hamlet_b1.pk,
        "name": "Ấp Phước Thiện",
        "kind": "ap",
        "commune_code": 29536,
    }


def test_hamlet_list_is_paged(personas, api_as):
    first = api_as("officer_a").get("/hamlets", limit=1).json()
    assert len(first["items"]) == 1 and first["next_offset"] == 1
    second = api_as("officer_a").get("/hamlets", limit=1, offset=1).json()
    assert len(second["items"]) == 1 and second["next_offset"] is None
    assert first["items"] != second["items"]


def test_hamlet_member_sees_their_hamlet_only(personas, api_as):
    body = api_as("team_member_a").get("/hamlets").json()
    assert [h["id"] for h in body["items"]] == [personas.hamlet_a1.pk]


def test_commune_officer_cannot_see_another_communes_hamlet(personas, api_as):
    assert api_as("officer_a").get(f"/hamlets/{personas.hamlet_b1.pk}").status_code == 404
    assert api_as("officer_a").get(f"/hamlets/{personas.hamlet_a1.pk}").status_code == 200


def test_commune_officer_creates_a_hamlet_in_their_commune(personas, api_as):
    response = api_as("officer_a").post("/hamlets", {"commune_code": 29242, "name": "  Khóm   5 "})
    assert response.status_code == 201
    hamlet = Hamlet.objects.get(pk=response.json()["id"])
    assert (hamlet.name, hamlet.kind, hamlet.commune_id) == ("Khóm 5", "khom", 29242)
    assert AuditEvent.objects.filter(action=AuditAction.CREATE_HAMLET, object_id=str(hamlet.pk)).exists()


def test_a_hamlet_name_already_used_ignoring_accents_is_422(personas, api_as):
    response = api_as("officer_b").post("/hamlets", {"commune_code": 29536, "name": "ap phuoc thien"})
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "name"
    assert "already has a hamlet" in error["message"]
    assert Hamlet.objects.filter(commune_id=29536).count() == 1


def test_a_hamlet_name_without_letters_is_422(personas, api_as):
    response = api_as("officer_a").post("/hamlets", {"commune_code": 29242, "name": "  !! "})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"


def test_commune_officer_cannot_create_a_hamlet_in_another_commune(personas, api_as):
    response = api_as("officer_a").post("/hamlets", {"commune_code": 29536, "name": "Ấp Mới"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "commune_code"
    assert not Hamlet.objects.filter(name="Ấp Mới").exists()


def test_team_member_cannot_create_hamlets(personas, api_as):
    response = api_as("team_member_a").post("/hamlets", {"commune_code": 29242, "name": "Khóm 7"})
    assert response.status_code == 403
    assert not Hamlet.objects.filter(name="Khóm 7").exists()


def test_province_admin_creates_hamlets_only_inside_the_campaign_area(personas, api_as):
    assert api_as("province_admin").post("/hamlets", {"commune_code": 29536, "name": "Ấp Mới"}).status_code == 201
    outside = api_as("province_admin").post("/hamlets", {"commune_code": 1, "name": "Tổ 1"})
    assert outside.status_code == 422
