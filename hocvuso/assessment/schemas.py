"""API shapes of tests and attempts. Before an attempt is closed, correctness fields are null."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

Answer = bool | int | list[int]


class TestOut(Schema):
    id: int
    title: str
    kind: str = Field(
        description="certification (leads to the certificate), placement (the competencies answered right "
        "mark their lessons as already known), or module_quiz (practice for one module; no certificate)."
    )
    framework: str = Field(description="Framework slug and version, e.g. basic-757 v1.")
    group: str = Field(description="Rule group of the framework the test is for; empty for a module quiz.")
    module: str | None = Field(description="module_quiz: the course and module slugs, course/module.")
    questions_per_competency: int
    question_count: int | None = Field(description="When set: questions in all, spread over the competencies.")
    pass_percent: int
    time_limit_minutes: int | None = Field(description="Null: no time limit.")
    max_attempts: int = Field(description="Attempts allowed within attempt_window_days; 0: no limit.")
    attempt_window_days: int
    cooldown_hours: int = Field(description="Wait after a failed attempt before the next one.")
    attempts_left: int | None = Field(description="Null: no limit.")
    available_from: datetime | None = Field(description="When the limit or the cooldown applies: from when.")
    in_progress: int | None = Field(description="Id of my attempt in progress, to resume.")
    passed: bool = Field(description="I passed this test at least once.")


class OptionOut(Schema):
    position: int = Field(description="Position as shown to me; answers name options by it.")
    text: str
    image_url: str | None = Field(description="picture questions: the screen to choose (text is its alt text).")
    correct: bool | None = Field(description="Null until the attempt is closed.")


class ItemOut(Schema):
    position: int
    kind: str = Field(description="single, multiple, true_false, ordering or picture.")
    competency: str
    level: int
    prompt: str
    options: list[OptionOut] = Field(description="In the shuffled order shown to me; empty for true_false.")
    answer: bool | int | list[int] | None = Field(
        description="My saved answer: single/picture an option position; multiple a list of positions; "
        "true_false a boolean; ordering the option positions from first step to last."
    )
    answered_at: datetime | None
    points: int | None = Field(description="Null until the attempt is closed.")
    correct_answer: bool | int | list[int] | None = Field(description="Null until the attempt is closed.")
    explanation: str | None = Field(description="Null until the attempt is closed.")
    lessons: list[str] = Field(description="Slugs of the lessons that teach it (after the attempt is closed).")


class AttemptOut(Schema):
    id: int
    test: int
    kind: str = Field(description="Kind of the test: certification, placement or module_quiz.")
    learner: str = Field(description="Full name of the learner the attempt belongs to.")
    assisted_by: str | None = Field(description="Assisted mode: full name of who ran the test for the learner.")
    status: str = Field(description="in_progress, submitted, or expired (closed at the time limit).")
    started_at: datetime
    deadline: datetime | None
    submitted_at: datetime | None
    score: int | None
    max_score: int
    passed: bool | None
    items: list[ItemOut]


class AnswerIn(Schema):
    answer: Answer


class AssistedStartIn(Schema):
    person: int = Field(description="Id of the person (with an account) the test is for.")
    consent: bool = Field(description="The learner is here and agrees; must be true.")


class PracticalCheckIn(Schema):
    person: int
    task: str = Field(description="Key of the practical task, e.g. cb21-practical-level2.")
    passed: bool = Field(description="The learner did the task well.")
    evidence_note: str = Field(description="What you saw (no phone, ID card or account numbers).")
    consent: bool = Field(description="The learner agrees to the check and to the note; must be true.")


class PracticalCheckOut(Schema):
    id: int
    person: int
    task: str
    competency: str
    level: int
    passed: bool
    evidence_note: str
    checked_by: str | None = Field(description="Full name of who checked.")
    checked_at: datetime
    latest: bool = Field(description="The latest check of this task for this person (the one that counts).")


class PracticalCheckListOut(Schema):
    items: list[PracticalCheckOut]
