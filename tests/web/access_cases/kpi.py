"""Web access matrix rows for the KPI pages (hocvuso/web/views/kpi.py).

The province administrator sees everything; commune officers their commune and its hamlets; team
members and mentors their hamlets (hamlet A1), not the commune page (404). /kpi/ sends officers to their
commune and team members and mentors to their hamlet (302). Org managers (not yet), learners and users
without a role get 403, anonymous visitors the sign-in page. Targets: the province administrator only.
"""

from __future__ import annotations

from django.urls import reverse

from tests.web.access_cases import Case

PUBLIC: set[str] = set()

CASES: list[Case] = [
    Case(
        "kpi-province", "get", lambda p, j: reverse("web:kpi-province"), (200, 302, 302, 302, 302, 403, 403, 403, 302)
    ),
    Case(
        "kpi-commune",
        "get",
        lambda p, j: reverse("web:kpi-commune", args=[p.commune_a.code]),
        (200, 200, 404, 404, 404, 403, 403, 403, 302),
    ),
    Case(
        "kpi-commune-refresh",
        "post",
        lambda p, j: reverse("web:kpi-commune-refresh", args=[p.commune_a.code]),
        (302, 302, 404, 404, 404, 403, 403, 403, 302),
    ),
    Case(
        "kpi-hamlet",
        "get",
        lambda p, j: reverse("web:kpi-hamlet", args=[p.hamlet_a1.pk]),
        (200, 200, 404, 200, 200, 403, 403, 403, 302),
    ),
    Case(
        "kpi-hamlet",
        "get",
        lambda p, j: reverse("web:kpi-hamlet", args=[p.hamlet_b1.pk]),
        (200, 404, 200, 404, 404, 403, 403, 403, 302),
    ),
    # Targets: the province administrator only.
    Case("kpi-targets", "get", lambda p, j: reverse("web:kpi-targets"), (200, 403, 403, 403, 403, 403, 403, 403, 302)),
    Case(
        "kpi-targets",
        "post",
        lambda p, j: reverse("web:kpi-targets"),
        (302, 403, 403, 403, 403, 403, 403, 403, 302),
        data=lambda p, who: {"indicator": "adults_skills", "year": "2026", "commune": "", "value": "95"},
    ),
]
