"""Assisted mode: a mentor, team member or commune officer runs a test for a learner of their units on
their own phone, with the learner's consent; the attempt is the learner's, marked "assisted by", usable
by the helper while in progress (and its result for a day), 404 for everyone else; audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.assessment.constants import AttemptStatus
from hocvuso.assessment.models import Attempt
from hocvuso.assessment.permissions import get_attempt_for, people_assistable_by
from hocvuso.assessment.services import AssessmentRefused, start_assisted_attempt, start_attempt
from tests import factories
from tests.assessment.builders import items_of, right_answer, small_bank
from tests.web.helpers import client_for


@pytest.fixture
def bank(db: None) -> Any:
    return small_bank()


def test_the_attempt_is_the_learners_marked_with_the_helper_and_audited(personas: Any, bank: Any) -> None:
    attempt = start_assisted_attempt(personas.mentor_a, personas.person_a, bank, consent=True)
    assert (attempt.user, attempt.assisted_by) == (personas.learner_a, personas.mentor_a)
    event = AuditEvent.objects.get(action=AuditAction.START_ASSISTED_ATTEMPT)
    assert (event.actor, event.object_id) == (personas.mentor_a, str(attempt.pk))
    assert event.details["person"] == personas.person_a.pk


def test_without_the_learners_consent_nothing_starts(personas: Any, bank: Any) -> None:
    with pytest.raises(AssessmentRefused, match="agrees"):
        start_assisted_attempt(personas.mentor_a, personas.person_a, bank, consent=False)
    assert not Attempt.objects.exists() and not AuditEvent.objects.filter(action=AuditAction.START_ASSISTED_ATTEMPT)


def test_a_test_the_learner_started_alone_is_resumed_and_run_by_the_helper(personas: Any, bank: Any) -> None:
    own = start_attempt(personas.learner_a, bank)
    assisted = start_assisted_attempt(personas.mentor_a, personas.person_a, bank, consent=True)
    assert assisted.pk == own.pk and assisted.assisted_by == personas.mentor_a


def test_helpers_see_only_people_with_an_account_in_their_units(personas: Any, bank: Any) -> None:
    assert set(people_assistable_by(personas.mentor_a)) == {personas.person_a}  # person_a2: A2, no account
    assert personas.person_a in people_assistable_by(personas.officer_a)
    assert personas.person_a not in people_assistable_by(personas.officer_b)
    assert not people_assistable_by(personas.province_admin).exists()
    factories.PersonFactory(hamlet=personas.hamlet_a1)  # no account: not listed
    assert people_assistable_by(personas.team_member_a).count() == 1


def test_the_helper_opens_answers_and_hands_in_the_attempt_on_the_web(personas: Any, bank: Any) -> None:
    mentor = client_for(personas.mentor_a)
    response = mentor.post(
        reverse("web:assist-start", args=[personas.person_a.pk]), {"test": bank.pk, "consent": "yes"}
    )
    attempt = Attempt.objects.get(user=personas.learner_a)
    assert response["Location"] == reverse("web:attempt", args=[attempt.pk])
    page = mentor.get(response["Location"]).content.decode()
    assert f"Test of {personas.learner_a.full_name}, assisted by {personas.mentor_a.full_name}" in page
    for item in items_of(attempt):
        answer = right_answer(item)
        data: dict[str, Any] = {"save": str(item.position)}
        kind = item.question_version.question.kind
        if kind == "ordering":
            data.update({f"q{item.position}-o{shown}": str(place) for place, shown in enumerate(answer, start=1)})
        elif kind == "true_false":
            data[f"q{item.position}"] = "true" if answer else "false"
        elif kind == "multiple":
            data[f"q{item.position}"] = [str(a) for a in answer]
        else:
            data[f"q{item.position}"] = str(answer)
        assert mentor.post(reverse("web:attempt", args=[attempt.pk]), data).status_code == 302
    mentor.post(reverse("web:attempt-submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert (attempt.status, attempt.passed) == (AttemptStatus.SUBMITTED, True)
    assert mentor.get(reverse("web:attempt-result", args=[attempt.pk])).status_code == 200
    # The learner sees it in their own history and result, marked assisted.
    learner = client_for(personas.learner_a)
    assert f"assisted by {personas.mentor_a.full_name}" in learner.get(reverse("web:tests")).content.decode()
    result = learner.get(reverse("web:attempt-result", args=[attempt.pk])).content.decode()
    assert f"assisted by {personas.mentor_a.full_name}" in result


def test_the_helper_loses_access_a_day_after_hand_in_and_others_never_have_it(personas: Any, bank: Any) -> None:
    attempt = start_assisted_attempt(personas.mentor_a, personas.person_a, bank, consent=True)
    with pytest.raises(Http404):
        get_attempt_for(personas.team_member_a, attempt.pk)
    Attempt.objects.filter(pk=attempt.pk).update(
        status=AttemptStatus.SUBMITTED, submitted_at=timezone.now() - timedelta(hours=25)
    )
    with pytest.raises(Http404):
        get_attempt_for(personas.mentor_a, attempt.pk)
    assert get_attempt_for(personas.learner_a, attempt.pk).pk == attempt.pk


def test_the_assist_page_lists_the_learner_and_their_tests(personas: Any, bank: Any) -> None:
    mentor = client_for(personas.mentor_a)
    page = mentor.get(reverse("web:assist")).content.decode()
    assert personas.person_a.full_name in page and personas.person_a2.full_name not in page
    page = mentor.get(reverse("web:assist") + f"?person={personas.person_a.pk}").content.decode()
    assert 'name="consent"' in page and f'value="{bank.pk}"' in page


def test_a_start_without_the_consent_box_goes_back_with_a_message(personas: Any, bank: Any) -> None:
    response = client_for(personas.mentor_a).post(
        reverse("web:assist-start", args=[personas.person_a.pk]), {"test": bank.pk}, follow=True
    )
    assert "the learner is here with you and agrees" in response.content.decode()
    assert not Attempt.objects.exists()


def test_the_api_starts_an_assisted_attempt_the_helper_can_answer(personas: Any, bank: Any, api_as: Any) -> None:
    api = api_as("team_member_a")
    refused = api.post(f"/tests/{bank.pk}/assisted-attempts", {"person": personas.person_a.pk, "consent": False})
    assert refused.status_code == 422
    made = api.post(f"/tests/{bank.pk}/assisted-attempts", {"person": personas.person_a.pk, "consent": True})
    assert made.status_code == 201
    body = made.json()
    assert body["assisted_by"] == personas.team_member_a.full_name
    assert body["learner"] == personas.learner_a.full_name
    assert api.post(f"/attempts/{body['id']}/submit").status_code == 200
    mine = api_as("learner_a").get(f"/attempts/{body['id']}").json()
    assert mine["assisted_by"] == personas.team_member_a.full_name
