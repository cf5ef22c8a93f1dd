"""Issuing in batches: only those who passed and hold no certificate; re-running issues nothing new."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.accounts.services import create_user
from hocvuso.certificates import selectors, services
from hocvuso.certificates.constants import BatchStatus
from hocvuso.certificates.models import Certificate, IssueBatch
from hocvuso.people.models import Person
from tests import factories
from tests.assessment.builders import small_bank
from tests.certificates.test_issue import certify, pass_test
from tests.personas import Personas
from tests.web.helpers import client_for


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _learner(p: Personas, n: int, *, hamlet: Any = None, passed: bool = True) -> Person:
    """A person of commune A with an account who took the test (passed or failed)."""
    person = factories.PersonFactory(hamlet=hamlet or p.hamlet_a1)
    person.user = create_user(username=f"hoc-vien-{n}", password="x-mat-khau-1", phone=f"09130000{n:02d}")
    person.save(update_fields=["user"])
    pass_test(person.user, right=passed)
    return person


def test_a_batch_issues_to_those_who_passed_and_hold_no_certificate(personas: Personas) -> None:
    passed = [_learner(personas, n) for n in range(3)]
    failed = _learner(personas, 10, passed=False)
    in_b = _learner(personas, 11, hamlet=personas.hamlet_b1)
    pass_test(personas.learner_a)
    already = certify(personas.person_a)
    version = small_bank().version
    assert selectors.eligible_for_batch(personas.commune_a, version).count() == 3
    batch = services.start_batch(personas.officer_a, personas.commune_a, version, {})
    batch = services.run_batch(batch.pk)
    assert (batch.status, batch.total, batch.done, batch.issued, batch.skipped) == (BatchStatus.DONE, 4, 4, 3, 1)
    certified = set(Certificate.objects.filter(batch=batch).values_list("person_id", flat=True))
    assert certified == {p.pk for p in passed}
    assert not Certificate.objects.filter(person__in=[failed, in_b]).exists()
    assert Certificate.objects.get(person=personas.person_a).pk == already.pk
    assert all(c.issued_by_id == personas.officer_a.pk for c in Certificate.objects.filter(batch=batch))
    assert AuditEvent.objects.filter(action=AuditAction.ISSUE_CERTIFICATE_BATCH, object_id=str(batch.pk)).exists()


def test_running_a_batch_again_issues_nothing_new(personas: Personas) -> None:
    for n in range(2):
        _learner(personas, n)
    version = small_bank().version
    first = services.run_batch(services.start_batch(personas.officer_a, personas.commune_a, version, {}).pk)
    IssueBatch.objects.filter(pk=first.pk).update(status=BatchStatus.RUNNING)  # as if interrupted
    rerun = services.run_batch(first.pk)
    assert (rerun.issued, rerun.skipped) == (2, 0)  # counted as this batch's own, not issued twice
    second = services.run_batch(services.start_batch(personas.officer_a, personas.commune_a, version, {}).pk)
    assert (second.total, second.issued, second.skipped) == (2, 0, 2)
    assert Certificate.objects.count() == 2


def test_a_batch_can_be_limited_to_a_hamlet(personas: Personas) -> None:
    in_a1 = _learner(personas, 1)
    _learner(personas, 2, hamlet=personas.hamlet_a2)
    version = small_bank().version
    batch = services.start_batch(personas.officer_a, personas.commune_a, version, {"hamlet": personas.hamlet_a1.pk})
    batch = services.run_batch(batch.pk)
    assert list(Certificate.objects.values_list("person_id", flat=True)) == [in_a1.pk]
    with pytest.raises(services.CertificateRefused):
        services.start_batch(personas.officer_a, personas.commune_a, version, {"hamlet": personas.hamlet_b1.pk})


def test_the_new_batch_page_counts_who_qualifies_then_starts_and_shows_progress(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    _learner(personas, 1)
    _learner(personas, 2)
    client = client_for(personas.officer_a)
    page = client.get(reverse("web:certificate-batch-new"), {"commune": personas.commune_a.code})
    assert "2 people qualify." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:certificate-batch-new"), {"commune": personas.commune_a.code})
    batch = IssueBatch.objects.get()
    assert response["Location"] == reverse("web:certificate-batch", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'id="count-issued">2<' in page
    progress = client.get(reverse("web:certificate-batch-progress", args=[batch.pk]), headers={"HX-Request": "true"})
    assert progress.headers.get("HX-Refresh") == "true"  # finished: the page reloads itself


def test_a_running_batch_shows_a_polling_progress_bar(personas: Personas) -> None:
    batch = IssueBatch.objects.create(
        created_by=personas.officer_a,
        commune=personas.commune_a,
        version=small_bank().version,
        status=BatchStatus.RUNNING,
        total=10,
        done=4,
    )
    client = client_for(personas.officer_a)
    page = client.get(reverse("web:certificate-batch", args=[batch.pk])).content.decode()
    assert 'hx-get="' + reverse("web:certificate-batch-progress", args=[batch.pk]) in page
    assert 'value="40"' in page
    fragment = client.get(reverse("web:certificate-batch-progress", args=[batch.pk]), headers={"HX-Request": "true"})
    assert "4 of 10 people done (40%)." in fragment.content.decode()


def test_an_officer_cannot_start_a_batch_for_another_commune(personas: Personas) -> None:
    small_bank()
    response = client_for(personas.officer_b).post(
        reverse("web:certificate-batch-new"), {"commune": personas.commune_a.code}
    )
    assert response.status_code == 404
    assert not IssueBatch.objects.exists()
