from __future__ import annotations

from hocvuso.lib import ethnicity
from tests import factories


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [p["full_name"] for p in response.json()["items"]]


def test_commune_officer_lists_the_people_of_their_commune_only(personas, api_as):
    assert _names(api_as("officer_a").get("/people")) == ["Nguyễn Văn Hùng", "Thạch Thị Sa Ra"]


def test_province_admin_lists_people_of_every_campaign_commune(personas, api_as):
    assert set(_names(api_as("province_admin").get("/people"))) == {
        "Nguyễn Văn Hùng",
        "Thạch Thị Sa Ra",
        "Lê Thị Bích",
        "Sơn Minh Khang",
    }


def test_search_ignores_accents_and_case(personas, api_as):
    assert _names(api_as("officer_a").get("/people", q="nguyen van hung")) == ["Nguyễn Văn Hùng"]
    assert _names(api_as("officer_a").get("/people", q="HÙNG")) == ["Nguyễn Văn Hùng"]


def test_search_by_full_personal_id_number_and_by_phone(personas, api_as):
    personas.person_a2.phone = "0912345678"
    personas.person_a2.save(update_fields=["phone"])
    assert _names(api_as("officer_a").get("/people", q=personas.person_a.national_id)) == ["Nguyễn Văn Hùng"]
    assert _names(api_as("officer_a").get("/people", q="0912 345 678")) == ["Thạch Thị Sa Ra"]


def test_search_never_reaches_another_commune(personas, api_as):
    assert _names(api_as("officer_a").get("/people", q="le thi bich")) == []
    assert _names(api_as("officer_a").get("/people", q=personas.person_b.national_id)) == []


def test_lists_mask_the_personal_id_number(personas, api_as):
    for person in api_as("province_admin").get("/people").json()["items"]:
        assert person["national_id"][:9] == "*********"


def test_people_are_filtered_by_hamlet_sex_ethnicity_and_age(personas, api_as):
    khmer = ethnicity.lookup("Khmer")
    factories.PersonFactory(
        hamlet=personas.hamlet_a2, full_name="Thạch Sô Phal", sex="M", birth_year=1950, ethnicity=khmer
    )
    api = api_as("officer_a")
    assert _names(api.get("/people", hamlet_id=personas.hamlet_a2.pk)) == ["Thạch Sô Phal", "Thạch Thị Sa Ra"]
    assert _names(api.get("/people", ethnicity="Khơ-me")) == ["Thạch Sô Phal"]
    assert _names(api.get("/people", min_age=70)) == ["Thạch Sô Phal"]
    assert "Thạch Sô Phal" not in _names(api.get("/people", max_age=60))
    assert _names(api.get("/people", sex="F")) == []


def test_an_unknown_ethnic_group_is_422_naming_the_parameter(personas, api_as):
    response = api_as("officer_a").get("/people", ethnicity="Martian")
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "location": "query",
        "field": "ethnicity",
        "message": "“Martian” is not an ethnic group of the official list.",
    }


def test_people_are_paged_and_a_page_holds_at_most_200(personas, api_as):
    api = api_as("officer_a")
    first = api.get("/people", limit=1).json()
    assert first["next_offset"] == 1 and len(first["items"]) == 1
    last = api.get("/people", limit=1, offset=1).json()
    assert last["next_offset"] is None
    too_many = api.get("/people", limit=201)
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["field"] == "limit"


def test_learner_sees_only_their_own_record(personas, api_as):
    assert _names(api_as("learner_a").get("/people")) == ["Nguyễn Văn Hùng"]


def test_organisation_manager_sees_the_members_of_their_organisation(personas, api_as):
    assert _names(api_as("org_manager_a").get("/people")) == ["Sơn Minh Khang"]


def test_mentor_and_outsider_see_nobody(personas, api_as):
    assert _names(api_as("mentor_a").get("/people")) == []
    assert _names(api_as("outsider").get("/people")) == []


def test_a_cursor_walks_every_page_in_name_order_without_repeats(personas, api_as):
    for i in range(5):
        factories.PersonFactory(hamlet=personas.hamlet_a1, full_name="Trần Văn Bình")  # equal names: order by id
    api = api_as("officer_a")
    everyone = _names(api.get("/people", limit=200))
    seen, ids, cursor = [], [], ""
    while True:
        page = api.get("/people", limit=2, cursor=cursor).json() if cursor else api.get("/people", limit=2).json()
        seen += [p["full_name"] for p in page["items"]]
        ids += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everyone and len(ids) == len(set(ids)) == 7


def test_a_cursor_that_the_api_did_not_give_is_422(personas, api_as):
    for cursor in ("bm90LWpzb24", "WyJhIl0", "abc"):
        response = api_as("officer_a").get("/people", cursor=cursor)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "cursor"
    first = api_as("officer_a").get("/people", limit=1).json()
    assert api_as("officer_a").get("/people", cursor=first["next_cursor"], offset=1).status_code == 422
