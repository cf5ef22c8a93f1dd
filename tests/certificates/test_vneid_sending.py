"""Sending confirmations to VNeID against a stand-in receiver that fails on purpose: retries with
backoff and one Idempotency-Key, refusals, the try limit, and no double send."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.certificates import vneid
from hocvuso.certificates.constants import VNeIDStatus
from hocvuso.certificates.models import VNeIDConfirmation
from hocvuso.geo.models import Commune
from hocvuso.people.models import Person
from tests.certificates.vneid_support import StandIn, make_certificate, stand_in_receiver
from tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def _errors_stored_in_english(settings: Any) -> None:
    """send_due stores errors in the site's language (settings.LANGUAGE_CODE); assert on English."""
    settings.LANGUAGE_CODE = "en"


TOKEN = "tok-vneid-test"
LATER = timedelta(days=2)  # far enough that every retry is due


@pytest.fixture
def receiver(settings: Any) -> Iterator[StandIn]:
    with stand_in_receiver() as stand_in:
        settings.HOCVUSO_VNEID_ENDPOINT = stand_in.url
        settings.HOCVUSO_VNEID_TOKEN = TOKEN
        settings.HOCVUSO_VNEID_TIMEOUT = 1
        settings.HOCVUSO_VNEID_MAX_TRIES = 8
        yield stand_in


def _queued(**person: Any) -> VNeIDConfirmation:
    made: Person = PersonFactory(**person)  # type: ignore[assignment]
    return vneid.ensure_confirmation(make_certificate(made))


def _run(times: int = 1) -> list[vneid.SendReport]:
    return [vneid.send_due(now=timezone.now() + LATER) for _ in range(times)]


def _fresh(row: VNeIDConfirmation) -> VNeIDConfirmation:
    row.refresh_from_db()
    return row


@pytest.mark.django_db
def test_a_new_certificate_is_queued_when_sending_is_on(receiver: StandIn) -> None:
    row = _queued()
    assert row.status == VNeIDStatus.QUEUED
    assert row.queued_at is not None and row.next_try_at is not None
    assert vneid.ensure_confirmation(row.certificate).pk == row.pk  # a second call changes nothing


@pytest.mark.django_db
def test_a_new_certificate_stays_not_sent_when_sending_is_off(settings: Any) -> None:
    settings.HOCVUSO_VNEID_ENDPOINT = ""
    row = _queued()
    assert row.status == VNeIDStatus.NOT_SENT
    assert row.next_try_at is None
    report = vneid.send_due()
    assert not report.enabled
    assert "off" in str(report)


@pytest.mark.django_db
def test_the_request_carries_the_token_the_key_and_the_documented_body(receiver: StandIn) -> None:
    row = _queued()
    cert = row.certificate
    _run()
    assert _fresh(row).status == VNeIDStatus.CONFIRMED
    assert row.external_ref == f"VN-{cert.number}"
    [sent] = receiver.requests
    assert sent.authorization == f"Bearer {TOKEN}"
    assert sent.content_type == "application/json"
    assert sent.key == str(row.idempotency_key)
    assert sent.body["national_id"] == cert.person.national_id
    assert len(sent.body["national_id"]) == 12  # the full CCCD number, not masked
    assert sent.body["certificate_number"] == cert.number
    assert sent.body["full_name"] == cert.holder_name
    assert sent.body["verify_url"] == cert.credential["id"]
    assert sent.body["credential"] == cert.credential
    assert {"birth_date", "birth_year", "framework", "framework_version", "level", "issued_at"} <= set(sent.body)


@pytest.mark.django_db
def test_failed_sends_are_retried_with_growing_delays_and_the_same_key_until_accepted(receiver: StandIn) -> None:
    receiver.script = ["503", "reset", "503"]
    row = _queued()
    delays = []
    for _ in range(3):
        before = timezone.now()
        [report] = _run()
        assert report.retrying == 1
        row = _fresh(row)
        assert row.status == VNeIDStatus.QUEUED
        delays.append(row.next_try_at - before)  # type: ignore[operator]
    assert "Try 3 failed" in row.last_error and "503" in row.last_error
    [report] = _run()
    assert report.confirmed == 1
    row = _fresh(row)
    assert row.status == VNeIDStatus.CONFIRMED
    assert row.tries == 4
    assert row.last_error == ""
    assert {r.key for r in receiver.requests} == {str(row.idempotency_key)}
    assert len(receiver.requests) == 4
    assert timedelta(minutes=1) <= delays[0] < timedelta(minutes=2)
    assert timedelta(minutes=2) <= delays[1] < timedelta(minutes=3)
    assert timedelta(minutes=4) <= delays[2] < timedelta(minutes=5)


