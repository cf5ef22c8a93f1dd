"""Web access matrix rows for the test pages (hocvuso/web/views/assessment.py).

Every signed-in user may take the test of their group (no role needed); anonymous visitors are sent to
sign in. An attempt belongs to its user: everyone else, the province administrator included, gets 404,
except the mentor who runs it for the learner (assisted mode). /assist/ and /practical/ are for
mentors, team members and commune officers (403 for other roles), for the people of their units
(404 for others: officer_b for person_a of commune A).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hocvuso.assessment.models import Attempt
from hocvuso.assessment.services import start_assisted_attempt, start_attempt, submit_attempt
from tests.assessment.builders import small_bank
from tests.personas import Personas
from tests.web.access_cases import Case

PUBLIC: set[str] = set()

SIGNED_IN_200 = (200, 200, 200, 200, 200, 200, 200, 200, 302)
SIGNED_IN_302 = (302, 302, 302, 302, 302, 302, 302, 302, 302)
OWNER_200 = (404, 404, 404, 404, 404, 404, 200, 404, 302)
OWNER_302 = (404, 404, 404, 404, 404, 404, 302, 404, 302)
OWNER_AND_HELPER_200 = (404, 404, 404, 404, 200, 404, 200, 404, 302)
HELPERS_200 = (403, 200, 200, 200, 200, 403, 403, 403, 302)
HELPERS_OF_A_200 = (403, 200, 404, 200, 200, 403, 403, 403, 302)
HELPERS_OF_A_302 = (403, 302, 404, 302, 302, 403, 403, 403, 302)


def _attempt(p: Personas, *, submitted: bool = False) -> Attempt:
    """learner_a's attempt at the citizen test (handed in when `submitted`)."""
    attempt = start_attempt(p.learner_a, small_bank())
    return submit_attempt(attempt.pk) if submitted else attempt


def _url(name: str, *, submitted: bool = False) -> Any:
    return lambda p, job: reverse(name, args=[_attempt(p, submitted=submitted).pk])


def _save(p: Personas, who: str) -> dict[str, Any]:
    return {"save": "1", "q1": "0", "q1-o0": "1", "q1-o1": "2", "q1-o2": "3", "q1-o3": "4"}


def _assisted(p: Personas, job: Any) -> str:
    """learner_a's attempt, run by mentor_a in assisted mode and still in progress."""
    attempt = start_assisted_attempt(p.mentor_a, p.person_a, small_bank(), consent=True)
    return reverse("web:attempt", args=[attempt.pk])


def _assist_person(p: Personas, job: Any) -> str:
    small_bank()
    return reverse("web:assist") + f"?person={p.person_a.pk}"


def _assist_start(p: Personas, job: Any) -> str:
    small_bank()
    return reverse("web:assist-start", args=[p.person_a.pk])


def _practical_person(p: Personas, job: Any) -> str:
    small_bank()
    return reverse("web:practical-person", args=[p.person_a.pk])


def _check(p: Personas, who: str) -> dict[str, Any]:
    return {"task": "cb-11-practical", "passed": "yes", "evidence_note": "Đã thấy làm đúng.", "consent": "yes"}


CASES: list[Case] = [
    Case("tests", "get", lambda p, j: (small_bank(), reverse("web:tests"))[1], SIGNED_IN_200),
    Case("test-start", "post", lambda p, j: reverse("web:test-start", args=[small_bank().pk]), SIGNED_IN_302),
    Case("attempt", "get", _url("web:attempt"), OWNER_200),
    Case("attempt", "post", _url("web:attempt"), OWNER_302, data=_save),
    Case("attempt-submit", "get", _url("web:attempt-submit"), OWNER_200),
    Case("attempt-submit", "post", _url("web:attempt-submit"), OWNER_302),
    Case("attempt-result", "get", _url("web:attempt-result", submitted=True), OWNER_200),
    Case("attempt", "get", _assisted, OWNER_AND_HELPER_200),
    Case("assist", "get", lambda p, j: reverse("web:assist"), HELPERS_200),
    Case("assist", "get", _assist_person, HELPERS_OF_A_200),
    Case(
        "assist-start",
        "post",
        _assist_start,
        HELPERS_OF_A_302,
        data=lambda p, who: {"test": str(small_bank().pk), "consent": "yes"},
    ),
    Case("practical", "get", lambda p, j: reverse("web:practical"), HELPERS_200),
    Case("practical-person", "get", _practical_person, HELPERS_OF_A_200),
    Case("practical-person", "post", _practical_person, HELPERS_OF_A_302, data=_check),
]
