"""Loading the question bank: the real 195 questions, idempotence, new versions, and bad files."""

from __future__ import annotations

import copy
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from hocvuso.assessment.constants import QuestionKind
from hocvuso.assessment.content import QuestionBankError, load_questions
from hocvuso.assessment.models import PracticalTask, Question, QuestionVersion, TestDefinition
from hocvuso.assessment.services import start_attempt
from hocvuso.framework.constants import RuleGroup
from tests.assessment.builders import questions_for, small_bank, write_bank
from tests.learning.builders import basic_framework


def test_the_real_bank_loads_195_questions_of_every_kind_and_the_four_tests(content: Any) -> None:
    summary = load_questions()
    assert summary.created == 195
    assert Question.objects.count() == 195
    assert QuestionVersion.objects.count() == 195
    assert set(Question.objects.values_list("kind", flat=True)) == set(QuestionKind.values)
    assert PracticalTask.objects.count() == summary.practical > 0
    for kind in ("certification", "placement"):
        assert set(TestDefinition.objects.filter(kind=kind).values_list("group", flat=True)) == set(RuleGroup.values)
    quizzes = TestDefinition.objects.filter(kind="module_quiz")
    assert quizzes.exists() and all(q.module_id and q.group == "" for q in quizzes)
    # Every question belongs to the published basic-757 competency of its code.
    assert all(q.competency.code == q.competency_code for q in Question.objects.select_related("competency"))


def test_loading_the_real_bank_again_changes_nothing(content: Any) -> None:
    load_questions()
    again = load_questions()
    assert (again.created, again.updated, again.unchanged, again.tests_created) == (0, 0, 195, 0)
    assert QuestionVersion.objects.count() == 195


def test_the_command_loads_and_reports(content: Any) -> None:
    out = StringIO()
    call_command("load_questions", stdout=out)
    assert "195 questions (195 created" in out.getvalue()


def test_a_changed_question_becomes_a_new_version_and_old_attempts_keep_theirs(
    db: None, tmp_path: Path, personas: Any
) -> None:
    definition = small_bank(tmp_path / "v1")
    attempt = start_attempt(personas.learner_a, definition)
    given = {
        i.question_version.question.key: i.question_version
        for i in attempt.items.select_related("question_version__question")
    }
    key, old = next(iter(given.items()))
    code = Question.objects.get(key=key).competency_code
    changed = questions_for(code)
    for q in changed:
        if q["key"] == key:
            q["prompt"] = "Câu hỏi đã sửa?"
    others = {c: questions_for(c) for c in ("CB-1.1", "CB-3.1", "CB-5.1") if c != code}
    files = {f"{c}.yaml": {"competency": c, "questions": qs} for c, qs in {**others, code: changed}.items()}
    summary = load_questions(write_bank(tmp_path / "v2", files))
    assert (summary.updated, summary.created) == (1, 0)
    question = Question.objects.get(key=key)
    assert question.current_version == 2
    assert QuestionVersion.objects.get(question=question, number=2).data["prompt"] == "Câu hỏi đã sửa?"
    item = attempt.items.get(question_version__question=question)
    assert item.question_version_id == old.pk
    assert item.question_version.data["prompt"] == old.data["prompt"] != "Câu hỏi đã sửa?"


def test_a_question_removed_from_the_files_is_withdrawn_not_deleted(db: None, tmp_path: Path) -> None:
    small_bank(tmp_path / "v1")
    files = {
        "CB-1.1.yaml": {"competency": "CB-1.1", "questions": questions_for("CB-1.1")[:-1]},
        "CB-3.1.yaml": {"competency": "CB-3.1", "questions": questions_for("CB-3.1")},
        "CB-5.1.yaml": {"competency": "CB-5.1", "questions": questions_for("CB-5.1")},
    }
    summary = load_questions(write_bank(tmp_path / "v2", files))
    assert summary.deactivated == 1
    assert Question.objects.get(key="cb11-multiple-01").is_active is False


def _single(**changes: Any) -> dict[str, Any]:
    question = copy.deepcopy(questions_for("CB-1.1")[0])
    question.update(changes)
    return question


