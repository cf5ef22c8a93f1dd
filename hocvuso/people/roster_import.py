"""Roster import: one service behind the web wizard, the API and `manage.py import_roster`.

A job stores the file, then `run_import` reads it in chunks of CHUNK_ROWS rows. Each chunk is one
transaction that writes its hamlets, households, people and rejected rows together with the job's
checkpoint (rows_done and the counts), so a run killed half-way leaves whole chunks only, and
running the job again continues after the last committed chunk with the same final result.

Rules (issue 2 sections 3 and 5):
- people are matched by CCCD; rows without one by (folded name, birth year, hamlet) in the commune;
  a CCCD held by a person of another commune is rejected and that person is never touched;
- only the columns a row fills in are written: an empty cell keeps what is stored, and a CCCD is
  never cleared; created / updated / unchanged compare the stored values;
- an exact repeat of an earlier row counts as unchanged; the same person with different data is
  rejected, naming the earlier row;
- households are found by household number in the commune, else by hamlet and address; "Chủ hộ"
  makes the person the head; hamlets are matched ignoring case, accents and the kind word, and
  unknown ones are created only with create_hamlets (a dry run lists them in new_hamlets);
- a dry run writes nothing but the job's counts, rejected rows and new hamlets.
Lookups are batched per chunk and rows are written with multi-row statements: no per-row query.

Bulk path: a long file (BULK_MIN_ROWS+, and at least as many rows as the people table holds) into a
commune that had nobody when the job started drops the non-unique indexes of people and households
(their CREATE statements are saved in the job first), writes the chunks as usual, and rebuilds the
indexes at the end. An error rebuilds them at once; a killed run leaves them to the resumed job,
which drops them again if needed, continues, and rebuilds them. Unique indexes always stay.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

import xlsxwriter
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit
from hocvuso.geo.models import Commune
from hocvuso.geo.selectors import hamlets_by_key
from hocvuso.geo.services import HamletError
from hocvuso.lib import jobs
from hocvuso.lib.text import fold, hamlet_key
from hocvuso.people.constants import ImportStatus
from hocvuso.people.models import Household, ImportJob, ImportRejection, Person
from hocvuso.people.roster import columns as col
from hocvuso.people.roster.reader import Layout, RosterFile, RosterFileError
from hocvuso.people.roster.rows import NEW_PERSON_COLUMNS, CleanRow, column_error, iter_chunks, split_cells
from hocvuso.people.services import add_hamlet

__all__ = [
    "BULK_MIN_ROWS",
    "CHUNK_ROWS",
    "ImportRefused",
    "RosterFileError",
    "bulk_write_settings",
    "confirm_preview",
    "create_import_job",
    "drop_indexes",
    "restore_indexes",
    "run_import",
    "secondary_indexes",
    "start_import",
    "unset_defaults",
    "write_rejections_xlsx",
]

CHUNK_ROWS = 10_000
# Files at least this long are cleaned by worker processes while this process writes.
PARALLEL_MIN_ROWS = 20_000
# SQLite page cache (KiB) of the importing connection while it writes a large file: keeping the
# indexes of a million people (random CCCDs and names) in memory saves re-reading and spilling
# pages; 64 MiB (settings) thrashes. Within the 1 GiB budget of a whole import.
BULK_CACHE_KIB = 256 * 1024
# A file at least this long, imported into a commune that has nobody yet, takes the bulk path: the
# non-unique indexes of people and households are dropped while it writes and rebuilt at the end
# (sorting a million keys once costs a fraction of a million random index insertions). Only when
# the file is at least as long as the people table, whose indexes are rebuilt whole.
BULK_MIN_ROWS = 100_000
# Rows per INSERT statement on SQLite (x 17 columns stays under its 32,766 parameters).
SQLITE_INSERT_ROWS = 200
# After writing at least this many people, refresh the planner statistics (ANALYZE): without
# them SQLite may choose a slow plan for a name search at 1M people.
ANALYZE_MIN_ROWS = 20_000
# Test hook for faults: called inside each chunk's transaction, after its writes and before its
# checkpoint, with (job, chunk number from 0). Raising there simulates a crash mid-chunk.
FAULT_HOOK: Callable[[ImportJob, int], None] | None = None

_PERSON_COLUMNS = (
    "full_name",
    "national_id",
    "birth_date",
    "birth_year",
    "sex",
    "ethnicity",
    "phone",
    "hamlet_id",
    "household_id",
    "disability",
    "vneid_level",
    "has_digital_bank_account",
)


class ImportRefused(RosterFileError):
    """The import cannot start at all (e.g. the commune is outside the campaign area)."""


# -- jobs ------------------------------------------------------------------------------------------


def create_import_job(
    *,
    commune: Commune,
    file: Any,
    original_name: str,
    user: User | None,
    create_hamlets: bool = False,
    dry_run: bool = False,
) -> ImportJob:
    """Store the file and make a pending job (audited). The job is run by start_import or run_import."""
    if not commune.in_campaign_area:
        raise ImportRefused(
            _("%(commune)s (code %(code)d) is not in the campaign area; rosters are imported only there.")
            % {"commune": commune.name, "code": commune.code}
        )
    with transaction.atomic():
        job = ImportJob(
            commune=commune,
            created_by=user if user is not None and user.is_authenticated else None,
            original_name=os.path.basename(original_name)[:255],
            create_hamlets=create_hamlets,
            dry_run=dry_run,
        )
        job.file.save(job.original_name or "roster", file if isinstance(file, File) else File(file), save=False)
        job.save()
        audit(
            user,
            AuditAction.IMPORT_ROSTER,
            object_type="import_job",
            object_id=job.pk,
            details={"commune": commune.code, "file": job.original_name, "dry_run": dry_run},
        )
    return job


def start_import(job: ImportJob) -> None:
    """Run the job in the background once the current transaction commits."""
    from hocvuso.people import tasks

    transaction.on_commit(lambda: jobs.enqueue(tasks.run_import_task, job.pk))


def confirm_preview(preview: ImportJob, user: User | None) -> ImportJob:
    """After a dry-run preview: import the same stored file with the same options, as a new job."""
    with transaction.atomic():
        job = ImportJob.objects.create(
            commune=preview.commune,
            created_by=user if user is not None and user.is_authenticated else None,
            file=preview.file.name,
            original_name=preview.original_name,
            create_hamlets=preview.create_hamlets,
            dry_run=False,
        )
        audit(
            user,
            AuditAction.IMPORT_ROSTER,
            object_type="import_job",
            object_id=job.pk,
            details={"commune": preview.commune_id, "file": job.original_name, "preview": preview.pk},
        )
        start_import(job)
    return job


def run_import(job_id: int) -> ImportJob:
    """Do the job now; a job that was interrupted continues from its checkpoint."""
    job = ImportJob.objects.select_related("commune").get(pk=job_id)
    if job.status in (ImportStatus.DONE, ImportStatus.PREVIEWED):
        return job
    with relaxed_gc():
        _Importer(job).run()
    return job


# An import creates millions of small objects that live until their chunk is written; with the
# default thresholds (700, 10, 10) the cyclic collector keeps rescanning them (and the older
# generation grows with the job): 25 % of the writer's CPU and 15 % of the cleaning workers'
# (forked after this is set, so they inherit it) at 100,000 rows. The rows hold no reference
# cycles, so collecting less often frees nothing later than it should.
_IMPORT_GC_THRESHOLDS = (100_000, 50, 100)
_gc_lock = threading.Lock()
_gc_users = 0
_gc_saved: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def relaxed_gc() -> Iterator[None]:
    """Collect garbage less often while imports run (process-wide, so counted across threads)."""
    global _gc_users, _gc_saved
    with _gc_lock:
        if _gc_users == 0:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(*_IMPORT_GC_THRESHOLDS)
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0:
                gc.set_threshold(*_gc_saved)


def write_rejections_xlsx(job: ImportJob, target: str | Path | BinaryIO) -> int:
    """The rejected rows with their original cells, the row number and the reason; returns rows written."""
    header = list(job.columns.get("layout", {}).get("header", []))
    book = xlsxwriter.Workbook(target if not isinstance(target, Path) else str(target), {"constant_memory": True})
    sheet = book.add_worksheet(_("Rejected rows")[:31])
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, [*header, _("Row"), _("Reason")], bold)
    width = len(header)
    count = 0
    for count, rejection in enumerate(job.rejections.order_by("row_number").iterator(chunk_size=2000), start=1):
        cells = list(rejection.values)[:width] + [""] * max(0, width - len(rejection.values))
        sheet.write_row(count, 0, cells)  # as text: keeps leading zeros of CCCD and phones
        sheet.write_number(count, width, rejection.row_number)
        sheet.write_string(count, width + 1, rejection.reason)
    sheet.set_column(width + 1, width + 1, 80)
    book.close()
    return count


# -- the engine ------------------------------------------------------------------------------------


@dataclass(eq=False)
class _Household:
    id: int | None
    code: str
    hamlet_id: int | None
    address: str
    head_id: int | None
    is_poor: bool
    is_near_poor: bool
    head: dict[str, Any] | None = None  # a person created in the current chunk, whose id is not known yet
    dirty: bool = False


# A new person: the worker's values (NEW_PERSON_COLUMNS), the hamlet id and the household.
_NewPerson = tuple[tuple[Any, ...], int | None, _Household | None]


def _content_key(row: CleanRow, hamlet_id: int | None) -> int:
    return hash((row.digest, hamlet_id))


class _Importer:
    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.commune: Commune = job.commune
        self.dry = job.dry_run
        self.today: date = timezone.localdate()
        self.layout: Layout
        self.hamlets: dict[str, int] = {}
        self.new_hamlets: list[str] = list(job.new_hamlets or [])
        self.by_code: dict[str, _Household] = {}
        self.by_address: dict[tuple[int | None, str], _Household] = {}
        # key -> (row number, content hash, rejection reason or None) of the key's first row in the file
        self.seen: dict[Any, tuple[int, int, str | None]] = {}
        self.claimed: set[int] = set()  # people matched or created by this job
        self.fresh = False
        self.chunk_index = 0

    # -- set-up --------------------------------------------------------------------------------
    def run(self) -> None:
        job = self.job
        job.status = ImportStatus.RUNNING
        job.started_at = job.started_at or timezone.now()
        job.error = ""
        job.save(update_fields=["status", "started_at", "error"])
        try:
            roster = RosterFile(job.file.path)
            if self.dry and job.rows_done:
                self._restart()  # a dry run holds its state in memory: start it again
            if "layout" in job.columns:
                self.layout = Layout.from_json(job.columns["layout"])
            else:
                self.layout = roster.layout()
                job.header_row = self.layout.header_row
                job.total_rows = max(0, roster.count_rows(self.layout.sheet) - self.layout.data_start + 1)
                fresh = not Person.objects.filter(commune=self.commune).exists()
                bulk = fresh and not self.dry and job.total_rows >= max(BULK_MIN_ROWS, Person.objects.count())
                # the index definitions are saved before any is dropped: a resumed job rebuilds them
                indexes = secondary_indexes() if bulk else []
                job.columns = {"layout": self.layout.as_json(), "fresh": fresh, "bulk": bulk, "indexes": indexes}
                job.save(update_fields=["columns", "header_row", "total_rows"])
            self.fresh = bool(job.columns.get("fresh"))
            self._load()
            if job.columns.get("bulk"):
                drop_indexes(job.columns["indexes"])
            self._loop(roster)
            if not self.dry and job.created + job.updated >= ANALYZE_MIN_ROWS:
                _refresh_statistics()
        except RosterFileError as exc:
            if job.columns.get("bulk"):
                _restore_after_failure(job.columns["indexes"])
            job.status = ImportStatus.FAILED
            job.error = exc.message
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "error", "finished_at"])
            return
        except BaseException as exc:
            if job.columns.get("bulk"):
                _restore_after_failure(job.columns["indexes"])
            job.refresh_from_db(fields=["rows_done", "created", "updated", "unchanged", "rejected", "new_hamlets"])
            job.status = ImportStatus.FAILED
            job.error = _(
                "The import stopped after %(done)d rows because of an internal error (%(error)s); "
                "run it again to continue from there."
            ) % {"done": job.rows_done, "error": exc.__class__.__name__}
            job.save(update_fields=["status", "error"])
            raise
        job.status = ImportStatus.PREVIEWED if self.dry else ImportStatus.DONE
        job.total_rows = job.rows_done
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "total_rows", "finished_at"])

    def _restart(self) -> None:
        job = self.job
        job.rejections.all().delete()
        job.rows_done = job.created = job.updated = job.unchanged = job.rejected = 0
        job.new_hamlets = []
        self.new_hamlets = []
        job.save(update_fields=["rows_done", "created", "updated", "unchanged", "rejected", "new_hamlets"])

    def _load(self) -> None:
        self.hamlets = {key: h.pk for key, h in hamlets_by_key(self.commune.pk).items()}
        if self.dry and self.job.create_hamlets:
            for i, name in enumerate(self.new_hamlets):  # a dry run's hamlets exist only in memory
                self.hamlets.setdefault(hamlet_key(name), -1 - i)
        rows = Household.objects.filter(commune=self.commune).values_list(
            "id", "code", "hamlet_id", "address", "head_id", "is_poor", "is_near_poor"
        )
        for hid, code, hamlet_id, address, head_id, poor, near in rows.iterator(chunk_size=5000):
            hh = _Household(hid, code, hamlet_id, address, head_id, poor, near)
            if code:
                self.by_code[code] = hh
            if address:
                self.by_address.setdefault((hamlet_id, fold(address)), hh)

    def _workers(self) -> int:
        if (
            self.job.total_rows < PARALLEL_MIN_ROWS
            or connection.in_atomic_block
            or multiprocessing.current_process().daemon
            or threading.current_thread() is not threading.main_thread()  # never fork a threaded web server
            or (os.cpu_count() or 1) < 2
        ):
            return 0
        return 2

    def _loop(self, roster: RosterFile) -> None:
        done = 0
        rejected = dict(self.job.rejections.values_list("row_number", "reason")) if self.job.rows_done else {}
        workers = self._workers()
        if workers:
            connection.close()  # forked workers must not share an open database connection
        chunks = iter_chunks(roster.path, self.layout, self.today, size=CHUNK_ROWS, workers=workers)
        large = not self.dry and self.job.total_rows >= PARALLEL_MIN_ROWS
        with ExitStack() as stack:
            for rows, consumed in chunks:
                if large:  # after the workers forked: the connection is open from here on
                    stack.enter_context(bulk_write_settings())
                    large = False
                if done + consumed <= self.job.rows_done:
                    self._replay(rows, rejected)
                else:
                    self._chunk(rows, consumed)
                done += consumed
                self.chunk_index += 1
            if self.job.columns.get("bulk"):
                restore_indexes(self.job.columns["indexes"])  # with the large page cache: CREATE INDEX sorts in it

    def _replay(self, rows: list[CleanRow], rejected: dict[int, str]) -> None:
        """Rebuild the in-file duplicate keys of rows committed before an interruption."""
        for row in rows:
            if row.errors or (row.hamlet_key and row.hamlet_key not in self.hamlets):
                continue
            hamlet_id = self.hamlets.get(row.hamlet_key) if row.hamlet_key else None
            self.seen.setdefault(
                self._key(row, hamlet_id), (row.row, _content_key(row, hamlet_id), rejected.get(row.row))
            )

    # -- one chunk -----------------------------------------------------------------------------
    @staticmethod
    def _key(row: CleanRow, hamlet_id: int | None) -> Any:
        nid = row.person.get("national_id")
        if nid:
            return nid
        return (row.name_folded, row.year, hamlet_id)

    def _hamlet(self, row: CleanRow, rejections: list[ImportRejection]) -> int | None:
        key = row.hamlet_key
        hid = self.hamlets.get(key)
        if hid is not None:
            return hid
        if not self.job.create_hamlets or self.dry:
            if not any(hamlet_key(n) == key for n in self.new_hamlets):
                self.new_hamlets.append(row.hamlet_name)
            if self.dry and self.job.create_hamlets:
                hid = self.hamlets[key] = -len(self.new_hamlets)
                return hid
            return None
        try:
            hamlet = add_hamlet(self.job.created_by, self.commune, row.hamlet_name)
        except HamletError as exc:
            self._reject(rejections, row, column_error(self.layout.heading(col.HAMLET), exc.message))
            return None
        self.new_hamlets.append(hamlet.name)
        self.hamlets[key] = hamlet.pk
        return hamlet.pk

    def _reject(self, rejections: list[ImportRejection], row: CleanRow, reason: str) -> None:
        rejections.append(
            ImportRejection(job=self.job, row_number=row.row, reason=reason, values=split_cells(row.cells))
        )

    def _household(self, row: CleanRow, hamlet_id: int | None) -> _Household | None:
        hh: _Household | None = None
        if row.household_code:
            hh = self.by_code.get(row.household_code)
        elif row.address_key:
            hh = self.by_address.get((hamlet_id, row.address_key))
        else:
            return None
        if hh is None:
            hh = _Household(None, row.household_code, hamlet_id, row.address, None, False, False, dirty=True)
            if row.household_code:
                self.by_code[row.household_code] = hh
            if row.address_key:
                self.by_address.setdefault((hamlet_id, row.address_key), hh)
        else:
            if not hh.address and row.address:
                hh.address, hh.dirty = row.address, True
            if hh.hamlet_id is None and hamlet_id is not None:
                hh.hamlet_id, hh.dirty = hamlet_id, True
        if row.poverty is not None:
            want = (row.poverty == "poor", row.poverty == "near_poor")
            if (hh.is_poor, hh.is_near_poor) != want:
                hh.is_poor, hh.is_near_poor = want
                hh.dirty = True
        return hh

    def _lookups(self, rows: list[CleanRow]) -> tuple[dict[str, dict[str, Any]], dict[Any, list[dict[str, Any]]]]:
        """Existing people for a chunk: by CCCD, and by name for rows that may match without one."""
        ids = [r.person["national_id"] for r in rows if not r.errors and "national_id" in r.person]
        by_id = {p["national_id"]: p for p in _select_people("national_id", ids)}
        by_key: dict[Any, list[dict[str, Any]]] = {}
        if self.fresh:
            return by_id, by_key  # the commune had nobody: earlier rows of this file are in self.seen
        any_person = {r.name_folded for r in rows if not r.errors and "national_id" not in r.person}
        without_id = {
            r.name_folded
            for r in rows
            if not r.errors and "national_id" in r.person and r.person["national_id"] not in by_id
        }
        for name_set, extra in ((any_person, ""), (without_id - any_person, " AND national_id IS NULL")):
            for p in _select_people("name_folded", list(name_set), commune=self.commune.pk, extra=extra):
                by_key.setdefault((p["name_folded"], p["birth_year"], p["hamlet_id"]), []).append(p)
        return by_id, by_key

    def _chunk(self, rows: list[CleanRow], consumed: int) -> None:
        job = self.job
        created: list[_NewPerson] = []
        updated: list[dict[str, Any]] = []
        heads: list[tuple[_Household, dict[str, Any] | int]] = []  # an int: the index of a person in `created`
        rejections: list[ImportRejection] = []
        unchanged = 0
        touched: dict[int, _Household] = {}  # by id(): a household may be on many rows
        hamlets, seen = self.hamlets, self.seen  # locals: this loop runs once per row of the file
        with transaction.atomic():
            by_id, by_key = self._lookups(rows)
            for row in rows:
                if row.errors:
                    self._reject(rejections, row, "; ".join(row.errors))
                    continue
                hamlet_id = None
                if row.hamlet_key:
                    hamlet_id = hamlets.get(row.hamlet_key)
                    if hamlet_id is None:
                        hamlet_id = self._hamlet(row, rejections)
                        if hamlet_id is None:
                            if not rejections or rejections[-1].row_number != row.row:
                                self._reject(rejections, row, self._unknown_hamlet(row))
                            continue
                nid = row.person.get("national_id")
                key = nid or (row.name_folded, row.year, hamlet_id)  # as _key()
                content = hash((row.digest, hamlet_id))  # as _content_key()
                earlier = seen.get(key)
                if earlier is not None:
                    reason = self._repeat(row, key, earlier, content)
                    if reason:
                        self._reject(rejections, row, reason)
                    else:
                        unchanged += 1
                    continue
                existing = by_id.get(nid) if nid else None
                if existing is not None and existing["commune_id"] != self.commune.pk:
                    reason = column_error(
                        self.layout.heading(col.NATIONAL_ID),
                        _("the ID number belongs to a person registered in another commune, who was left unchanged"),
                    )
                    self.seen[key] = (row.row, content, reason)
                    self._reject(rejections, row, reason)
                    continue
                if existing is None and not self.fresh:
                    for candidate in by_key.get((row.name_folded, row.year, hamlet_id), ()):
                        if candidate["id"] not in self.claimed and not (nid and candidate["national_id"]):
                            existing = candidate
                            break
                self.seen[key] = (row.row, content, None)
                hh = self._household(row, hamlet_id)
                if hh is not None and hh.dirty:
                    touched[id(hh)] = hh
                if existing is None:
                    # the worker built the row's values as a new person (what _merge makes of no one)
                    created.append((row.values, hamlet_id, hh))  # type: ignore[arg-type]  # no errors: values set
                    if row.is_head and hh is not None:
                        heads.append((hh, len(created) - 1))
                    continue
                record = self._merge(row, existing, hamlet_id)
                record["_household"] = hh
                self.claimed.add(existing["id"])
                changed = any(record[f] != existing[f] for f in _PERSON_COLUMNS if f != "household_id") or (
                    hh is not None and (hh.id is None or hh.id != existing["household_id"])
                )
                if changed:
                    updated.append(record)
                else:
                    unchanged += 1
                if row.is_head and hh is not None:
                    heads.append((hh, record))
            if not self.dry:
                self._write(created, updated, heads, list(touched.values()))
            if rejections:
                ImportRejection.objects.bulk_create(rejections, batch_size=500)
            if FAULT_HOOK is not None:
                FAULT_HOOK(job, self.chunk_index)
            job.rows_done += consumed
            job.created += len(created)
            job.updated += len(updated)
            job.unchanged += unchanged
            job.rejected += len(rejections)
            job.new_hamlets = list(self.new_hamlets)
            job.save(update_fields=["rows_done", "created", "updated", "unchanged", "rejected", "new_hamlets"])

    def _unknown_hamlet(self, row: CleanRow) -> str:
        return column_error(
            self.layout.heading(col.HAMLET),
            _(
                "the hamlet “%(name)s” is not in the list of hamlets of %(commune)s; add it first, "
                "or import again choosing to create new hamlets"
            )
            % {"name": row.hamlet_name, "commune": self.commune.name},
        )

    def _repeat(self, row: CleanRow, key: Any, earlier: tuple[int, int, str | None], content: int) -> str | None:
        first_row, first_content, first_reason = earlier
        if first_reason:
            return _("This row repeats row %(row)d, which was rejected: %(reason)s") % {
                "row": first_row,
                "reason": first_reason,
            }
        if first_content == content:
            return None
        if isinstance(key, str):
            return column_error(
                self.layout.heading(col.NATIONAL_ID),
                _("the ID number %(id)s is already on row %(row)d with different data") % {"id": key, "row": first_row},
            )
        return column_error(
            self.layout.heading(col.NAME),
            _("the same person (name, birth year and hamlet) is already on row %(row)d with different data")
            % {"row": first_row},
        )

    def _merge(self, row: CleanRow, existing: dict[str, Any], hamlet_id: int | None) -> dict[str, Any]:
        """A stored person with what the row fills in (a new person is the row's `values`)."""
        record = {f: existing[f] for f in _PERSON_COLUMNS}
        record["id"] = existing["id"]
        record.update(row.person)
        if record["full_name"].isascii() and existing["name_folded"] == row.name_folded:
            record["full_name"] = existing["full_name"]  # "danh thi muoi" does not strip "Danh Thị Mười" of accents
        for field, value in row.derived.items():
            if record[field] in (None, ""):
                record[field] = value
        if row.hamlet_key:
            record["hamlet_id"] = hamlet_id
        record["name_folded"] = row.name_folded
        record["given_folded"] = row.given_folded
        return record

    # -- writes --------------------------------------------------------------------------------
    def _write(
        self,
        created: list[_NewPerson],
        updated: list[dict[str, Any]],
        heads: list[tuple[_Household, dict[str, Any] | int]],
        touched: list[_Household],
    ) -> None:
        ops = connection.ops
        adapt_date = ops.adapt_datefield_value
        now = ops.adapt_datetimefield_value(timezone.now())
        commune = self.commune.pk
        new_households = [hh for hh in touched if hh.id is None]
        if new_households:
            more, extra = unset_defaults(Household, _HOUSEHOLD_COLUMNS)
            ids = _insert(
                Household._meta.db_table,
                (*_HOUSEHOLD_COLUMNS, *more),
                [
                    (commune, h.hamlet_id, h.code, h.address, h.is_poor, h.is_near_poor, now, now, *extra)
                    for h in new_households
                ],
            )
            for hh, hid in zip(new_households, ids, strict=True):
                hh.id, hh.dirty = hid, False
        for record in updated:
            hh = record.pop("_household")
            if hh is not None:
                record["household_id"] = hh.id
        created_ids: list[int] = []
        if created:
            more, extra = unset_defaults(Person, _NEW_PERSON_INSERT)
            created_ids = _insert(
                Person._meta.db_table,
                (*_NEW_PERSON_INSERT, *more),
                [
                    (*values, hamlet_id, hh.id if hh else None, commune, now, now, *extra)
                    for values, hamlet_id, hh in created
                ],
            )
            if not self.fresh:
                self.claimed.update(created_ids)
        if updated:
            sets = ", ".join(f"{ops.quote_name(f)} = %s" for f in (*_PERSON_COLUMNS, "name_folded", "given_folded"))
            # Names come from model metadata, values are parameters.
            sql = f"UPDATE {ops.quote_name(Person._meta.db_table)} SET {sets}, updated_at = %s WHERE id = %s"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.executemany(
                    sql,
                    [
                        (*_person_values(r, adapt_date), r["name_folded"], r["given_folded"], now, r["id"])
                        for r in updated
                    ],
                )
        changed_households = {id(hh): hh for hh in touched if hh.dirty}
        for hh, person in heads:
            head_id = created_ids[person] if isinstance(person, int) else person["id"]
            if hh.head_id != head_id:
                hh.head_id = head_id
                changed_households[id(hh)] = hh
        if changed_households:
            table = ops.quote_name(Household._meta.db_table)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET hamlet_id = %s, address = %s, head_id = %s, is_poor = %s, "  # noqa: S608
                    "is_near_poor = %s, updated_at = %s WHERE id = %s",
                    [
                        (h.hamlet_id, h.address, h.head_id, h.is_poor, h.is_near_poor, now, h.id)
                        for h in changed_households.values()
                    ],
                )
            for hh in changed_households.values():
                hh.dirty = False


