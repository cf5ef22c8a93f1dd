"""`python manage.py load_questions`: load the question bank from assessment/content/questions/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hocvuso.assessment.content import QUESTIONS_DIR, QuestionBankError, load_questions


class Command(BaseCommand):
    help = "Load the question bank (YAML) idempotently; a changed question gets a new version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=QUESTIONS_DIR, help="Question directory (default: the app's).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = load_questions(options["dir"])
        except QuestionBankError as exc:
            raise CommandError(
                f"{len(exc.problems)} problem(s) in the question bank, nothing was loaded:\n" + "\n".join(exc.problems)
            ) from exc
        if options["verbosity"]:
            self.stdout.write(f"Question bank loaded: {summary.line()}")
