"""`python manage.py load_content`: load courses, lessons and library documents from learning/content/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hocvuso.learning.content import CONTENT_DIR, ContentError, load_content


class Command(BaseCommand):
    help = "Load lessons, courses and library documents (YAML) idempotently; a changed lesson gets a new version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=CONTENT_DIR, help="Content directory (default: the app's).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = load_content(options["dir"])
        except ContentError as exc:
            raise CommandError(
                f"{len(exc.problems)} problem(s) in the content, nothing was loaded:\n" + "\n".join(exc.problems)
            ) from exc
        if options["verbosity"]:
            self.stdout.write(f"Content loaded: {summary.line()}")
