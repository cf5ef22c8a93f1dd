"""API access matrix rows for the assessment router: tests for every signed-in user, own attempts only
(and the mentor's assisted one); assisted mode and practical checks for the helpers of the person's units."""

from __future__ import annotations

from typing import Any

from hocvuso.assessment import selectors
from hocvuso.assessment.models import Attempt, AttemptItem, PracticalCheck, PracticalTask, TestDefinition
from hocvuso.assessment.services import record_practical_check, start_assisted_attempt, start_attempt
from tests.api.access_ops import Op, World, expect
from tests.assessment.builders import small_bank

COVERED: set[tuple[str, str]] = {
    ("get", "/api/v1/tests"),
    ("post", "/api/v1/tests/{test_id}/attempts"),
    ("get", "/api/v1/attempts/{attempt_id}"),
    ("put", "/api/v1/attempts/{attempt_id}/items/{position}"),
    ("post", "/api/v1/attempts/{attempt_id}/submit"),
    ("post", "/api/v1/tests/{test_id}/assisted-attempts"),
    ("get", "/api/v1/practical-checks"),
    ("post", "/api/v1/practical-checks"),
}

OWNER_ONLY = expect({"learner_a": 200}, 404)
HELPERS_OF_A = {"officer_a": 201, "team_member_a": 201, "mentor_a": 201, "officer_b": 404}


def _test(w: World) -> TestDefinition:
    return small_bank()


def _attempt(w: World) -> Attempt:
    """learner_a's attempt at the citizen test, in progress."""
    found = Attempt.objects.filter(user=w.p.learner_a).first()
    return found or start_attempt(w.p.learner_a, _test(w))


def _put_first(a: Any, w: World) -> Any:
    attempt = _attempt(w)
    item = attempt.items.select_related("question_version__question").get(position=1)
    answer: Any = {"true_false": True, "multiple": [0], "ordering": list(range(len(item.option_order)))}.get(
        item.question_version.question.kind, 0
    )
    return a.client.put(
        f"/api/v1/attempts/{attempt.pk}/items/1", {"answer": answer}, content_type="application/json", headers=a.headers
    )


def _assisted(w: World) -> Attempt:
    """learner_a's attempt run by mentor_a (assisted mode), in progress."""
    found = Attempt.objects.filter(user=w.p.learner_a, assisted_by=w.p.mentor_a).first()
    return found or start_assisted_attempt(w.p.mentor_a, w.p.person_a, _test(w), consent=True)


def _check(w: World) -> PracticalCheck:
    """mentor_a's check of a practical task with person_a (learner_a)."""
    found = PracticalCheck.objects.filter(person=w.p.person_a).first()
    if found is not None:
        return found
    task = PracticalTask.objects.get(key="cb-11-practical", competency__version=_test(w).version)
    return record_practical_check(w.p.mentor_a, w.p.person_a, task, passed=True, evidence_note="Đã thấy.", consent=True)


def _new_check(a: Any, w: World) -> Any:
    _test(w)
    body = {
        "person": w.p.person_a.pk,
        "task": "cb-11-practical",
        "passed": True,
        "evidence_note": "Đã thấy mở được ứng dụng.",
        "consent": True,
    }
    return a.post("/practical-checks", body)


OPS: list[Op] = [
    Op(
        "list the tests I can take",
        None,
        lambda a, w: (_test(w), a.get("/tests"))[1],
        expect({}, 200),
        rows=lambda w: {
            name: set(selectors.tests_for(user).values_list("pk", flat=True))
            for name, user in w.p.users().items()
            if user is not None
        },
        ids=lambda body: {row["id"] for row in body},
    ),
    Op(
        "start the citizen test",
        None,
        lambda a, w: a.post(f"/tests/{_test(w).pk}/attempts"),
        expect({}, 201),
        snapshot=lambda w: (_test(w), Attempt.objects.count())[1],
    ),
    Op("get learner_a's attempt", None, lambda a, w: a.get(f"/attempts/{_attempt(w).pk}"), OWNER_ONLY),
    Op(
        "save an answer in learner_a's attempt",
        None,
        _put_first,
        OWNER_ONLY,
        snapshot=lambda w: AttemptItem.objects.get(attempt=_attempt(w), position=1).answer,
    ),
    Op(
        "submit learner_a's attempt",
        None,
        lambda a, w: a.post(f"/attempts/{_attempt(w).pk}/submit"),
        OWNER_ONLY,
        snapshot=lambda w: Attempt.objects.get(pk=_attempt(w).pk).status,
    ),
    Op(
        "start the citizen test for learner_a (assisted mode)",
        None,
        lambda a, w: a.post(f"/tests/{_test(w).pk}/assisted-attempts", {"person": w.p.person_a.pk, "consent": True}),
        expect(HELPERS_OF_A, 403),
        snapshot=lambda w: (_test(w), Attempt.objects.count())[1],
    ),
    Op(
        "get learner_a's attempt run by mentor_a",
        None,
        lambda a, w: a.get(f"/attempts/{_assisted(w).pk}"),
        expect({"learner_a": 200, "mentor_a": 200}, 404),
    ),
    Op(
        "list practical checks",
        None,
        lambda a, w: (_check(w), a.get("/practical-checks"))[1],
        expect({}, 200),
        rows=lambda w: {name: {_check(w).pk} for name in ("officer_a", "team_member_a", "mentor_a", "learner_a")},
    ),
    Op(
        "record a practical check of learner_a",
        None,
        _new_check,
        expect(HELPERS_OF_A, 403),
        snapshot=lambda w: (_test(w), PracticalCheck.objects.count())[1],
    ),
]
