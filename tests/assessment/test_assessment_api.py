"""The assessment API: start or resume, save, submit; nothing about correctness before submission."""

from __future__ import annotations

import json
from typing import Any

from hocvuso.assessment.models import Attempt, AttemptItem
from tests.assessment.builders import items_of, right_answer, small_bank, wrong_answer

CORRECTNESS = ("correct", "correct_answer", "points", "explanation")


def _start(api: Any, definition_id: int) -> Any:
    return api.post(f"/tests/{definition_id}/attempts")


def test_a_learner_lists_the_test_of_her_group_and_starts_then_resumes_it(db: None, api_as: Any) -> None:
    definition = small_bank()
    api = api_as("learner_a")
    listed = api.get("/tests").json()
    assert [(t["id"], t["kind"], t["group"], t["attempts_left"], t["in_progress"]) for t in listed] == [
        (definition.pk, "certification", "citizen", 3, None),
        (listed[1]["id"], "placement", "citizen", 2, None),
    ]
    first = _start(api, definition.pk)
    assert first.status_code == 201
    again = _start(api, definition.pk)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert api.get("/tests").json()[0]["in_progress"] == first.json()["id"]


def test_before_submission_no_correctness_leaves_the_server(db: None, api_as: Any) -> None:
    definition = small_bank()
    api = api_as("learner_a")
    body = _start(api, definition.pk).json()
    attempt = Attempt.objects.get(pk=body["id"])
    item = items_of(attempt)[0]
    saved = api.client.put(
        f"/api/v1/attempts/{attempt.pk}/items/{item.position}",
        {"answer": wrong_answer(item)},
        content_type="application/json",
        headers=api.headers,
    )
    assert saved.status_code == 200
    for payload in (body, api.get(f"/attempts/{attempt.pk}").json(), {"items": [saved.json()]}):
        for it in payload["items"]:
            assert all(it[k] is None for k in ("correct_answer", "points", "explanation")), it
            assert all(o["correct"] is None for o in it["options"]), it
        text = json.dumps(payload, ensure_ascii=False)
        assert "GIAI-THICH" not in text  # no explanation
        assert '"correct": true' not in text and '"correct": false' not in text
    # Options come in the shuffled order stored for the attempt: the bank's order (for ordering
    # questions: the right order) is not what decides the list.
    for it, stored in zip(body["items"], items_of(attempt), strict=True):
        options = stored.question_version.options
        assert [o["text"] for o in it["options"]] == [options[i]["text"] for i in stored.option_order]


def test_answers_are_saved_checked_and_frozen_after_submission(db: None, api_as: Any) -> None:
    api = api_as("learner_a")
    attempt = Attempt.objects.get(pk=_start(api, small_bank().pk).json()["id"])
    items = items_of(attempt)

    def put(position: int, answer: Any) -> Any:
        return api.client.put(
            f"/api/v1/attempts/{attempt.pk}/items/{position}",
            {"answer": answer},
            content_type="application/json",
            headers=api.headers,
        )

    first = items[0]
    wrong_shape = 1 if first.question_version.question.kind == "true_false" else True
    assert put(first.position, wrong_shape).status_code == 422
    assert AttemptItem.objects.get(pk=first.pk).answer is None
    for item in items:
        assert put(item.position, right_answer(item)).status_code == 200
    assert put(99, True).status_code == 409
    result = api.post(f"/attempts/{attempt.pk}/submit")
    assert result.status_code == 200
    body = result.json()
    assert (body["status"], body["score"], body["max_score"], body["passed"]) == ("submitted", 6, 6, True)
    assert all(it["points"] == 1 and it["explanation"].startswith("GIAI-THICH") for it in body["items"])
    assert put(items[0].position, wrong_answer(items[0])).status_code == 409
    assert api.post(f"/attempts/{attempt.pk}/submit").json()["submitted_at"] == body["submitted_at"]


def test_another_users_attempt_is_not_found(db: None, api_as: Any) -> None:
    definition = small_bank()
    attempt_id = _start(api_as("learner_a"), definition.pk).json()["id"]
    other = api_as("province_admin")
    assert other.get(f"/attempts/{attempt_id}").status_code == 404
    assert other.post(f"/attempts/{attempt_id}/submit").status_code == 404
    assert Attempt.objects.get(pk=attempt_id).status == "in_progress"


def test_a_refused_start_says_why(db: None, api_as: Any) -> None:
    definition = small_bank()
    api = api_as("learner_a")
    attempt_id = _start(api, definition.pk).json()["id"]
    api.post(f"/attempts/{attempt_id}/submit")  # no answers: failed
    refused = _start(api, definition.pk)
    assert refused.status_code == 409
    assert "go over the lessons again" in refused.json()["detail"]