@pytest.mark.django_db
def test_a_connection_reset_is_retried(receiver: StandIn) -> None:
    receiver.script = ["reset"]
    row = _queued()
    _run()
    assert _fresh(row).status == VNeIDStatus.QUEUED
    assert "connection" in row.last_error.lower() or "connect" in row.last_error.lower()


@pytest.mark.django_db
def test_a_send_that_timed_out_but_was_processed_is_recorded_once(receiver: StandIn) -> None:
    receiver.script = ["timeout"]
    row = _queued()
    [first] = _run()
    assert first.retrying == 1
    assert "1 s" in _fresh(row).last_error
    [second] = _run()  # the receiver knows the key: 409, already received
    assert second.confirmed == 1
    assert _fresh(row).status == VNeIDStatus.CONFIRMED
    assert [r.key for r in receiver.requests] == [str(row.idempotency_key)] * 2
    assert receiver.numbers_recorded() == [row.certificate.number]


@pytest.mark.django_db
def test_accepted_for_later_is_sent_until_the_receiver_confirms(receiver: StandIn) -> None:
    receiver.script = ["202"]
    row = _queued()
    [report] = _run()
    assert report.sent == 1
    row = _fresh(row)
    assert row.status == VNeIDStatus.SENT
    assert row.sent_at is not None and row.next_try_at is None
    _run()  # sent rows are not sent again: the receiver calls back
    assert len(receiver.requests) == 1
    vneid.record_receipt(idempotency_key=str(row.idempotency_key), status=VNeIDStatus.CONFIRMED)
    assert _fresh(row).status == VNeIDStatus.CONFIRMED


@pytest.mark.django_db
def test_a_duplicate_answer_with_the_same_key_counts_as_received(receiver: StandIn) -> None:
    receiver.script = ["409"]
    row = _queued()
    _run()
    assert _fresh(row).status == VNeIDStatus.CONFIRMED


@pytest.mark.django_db
def test_a_refusal_fails_at_once_with_the_reason_and_is_not_retried(receiver: StandIn) -> None:
    receiver.script = ["400"]
    row = _queued()
    [report] = _run()
    assert report.failed == 1
    row = _fresh(row)
    assert row.status == VNeIDStatus.FAILED
    assert "HTTP 400" in row.last_error
    assert "not a valid CCCD number" in row.last_error
    assert row.next_try_at is None
    _run(2)
    assert len(receiver.requests) == 1


@pytest.mark.django_db
def test_after_the_last_allowed_try_the_confirmation_fails(receiver: StandIn, settings: Any) -> None:
    settings.HOCVUSO_VNEID_MAX_TRIES = 3
    receiver.script = ["503"] * 10
    row = _queued()
    reports = _run(5)
    assert [r.retrying for r in reports] == [1, 1, 0, 0, 0]
    assert reports[2].failed == 1
    row = _fresh(row)
    assert row.status == VNeIDStatus.FAILED
    assert row.tries == 3
    assert "Gave up after 3 tries" in row.last_error
    assert len(receiver.requests) == 3


@pytest.mark.django_db
def test_a_person_without_a_cccd_number_fails_at_once_without_a_request(receiver: StandIn) -> None:
    row = _queued(national_id=None)
    [report] = _run()
    assert report.failed == 1
    row = _fresh(row)
    assert row.status == VNeIDStatus.FAILED
    assert row.last_error == "No CCCD number on record."
    assert receiver.requests == []


@pytest.mark.django_db
def test_a_revoked_certificate_is_never_sent(receiver: StandIn) -> None:
    row = _queued()
    cert = row.certificate
    cert.revoked_at = timezone.now()
    cert.save(update_fields=["revoked_at"])
    [report] = _run()
    assert report.skipped == 1
    row = _fresh(row)
    assert row.status == VNeIDStatus.NOT_SENT
    assert "revoked" in row.last_error
    assert receiver.requests == []
    assert vneid.queue([row], by=_admin()) == 0  # and it cannot be queued again


def _admin() -> Any:
    from hocvuso.accounts.services import create_user

    return create_user(username="vneid-admin", password="x-very-long-1", full_name="Quản trị", phone="0911999001")