@contextmanager
def bulk_write_settings() -> Iterator[None]:
    """A larger SQLite page cache on this connection while it writes many rows (restored after).

    Used by the import of a large file, and by bench/import.py's raw load so both run alike.
    """
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    (before,) = raw.execute("PRAGMA cache_size").fetchone()
    raw.execute(f"PRAGMA cache_size = -{int(BULK_CACHE_KIB)}")
    try:
        yield
    finally:
        if connection.connection is raw:
            raw.execute(f"PRAGMA cache_size = {int(before)}")


# -- the bulk path's indexes --------------------------------------------------------------------------

_BULK_TABLES = (Person._meta.db_table, Household._meta.db_table)


def secondary_indexes() -> list[list[str]]:
    """[name, CREATE statement] of the non-unique indexes of people and households, from the catalog.

    Unique indexes (CCCD, household number, primary keys) stay: they are rules, not only speed.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN (%s, %s) "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %%' ORDER BY name",
                list(_BULK_TABLES),
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "WHERE t.relname IN (%s, %s) AND pg_table_is_visible(t.oid) AND NOT x.indisunique "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY i.relname",
                list(_BULK_TABLES),
            )
        else:
            return []
        return [[name, sql] for name, sql in cursor.fetchall()]


def _fire_deferred_checks() -> None:
    """PostgreSQL refuses to create or drop an index of a table with deferred foreign-key checks
    pending; inside an outer transaction (a test, a caller's atomic block) run them now."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        connection.check_constraints()


def drop_indexes(indexes: list[list[str]]) -> None:
    qn = connection.ops.quote_name
    _fire_deferred_checks()
    with connection.cursor() as cursor:
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {qn(name)}")


def restore_indexes(indexes: list[list[str]]) -> None:
    """Create the indexes of `indexes` that are missing, from their saved statements (idempotent)."""
    present = {name for name, _sql in secondary_indexes()}
    missing = [sql for name, sql in indexes if name not in present]
    if not missing:
        return
    _fire_deferred_checks()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA threads = 2")  # CREATE INDEX sorts with a helper thread
        try:
            for sql in missing:
                cursor.execute(sql)
        finally:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA threads = 0")


def _restore_after_failure(indexes: list[list[str]]) -> None:
    """After an error in the bulk path: rebuild the indexes now if the connection still works.

    If it does not (or the process was killed), running the job again rebuilds them.
    """
    try:
        if connection.in_atomic_block and connection.needs_rollback:
            return
        with transaction.atomic():  # a savepoint inside an outer transaction: a failure here spoils nothing
            restore_indexes(indexes)
    except Exception:  # noqa: S110 - the job's own error is the one to report
        pass


def unset_defaults(model: type[Model], columns: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """The NOT NULL columns a raw INSERT of `columns` leaves out, with their model defaults.

    Django applies defaults in Python, not in the schema: a plain INSERT must name them. Fields
    added later (e.g. by sign-up) get theirs without touching the import.
    """
    names: list[str] = []
    values: list[Any] = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in columns or field.null:
            continue
        if not field.has_default():
            raise ImproperlyConfigured(f"{model.__name__}.{field.name} has no default: the roster import must set it")
        names.append(field.column or field.attname)
        values.append(field.get_db_prep_save(field.get_default(), connection))
    return tuple(names), tuple(values)


def _refresh_statistics() -> None:
    """Planner statistics for the tables a large import filled (sampled: ~0.1 s at 1M people)."""
    tables = [connection.ops.quote_name(m._meta.db_table) for m in (Household, Person)]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


_HOUSEHOLD_COLUMNS = (
    "commune_id",
    "hamlet_id",
    "code",
    "address",
    "is_poor",
    "is_near_poor",
    "created_at",
    "updated_at",
)
_NEW_PERSON_INSERT = (*NEW_PERSON_COLUMNS, "hamlet_id", "household_id", "commune_id", "created_at", "updated_at")
_person_tuple = itemgetter(*_PERSON_COLUMNS)
_BIRTH_DATE = _PERSON_COLUMNS.index("birth_date")


def _person_values(record: dict[str, Any], adapt_date: Callable[[Any], Any]) -> tuple[Any, ...]:
    values = _person_tuple(record)
    if values[_BIRTH_DATE] is None:
        return values
    birth = adapt_date(values[_BIRTH_DATE])
    return (*values[:_BIRTH_DATE], birth, *values[_BIRTH_DATE + 1 :])


_SELECT_COLUMNS = ("id", "commune_id", "name_folded", *_PERSON_COLUMNS)


def _select_people(
    column: str, values: list[Any], *, commune: int | None = None, extra: str = ""
) -> list[dict[str, Any]]:
    """People whose `column` is in `values` (batched IN queries), as dicts of _SELECT_COLUMNS.

    Plain SQL: the ORM's per-parameter preparation and per-row converters cost more than the query.
    """
    qn = connection.ops.quote_name
    found: list[dict[str, Any]] = []
    if not values:
        return found
    head = f"SELECT {', '.join(qn(c) for c in _SELECT_COLUMNS)} FROM {qn(Person._meta.db_table)} WHERE "  # noqa: S608
    where_commune = " AND commune_id = %s" if commune is not None else ""
    with connection.cursor() as cursor:
        for part in _parts(values, 2000):
            params: list[Any] = [*part, commune] if commune is not None else list(part)
            cursor.execute(
                f"{head}{qn(column)} IN ({', '.join(['%s'] * len(part))}){where_commune}{extra} ORDER BY id", params
            )
            for row in cursor.fetchall():
                p = dict(zip(_SELECT_COLUMNS, row, strict=True))
                if isinstance(p["birth_date"], str):  # SQLite returns dates as text
                    p["birth_date"] = date.fromisoformat(p["birth_date"])
                p["has_digital_bank_account"] = bool(p["has_digital_bank_account"])
                found.append(p)
    return found


def _parts(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _insert(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[int]:
    """Insert rows and return their ids, in order.

    SQLite: one executemany on the driver's cursor, then the ids from the table's AUTOINCREMENT
    counter (the transaction holds the write lock, so the new ids are consecutive). Elsewhere: a
    multi-row INSERT ... RETURNING id (PostgreSQL returns ids in row order).
    """
    if not rows:
        return []
    qn = connection.ops.quote_name
    if connection.vendor == "sqlite":
        # Multi-row VALUES (SQLITE_INSERT_ROWS a statement): a third less CPU than executemany, which
        # runs the statement, and updates the AUTOINCREMENT counter, once per row.
        connection.ensure_connection()
        raw = connection.connection.cursor()  # no Django wrapper: its "%s" -> "?" rewrite costs more
        head = f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) VALUES "  # noqa: S608 (model metadata)
        one = "(" + ", ".join(["?"] * len(columns)) + ")"
        per = SQLITE_INSERT_ROWS
        full = head + ", ".join([one] * per)
        flat = chain.from_iterable
        try:
            whole = len(rows) - len(rows) % per
            for i in range(0, whole, per):
                raw.execute(full, list(flat(rows[i : i + per])))
            if whole < len(rows):
                rest = rows[whole:]
                raw.execute(head + ", ".join([one] * len(rest)), list(flat(rest)))
            (last,) = raw.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
        finally:
            raw.close()
        return list(range(last - len(rows) + 1, last + 1))
    per = max(1, min(500, 30000 // len(columns)))
    head = f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) VALUES "  # noqa: S608 (model metadata)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    ids: list[int] = []
    with connection.cursor() as cursor:
        for i in range(0, len(rows), per):
            batch = rows[i : i + per]
            cursor.execute(
                head + ", ".join([one] * len(batch)) + f" RETURNING {qn('id')}", [v for r in batch for v in r]
            )
            ids.extend(r[0] for r in cursor.fetchall())
    return ids
