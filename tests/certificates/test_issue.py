"""Issuing: once per person and framework version, numbered without gaps or repeats, signed, with a
PDF, audited, and automatically after a passed certification test."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent, User
from hocvuso.assessment.models import Attempt
from hocvuso.assessment.services import save_answer, start_attempt, submit_attempt
from hocvuso.certificates import services
from hocvuso.certificates.credential import verify_credential
from hocvuso.certificates.models import Certificate, NumberSequence, VNeIDConfirmation
from hocvuso.certificates.selectors import verify_url
from hocvuso.framework.constants import RuleGroup
from hocvuso.framework.selectors import requirements_of
from hocvuso.people.models import Person
from tests import factories
from tests.assessment.builders import items_of, right_answer, small_bank, wrong_answer
from tests.personas import Personas


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def pass_test(user: User, *, right: bool = True) -> Attempt:
    """`user` takes the citizen test of the small bank and hands it in (all right, or all wrong)."""
    attempt = start_attempt(user, small_bank())
    for item in items_of(attempt):
        save_answer(attempt, item.position, right_answer(item) if right else wrong_answer(item))
    return submit_attempt(attempt.pk)


def certify(person: Person, **kwargs: Any) -> Certificate:
    """A certificate of the citizen rule of basic-757 for `person` (issued directly)."""
    cert, _created = services.issue_certificate(person, small_bank().version, RuleGroup.CITIZEN, **kwargs)
    return cert


def test_issuing_twice_returns_the_same_certificate(personas: Personas) -> None:
    version = small_bank().version
    first, created = services.issue_certificate(personas.person_a, version, RuleGroup.CITIZEN)
    again, created_again = services.issue_certificate(personas.person_a, version, RuleGroup.CITIZEN)
    assert created and not created_again
    assert again.pk == first.pk
    assert Certificate.objects.filter(person=personas.person_a).count() == 1


def test_a_certificate_copies_the_holder_and_states_the_highest_level_of_the_rule(personas: Personas) -> None:
    person = personas.person_a
    cert = certify(person)
    version = small_bank().version
    assert cert.holder_name == person.full_name
    assert (cert.holder_birth_date, cert.commune_id) == (person.birth_date, person.commune_id)
    assert cert.user_id == personas.learner_a.pk
    assert cert.level == max(requirements_of(version, RuleGroup.CITIZEN).values())
    person.full_name = "Tên Đã Đổi"
    person.save()
    cert.refresh_from_db()
    assert cert.holder_name != "Tên Đã Đổi"  # what was certified then


def test_a_certificate_is_signed_has_a_pdf_and_a_vneid_row_and_is_audited(personas: Personas) -> None:
    cert = certify(personas.person_a)
    check = verify_credential(cert.credential)
    assert check.ok and check.number == cert.number
    assert cert.pdf.name.endswith(f"{cert.number}.pdf")
    with cert.pdf.open("rb") as f:
        assert f.read(4) == b"%PDF"
    assert VNeIDConfirmation.objects.filter(certificate=cert).exists()
    event = AuditEvent.objects.get(action=AuditAction.ISSUE_CERTIFICATE, object_id=cert.number)
    assert event.actor is None  # issued automatically
    assert verify_url(cert.number).endswith(f"/v/{cert.number}/")


def test_numbers_follow_the_yearly_sequence_without_duplicates(personas: Personas, settings: Any) -> None:
    settings.HOCVUSO_CERTIFICATE_PREFIX = "TV"
    version = small_bank().version
    people = [factories.PersonFactory(hamlet=personas.hamlet_a1) for _ in range(4)]
    numbers = [services.issue_certificate(p, version, RuleGroup.CITIZEN)[0].number for p in people]
    year = timezone.localtime().year
    assert numbers == [f"TV-{year}-{n:06d}" for n in range(1, 5)]
    assert NumberSequence.objects.get(year=year).last == 4


def test_the_database_refuses_a_second_certificate_in_force(personas: Personas) -> None:
    cert = certify(personas.person_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            number="TV-1999-000001",
            person=cert.person,
            version=cert.version,
            group=cert.group,
            holder_name="x",
            commune=cert.commune,
            issued_at=timezone.now(),
            key=cert.key,
            credential={},
        )


def test_passing_the_certification_test_issues_the_certificate(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        attempt = pass_test(personas.learner_a)
    assert attempt.passed
    cert = Certificate.objects.get(person=personas.person_a)
    assert cert.attempt_id == attempt.pk
    assert cert.issued_by is None and cert.group == RuleGroup.CITIZEN


def test_failing_the_test_issues_nothing(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        attempt = pass_test(personas.learner_a, right=False)
    assert not attempt.passed
    assert not Certificate.objects.exists()


def test_an_account_without_a_roster_record_gets_no_certificate(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        attempt = pass_test(personas.outsider)
    assert attempt.passed
    assert not Certificate.objects.exists()


def test_the_hook_called_again_issues_nothing_new(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        attempt = pass_test(personas.learner_a)
    services.issue_for_passed_attempt(attempt)
    assert Certificate.objects.count() == 1


def test_a_practice_test_issues_no_certificate(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    attempt = pass_test(personas.learner_a)
    attempt.definition.kind = "practice"  # type: ignore[attr-defined]  # set on the instance either way
    services.issue_for_passed_attempt(attempt)
    assert not Certificate.objects.exists()
