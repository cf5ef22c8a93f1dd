"""Server-side scoring and answer shapes, per kind of question. Pure functions, no database.

An answer names options by the position they were SHOWN at (0-based), never by their place in the
bank, so the order of an ordering question's options in the bank (the correct order) never leaks:
- single, picture: an int; multiple: a list of distinct ints (possibly empty);
- true_false: a bool; ordering: a permutation of the shown positions, first step first.
One point per question, all or nothing (multiple: exactly the right set; ordering: fully right).
"""

from __future__ import annotations

from typing import Any

from hocvuso.assessment.constants import QuestionKind


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def answer_problem(kind: str, option_count: int, answer: Any) -> str | None:
    """Why `answer` has the wrong shape for a question of `kind` with `option_count` options, or None."""
    if kind in (QuestionKind.SINGLE, QuestionKind.PICTURE):
        if not _is_int(answer) or not 0 <= answer < option_count:
            return "choose one of the options"
    elif kind == QuestionKind.MULTIPLE:
        if not isinstance(answer, list) or not all(_is_int(a) and 0 <= a < option_count for a in answer):
            return "choose options from the list"
        if len(set(answer)) != len(answer):
            return "an option is chosen twice"
    elif kind == QuestionKind.TRUE_FALSE:
        if not isinstance(answer, bool):
            return "answer true or false"
    elif kind == QuestionKind.ORDERING:
        if not isinstance(answer, list) or sorted(answer) != list(range(option_count)) or not all(map(_is_int, answer)):
            return "give every step exactly one place"
    else:
        return "unknown kind of question"
    return None


def correct_answer(kind: str, data: dict[str, Any], option_order: list[int]) -> Any:
    """The right answer in shown positions (for the result page, after submission only)."""
    options = data.get("options") or []
    shown_at = {original: shown for shown, original in enumerate(option_order)}
    if kind == QuestionKind.TRUE_FALSE:
        return bool(data.get("answer"))
    if kind == QuestionKind.ORDERING:
        return [shown_at[i] for i in range(len(options))]
    right = sorted(shown_at[i] for i, o in enumerate(options) if o.get("correct"))
    return right if kind == QuestionKind.MULTIPLE else right[0]


def score(kind: str, data: dict[str, Any], option_order: list[int], answer: Any) -> int:
    """1 when `answer` is right, else 0 (also for no answer or an answer of the wrong shape)."""
    if answer is None or answer_problem(kind, len(option_order), answer) is not None:
        return 0
    expected = correct_answer(kind, data, option_order)
    if kind == QuestionKind.MULTIPLE:
        return int(sorted(answer) == expected)
    return int(answer == expected)