@pytest.mark.django_db
def test_withdraw_takes_a_queued_certificate_out_but_keeps_a_sent_one(receiver: StandIn) -> None:
    queued = _queued()
    sent = _queued()
    VNeIDConfirmation.objects.filter(pk=sent.pk).update(status=VNeIDStatus.SENT)
    assert vneid.withdraw(queued.certificate).status == VNeIDStatus.NOT_SENT  # type: ignore[union-attr]
    assert vneid.withdraw(sent.certificate).status == VNeIDStatus.SENT  # type: ignore[union-attr]


@pytest.mark.django_db
def test_queueing_again_resets_tries_and_is_audited(receiver: StandIn) -> None:
    receiver.script = ["400"]
    row = _queued()
    _run()
    admin = _admin()
    assert vneid.queue(VNeIDConfirmation.objects.filter(pk=row.pk), by=admin) == 1
    row = _fresh(row)
    assert (row.status, row.tries, row.last_error) == (VNeIDStatus.QUEUED, 0, "")
    event = AuditEvent.objects.get(action=AuditAction.CHANGE_VNEID_STATUS)
    assert event.actor == admin
    assert event.object_id == row.certificate.number
    assert event.details == {"from": VNeIDStatus.FAILED, "to": VNeIDStatus.QUEUED}
    _run()
    assert _fresh(row).status == VNeIDStatus.CONFIRMED
    assert vneid.queue([row], by=admin) == 0  # confirmed ones are left alone


@pytest.mark.django_db
def test_a_row_claimed_by_one_sender_is_skipped_by_another(receiver: StandIn) -> None:
    row = _queued()
    now = timezone.now()
    assert vneid._claim(row.pk, now) is not None
    assert vneid._claim(row.pk, now) is None
    assert vneid.send_one(row.pk, now) == "skipped"
    assert receiver.requests == []


@pytest.mark.django_db
def test_the_management_command_prints_the_report(receiver: StandIn, capsys: pytest.CaptureFixture[str]) -> None:
    _queued()
    VNeIDConfirmation.objects.update(next_try_at=timezone.now() - timedelta(minutes=1))
    call_command("send_vneid_confirmations")
    assert "confirmed 1" in capsys.readouterr().out


@given(tries=st.integers(min_value=0, max_value=10_000), rand=st.floats(min_value=0, max_value=1))
def test_the_retry_delay_grows_with_each_try_and_is_capped(tries: int, rand: float) -> None:
    delay = vneid.retry_delay(tries, lambda: rand)
    following = vneid.retry_delay(tries + 1, lambda: rand)
    assert following >= delay
    assert timedelta(minutes=1) <= delay <= vneid.MAX_RETRY_DELAY * (1 + vneid.JITTER)


def test_the_jitter_adds_at_most_a_tenth() -> None:
    assert vneid.retry_delay(1, lambda: 0.0) == timedelta(minutes=1)
    assert vneid.retry_delay(1, lambda: 1.0) == timedelta(minutes=1, seconds=6)
    assert vneid.retry_delay(30, lambda: 0.0) == timedelta(hours=6)


@pytest.fixture
def _units_back_after_flush(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        call_command("load_units", verbosity=0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_units_back_after_flush")
def test_two_senders_running_at_once_never_send_one_certificate_twice(settings: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections need PostgreSQL (SQLite runs senders one at a time)")
    if not Commune.objects.exists():
        call_command("load_units", verbosity=0)
    with stand_in_receiver(script=["slow"] * 12) as receiver:
        settings.HOCVUSO_VNEID_ENDPOINT = receiver.url
        settings.HOCVUSO_VNEID_TIMEOUT = 5
        rows = [_queued() for _ in range(12)]
        start = threading.Barrier(3)
        reports: list[vneid.SendReport] = []

        def sender() -> None:
            try:
                start.wait()
                reports.append(vneid.send_due(now=timezone.now() + LATER))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=sender) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        keys = [r.key for r in receiver.requests]
        assert sorted(keys) == sorted(str(r.idempotency_key) for r in rows)  # each exactly once
        assert sum(r.confirmed for r in reports) == 12
        assert all(r.picked == r.confirmed + r.skipped for r in reports)
        assert VNeIDConfirmation.objects.filter(status=VNeIDStatus.CONFIRMED).count() == 12
