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
- A placement attempt, once closed, marks the lessons of every competency answered right as tested out
  (learning.services.mark_tested_out, in the same transaction; a completed lesson stays completed).
- Assisted mode: a mentor starts the attempt for the learner, who is there and agrees; audited.
- A practical check is a new row each time (history kept), with the learner's consent; audited.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit
from hocvuso.assessment import hooks, scoring
from hocvuso.assessment.constants import AttemptStatus, QuestionKind, TestKind
from hocvuso.assessment.models import (
    Attempt,
    AttemptItem,
    PracticalCheck,
    PracticalTask,
    Question,
    QuestionVersion,
    TestDefinition,
)
from hocvuso.assessment.selectors import availability, known_competencies, required_levels
from hocvuso.learning.selectors import lesson_ids_teaching
from hocvuso.learning.services import mark_tested_out
from hocvuso.lib.text import nfc
from hocvuso.people.models import Person

EVIDENCE_NOTE_MAX = 500
# Nine digits or more (dots or hyphens between allowed): a phone, CCCD or bank account number has no
# place in an evidence note; a date such as 12.05.2025 (eight digits) is fine.
LONG_NUMBER = re.compile(r"\d(?:[.-]?\d){8,}")


class AssessmentRefused(Exception):
    """A translated sentence saying why the action is refused."""


class AnswerInvalid(AssessmentRefused):
    """The answer does not have the shape the question asks for (nothing was saved)."""


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return str(formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT"))


def draw_questions(definition: TestDefinition, rng: random.Random) -> list[QuestionVersion]:
    """Up to `questions_per_competency` distinct questions per competency of the test, at or below its
    level, each in its current version; the whole list shuffled. With `question_count` (module quizzes),
    that many in all, taken from the competencies in turn."""
    required = required_levels(definition)
    pool: dict[str, list[Question]] = {}
    for q in Question.objects.filter(is_active=True, competency_code__in=list(required)).order_by("key"):
        if q.level <= required[q.competency_code]:
            pool.setdefault(q.competency_code, []).append(q)
    chosen: list[Question] = []
    if definition.question_count:
        shuffled = {code: rng.sample(candidates, len(candidates)) for code, candidates in pool.items()}
        codes = rng.sample(sorted(shuffled), len(shuffled))
        while len(chosen) < definition.question_count and any(shuffled.values()):
            for code in codes:
                if shuffled[code] and len(chosen) < definition.question_count:
                    chosen.append(shuffled[code].pop())
    else:
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
        if attempt.definition.kind == TestKind.PLACEMENT:
            _mark_known_lessons(attempt, now)
        if attempt.passed:
            transaction.on_commit(lambda: _announce_passed(attempt.pk))
    return attempt


def _mark_known_lessons(attempt: Attempt, now: datetime) -> None:
    """The lessons (at the level asked) of every competency the placement attempt got right are known."""
    known = known_competencies(attempt)
    lessons = lesson_ids_teaching(attempt.definition.version, known)
    mark_tested_out(attempt.user, lessons, source=f"placement-attempt:{attempt.pk}", now=now)


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


# Assisted mode ---------------------------------------------------------------------------------


def start_assisted_attempt(
    helper: User,
    person: Person,
    definition: TestDefinition,
    *,
    consent: bool,
    request: HttpRequest | None = None,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> Attempt:
    """Start (or resume) `definition` for the person's user, run by `helper` on their phone.

    The caller has checked that `helper` may assist `person` and that the test is one of the person's.
    The learner must be there and agree (`consent`). A test the learner had already started is
    resumed and from now on run by `helper`. Audited (START_ASSISTED_ATTEMPT).
    """
    if not consent:
        raise AssessmentRefused(_("Tick the box to say that the learner is here with you and agrees."))
    learner = person.user
    if learner is None:
        raise AssessmentRefused(_("This person has no account yet: create their account first."))
    if learner.pk == helper.pk:
        raise AssessmentRefused(_("This is your own account: take the test from the tests page."))
    with transaction.atomic():
        attempt = start_attempt(learner, definition, assisted_by=helper, now=now, rng=rng)
        if attempt.assisted_by_id != helper.pk:
            attempt.assisted_by = helper
            attempt.save(update_fields=["assisted_by"])
        audit(
            helper,
            AuditAction.START_ASSISTED_ATTEMPT,
            object_type="attempt",
            object_id=attempt.pk,
            details={"person": person.pk, "test": definition.pk, "kind": definition.kind, "consent": True},
            request=request,
        )
    return attempt


# Practical checks ------------------------------------------------------------------------------


class CheckInvalid(AssessmentRefused):
    """The practical check was not recorded; `errors` maps form fields to a translated sentence."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def record_practical_check(
    checker: User,
    person: Person,
    task: PracticalTask,
    *,
    passed: bool,
    evidence_note: str,
    consent: bool,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> PracticalCheck:
    """Record that `checker` watched `person` do `task` (a new row: re-checks keep the history).

    The caller has checked that `checker` may check `person`. The learner must agree to the check and
    to the note; the note says what was seen, without personal data (no phone or ID numbers). Audited.
    """
    errors: dict[str, str] = {}
    note = nfc(evidence_note or "").strip()
    if not consent:
        errors["consent"] = _("Tick the box to say that the learner agrees to the check and to the note.")
    if not note:
        errors["evidence_note"] = _("Write what you saw the learner do.")
    elif len(note) > EVIDENCE_NOTE_MAX:
        errors["evidence_note"] = _("The note is too long (at most %(n)d characters).") % {"n": EVIDENCE_NOTE_MAX}
    elif LONG_NUMBER.search(note):
        errors["evidence_note"] = _("Do not write phone, ID card or account numbers in the note.")
    if errors:
        raise CheckInvalid(errors)
    with transaction.atomic():
        check = PracticalCheck.objects.create(
            task=task,
            person=person,
            checked_by=checker,
            learner_consented=True,
            evidence_note=note,
            passed=passed,
            checked_at=now or timezone.now(),
        )
        audit(
            checker,
            AuditAction.CHECK_PRACTICAL_TASK,
            object_type="practical_check",
            object_id=check.pk,
            details={"person": person.pk, "task": task.key, "passed": passed},
            request=request,
        )
    return check
