"""Web access matrix rows for the test pages (hocvuso/web/views/assessment.py).

Every signed-in user may take the test of their group (no role needed); anonymous visitors are sent to
sign in. An attempt belongs to its user: everyone else, the province administrator included, gets 404.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hocvuso.assessment.models import Attempt
from hocvuso.assessment.services import start_attempt, submit_attempt
from tests.assessment.builders import small_bank
from tests.personas import Personas
from tests.web.access_cases import Case

PUBLIC: set[str] = set()

SIGNED_IN_200 = (200, 200, 200, 200, 200, 200, 200, 200, 302)
SIGNED_IN_302 = (302, 302, 302, 302, 302, 302, 302, 302, 302)
OWNER_200 = (404, 404, 404, 404, 404, 404, 200, 404, 302)
OWNER_302 = (404, 404, 404, 404, 404, 404, 302, 404, 302)


def _attempt(p: Personas, *, submitted: bool = False) -> Attempt:
    """learner_a's attempt at the citizen test (handed in when `submitted`)."""
    attempt = start_attempt(p.learner_a, small_bank())
    return submit_attempt(attempt.pk) if submitted else attempt


def _url(name: str, *, submitted: bool = False) -> Any:
    return lambda p, job: reverse(name, args=[_attempt(p, submitted=submitted).pk])


def _save(p: Personas, who: str) -> dict[str, Any]:
    return {"save": "1", "q1": "0", "q1-o0": "1", "q1-o1": "2", "q1-o2": "3", "q1-o3": "4"}


CASES: list[Case] = [
    Case("tests", "get", lambda p, j: (small_bank(), reverse("web:tests"))[1], SIGNED_IN_200),
    Case("test-start", "post", lambda p, j: reverse("web:test-start", args=[small_bank().pk]), SIGNED_IN_302),
    Case("attempt", "get", _url("web:attempt"), OWNER_200),
    Case("attempt", "post", _url("web:attempt"), OWNER_302, data=_save),
    Case("attempt-submit", "get", _url("web:attempt-submit"), OWNER_200),
    Case("attempt-submit", "post", _url("web:attempt-submit"), OWNER_302),
    Case("attempt-result", "get", _url("web:attempt-result", submitted=True), OWNER_200),
]
