"""`python manage.py load_frameworks`: load the shipped framework files (idempotent, one line each)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hocvuso.framework.services import FrameworkError, load_all


class Command(BaseCommand):
    help = "Load the digital-skills frameworks from hocvuso/framework/data (unchanged files do nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            results = load_all()
        except FrameworkError as exc:
            raise CommandError(str(exc)) from exc
        for result in results:
            v = result.version
            state = "new version, published" if result.created else "unchanged"
            self.stdout.write(
                f"{v.framework.slug}: v{v.number} ({state}) - {v.competencies.count()} competencies, "
                f"{v.rules.count()} group rules"
            )
