"""The province's staff area: per-commune counts, recent imports, the audit log filtered by action."""

from __future__ import annotations

from django.urls import reverse

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.services import audit
from hocvuso.geo.models import Commune
from tests.personas import Personas
from tests.web.helpers import client_for, finished_job


def test_staff_area_counts_hamlets_households_and_people_per_commune(personas: Personas) -> None:
    response = client_for(personas.province_admin).get(reverse("web:staff"))
    by_code = {c.code: (c.hamlets_count, c.households_count, c.people_count) for c in response.context["communes"]}
    assert by_code[personas.commune_a.code] == (2, 1, 2)
    assert by_code[personas.commune_b.code] == (1, 1, 2)
    assert len(by_code) == Commune.objects.filter(in_campaign_area=True).count() == 41
    assert response.context["totals"] == {"hamlets": 3, "households": 2, "people": 4}


def test_staff_area_lists_recent_imports_across_communes(personas: Personas) -> None:
    job_a = finished_job(personas.commune_a, personas.officer_a)
    job_b = finished_job(personas.commune_b, personas.officer_b)
    page = client_for(personas.province_admin).get(reverse("web:staff")).content.decode()
    assert reverse("web:import", args=[job_a.pk]) in page
    assert reverse("web:import", args=[job_b.pk]) in page


def test_audit_log_filters_by_action(personas: Personas) -> None:
    audit(personas.officer_a, AuditAction.EXPORT_ROSTER, object_type="commune", object_id=29242, reason="reporting")
    audit(personas.officer_a, AuditAction.VIEW_PERSON, object_type="person", object_id=personas.person_a.pk)
    response = client_for(personas.province_admin).get(reverse("web:audit"), {"action": AuditAction.EXPORT_ROSTER})
    assert {e.action for e in response.context["rows"]} == {AuditAction.EXPORT_ROSTER}
    assert "reporting to the province" in response.content.decode()


def test_audit_log_pages_to_older_events(personas: Personas) -> None:
    for i in range(55):
        audit(personas.officer_a, AuditAction.VIEW_PERSON, object_type="person", object_id=i + 1)
    client = client_for(personas.province_admin)
    first = client.get(reverse("web:audit"), {"action": AuditAction.VIEW_PERSON})
    assert len(first.context["rows"]) == 50
    older = client.get(reverse("web:audit") + "?" + first.context["next_query"])
    assert len(older.context["rows"]) == 5
    assert {e.pk for e in first.context["rows"]}.isdisjoint({e.pk for e in older.context["rows"]})
