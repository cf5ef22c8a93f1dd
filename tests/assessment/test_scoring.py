"""Scoring on the server, per kind: one point, all or nothing; answers name options as shown."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from hocvuso.assessment.scoring import answer_problem, correct_answer, score

SINGLE = {"options": [{"text": "a", "correct": False}, {"text": "b", "correct": True}, {"text": "c", "correct": False}]}
MULTIPLE = {"options": [{"text": t, "correct": t in "ac"} for t in "abcd"]}
ORDERING = {"options": [{"text": t} for t in "abcd"]}  # the bank lists steps in the right order
TRUE_FALSE = {"answer": False}


def test_single_and_picture_score_the_right_option_as_shown() -> None:
    order = [2, 0, 1]  # shown: c, a, b -> "b" is shown at position 2
    for kind in ("single", "picture"):
        assert score(kind, SINGLE, order, 2) == 1
        assert score(kind, SINGLE, order, 1) == 0
        assert score(kind, SINGLE, order, None) == 0


def test_true_false_scores_the_statement() -> None:
    assert score("true_false", TRUE_FALSE, [], False) == 1
    assert score("true_false", TRUE_FALSE, [], True) == 0
    assert score("true_false", TRUE_FALSE, [], 0) == 0  # not a boolean


def test_an_answer_of_the_wrong_shape_scores_nothing_and_is_named() -> None:
    assert answer_problem("single", 3, 3) is not None
    assert answer_problem("single", 3, True) is not None
    assert answer_problem("multiple", 4, [1, 1]) is not None
    assert answer_problem("ordering", 4, [0, 1, 2]) is not None
    assert answer_problem("true_false", 0, "yes") is not None
    assert score("multiple", MULTIPLE, [0, 1, 2, 3], [0, 0, 2]) == 0


@given(order=st.permutations(range(4)), chosen=st.sets(st.integers(0, 3)))
def test_multiple_scores_only_exactly_the_right_set(order: list[int], chosen: set[int]) -> None:
    right_shown = {shown for shown, original in enumerate(order) if MULTIPLE["options"][original]["correct"]}
    expected = 1 if chosen == right_shown else 0
    assert score("multiple", MULTIPLE, list(order), sorted(chosen)) == expected
    assert score("multiple", MULTIPLE, list(order), sorted(right_shown)) == 1


@given(order=st.permutations(range(4)), answer=st.permutations(range(4)))
def test_ordering_scores_only_the_fully_right_order(order: list[int], answer: list[int]) -> None:
    steps_given = [order[shown] for shown in answer]  # the bank's step index at each place
    expected = 1 if steps_given == [0, 1, 2, 3] else 0
    assert score("ordering", ORDERING, list(order), list(answer)) == expected


@given(order=st.permutations(range(4)))
def test_the_right_ordering_answer_puts_the_steps_back_in_the_banks_order(order: list[int]) -> None:
    right: Any = correct_answer("ordering", ORDERING, list(order))
    assert [order[shown] for shown in right] == [0, 1, 2, 3]
    assert score("ordering", ORDERING, list(order), right) == 1
