"""Practical checks: a mentor, team member or commune officer of the person's units records that they
watched the person do a task of their group's competencies, with the person's consent and a note
without personal data; re-checks keep the history and the latest counts; the learner sees them on
their path; a passed check counts as a demonstrated level for the record (not for the certificate)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.assessment.models import PracticalCheck, PracticalTask
from hocvuso.assessment.permissions import people_checkable_by
from hocvuso.assessment.selectors import competency_levels, latest_practical_checks, practical_tasks_for
from hocvuso.assessment.services import CheckInvalid, record_practical_check
from tests.assessment.builders import small_bank
from tests.web.helpers import client_for


@pytest.fixture
def task(db: None) -> PracticalTask:
    small_bank()
    return PracticalTask.objects.get(key="cb-11-practical")


def _check(personas: Any, task: PracticalTask, **kw: Any) -> PracticalCheck:
    data: dict[str, Any] = {"passed": True, "evidence_note": "Đã thấy bật Wi-Fi, ngày 12.05.2025.", "consent": True}
    data.update(kw)
    return record_practical_check(personas.mentor_a, personas.person_a, task, **data)


def test_a_check_is_recorded_and_audited(personas: Any, task: PracticalTask) -> None:
    check = _check(personas, task)
    assert (check.person, check.checked_by, check.passed, check.learner_consented) == (
        personas.person_a,
        personas.mentor_a,
        True,
        True,
    )
    event = AuditEvent.objects.get(action=AuditAction.CHECK_PRACTICAL_TASK)
    assert event.object_id == str(check.pk) and event.details["task"] == task.key


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent": False}, "consent"),
        ({"evidence_note": "   "}, "evidence_note"),
        ({"evidence_note": "Số điện thoại 0912345678"}, "evidence_note"),
        ({"evidence_note": "CCCD 084.190.001.234"}, "evidence_note"),
    ],
)
def test_without_consent_or_a_clean_note_nothing_is_recorded(
    personas: Any, task: PracticalTask, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(CheckInvalid) as refused:
        _check(personas, task, **changes)
    assert field in refused.value.errors
    assert not PracticalCheck.objects.exists()


def test_the_database_refuses_a_check_without_consent(personas: Any, task: PracticalTask) -> None:
    with pytest.raises(IntegrityError):
        PracticalCheck.objects.create(
            task=task,
            person=personas.person_a,
            learner_consented=False,
            evidence_note="x",
            passed=True,
            checked_at=timezone.now(),
        )


def test_a_re_check_keeps_the_history_and_the_latest_counts(personas: Any, task: PracticalTask) -> None:
    now = timezone.now()
    _check(personas, task, passed=False, now=now - timedelta(days=7))
    later = _check(personas, task, passed=True, now=now)
    assert PracticalCheck.objects.count() == 2
    assert latest_practical_checks(personas.person_a) == [later]


def test_a_passed_check_counts_as_a_demonstrated_level(personas: Any, task: PracticalTask) -> None:
    version = small_bank().version
    _check(personas, task, passed=False)
    assert competency_levels(personas.learner_a, version) == {}
    _check(personas, task, passed=True)
    assert competency_levels(personas.learner_a, version) == {"CB-1.1": 1}


def test_the_tasks_are_those_of_the_persons_group(personas: Any, task: PracticalTask) -> None:
    keys = {t.key for t in practical_tasks_for(personas.person_a)}
    assert keys == {"cb-11-practical", "cb-31-practical", "cb-51-practical"}  # citizens: CB-1.1, 3.1, 5.1


def test_helpers_check_people_of_their_units_with_or_without_an_account(personas: Any, task: PracticalTask) -> None:
    assert {personas.person_a, personas.person_a2} <= set(people_checkable_by(personas.officer_a))
    assert personas.person_a2 not in people_checkable_by(personas.mentor_a)  # hamlet A2
    assert personas.person_a not in people_checkable_by(personas.officer_b)
    assert not people_checkable_by(personas.learner_a).exists()


def test_the_mentor_records_a_check_on_the_web_and_the_learner_sees_it_on_the_path(
    personas: Any, task: PracticalTask
) -> None:
    mentor = client_for(personas.mentor_a)
    url = reverse("web:practical-person", args=[personas.person_a.pk])
    page = mentor.get(url).content.decode()
    assert task.task in page and "Not checked yet." in page
    refused = mentor.post(url, {"task": task.key, "passed": "yes", "evidence_note": "Đã thấy."})
    assert refused.status_code == 200 and "agrees to the check" in refused.content.decode()
    done = mentor.post(url, {"task": task.key, "passed": "yes", "evidence_note": "Đã thấy.", "consent": "yes"})
    assert done.status_code == 302
    assert PracticalCheck.objects.get().evidence_note == "Đã thấy."
    path = client_for(personas.learner_a).get(reverse("web:learn")).content.decode()
    assert "Practical tasks checked by your mentor" in path and task.task in path


def test_the_api_records_and_lists_checks(personas: Any, task: PracticalTask, api_as: Any) -> None:
    body = {"person": personas.person_a.pk, "task": task.key, "passed": True, "evidence_note": "Đã thấy."}
    assert api_as("mentor_a").post("/practical-checks", {**body, "consent": False}).status_code == 422
    made = api_as("mentor_a").post("/practical-checks", {**body, "consent": True})
    assert made.status_code == 201 and made.json()["latest"] is True
    assert api_as("mentor_a").post("/practical-checks", {**body, "task": "nope", "consent": True}).status_code == 422
    mine = api_as("learner_a").get("/practical-checks").json()["items"]
    assert [(c["task"], c["passed"], c["checked_by"]) for c in mine] == [(task.key, True, personas.mentor_a.full_name)]
