from __future__ import annotations

from tests import factories


def test_commune_officer_lists_households_of_their_commune_only(personas, api_as):
    body = api_as("officer_a").get("/households").json()
    assert [h["id"] for h in body["items"]] == [personas.household_a.pk]


def test_households_are_filtered_by_hamlet_and_poverty(personas, api_as):
    poor = factories.HouseholdFactory(commune=personas.commune_a, hamlet=personas.hamlet_a2, is_poor=True)
    api = api_as("officer_a")
    assert [h["id"] for h in api.get("/households", hamlet_id=personas.hamlet_a2.pk).json()["items"]] == [poor.pk]
    assert [h["id"] for h in api.get("/households", is_poor="true").json()["items"]] == [poor.pk]
    assert [h["id"] for h in api.get("/households", is_poor="false").json()["items"]] == [personas.household_a.pk]


def test_household_detail_lists_its_members_with_masked_ids(personas, api_as):
    body = api_as("officer_a").get(f"/households/{personas.household_a.pk}").json()
    assert body["commune_code"] == 29242
    assert body["hamlet_id"] == personas.hamlet_a1.pk
    assert [m["full_name"] for m in body["members"]] == ["Nguyễn Văn Hùng"]
    assert body["members"][0]["national_id"].startswith("*********")


def test_commune_officer_cannot_see_another_communes_household(personas, api_as):
    response = api_as("officer_a").get(f"/households/{personas.household_b.pk}")
    missing = api_as("officer_a").get("/households/999999")
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json()


def test_team_member_sees_households_of_their_hamlet(personas, api_as):
    other = factories.HouseholdFactory(commune=personas.commune_a, hamlet=personas.hamlet_a2)
    items = api_as("team_member_a").get("/households").json()["items"]
    assert [h["id"] for h in items] == [personas.household_a.pk]
    assert api_as("team_member_a").get(f"/households/{other.pk}").status_code == 404
