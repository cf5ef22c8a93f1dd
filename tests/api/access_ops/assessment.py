"""API access matrix rows for the assessment router: tests for every signed-in user, own attempts only."""

from __future__ import annotations

from typing import Any

from hocvuso.assessment.models import Attempt, AttemptItem, TestDefinition
from hocvuso.assessment.services import start_attempt
from tests.api.access_ops import PERSONAS, Op, World, expect
from tests.assessment.builders import small_bank

COVERED: set[tuple[str, str]] = {
    ("get", "/api/v1/tests"),
    ("post", "/api/v1/tests/{test_id}/attempts"),
    ("get", "/api/v1/attempts/{attempt_id}"),
    ("put", "/api/v1/attempts/{attempt_id}/items/{position}"),
    ("post", "/api/v1/attempts/{attempt_id}/submit"),
}

OWNER_ONLY = expect({"learner_a": 200}, 404)


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


OPS: list[Op] = [
    Op(
        "list the tests I can take",
        None,
        lambda a, w: (_test(w), a.get("/tests"))[1],
        expect({}, 200),
        rows=lambda w: {name: {_test(w).pk} for name in PERSONAS if name != "anonymous"},
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
]
