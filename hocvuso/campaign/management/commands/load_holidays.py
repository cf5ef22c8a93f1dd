"""`python manage.py load_holidays`: the public holidays of campaign/data/holidays.yaml (no sessions then)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from hocvuso.campaign.models import Holiday

HOLIDAYS_FILE = Path(__file__).resolve().parents[2] / "data" / "holidays.yaml"


def read_holidays(path: Path) -> dict[date, str]:
    """Every day of the file with its name; ranges (`from`..`to`) are expanded."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    days: dict[date, str] = {}
    for n, entry in enumerate(data.get("holidays") or [], start=1):
        name = str(entry.get("name") or "").strip()
        first = entry.get("date") or entry.get("from")
        last = entry.get("date") or entry.get("to")
        if not name or not isinstance(first, date) or not isinstance(last, date) or last < first:
            raise CommandError(f"{path.name}: entry {n} needs a name and a date (or from..to, in order)")
        day = first
        while day <= last:
            days[day] = name[:150]
            day += timedelta(days=1)
    return days


class Command(BaseCommand):
    help = "Load the public holidays (YAML) idempotently: a date already stored gets the file's name."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=HOLIDAYS_FILE, help="Holiday file (default: the app's).")

    def handle(self, *args: Any, **options: Any) -> None:
        days = read_holidays(options["file"])
        with transaction.atomic():
            existing = dict(Holiday.objects.filter(date__in=list(days)).values_list("date", "name"))
            Holiday.objects.bulk_create([Holiday(date=d, name=n) for d, n in days.items() if d not in existing])
            changed = [Holiday(date=d, name=n) for d, n in days.items() if d in existing and existing[d] != n]
            for holiday in changed:
                Holiday.objects.filter(date=holiday.date).update(name=holiday.name)
        if options["verbosity"]:
            self.stdout.write(
                f"Holidays loaded: {len(days) - len(existing)} new, {len(changed)} renamed, {len(days)} in the file"
            )
