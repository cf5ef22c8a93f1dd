"""Two phones (or two tabs) sending the same kept visit at the same moment store it once: the unique
client_uuid decides, and the loser answers with the stored visit. Real concurrency needs PostgreSQL
(SQLite serialises writers), so the test runs there only."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.campaign.constants import VisitOutcome
from hocvuso.campaign.models import Visit
from hocvuso.campaign.services import visits as services
from hocvuso.campaign.services.visits import PersonChange, VisitData, record_visit
from hocvuso.geo.models import Commune
from hocvuso.people.models import Person
from tests.personas import build_personas


@pytest.fixture(scope="module", autouse=True)
def _units_reloaded_after_module(django_db_blocker: Any) -> Iterator[None]:
    """The transactional test empties every table when it ends; put the official units back."""
    yield
    with django_db_blocker.unblock():
        call_command("load_units", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_the_same_visit_sent_twice_at_once_is_stored_once(monkeypatch: pytest.MonkeyPatch) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time")
    if not Commune.objects.exists():
        call_command("load_units", verbosity=0)
    p = build_personas()
    data = VisitData(
        client_uuid=uuid.uuid4(),
        visited_on=timezone.localdate(),
        outcome=VisitOutcome.HELPED,
        people_met=[p.person_a.pk],
        changes=[PersonChange(person_id=p.person_a.pk, vneid_level=2)],
    )
    barrier = threading.Barrier(2)
    # Both senders look for the visit before either stores it: the race the unique constraint settles.
    looked = threading.local()
    lookups: list[object] = []
    original = services._existing

    def existing_after_both_looked(*args: Any) -> Any:
        found = original(*args)
        lookups.append(found)
        if not getattr(looked, "once", False):
            looked.once = True
            barrier.wait(timeout=10)
        return found

    monkeypatch.setattr(services, "_existing", existing_after_both_looked)
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            visit, created = record_visit(p.team_member_a, p.household_a, data)
            results.append((visit.pk, created))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert len(lookups) == 3, "the loser found the visit again after its insert failed"
    assert sorted(created for _, created in results) == [False, True]
    assert len({pk for pk, _ in results}) == 1
    assert Visit.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_VISIT).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE_PERSON).count() == 1
    assert Person.objects.get(pk=p.person_a.pk).vneid_level == 2
