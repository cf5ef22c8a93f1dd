"""The people list stays fast at 1M people: a fixed number of queries and no COUNT(*) of the table."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.personas import Personas
from tests.web.helpers import client_for


def test_people_list_never_counts_the_table_and_uses_a_fixed_number_of_queries(personas: Personas) -> None:
    client = client_for(personas.province_admin)
    client.get(reverse("web:people"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("web:people"), {"q": "nguyen"})
    for i in range(30):
        factories.PersonFactory(hamlet=personas.hamlet_a1, full_name=f"Nguyễn Văn Thêm {i:02d}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("web:people"), {"q": "nguyen"})
    assert len(response.context["rows"]) == 31
    assert len(many.captured_queries) == len(few.captured_queries)
    assert not any("COUNT(" in q["sql"].upper() for q in many.captured_queries)
