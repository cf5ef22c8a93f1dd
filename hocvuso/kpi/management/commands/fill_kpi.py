"""Fill the KPI count tables for every commune of the campaign area (resumable; idempotent)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hocvuso.kpi import services


class Command(BaseCommand):
    help = (
        "Compute every indicator for each commune of the campaign area, its hamlets and organisations, then "
        "each province as the sum of its communes. Communes already filled for the day are skipped unless "
        "--force, so a stopped run resumes where it stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--force", action="store_true", help="recompute communes already filled for the day")
        parser.add_argument("--commune", type=int, action="append", help="only this commune code (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = date.fromisoformat(options["day"]) if options["day"] else services.today()
        except ValueError as exc:
            raise CommandError(f"--day: {exc}") from exc
        made = services.load_default_targets()
        if made:
            self.stdout.write(f"{made} default targets loaded")
        communes = services.campaign_communes()
        if options["commune"]:
            communes = communes.filter(code__in=options["commune"])
        rows = list(communes.values_list("code", "name", "province_id"))
        provinces: set[int] = set()
        done = skipped = 0
        for index, (code, name, province) in enumerate(rows, start=1):
            provinces.add(province)
            if not options["force"] and services.is_filled(code, day):
                skipped += 1
                continue
            count = services.refresh_commune(code, day, province=False)
            done += 1
            self.stdout.write(f"[{index}/{len(rows)}] {code} {name}: {count} rows")
        for province in sorted(provinces):
            services.refresh_province(province, day)
        self.stdout.write(
            self.style.SUCCESS(f"{day}: {done} communes filled, {skipped} already filled, {len(provinces)} provinces")
        )
