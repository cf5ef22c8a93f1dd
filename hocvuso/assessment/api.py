"""/api/v1 operations of the assessment app: the tests I may take and my own attempts.

Every signed-in user may take the tests of their rule groups; an attempt is its user's only (404 for
anyone else). Answers are saved one at a time (PUT, idempotent); scoring happens on the server when
the attempt is submitted, and correctness is returned only after that.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router, Status
from ninja.errors import HttpError

from hocvuso.accounts.api import AUTH_ERRORS, READ_ERRORS, WRITE_ERRORS, caller, signed_in
from hocvuso.assessment import permissions, selectors, services
from hocvuso.assessment.models import Attempt
from hocvuso.assessment.schemas import AnswerIn, AttemptOut, ItemOut, OptionOut, TestOut
from hocvuso.geo.schemas import ErrorOut

router = Router(tags=["assessment"])

SCOPE = "Token scope: none; acts as the token's user, on their own attempts only."
REFUSALS: dict[int, Any] = {**WRITE_ERRORS, 409: ErrorOut}


def _item_out(view: selectors.ItemView) -> ItemOut:
    return ItemOut(
        position=view.position,
        kind=view.kind,
        competency=view.competency,
        level=view.level,
        prompt=view.prompt,
        options=[
            OptionOut(position=o.position, text=o.text, image_url=o.image_url, correct=o.correct) for o in view.options
        ],
        answer=view.answer,
        answered_at=view.answered_at,
        points=view.points,
        correct_answer=view.correct_answer,
        explanation=view.explanation,
        lessons=[slug for slug, _title in view.lessons],
    )


def _attempt_out(attempt: Attempt) -> AttemptOut:
    language = (get_language() or "vi")[:2]
    return AttemptOut(
        id=attempt.pk,
        test=attempt.definition_id,
        status=attempt.status,
        started_at=attempt.started_at,
        deadline=attempt.deadline,
        submitted_at=attempt.submitted_at,
        score=attempt.score,
        max_score=attempt.max_score,
        passed=attempt.passed,
        items=[_item_out(v) for v in selectors.item_views(attempt, language)],
    )


@router.get(
    "/tests",
    response={200: list[TestOut], **AUTH_ERRORS},
    auth=signed_in(),
    summary="Tests I can take",
    description="The certification tests of my rule groups in the published framework basic-757, with the "
    "attempts I have left and, when the attempt limit or the pause after a failed attempt applies, from "
    f"when I may try again. {SCOPE}",
)
def list_tests(request: HttpRequest) -> list[TestOut]:
    user = caller(request)
    out = []
    for d in selectors.tests_for(user):
        state = selectors.availability(user, d)
        out.append(
            TestOut(
                id=d.pk,
                title=d.title,
                framework=f"{d.version.framework.slug} v{d.version.number}",
                group=d.group,
                questions_per_competency=d.questions_per_competency,
                pass_percent=d.pass_percent,
                time_limit_minutes=d.time_limit_minutes,
                max_attempts=d.max_attempts,
                attempt_window_days=d.attempt_window_days,
                cooldown_hours=d.cooldown_hours,
                attempts_left=state.attempts_left,
                available_from=state.not_before,
                in_progress=state.in_progress.pk if state.in_progress else None,
                passed=state.passed,
            )
        )
    return out


@router.post(
    "/tests/{test_id}/attempts",
    response={200: AttemptOut, 201: AttemptOut, **REFUSALS},
    auth=signed_in(),
    summary="Start or resume a test",
    description="201 with a new attempt (questions drawn per competency, questions and options shuffled), "
    "or 200 with my attempt in progress. 409 when the attempt limit or the pause after a failed attempt "
    f"applies; `detail` says until when. A test not meant for my group answers 404. {SCOPE}",
)
def start_test(request: HttpRequest, test_id: int) -> Status[AttemptOut]:
    user = caller(request)
    definition = permissions.get_test_for(user, test_id)
    before = selectors.availability(user, definition).in_progress
    try:
        attempt = services.start_attempt(user, definition)
    except services.AssessmentRefused as exc:
        raise HttpError(409, str(exc)) from exc
    resumed = before is not None and before.pk == attempt.pk
    return Status(200 if resumed else 201, _attempt_out(attempt))


@router.get(
    "/attempts/{attempt_id}",
    response={200: AttemptOut, **READ_ERRORS},
    auth=signed_in(),
    summary="One of my attempts",
    description="The questions with their options in the order shown to me and my saved answers. While the "
    "attempt is in progress, `correct`, `correct_answer`, `points` and `explanation` are null; once it is "
    "closed they are filled. An attempt past its time limit is closed (expired) when read. Another "
    f"user's attempt answers 404. {SCOPE}",
)
def get_attempt(request: HttpRequest, attempt_id: int) -> AttemptOut:
    attempt = permissions.get_attempt_for(caller(request), attempt_id)
    return _attempt_out(services.close_if_expired(attempt))


@router.put(
    "/attempts/{attempt_id}/items/{position}",
    response={200: ItemOut, **REFUSALS},
    auth=signed_in(),
    summary="Save an answer",
    description="Saves (or replaces) my answer to one question; sending it again changes nothing. 409 once "
    "the attempt is closed or its time limit has passed; 422 when the answer does not fit the question "
    f"(see ItemOut.answer). {SCOPE}",
)
def save_answer(request: HttpRequest, attempt_id: int, position: int, payload: AnswerIn) -> ItemOut:
    attempt = permissions.get_attempt_for(caller(request), attempt_id)
    try:
        services.save_answer(attempt, position, payload.answer)
    except services.AnswerInvalid as exc:
        raise HttpError(422, str(exc)) from exc
    except services.AssessmentRefused as exc:
        raise HttpError(409, str(exc)) from exc
    attempt.refresh_from_db()
    return next(_item_out(v) for v in selectors.item_views(attempt) if v.position == position)


@router.post(
    "/attempts/{attempt_id}/submit",
    response={200: AttemptOut, **REFUSALS},
    auth=signed_in(),
    summary="Hand in an attempt",
    description="Scores the attempt on the server, once: submitting again returns the same result. Past "
    "the time limit the attempt is closed as expired and scored on the answers saved in time. The answer "
    f"includes the right answers and explanations. {SCOPE}",
)
def submit(request: HttpRequest, attempt_id: int) -> AttemptOut:
    attempt = permissions.get_attempt_for(caller(request), attempt_id)
    return _attempt_out(services.submit_attempt(attempt.pk))
