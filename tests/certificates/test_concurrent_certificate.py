"""Twenty simultaneous submissions of one passing attempt: one scored result, one certificate (issue 4).

On PostgreSQL only, like tests/assessment/test_concurrent_submission.py: SQLite serialises every
write on one file lock, so the race cannot happen there.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from hocvuso.assessment.constants import AttemptStatus
from hocvuso.assessment.models import Attempt
from hocvuso.assessment.services import save_answer, start_attempt, submit_attempt
from hocvuso.certificates.models import Certificate, NumberSequence
from tests.assessment.builders import items_of, right_answer, small_bank

THREADS = 20

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL; SQLite has none"
)


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_submissions_give_one_result_and_one_certificate(
    personas: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    attempt = start_attempt(personas.learner_a, small_bank())
    for item in items_of(attempt):
        save_answer(attempt, item.position, right_answer(item))
    barrier = threading.Barrier(THREADS)
    lock = threading.Lock()
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
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len(results) == THREADS and len(set(results)) == 1
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.SUBMITTED
    certificates = list(Certificate.objects.all())
    assert len(certificates) == 1
    assert certificates[0].attempt_id == attempt.pk and certificates[0].person_id == personas.person_a.pk
    assert NumberSequence.objects.get().last == 1


@pytest.mark.django_db(transaction=True)
def test_issuing_at_once_for_the_same_person_gives_one_certificate_and_distinct_numbers(
    personas: Any, settings: Any, tmp_path: Any
) -> None:
    from hocvuso.certificates.services import issue_certificate
    from hocvuso.framework.constants import RuleGroup
    from tests import factories

    settings.MEDIA_ROOT = str(tmp_path / "media")
    version = small_bank().version
    others = [factories.PersonFactory(hamlet=personas.hamlet_a1) for _ in range(5)]
    targets = [personas.person_a] * 10 + others
    barrier = threading.Barrier(len(targets))
    lock = threading.Lock()
    got: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    def issue(person: Any) -> None:
        try:
            barrier.wait()
            cert, _created = issue_certificate(person, version, RuleGroup.CITIZEN)
            with lock:
                got.append((person.pk, cert.pk))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(p,)) for p in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len({cert for person, cert in got if person == personas.person_a.pk}) == 1
    numbers = list(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == 6 == len(set(numbers))
    assert NumberSequence.objects.get().last == 6
