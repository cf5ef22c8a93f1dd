"""Every web view (GET and POST) against every persona: who gets the page, who gets 403, who 404.

404 answers both "missing" and "not yours", so officer_b learns nothing about commune A. The
columns are the personas in this order:
province_admin, officer_a, officer_b, team_member_a, mentor_a, org_manager_a, learner_a, outsider, anonymous
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, reverse

from hocvuso.accounts.constants import AccessReason
from hocvuso.web import urls as web_urls
from tests import factories
from tests.personas import PERSONA_NAMES, Personas
from tests.web.access_cases import (
    Case,
    assessment,
    certificates,
    content,
    frameworks,
    kpi,
    learner,
    library,
    oidc,
    pwa,
    sessions,
    teams,
    visits,
    vneid,
)
from tests.web.helpers import client_for, finished_job, roster_csv, valid_row

PERSONAS = PERSONA_NAMES
PUBLIC = (
    {"login", "logout", "healthz", "api-docs"}
    | learner.PUBLIC
    | content.PUBLIC
    | frameworks.PUBLIC
    | library.PUBLIC
    | pwa.PUBLIC
    | assessment.PUBLIC
    | certificates.PUBLIC
    | vneid.PUBLIC
    | oidc.PUBLIC
    | teams.PUBLIC
    | visits.PUBLIC
    | sessions.PUBLIC
    | kpi.PUBLIC
)


def _unclaimed_in_a1(p: Personas, job: Any) -> str:
    """The account page of a new person of hamlet A1 without an account (mentor_a's hamlet)."""
    person = factories.PersonFactory(hamlet=p.hamlet_a1)
    return reverse("web:person-account", args=[person.pk])


def _job_url(name: str) -> Callable[[Personas, Any], str]:
    return lambda p, job: reverse(name, args=[job.pk])


CASES = [
    Case("home", "get", lambda p, j: reverse("web:home"), (200, 200, 200, 200, 200, 200, 302, 302, 302)),
    Case("people", "get", lambda p, j: reverse("web:people"), (200, 200, 200, 200, 403, 200, 403, 403, 302)),
    Case(
        "person",
        "get",
        lambda p, j: reverse("web:person", args=[p.person_a.pk]),
        (200, 200, 404, 200, 404, 404, 200, 404, 302),
    ),
    Case(
        "person-full-id",
        "post",
        lambda p, j: reverse("web:person-full-id", args=[p.person_a.pk]),
        (200, 200, 404, 403, 404, 404, 200, 404, 302),
        data=lambda p, who: {"reason": AccessReason.SUPPORT},
    ),
    Case(
        "person-account",
        "get",
        _unclaimed_in_a1,
        (200, 200, 404, 200, 200, 404, 404, 404, 302),
    ),
    Case(
        "person-account",
        "post",
        _unclaimed_in_a1,
        (302, 302, 404, 302, 302, 404, 404, 404, 302),
        data=lambda p, who: {"phone": f"09128880{PERSONAS.index(who):02d}", "password1": "mat-khau-ban-dau-1"},
    ),
    Case("enrol", "get", lambda p, j: reverse("web:enrol"), (200, 200, 200, 200, 200, 403, 403, 403, 302)),
    # Signed-in users already have an account: the claim page sends them home.
    Case("claim", "get", lambda p, j: reverse("web:claim"), (302, 302, 302, 302, 302, 302, 302, 302, 200)),
    Case(
        "claim",
        "post",
        lambda p, j: reverse("web:claim"),
        (302, 302, 302, 302, 302, 302, 302, 302, 200),
        data=lambda p, who: {
            "national_id": p.person_b.national_id,
            "full_name": "Someone Else",
            "birth": "1980",
            "phone": "0912888100",
            "password1": "mat-khau-ban-dau-1",
            "password2": "mat-khau-ban-dau-1",
        },
    ),
    Case("hamlets", "get", lambda p, j: reverse("web:hamlets"), (200, 200, 200, 200, 200, 200, 403, 403, 302)),
    Case(
        "hamlet",
        "get",
        lambda p, j: reverse("web:hamlet", args=[p.hamlet_a1.pk]),
        (200, 200, 404, 200, 200, 404, 404, 404, 302),
    ),
    Case(
        "hamlet-create",
        "get",
        lambda p, j: reverse("web:hamlet-create", args=[p.commune_a.code]),
        (200, 200, 404, 404, 404, 404, 404, 404, 302),
    ),
    Case(
        "hamlet-create",
        "post",
        lambda p, j: reverse("web:hamlet-create", args=[p.commune_a.code]),
        (302, 302, 404, 404, 404, 404, 404, 404, 302),
        data=lambda p, who: {"name": f"Ấp Mới Của {who}"},
    ),
    Case("households", "get", lambda p, j: reverse("web:households"), (200, 200, 200, 200, 403, 200, 403, 403, 302)),
    Case(
        "household",
        "get",
        lambda p, j: reverse("web:household", args=[p.household_a.pk]),
        (200, 200, 404, 200, 404, 404, 404, 404, 302),
    ),
    Case("imports", "get", lambda p, j: reverse("web:imports"), (200, 200, 200, 403, 403, 403, 403, 403, 302)),
    Case("import-new", "get", lambda p, j: reverse("web:import-new"), (200, 200, 200, 403, 403, 403, 403, 403, 302)),
    Case(
        "import-new",
        "post",
        lambda p, j: reverse("web:import-new"),
        (302, 302, 404, 403, 403, 403, 403, 403, 302),
        data=lambda p, who: {"commune": p.commune_a.code, "file": roster_csv([valid_row(1)])},
    ),
    Case("import", "get", _job_url("web:import"), (200, 200, 404, 403, 403, 403, 403, 403, 302)),
    Case("import-progress", "get", _job_url("web:import-progress"), (200, 200, 404, 403, 403, 403, 403, 403, 302)),
    Case("import-confirm", "post", _job_url("web:import-confirm"), (302, 302, 404, 403, 403, 403, 403, 403, 302)),
    Case(
        "import-with-new-hamlets",
        "post",
        _job_url("web:import-with-new-hamlets"),
        (302, 302, 404, 403, 403, 403, 403, 403, 302),
    ),
    Case("import-rejected", "get", _job_url("web:import-rejected"), (200, 200, 404, 403, 403, 403, 403, 403, 302)),
    Case("export", "get", lambda p, j: reverse("web:export"), (200, 200, 200, 403, 403, 403, 403, 403, 302)),
    Case(
        "export",
        "post",
        lambda p, j: reverse("web:export"),
        (200, 200, 404, 403, 403, 403, 403, 403, 302),
        data=lambda p, who: {"commune": p.commune_a.code, "reason": AccessReason.REPORTING},
    ),
    Case("staff", "get", lambda p, j: reverse("web:staff"), (200, 403, 403, 403, 403, 403, 403, 403, 302)),
    Case("audit", "get", lambda p, j: reverse("web:audit"), (200, 403, 403, 403, 403, 403, 403, 403, 302)),
]

CASES += learner.CASES + content.CASES + frameworks.CASES + library.CASES + pwa.CASES
CASES += assessment.CASES + certificates.CASES + vneid.CASES
CASES += oidc.CASES
CASES += teams.CASES + visits.CASES + sessions.CASES
CASES += kpi.CASES

MATRIX = [
    pytest.param(case, persona, status, id=f"{case.method}-{case.url_name}-{persona}-{status}")
    for case in CASES
    for persona, status in zip(PERSONAS, case.expected, strict=True)
]


@pytest.mark.parametrize(("case", "persona", "status"), MATRIX)
def test_each_persona_gets_the_expected_answer_from_each_view(
    personas: Personas, case: Case, persona: str, status: int
) -> None:
    job = finished_job(personas.commune_a, personas.officer_a)
    client = client_for(personas.users()[persona])
    url = case.url(personas, job)
    data = case.data(personas, persona) if case.data else {}
    response = client.post(url, data) if case.method == "post" else client.get(url)
    assert response.status_code == status, f"{case.method.upper()} {url} as {persona}"
    if persona == "anonymous" and status == 302:
        assert response["Location"].startswith(reverse("web:login"))


def test_the_matrix_covers_every_web_view_with_every_persona() -> None:
    names = {p.name for p in web_urls.urlpatterns if isinstance(p, URLPattern)}
    covered = {case.url_name for case in CASES}
    assert names - PUBLIC - covered == set()
    assert all(len(case.expected) == len(PERSONAS) for case in CASES)
