"""API shapes of tests and attempts. Before an attempt is closed, correctness fields are null."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

Answer = bool | int | list[int]


class TestOut(Schema):
    id: int
    title: str
    framework: str = Field(description="Framework slug and version, e.g. basic-757 v1.")
    group: str = Field(description="Rule group of the framework the test certifies.")
    questions_per_competency: int
    pass_percent: int
    time_limit_minutes: int | None = Field(description="Null: no time limit.")
    max_attempts: int = Field(description="Attempts allowed within attempt_window_days.")
    attempt_window_days: int
    cooldown_hours: int = Field(description="Wait after a failed attempt before the next one.")
    attempts_left: int
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
