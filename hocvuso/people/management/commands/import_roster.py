"""manage.py import_roster PATH --commune CODE [--create-hamlets] [--dry-run] [--resume JOB_ID]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hocvuso.geo.models import Commune
from hocvuso.people.constants import ImportStatus
from hocvuso.people.models import ImportJob
from hocvuso.people.roster_import import RosterFileError, create_import_job, run_import, write_rejections_xlsx


class Command(BaseCommand):
    help = (
        "Import a commune roster (CSV or XLSX). Prints 'created N, updated N, unchanged N, rejected N' "
        "and writes rejected rows with their reason to PATH.rejected.xlsx."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the roster file (.xlsx or .csv)")
        parser.add_argument("--commune", type=int, required=True, help="official code of the commune or ward")
        parser.add_argument("--create-hamlets", action="store_true", help="create hamlets the commune does not have")
        parser.add_argument("--dry-run", action="store_true", help="check the file and count, write nothing")
        parser.add_argument("--resume", type=int, metavar="JOB_ID", help="continue an interrupted import job")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        commune = Commune.objects.filter(code=options["commune"]).first()
        if commune is None:
            raise CommandError(_("There is no commune with code %(code)s.") % {"code": options["commune"]})
        if options["resume"]:
            job = ImportJob.objects.filter(pk=options["resume"], commune=commune).first()
            if job is None:
                raise CommandError(
                    _("There is no import job %(id)s for %(commune)s.") % {"id": options["resume"], "commune": commune}
                )
        else:
            if not path.is_file():
                raise CommandError(_("The file %(path)s does not exist.") % {"path": path})
            try:
                with path.open("rb") as fh:
                    job = create_import_job(
                        commune=commune,
                        file=fh,
                        original_name=path.name,
                        user=None,
                        create_hamlets=options["create_hamlets"],
                        dry_run=options["dry_run"],
                    )
            except RosterFileError as exc:
                raise CommandError(exc.message) from None
            if options["verbosity"] > 1:
                self.stderr.write(f"import job {job.pk}")
        try:
            job = run_import(job.pk)
        except Exception:
            self.stderr.write(_("Import job %(id)d stopped; continue it with --resume %(id)d.") % {"id": job.pk})
            raise
        if job.status == ImportStatus.FAILED:
            raise CommandError(job.error)
        rejected_path = path.with_name(path.name + ".rejected.xlsx")
        if job.rejected:
            write_rejections_xlsx(job, rejected_path)
        else:
            rejected_path.unlink(missing_ok=True)
        if job.new_hamlets and options["verbosity"] > 1:
            self.stderr.write(", ".join(job.new_hamlets))
        self.stdout.write(
            f"created {job.created}, updated {job.updated}, unchanged {job.unchanged}, rejected {job.rejected}"
        )
