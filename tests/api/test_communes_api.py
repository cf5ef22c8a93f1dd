from __future__ import annotations

from django.test import Client


def test_anyone_lists_the_41_communes_of_the_campaign_area(db):
    response = Client().get("/api/v1/communes")
    assert response.status_code == 200
    codes = [c["code"] for c in response.json()]
    assert len(codes) == 41
    assert codes[0] == 29242 and codes[-1] == 29536
    assert response.json()[0] == {
        "code": 29242,
        "name": "Phường Trà Vinh",
        "kind": "phuong",
        "province_code": 86,
        "in_campaign_area": True,
    }


def test_all_provinces_lists_every_commune_of_the_country(db):
    assert len(Client().get("/api/v1/communes", {"all_provinces": "true"}).json()) == 3321


def test_communes_of_one_province(db):
    communes = Client().get("/api/v1/communes", {"province_code": 1}).json()
    assert communes and {c["province_code"] for c in communes} == {1}


def test_one_commune_by_its_code(db):
    assert Client().get("/api/v1/communes/29536").json()["name"] == "Xã Đông Hải"


def test_unknown_commune_is_404(db):
    response = Client().get("/api/v1/communes/99999")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_code_that_is_not_a_number_is_422_naming_the_parameter(db):
    response = Client().get("/api/v1/communes/abc")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "code"
    assert response.json()["errors"][0]["location"] == "path"
