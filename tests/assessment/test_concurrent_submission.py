"""Twenty simultaneous submissions of one attempt score it exactly once (issue 4), on PostgreSQL.

SQLite serialises every write on one file lock and the test database is shared in memory, so the
race this guards against cannot happen there: the test runs on PostgreSQL only.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from hocvuso.assessment import hooks
from hocvuso.assessment.constants import AttemptStatus
from hocvuso.assessment.models import Attempt, AttemptItem
from hocvuso.assessment.services import save_answer, start_attempt, submit_attempt
from tests.assessment.builders import items_of, right_answer, small_bank

THREADS = 20

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL; SQLite has none"
)


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_submissions_produce_exactly_one_scored_result(personas: Any) -> None:
    attempt = start_attempt(personas.learner_a, small_bank())
    for item in items_of(attempt):
        save_answer(attempt, item.position, right_answer(item))
    passed: list[int] = []
    lock = threading.Lock()

    def count(a: Attempt) -> None:
        with lock:
            passed.append(a.pk)

    hooks.on_attempt_passed.append(count)
    barrier = threading.Barrier(THREADS)
    results: list[tuple[str, Any, int | None]] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            barrier.wait()
            done = submit_attempt(attempt.pk)
            with lock:
                results.append((done.status, done.submitted_at, done.score))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(THREADS)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        hooks.on_attempt_passed.remove(count)
    assert errors == []
    assert len(results) == THREADS
    assert len(set(results)) == 1  # every caller got the same, single result
    assert results[0][0] == AttemptStatus.SUBMITTED and results[0][2] == 6
    assert passed == [attempt.pk]  # scored and announced once
    assert AttemptItem.objects.filter(attempt=attempt, points=1).count() == 6
