"""manage.py send_vneid_confirmations [--limit N]: send the due VNeID confirmations once (for cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hocvuso.certificates.vneid import send_due


class Command(BaseCommand):
    help = "Send the queued VNeID confirmations that are due, retrying failed sends with backoff; prints a report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=200, help="at most this many certificates in this run")

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_due(limit=options["limit"])
        self.stdout.write(str(report))