BAD: list[tuple[str, dict[str, Any], str]] = [
    (
        "two correct options in a single question",
        {
            "CB-1.1.yaml": {
                "competency": "CB-1.1",
                "questions": [
                    _single(
                        options=[
                            {"text": "a", "correct": True},
                            {"text": "b", "correct": True},
                            {"text": "c", "correct": False},
                        ]
                    )
                ],
            }
        },
        "CB-1.1.yaml: question “cb11-single-01”: a single question needs exactly one correct option (it has 2)",
    ),
    (
        "a multiple question with one correct option",
        {
            "CB-1.1.yaml": {
                "competency": "CB-1.1",
                "questions": [_single(kind="multiple", options=[{"text": t, "correct": t == "a"} for t in "abcd"])],
            }
        },
        "CB-1.1.yaml: question “cb11-single-01”: a multiple question needs two or more correct options (it has 1)",
    ),
    (
        "a true_false question with options",
        {"CB-1.1.yaml": {"competency": "CB-1.1", "questions": [_single(kind="true_false", answer=True)]}},
        "CB-1.1.yaml: question “cb11-single-01”: a true_false question has no “options”",
    ),
    (
        "a true_false question without an answer",
        {"CB-1.1.yaml": {"competency": "CB-1.1", "questions": [{**_single(kind="true_false"), "options": None}]}},
        "CB-1.1.yaml: question “cb11-single-01”: a true_false question needs “answer: true” or “answer: false”",
    ),
    (
        "an ordering step marked correct",
        {"CB-1.1.yaml": {"competency": "CB-1.1", "questions": [_single(kind="ordering")]}},
        "CB-1.1.yaml: question “cb11-single-01”: option 1: unknown key “correct” for a ordering question",
    ),
    (
        "a picture option without an image",
        {"CB-1.1.yaml": {"competency": "CB-1.1", "questions": [_single(kind="picture")]}},
        "CB-1.1.yaml: question “cb11-single-01”: option 1: “image” must be a static path",
    ),
    (
        "a picture whose image is missing",
        {
            "CB-1.1.yaml": {
                "competency": "CB-1.1",
                "questions": [
                    _single(
                        kind="picture",
                        options=[
                            {"text": t, "correct": t == "a", "image": f"assessment/img/none-{t}.svg"} for t in "abc"
                        ],
                    )
                ],
            }
        },
        "CB-1.1.yaml: question “cb11-single-01”: option 1: the image “assessment/img/none-a.svg” is not among the static files",
    ),
    (
        "an unknown kind",
        {"CB-1.1.yaml": {"competency": "CB-1.1", "questions": [_single(kind="essay")]}},
        "CB-1.1.yaml: question “cb11-single-01”: unknown kind 'essay'",
    ),
    (
        "a level outside 1-3",
        {"CB-1.1.yaml": {"competency": "CB-1.1", "questions": [_single(level=4)]}},
        "CB-1.1.yaml: question “cb11-single-01”: “level” must be 1, 2 or 3 (it is 4)",
    ),
    (
        "a missing explanation",
        {"CB-1.1.yaml": {"competency": "CB-1.1", "questions": [_single(explanation="")]}},
        "CB-1.1.yaml: question “cb11-single-01”: “explanation” is missing",
    ),
    (
        "a key used in two files",
        {
            "CB-1.1.yaml": {"competency": "CB-1.1", "questions": [_single()]},
            "CB-3.1.yaml": {"competency": "CB-3.1", "questions": [_single()]},
        },
        "CB-3.1.yaml: key “cb11-single-01” is used twice (also in CB-1.1.yaml)",
    ),
    (
        "a competency that differs from the file name",
        {"CB-1.1.yaml": {"competency": "CB-3.1", "questions": [_single()]}},
        "CB-1.1.yaml: competency “CB-3.1” differs from the file name “CB-1.1”",
    ),
    (
        "an unknown competency code",
        {"CB-9.9.yaml": {"competency": "CB-9.9", "questions": [_single()]}},
        "CB-9.9.yaml: unknown competency code “CB-9.9”",
    ),
]


@pytest.mark.parametrize(("files", "message"), [pytest.param(f, m, id=i) for i, f, m in BAD])
def test_a_bad_file_is_refused_naming_file_and_key_and_nothing_is_written(
    db: None, tmp_path: Path, files: dict[str, Any], message: str
) -> None:
    basic_framework()
    with pytest.raises(QuestionBankError) as refused:
        load_questions(write_bank(tmp_path, files))
    assert any(p.startswith(message) for p in refused.value.problems), refused.value.problems
    assert Question.objects.count() == 0
    assert TestDefinition.objects.count() == 0


def test_a_file_that_is_not_yaml_is_refused_by_the_command(db: None, tmp_path: Path) -> None:
    basic_framework()
    (tmp_path / "CB-1.1.yaml").write_text("questions: [unclosed", encoding="utf-8")
    with pytest.raises(CommandError, match=r"CB-1\.1\.yaml: not valid YAML"):
        call_command("load_questions", "--dir", str(tmp_path))
    assert Question.objects.count() == 0
