"""A small question bank for tests that must not depend on what the writers put in the real bank.

The basic-757 builder (tests/learning/builders.py) requires for citizens CB-1.1, CB-3.1 and CB-5.1 at
level 1. Each of these gets one question of each kind at level 1 and one at level 2 (never drawn for
citizens). The real bank is loaded by `load_questions()` after the `content` fixture.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from hocvuso.assessment.constants import AttemptStatus
from hocvuso.assessment.content import load_questions
from hocvuso.assessment.models import Attempt, AttemptItem, TestDefinition
from hocvuso.assessment.scoring import correct_answer
from hocvuso.framework.constants import BASIC_757, RuleGroup
from hocvuso.framework.models import Framework
from tests.learning.builders import basic_framework

CITIZEN_CODES = ("CB-1.1", "CB-3.1", "CB-5.1")


def questions_for(code: str) -> list[dict[str, Any]]:
    stem = code.replace("CB-", "cb").replace(".", "")
    return [
        {
            "key": f"{stem}-single-01",
            "level": 1,
            "kind": "single",
            "prompt": f"Câu hỏi một lựa chọn {code}?",
            "options": [
                {"text": "Sai một", "correct": False},
                {"text": "Đúng", "correct": True},
                {"text": "Sai hai", "correct": False},
            ],
            "explanation": f"GIAI-THICH {stem} single: vì sao đúng.",
            "lessons": ["pay-with-vietqr"],
        },
        {
            "key": f"{stem}-truefalse-01",
            "level": 1,
            "kind": "true_false",
            "prompt": f"Câu đúng sai {code}.",
            "answer": False,
            "explanation": f"GIAI-THICH {stem} true_false.",
            "lessons": ["pay-with-vietqr"],
        },
        {
            "key": f"{stem}-order-01",
            "level": 1,
            "kind": "ordering",
            "prompt": f"Sắp xếp các bước {code}.",
            "options": [{"text": "Bước một"}, {"text": "Bước hai"}, {"text": "Bước ba"}, {"text": "Bước bốn"}],
            "explanation": f"GIAI-THICH {stem} ordering.",
            "lessons": ["pay-with-vietqr"],
        },
        {
            "key": f"{stem}-picture-01",
            "level": 1,
            "kind": "picture",
            "prompt": f"Màn hình nào đúng {code}?",
            "options": [
                {"text": "Màn hình sai", "image": "assessment/img/cb12-wifi-screen-01-a.svg", "correct": False},
                {"text": "Màn hình đúng", "image": "assessment/img/cb12-wifi-screen-01-b.svg", "correct": True},
                {"text": "Màn hình sai nữa", "image": "assessment/img/cb12-wifi-screen-01-c.svg", "correct": False},
            ],
            "explanation": f"GIAI-THICH {stem} picture.",
            "lessons": ["pay-with-vietqr"],
        },
        {
            "key": f"{stem}-multiple-01",
            "level": 2,
            "kind": "multiple",
            "prompt": f"Chọn tất cả các ý đúng {code}.",
            "options": [
                {"text": "Ý đúng một", "correct": True},
                {"text": "Ý sai", "correct": False},
                {"text": "Ý đúng hai", "correct": True},
                {"text": "Ý sai nữa", "correct": False},
            ],
            "explanation": f"GIAI-THICH {stem} multiple.",
            "lessons": ["pay-with-vietqr"],
        },
    ]


def write_bank(root: Path, files: dict[str, Any] | None = None) -> Path:
    """Question files under `root` (default: the small bank); `files` maps file names to their data."""
    root.mkdir(parents=True, exist_ok=True)
    if files is None:
        files = {
            f"{code}.yaml": {
                "competency": code,
                "questions": questions_for(code),
                "practical": [
                    {
                        "key": f"{code.lower().replace('.', '')}-practical",
                        "level": 1,
                        "task": "Làm.",
                        "evidence_hint": "Ghi.",
                    }
                ],
            }
            for code in CITIZEN_CODES
        }
    for name, data in files.items():
        (root / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def small_bank(root: Path | None = None) -> TestDefinition:
    """basic-757 (tests/learning/builders) and the small bank loaded; the citizen test. Idempotent."""
    if not Framework.objects.filter(slug=BASIC_757).exists():
        basic_framework()
    if not TestDefinition.objects.filter(kind="certification", group=RuleGroup.CITIZEN).exists() or root is not None:
        load_questions(write_bank(root or Path(tempfile.mkdtemp(prefix="bank-"))))
    return TestDefinition.objects.get(version__framework__slug=BASIC_757, kind="certification", group=RuleGroup.CITIZEN)


def right_answer(item: AttemptItem) -> Any:
    qv = item.question_version
    return correct_answer(qv.question.kind, qv.data, item.option_order)


def wrong_answer(item: AttemptItem) -> Any:
    right = right_answer(item)
    kind = item.question_version.question.kind
    if kind == "true_false":
        return not right
    if kind == "ordering":
        return list(reversed(right))
    if kind == "multiple":
        return [p for p in range(len(item.option_order)) if p not in right]
    return next(p for p in range(len(item.option_order)) if p != right)


def items_of(attempt: Attempt) -> list[AttemptItem]:
    return list(attempt.items.select_related("question_version__question").order_by("position"))


def in_progress(attempt: Attempt) -> bool:
    attempt.refresh_from_db()
    return attempt.status == AttemptStatus.IN_PROGRESS


def placement_test() -> TestDefinition:
    """The citizen placement test of the small bank (one level-1 question per competency)."""
    small_bank()
    return TestDefinition.objects.get(version__framework__slug=BASIC_757, kind="placement", group=RuleGroup.CITIZEN)


def answer_by_competency(attempt: Attempt, right_codes: set[str]) -> None:
    """Answer every question: right for the competencies in `right_codes`, wrong for the others."""
    from hocvuso.assessment.services import save_answer

    for item in items_of(attempt):
        code = item.question_version.question.competency_code
        save_answer(attempt, item.position, right_answer(item) if code in right_codes else wrong_answer(item))
