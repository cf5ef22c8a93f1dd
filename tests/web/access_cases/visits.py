"""Web access matrix rows for the door-to-door pages (hocvuso/web/views/visits.py).

Field workers only: the province administrator, commune officers, team members and mentors (on their
hamlets); org managers, learners and users without a role get 403, anonymous visitors the sign-in page.
household_a (hamlet A1) is 404 for officer_b; household_b (commune B) for officer_a and team_member_a.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse
from django.utils import timezone

from hocvuso.campaign.constants import VisitOutcome
from hocvuso.campaign.models import Visit
from tests.personas import Personas
from tests.web.access_cases import Case

PUBLIC: set[str] = set()

FIELD_200 = (200, 200, 200, 200, 200, 403, 403, 403, 302)
FIELD_OF_A_200 = (200, 200, 404, 200, 200, 403, 403, 403, 302)
FIELD_OF_A_302 = (302, 302, 404, 302, 302, 403, 403, 403, 302)
FIELD_OF_B_200 = (200, 404, 200, 404, 404, 403, 403, 403, 302)


def _visit_a(p: Personas, job: Any) -> str:
    visit = Visit.objects.create(
        household=p.household_a,
        hamlet=p.hamlet_a1,
        commune=p.commune_a,
        visited_on=timezone.localdate(),
        visitor=p.team_member_a,
        outcome=VisitOutcome.HELPED,
    )
    return reverse("web:visit", args=[visit.pk])


def _new_visit(p: Personas, who: str) -> dict[str, Any]:
    return {
        "client_uuid": str(uuid.uuid4()),
        "visited_on": timezone.localdate().isoformat(),
        "people_met": [p.person_a.pk],
        "outcome": VisitOutcome.HELPED,
        f"vneid_{p.person_a.pk}": "0",
        f"vneid_{p.person_a.pk}_was": "0",
        f"bank_{p.person_a.pk}": "no",
        f"bank_{p.person_a.pk}_was": "no",
    }


CASES: list[Case] = [
    Case("worklist", "get", lambda p, j: reverse("web:worklist"), FIELD_200),
    Case("visit-new", "get", lambda p, j: reverse("web:visit-new", args=[p.household_a.pk]), FIELD_OF_A_200),
    Case("visit-new", "get", lambda p, j: reverse("web:visit-new", args=[p.household_b.pk]), FIELD_OF_B_200),
    Case(
        "visit-new",
        "post",
        lambda p, j: reverse("web:visit-new", args=[p.household_a.pk]),
        FIELD_OF_A_302,
        data=_new_visit,
    ),
    Case("visit-list", "get", lambda p, j: reverse("web:visit-list", args=[p.household_a.pk]), FIELD_OF_A_200),
    Case("visit-list", "get", lambda p, j: reverse("web:visit-list", args=[p.household_b.pk]), FIELD_OF_B_200),
    Case("visit", "get", _visit_a, FIELD_OF_A_200),
]
