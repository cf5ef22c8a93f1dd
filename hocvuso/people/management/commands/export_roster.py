"""manage.py export_roster PATH --commune CODE [--hamlet NAME]: the roster as XLSX (audited)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import AccessReason, AuditAction
from hocvuso.accounts.services import audit
from hocvuso.geo.models import Commune
from hocvuso.lib.text import hamlet_key
from hocvuso.people.models import Person
from hocvuso.people.roster_export import export_roster_xlsx


class Command(BaseCommand):
    help = "Export the roster of a commune (or one of its hamlets) to XLSX in the import's columns."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--commune", type=int, required=True)
        parser.add_argument("--hamlet", default="", help="name of one hamlet of the commune")

    def handle(self, *args: Any, **options: Any) -> None:
        commune = Commune.objects.filter(code=options["commune"]).first()
        if commune is None:
            raise CommandError(_("There is no commune with code %(code)s.") % {"code": options["commune"]})
        people = Person.objects.filter(commune=commune)
        if options["hamlet"]:
            people = people.filter(hamlet__name_folded=hamlet_key(options["hamlet"]))
        with open(options["path"], "wb") as fh:
            count = export_roster_xlsx(people, fh)
        audit(
            None,
            AuditAction.EXPORT_ROSTER,
            object_type="commune",
            object_id=commune.code,
            reason=AccessReason.REPORTING,
            details={"people": count, "hamlet": options["hamlet"], "via": "manage.py export_roster"},
        )
        self.stdout.write(_("exported %(n)d people") % {"n": count})
