"""The KPI pages show the count tables with targets and states, drill down province > commune > hamlet,
and give exactly the figures the API gives."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from hocvuso.kpi import services
from tests.api.conftest import Api, token_for
from tests.kpi.world import COMMUNE_A, build_world
from tests.personas import Personas
from tests.web.helpers import client_for


def _figures(values: Any) -> dict[str, tuple[Any, ...]]:
    return {v.slug: (v.numerator, v.denominator, v.value, v.target, v.state) for v in values}


def _api_figures(body: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    from decimal import Decimal

    def dec(x: Any) -> Any:
        return None if x is None else Decimal(str(x))

    return {
        v["indicator"]: (v["numerator"], v["denominator"], dec(v["value"]), dec(v["target"]), v["state"])
        for v in body["values"]
    }


def test_the_province_page_lists_each_indicator_and_ranks_the_communes(personas: Personas) -> None:
    build_world(personas)
    services.refresh_commune(personas.commune_a.code)
    response = client_for(personas.province_admin).get(reverse("web:kpi-province"), {"indicator": "staff_skills"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Adults with basic digital skills" in html and "no data yet" in html
    assert reverse("web:kpi-commune", args=[personas.commune_a.code]) in html
    ranked = response.context["ranked"]
    assert ranked[0].code == personas.commune_a.code and ranked[0].value.value is not None
    assert '<th scope="col">' in html and "<caption>" in html


def test_a_commune_page_shows_its_hamlets_and_recounts_on_request(personas: Personas) -> None:
    build_world(personas)
    client = client_for(personas.officer_a)
    url = reverse("web:kpi-commune", args=[personas.commune_a.code])
    assert client.get(url).context["as_of"] is None  # not counted yet
    response = client.post(reverse("web:kpi-commune-refresh", args=[personas.commune_a.code]), follow=True)
    values = {v.slug: (v.numerator, v.denominator) for v in response.context["values"] if v.numerator is not None}
    assert values == COMMUNE_A
    html = response.content.decode()
    assert reverse("web:kpi-hamlet", args=[personas.hamlet_a1.pk]) in html


def test_the_hamlet_page_links_to_the_worklist_and_the_people_of_the_hamlet(personas: Personas) -> None:
    build_world(personas)
    services.refresh_commune(personas.commune_a.code)
    h = personas.hamlet_a1
    html = client_for(personas.team_member_a).get(reverse("web:kpi-hamlet", args=[h.pk])).content.decode()
    assert f"{reverse('web:worklist')}?commune={h.commune_id}&amp;hamlet={h.pk}" in html
    assert f"{reverse('web:people')}?commune={h.commune_id}&amp;hamlet={h.pk}" in html
    mentor_html = client_for(personas.mentor_a).get(reverse("web:kpi-hamlet", args=[h.pk])).content.decode()
    assert reverse("web:people") not in mentor_html  # mentors do not read the roster


def test_the_province_page_sends_a_commune_officer_to_their_commune(personas: Personas) -> None:
    response = client_for(personas.officer_a).get(reverse("web:kpi-province"))
    assert response["Location"] == reverse("web:kpi-commune", args=[personas.commune_a.code])
    response = client_for(personas.mentor_a).get(reverse("web:kpi-province"))
    assert response["Location"] == reverse("web:kpi-hamlet", args=[personas.hamlet_a1.pk])


def test_pages_and_api_give_the_same_figures_for_each_unit(personas: Personas) -> None:
    build_world(personas)
    services.refresh_commune(personas.commune_a.code)
    p = personas
    api = Api(Client(), token_for(p.province_admin))
    web = client_for(p.province_admin)
    for level, unit, url in (
        ("province", p.province.code, reverse("web:kpi-province")),
        ("commune", p.commune_a.code, reverse("web:kpi-commune", args=[p.commune_a.code])),
        ("hamlet", p.hamlet_a1.pk, reverse("web:kpi-hamlet", args=[p.hamlet_a1.pk])),
    ):
        page = _figures(web.get(url).context["values"])
        body = api.get(f"/kpi/units/{level}/{unit}").json()
        assert _api_figures(body) == page, level
        assert page["adults_skills"][0] is not None


def test_the_api_lists_the_registry_with_the_plan_targets(personas: Personas) -> None:
    body = Api(Client(), token_for(personas.officer_a)).get("/kpi/indicators").json()
    by_slug = {i["slug"]: i for i in body}
    assert [t["year"] for t in by_slug["adults_vneid_certified"]["targets"]] == [2025, 2026]
    assert by_slug["students_specialised"]["has_data"] is False
    assert "organisation" in by_slug["workers_skills"]["levels"]


def test_the_province_sets_a_default_and_a_commune_override_on_the_targets_page(personas: Personas) -> None:
    from decimal import Decimal

    from hocvuso.kpi.models import Target

    client = client_for(personas.province_admin)
    url = reverse("web:kpi-targets")
    assert "Adults certified on VNeID" in client.get(url).content.decode()
    client.post(url, {"indicator": "adults_skills", "year": "2026", "commune": "", "value": "95"})
    client.post(
        url, {"indicator": "adults_skills", "year": "2026", "commune": str(personas.commune_a.code), "value": "70"}
    )
    assert Target.objects.get(indicator="adults_skills", year=2026, unit_id__isnull=True).value == Decimal(95)
    override = Target.objects.get(indicator="adults_skills", year=2026, unit_id=personas.commune_a.code)
    assert (
        override.value == Decimal(70) and override.level == "commune" and override.updated_by == personas.province_admin
    )
    response = client.post(url, {"indicator": "adults_skills", "year": "2026", "commune": "99999", "value": "70"})
    assert response.status_code == 200  # not a commune of the campaign area: the form says so
