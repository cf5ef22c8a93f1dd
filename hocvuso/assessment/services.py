"""Writes of the assessment app: start (or resume) an attempt, save an answer, submit.

Rules (our choices, documented in constants.py and docs):
- One attempt in progress per user and test; starting again resumes it.
- At most `max_attempts` attempts started within `attempt_window_days`; after a failed attempt the
  learner waits `cooldown_hours` (time to go back to the lessons) before starting another.
- Answers are saved one by one as they are given, so a dropped connection loses nothing; saving again
  overwrites. Nothing is saved once the attempt is closed or its deadline has passed.
- Submitting is atomic and idempotent: the attempt row is locked (SELECT ... FOR UPDATE) and only an
  attempt still in progress is scored, so twenty simultaneous submissions score it exactly once.
- An attempt submitted (or found) after its deadline is closed as "expired" and scored on the answers
  saved before the deadline (later ones were refused); it can still pass: the learner answered in time.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.assessment import hooks, scoring
from hocvuso.assessment.constants import AttemptStatus, QuestionKind
from hocvuso.assessment.models import Attempt, AttemptItem, Question, QuestionVersion, TestDefinition
from hocvuso.assessment.selectors import availability, required_levels


class AssessmentRefused(Exception):
    """A translated sentence saying why the action is refused."""


class AnswerInvalid(AssessmentRefused):
    """The answer does not have the shape the question asks for (nothing was saved)."""


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return str(formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT"))


def draw_questions(definition: TestDefinition, rng: random.Random) -> list[QuestionVersion]:
    """Up to `questions_per_competency` distinct questions per required competency, at or below the
    level required, each in its current version; the whole list shuffled."""
    required = required_levels(definition)
    pool: dict[str, list[Question]] = {}
    for q in Question.objects.filter(is_active=True, competency_code__in=list(required)).order_by("key"):
        if q.level <= required[q.competency_code]:
            pool.setdefault(q.competency_code, []).append(q)
    chosen: list[Question] = []
    for code in sorted(pool):
        candidates = pool[code]
        chosen += rng.sample(candidates, min(definition.questions_per_competency, len(candidates)))
    versions = {
        (v.question_id, v.number): v
        for v in QuestionVersion.objects.filter(question__in=chosen).select_related("question")
    }
    drawn = [versions[(q.pk, q.current_version)] for q in chosen]
    rng.shuffle(drawn)
    return drawn


def start_attempt(
    user: User,
    definition: TestDefinition,
    *,
    assisted_by: User | None = None,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> Attempt:
    """A new attempt, or the one in progress (resume). Raises AssessmentRefused with the reason."""
    now = now or timezone.now()
    rng = rng or random.SystemRandom()
    state = availability(user, definition, now)
    if state.in_progress is not None:
        if state.in_progress.deadline is None or state.in_progress.deadline > now:
            return state.in_progress
        submit_attempt(state.in_progress.pk, now=now)
        state = availability(user, definition, now)
    if state.reason == "limit":
        raise AssessmentRefused(
            _("You have used the %(n)d attempts allowed in %(days)d days. You can try again from %(when)s.")
            % {"n": definition.max_attempts, "days": definition.attempt_window_days, "when": _when(state.not_before)}
        )
    if state.reason == "cooldown":
        raise AssessmentRefused(
            _("Take some time to go over the lessons again. You can take the test again from %(when)s.")
            % {"when": _when(state.not_before)}
        )
    drawn = draw_questions(definition, rng)
    if not drawn:
        raise AssessmentRefused(_("This test has no questions yet."))
    deadline = now + timedelta(minutes=definition.time_limit_minutes) if definition.time_limit_minutes else None
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                user=user,
                definition=definition,
                started_at=now,
                deadline=deadline,
                max_score=len(drawn),
                assisted_by=assisted_by,
            )
            AttemptItem.objects.bulk_create(
                AttemptItem(
                    attempt=attempt,
                    question_version=qv,
                    position=position,
                    option_order=rng.sample(range(len(qv.options)), len(qv.options)),
                )
                for position, qv in enumerate(drawn, start=1)
            )
    except IntegrityError:
        # The same user started it twice at once (two taps): the other request's attempt is the one.
        existing = Attempt.objects.filter(user=user, definition=definition, status=AttemptStatus.IN_PROGRESS).first()
        if existing is None:
            raise
        return existing
    return attempt


def save_answer(attempt: Attempt, position: int, answer: Any, now: datetime | None = None) -> AttemptItem:
    """Save (or replace) the answer at `position`. Raises AssessmentRefused when closed, late or malformed."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.status != AttemptStatus.IN_PROGRESS:
            raise AssessmentRefused(_("This test has been handed in: its answers can no longer change."))
        if locked.deadline is not None and now >= locked.deadline:
            raise AssessmentRefused(_("The time for this test is over: answers can no longer be saved."))
        item = (
            AttemptItem.objects.select_related("question_version__question")
            .filter(attempt=locked, position=position)
            .first()
        )
        if item is None:
            raise AssessmentRefused(_("This test has no question %(n)s.") % {"n": position})
        kind = item.question_version.question.kind
        if scoring.answer_problem(kind, len(item.option_order), answer) is not None:
            raise AnswerInvalid(_invalid(kind))
        item.answer = answer
        item.answered_at = now
        item.save(update_fields=["answer", "answered_at"])
    return item


def _invalid(kind: str) -> str:
    if kind == QuestionKind.MULTIPLE:
        return _("Choose options from the list, each at most once.")
    if kind == QuestionKind.TRUE_FALSE:
        return _("Answer true or false.")
    if kind == QuestionKind.ORDERING:
        return _("Give every step its own place: 1 for the first step, 2 for the next, and so on.")
    return _("Choose one of the options.")


def submit_attempt(attempt_id: int, now: datetime | None = None) -> Attempt:
    """Score and close the attempt, once. Calling it again (or twenty times at once) returns the same
    result. Past the deadline the attempt is closed as expired, scored on the answers saved in time."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().select_related("definition").get(pk=attempt_id)
        if attempt.status != AttemptStatus.IN_PROGRESS:
            return attempt
        items = list(AttemptItem.objects.filter(attempt=attempt).select_related("question_version__question"))
        for item in items:
            qv = item.question_version
            item.points = scoring.score(qv.question.kind, qv.data, item.option_order, item.answer)
        AttemptItem.objects.bulk_update(items, ["points"])
        late = attempt.deadline is not None and now >= attempt.deadline
        attempt.status = AttemptStatus.EXPIRED if late else AttemptStatus.SUBMITTED
        attempt.submitted_at = now
        attempt.score = sum(i.points or 0 for i in items)
        attempt.max_score = len(items)
        pass_mark = attempt.definition.pass_percent * attempt.max_score
        attempt.passed = attempt.max_score > 0 and attempt.score * 100 >= pass_mark
        attempt.save(update_fields=["status", "submitted_at", "score", "max_score", "passed"])
        if attempt.passed:
            transaction.on_commit(lambda: _announce_passed(attempt.pk))
    return attempt


def _announce_passed(attempt_id: int) -> None:
    attempt = Attempt.objects.select_related("user", "definition").get(pk=attempt_id)
    for callback in list(hooks.on_attempt_passed):
        callback(attempt)


def close_if_expired(attempt: Attempt, now: datetime | None = None) -> Attempt:
    """An attempt in progress whose deadline has passed is closed (expired) before it is shown."""
    now = now or timezone.now()
    if attempt.status == AttemptStatus.IN_PROGRESS and attempt.deadline is not None and now >= attempt.deadline:
        return submit_attempt(attempt.pk, now=now)
    return attempt
