"""/api/v1 operations of the assessment app: the tests I may take, my own attempts, assisted mode and
practical checks.

Every signed-in user may take the tests of their rule groups and every module quiz; an attempt is its
user's only (404 for anyone else), except that the mentor, team member or commune officer who started it
for a learner (assisted mode) may use it while in progress and read its result for a day. Answers are
saved one at a time (PUT, idempotent); scoring happens on the server when the attempt is submitted, and
correctness is returned only after that. Practical checks: mentors, team members and officers record
them for the people of their units; a learner reads their own.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router, Status
from ninja.errors import HttpError

from hocvuso.accounts.api import AUTH_ERRORS, READ_ERRORS, WRITE_ERRORS, caller, signed_in
from hocvuso.accounts.models import User
from hocvuso.assessment import permissions, selectors, services
from hocvuso.assessment.models import Attempt, PracticalCheck, PracticalTask
from hocvuso.assessment.schemas import (
    AnswerIn,
    AssistedStartIn,
    AttemptOut,
    ItemOut,
    OptionOut,
    PracticalCheckIn,
    PracticalCheckListOut,
    PracticalCheckOut,
    TestOut,
)
from hocvuso.geo.schemas import ErrorOut

router = Router(tags=["assessment"])

SCOPE = "Token scope: none; acts as the token's user, on their own attempts only."
HELPER_SCOPE = (
    "Token scope: none; acts as the token's user, who must be a mentor, community tech team member or "
    "commune officer (403 otherwise), for the people of their hamlets or commune (404 for anyone else)."
)
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
        kind=attempt.definition.kind,
        learner=attempt.user.full_name or attempt.user.username,
        assisted_by=(attempt.assisted_by.full_name or attempt.assisted_by.username) if attempt.assisted_by else None,
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
    description="The certification and placement tests of my rule groups in the published framework "
    "basic-757 and the quiz of every module (`kind`), with the attempts I have left and, when the attempt "
    f"limit or the pause after a failed attempt applies, from when I may try again. {SCOPE}",
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
                kind=d.kind,
                framework=f"{d.version.framework.slug} v{d.version.number}",
                group=d.group,
                module=f"{d.module.course.slug}/{d.module.slug}" if d.module else None,
                questions_per_competency=d.questions_per_competency,
                question_count=d.question_count,
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


def _helper(request: HttpRequest) -> User:
    user = caller(request)
    if not permissions.is_assistant(user):
        raise HttpError(403, "Only mentors, community tech team members and commune officers may do this.")
    return user


@router.post(
    "/tests/{test_id}/assisted-attempts",
    response={200: AttemptOut, 201: AttemptOut, **REFUSALS},
    auth=signed_in(),
    summary="Start a test for a learner (assisted mode)",
    description="Starts (201) or resumes (200) the test for the person's account, run by me on my phone: "
    "the attempt records me as `assisted_by`, and I may then read, answer and submit it with the attempt "
    "operations while it is in progress (and read its result for a day). `consent` must be true: the "
    "learner is here and agrees (422 otherwise). A person not of my units, without an account, or a test "
    "not meant for the person answers 404; 409 when the attempt limit or a pause applies. Audited. "
    f"{HELPER_SCOPE}",
)
def start_assisted(request: HttpRequest, test_id: int, payload: AssistedStartIn) -> Status[AttemptOut]:
    helper = _helper(request)
    person = permissions.get_person_to_assist_for(helper, payload.person)
    definition = permissions.get_test_for_person(person, test_id)
    if not payload.consent:
        raise HttpError(422, "The learner must be here and agree: send consent true.")
    assert person.user is not None
    before = selectors.availability(person.user, definition).in_progress
    try:
        attempt = services.start_assisted_attempt(helper, person, definition, consent=True, request=request)
    except services.AssessmentRefused as exc:
        raise HttpError(409, str(exc)) from exc
    resumed = before is not None and before.pk == attempt.pk
    return Status(200 if resumed else 201, _attempt_out(attempt))


def _check_out(check: PracticalCheck, latest: set[int]) -> PracticalCheckOut:
    return PracticalCheckOut(
        id=check.pk,
        person=check.person_id,
        task=check.task.key,
        competency=check.task.competency_code,
        level=check.task.level,
        passed=check.passed,
        evidence_note=check.evidence_note,
        checked_by=(check.checked_by.full_name or check.checked_by.username) if check.checked_by else None,
        checked_at=check.checked_at,
        latest=check.pk in latest,
    )


@router.get(
    "/practical-checks",
    response={200: PracticalCheckListOut, **AUTH_ERRORS},
    auth=signed_in(),
    summary="Practical checks",
    description="The practical task checks I may read, newest first, history included (`latest` marks the "
    "one that counts per person and task): my own, and, for mentors, team members and commune officers, "
    "those of the people of their units. `person` narrows to one person. Token scope: none; acts as the "
    "token's user.",
)
def list_practical_checks(request: HttpRequest, person: int | None = None) -> PracticalCheckListOut:
    rows = permissions.practical_checks_visible_to(caller(request)).select_related("task", "checked_by")
    if person is not None:
        rows = rows.filter(person_id=person)
    checks = list(rows.order_by("-checked_at", "-pk")[:500])
    latest: dict[tuple[int, int], int] = {}
    for c in checks:
        latest.setdefault((c.person_id, c.task_id), c.pk)
    return PracticalCheckListOut(items=[_check_out(c, set(latest.values())) for c in checks])


@router.post(
    "/practical-checks",
    response={201: PracticalCheckOut, **REFUSALS},
    auth=signed_in(),
    summary="Record a practical check",
    description="Records that I watched the person do a practical task of their group's competencies: "
    "passed or not, with a note of what I saw (no phone, ID card or account numbers). `consent` must be "
    "true: the learner agrees to the check and to the note. A re-check adds a row; the latest counts. "
    f"422 for a missing consent or note, or a task not of the person's group. Audited. {HELPER_SCOPE}",
)
def record_practical_check(request: HttpRequest, payload: PracticalCheckIn) -> Status[PracticalCheckOut]:
    helper = _helper(request)
    person = permissions.get_person_to_check_for(helper, payload.person)
    task: PracticalTask | None = next((t for t in selectors.practical_tasks_for(person) if t.key == payload.task), None)
    if task is None:
        raise HttpError(422, "This practical task is not one of the person's group.")
    try:
        check = services.record_practical_check(
            helper,
            person,
            task,
            passed=payload.passed,
            evidence_note=payload.evidence_note,
            consent=payload.consent,
            request=request,
        )
    except services.CheckInvalid as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(201, _check_out(check, {check.pk}))
