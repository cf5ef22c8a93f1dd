"""manage.py export_vneid --format csv|jsonl [--status ...] [--commune CODE] --output FILE (audited)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import AccessReason
from hocvuso.certificates.constants import VNeIDStatus
from hocvuso.certificates.models import VNeIDConfirmation
from hocvuso.certificates.vneid import EXPORT_FORMATS, export_batch


class Command(BaseCommand):
    help = "Write the certificates to upload to VNeID by hand as CSV (UTF-8 with BOM) or JSON Lines (docs/vneid.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
        parser.add_argument(
            "--status",
            action="append",
            choices=VNeIDStatus.values,
            help="only certificates in this VNeID state (repeatable; default: not sent and failed)",
        )
        parser.add_argument("--commune", type=int, help="only certificates of this commune (official code)")
        parser.add_argument("--include-revoked", action="store_true", help="also revoked certificates")
        parser.add_argument("--output", required=True, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        statuses = options["status"] or [VNeIDStatus.NOT_SENT, VNeIDStatus.FAILED]
        rows = VNeIDConfirmation.objects.filter(status__in=statuses)
        if options["commune"]:
            rows = rows.filter(certificate__commune_id=options["commune"])
        if not options["include_revoked"]:
            rows = rows.filter(certificate__revoked_at__isnull=True)
        try:
            data, count = export_batch(rows, options["format"], reason=AccessReason.REPORTING)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        with open(options["output"], "wb") as fh:
            fh.write(data)
        self.stdout.write(_("exported %(n)d certificates") % {"n": count})
