"""Rebuild the person and household indexes that a killed first-import left dropped.

The bulk path of a large first import drops the secondary indexes and rebuilds them at the end, on
an error, or when the job is resumed. A job killed and never resumed leaves them missing (searches
slow down, a migration touching them may fail): operations run this after a crash (docs/operations.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hocvuso.people import roster_import
from hocvuso.people.constants import ImportStatus
from hocvuso.people.models import ImportJob


class Command(BaseCommand):
    help = "Rebuild indexes dropped by an unfinished bulk roster import (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        before = {name for name, _sql in roster_import.secondary_indexes()}
        jobs = ImportJob.objects.filter(columns__bulk=True).exclude(status=ImportStatus.DONE)
        for job in jobs.order_by("pk"):
            roster_import.restore_indexes(job.columns.get("indexes") or [])
        rebuilt = sorted({name for name, _sql in roster_import.secondary_indexes()} - before)
        self.stdout.write(f"rebuilt {len(rebuilt)} index(es)" + (f": {', '.join(rebuilt)}" if rebuilt else ""))
