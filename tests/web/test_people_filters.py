"""People filters (hamlet, sex, age, VNeID, bank account, disability) and "more" pagination."""

from __future__ import annotations

import re

from django.urls import reverse

from hocvuso.people.constants import Disability, Sex
from tests import factories
from tests.personas import Personas
from tests.web.helpers import client_for


def _names(page: str) -> set[str]:
    return set(re.findall(r'<a href="/people/\d+/">([^<]+)</a>', page))


def test_hamlet_filter_keeps_only_that_hamlet(personas: Personas) -> None:
    client = client_for(personas.officer_a)
    page = client.get(reverse("web:people"), {"hamlet": personas.hamlet_a2.pk}).content.decode()
    assert _names(page) == {"Thạch Thị Sa Ra"}


def test_hamlet_of_another_commune_is_refused_as_a_filter(personas: Personas) -> None:
    client = client_for(personas.officer_a)
    page = client.get(reverse("web:people"), {"hamlet": personas.hamlet_b1.pk}).content.decode()
    assert 'role="alert"' in page
    assert "Lê Thị Bích" not in page


def test_sex_age_vneid_bank_and_disability_filters_combine(personas: Personas) -> None:
    target = factories.PersonFactory(
        hamlet=personas.hamlet_a1,
        full_name="Kim Thị Lan",
        sex=Sex.FEMALE,
        birth_year=1950,
        vneid_level=2,
        has_digital_bank_account=True,
        disability=Disability.VISION,
    )
    factories.PersonFactory(hamlet=personas.hamlet_a1, full_name="Kim Thị Mai", sex=Sex.FEMALE, birth_year=1950)
    query = {
        "commune": personas.commune_a.code,
        "sex": "F",
        "min_age": 60,
        "max_age": 90,
        "vneid_level": 2,
        "bank": "yes",
        "disability": "yes",
    }
    page = client_for(personas.officer_a).get(reverse("web:people"), query).content.decode()
    assert _names(page) == {target.full_name}


def test_age_range_upside_down_is_explained(personas: Personas) -> None:
    page = client_for(personas.officer_a).get(reverse("web:people"), {"min_age": 60, "max_age": 20}).content.decode()
    assert "must not be smaller than" in page


def test_more_link_pages_through_everyone_without_repeats(personas: Personas) -> None:
    for i in range(60):
        factories.PersonFactory(hamlet=personas.hamlet_a1, full_name=f"Trần Văn Thứ {i:02d}")
    client = client_for(personas.officer_a)
    first = client.get(reverse("web:people"), {"commune": personas.commune_a.code}).content.decode()
    assert len(_names(first)) == 50
    more = re.search(r'href="\?([^"]*after=\d+[^"]*)"', first)
    assert more is not None
    second = client.get(reverse("web:people") + "?" + more.group(1).replace("&amp;", "&")).content.decode()
    assert _names(first).isdisjoint(_names(second))
    assert len(_names(first) | _names(second)) == 62  # 60 + person_a + person_a2
    assert "More people" not in second
