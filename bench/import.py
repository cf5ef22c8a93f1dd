"""Roster import benchmark (issue 2 section 7).

  python bench/import.py --people 1000000     # CSV: import vs plain executemany, ratio, RSS
  python bench/import.py --xlsx-rows 100000   # XLSX: import time and RSS

Each measurement runs in a fresh SQLite database (a temporary HOCVUSO_DATA_DIR, migrated, units
loaded) inside a child process, so its peak RSS (resource.getrusage) is its own. The CSV comes
from hocvuso.people.demo (Vietnamese and Khmer names, households, valid CCCDs) for one commune,
with a title block above the table as communes write it; hamlets are created by the import
(--create-hamlets). The raw load inserts the same rows, parsed beforehand and not timed, into the
same schema (hamlets, households, people, household heads) with plain executemany.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COMMUNE = 29242  # Phường Trà Vinh
SEED = 67


def _django(data_dir: str) -> None:
    os.environ["HOCVUSO_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["HOCVUSO_INPROCESS_JOBS"] = "sync"
    os.environ["DEBUG"] = "0"  # as deployed: DEBUG=1 makes Django format every query for its log
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def _rows(n: int):  # type: ignore[no-untyped-def]
    from hocvuso.lib import ethnicity
    from hocvuso.people.demo import iter_synthetic_people
    from hocvuso.people.roster import columns as col

    for i, p in enumerate(iter_synthetic_people(n, SEED, [COMMUNE]), start=1):
        birth = p["birth_date"].strftime("%d/%m/%Y") if p["birth_date"] else str(p["birth_year"])
        poor = {"poor": col.POOR_LABEL, "near_poor": col.NEAR_POOR_LABEL}.get(p["household_poor"], "")
        yield (
            p,
            [
                i,
                p["full_name"],
                p["national_id"],
                birth,
                col.SEX_LABELS[p["sex"]],
                ethnicity.NAMES[p["ethnicity"]],
                p["phone"],
                p["hamlet_name"],
                p["household_code"],
                p["address"],
                col.HEAD_LABEL if p["is_household_head"] else "",
                poor,
                col.DISABILITY_LABELS.get(p["disability"], ""),
                col.VNEID_LABELS[p["vneid_level"]],
                col.BOOL_LABELS[p["has_digital_bank_account"]],
            ],
        )


def _title() -> list[list[str]]:
    return [
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["Độc lập - Tự do - Hạnh phúc"],
        [],
        ["DANH SÁCH NGƯỜI DÂN PHƯỜNG TRÀ VINH"],
        [],
    ]


def _headers() -> list[str]:
    from hocvuso.people.roster import columns as col

    return [h for _f, h in col.EXPORT_HEADERS]


def prepare(data_dir: str) -> None:
    """Child: a fresh database with migrations and the official units."""
    _django(data_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_units", verbosity=0)


def write_csv(path: str, n: int, data_dir: str) -> None:
    _django(data_dir)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerows(_title())
        w.writerow(_headers())
        for _p, row in _rows(n):
            w.writerow(row)


def write_xlsx(path: str, n: int, data_dir: str) -> None:
    _django(data_dir)
    import xlsxwriter

    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("Danh sách")
    r = 0
    for r, row in enumerate(_title()):
        sheet.write_row(r, 0, row)
    sheet.write_row(r + 1, 0, _headers())
    for i, (_p, row) in enumerate(_rows(n), start=r + 2):
        sheet.write_row(i, 0, row)
    book.close()


def child_import(data_dir: str, path: str) -> dict[str, object]:
    _django(data_dir)
    from hocvuso.geo.models import Commune
    from hocvuso.people.roster_import import create_import_job, run_import

    sampler = _PssSampler()
    sampler.start()
    t0 = time.perf_counter()
    c0 = _cpu()
    with open(path, "rb") as fh:
        job = create_import_job(
            commune=Commune.objects.get(code=COMMUNE),
            file=fh,
            original_name=Path(path).name,
            user=None,
            create_hamlets=True,
        )
    job = run_import(job.pk)
    seconds = time.perf_counter() - t0
    sampler.stop()
    return {
        "seconds": seconds,
        "cpu": _cpu() - c0,
        "pss_total_mib": sampler.peak_kib / 1024,
        "status": job.status,
        "counts": [job.created, job.updated, job.unchanged, job.rejected],
        "rss_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_workers_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _pss_kib(pid: int) -> int:
    """Proportional set size of a process (shared pages divided among the processes sharing them)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass  # the process has just ended
    return 0


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                kids += [int(k) for k in fh.read().split()]
    except OSError:
        pass
    return kids


class _PssSampler(threading.Thread):
    """Peak memory of the whole import, the importer and its cleaning workers together, sampled every
    0.25 s as the sum of their PSS: forked workers share the importer's pages (Django, the code), which
    their RSS each count in full and PSS counts once."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kib = 0
        self._done = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self._done.wait(0.25):
            total = _pss_kib(me) + sum(_pss_kib(k) for k in _children(me))
            self.peak_kib = max(self.peak_kib, total)

    def stop(self) -> None:
        self._done.set()
        self.join()


def child_raw(data_dir: str, n: int) -> dict[str, object]:
    """Plain executemany of the same rows, parsed (not timed) into the columns the import writes."""
    _django(data_dir)
    from django.db import connection, transaction
    from django.utils import timezone

    from hocvuso.lib.text import fold, hamlet_key, nfc
    from hocvuso.people.models import Household, Person
    from hocvuso.people.roster.reader import RosterFile
    from hocvuso.people.roster.rows import iter_chunks
    from hocvuso.people.roster_import import bulk_write_settings, unset_defaults

    path = os.environ["BENCH_CSV"]
    roster = RosterFile(path)
    layout = roster.layout()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    hamlets: dict[str, int] = {}
    households: dict[str, int] = {}
    hh_rows, people, heads = [], [], []
    for rows, _n in iter_chunks(path, layout, timezone.localdate(), size=5000):
        for r in rows:
            hid = hamlets.setdefault(r.hamlet_key, len(hamlets) + 1)
            if r.household_code not in households:
                households[r.household_code] = len(households) + 1
                hh_rows.append(
                    (
                        households[r.household_code],
                        COMMUNE,
                        hid,
                        r.household_code,
                        r.address,
                        r.poverty == "poor",
                        r.poverty == "near_poor",
                        now,
                        now,
                    )
                )
            p = r.person
            pid = len(people) + 1
            people.append(
                (
                    pid,
                    p["full_name"],
                    p["national_id"],
                    connection.ops.adapt_datefield_value(p["birth_date"]),
                    p["birth_year"],
                    p["sex"],
                    p["ethnicity"],
                    p.get("phone", ""),
                    hid,
                    households[r.household_code],
                    p.get("disability", ""),
                    p.get("vneid_level", 0),
                    p.get("has_digital_bank_account", False),
                    COMMUNE,
                    r.name_folded,
                    r.given_folded,
                    now,
                    now,
                )
            )
            if r.is_head:
                heads.append((pid, households[r.household_code]))
    names = {key: nfc(key) for key in hamlets}
    hh_columns = "id, commune_id, hamlet_id, code, address, is_poor, is_near_poor, created_at, updated_at"
    person_columns = (
        "id, full_name, national_id, birth_date, birth_year, sex, ethnicity, phone, hamlet_id, household_id, "
        "disability, vneid_level, has_digital_bank_account, commune_id, name_folded, given_folded, created_at, updated_at"
    )
    # NOT NULL columns with a Python-side default (e.g. the sign-up flags): the same constants as the import
    hh_more, hh_extra = unset_defaults(Household, tuple(hh_columns.split(", ")))
    person_more, person_extra = unset_defaults(Person, tuple(person_columns.split(", ")))
    hh_rows = [(*r, *hh_extra) for r in hh_rows]
    people = [(*r, *person_extra) for r in people]
    hh_sql = f"INSERT INTO people_household ({', '.join((hh_columns, *hh_more))}) VALUES ({', '.join(['%s'] * len(hh_rows[0]))})"
    person_sql = (
        f"INSERT INTO people_person ({', '.join((person_columns, *person_more))}) "
        f"VALUES ({', '.join(['%s'] * len(people[0]))})"
    )
    t0 = time.perf_counter()
    c0 = _cpu()
    # the same connection settings as the import (page cache of a large write)
    with bulk_write_settings(), transaction.atomic(), connection.cursor() as c:
        c.executemany(
            "INSERT INTO geo_hamlet (id, commune_id, name, name_folded, kind, created_at) VALUES (%s,%s,%s,%s,%s,%s)",
            [(hid, COMMUNE, names[k], hamlet_key(k) or fold(k), "ap", now) for k, hid in hamlets.items()],
        )
        c.executemany(hh_sql, hh_rows)
        c.executemany(person_sql, people)
        c.executemany("UPDATE people_household SET head_id = %s WHERE id = %s", heads)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "cpu": _cpu() - c0, "people": len(people), "households": len(hh_rows)}


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the cleaning workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} {five:.1f} {fifteen:.1f}"


def _child(*args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=0, help="rows of the CSV benchmark")
    ap.add_argument("--xlsx-rows", type=int, default=0, help="rows of the XLSX benchmark")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        kind, *rest = a.child
        result: dict[str, object] = {}
        if kind == "prepare":
            prepare(rest[0])
        elif kind == "csv":
            write_csv(rest[1], int(rest[2]), rest[0])
        elif kind == "xlsx":
            write_xlsx(rest[1], int(rest[2]), rest[0])
        elif kind == "import":
            result = child_import(rest[0], rest[1])
        elif kind == "raw":
            result = child_raw(rest[0], int(rest[1]))
        print(json.dumps(result))
        return
    if not (a.people or a.xlsx_rows):
        ap.error("give --people N and/or --xlsx-rows N")
    tmp = tempfile.mkdtemp(prefix="hocvuso-bench-")
    try:
        base = os.path.join(tmp, "base")
        _child("prepare", base)
        print(
            f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
        )
        if a.people:
            _bench_csv(tmp, base, a.people)
        if a.xlsx_rows:
            _bench_xlsx(tmp, base, a.xlsx_rows)
    finally:
        if a.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _fresh(tmp: str, base: str, name: str) -> str:
    target = os.path.join(tmp, name)
    shutil.copytree(base, target)
    return target


def _bench_csv(tmp: str, base: str, n: int) -> None:
    path = os.path.join(tmp, f"roster-{n}.csv")
    t0 = time.perf_counter()
    _child("csv", base, path, str(n))
    size = os.path.getsize(path) / 2**20
    print(f"generated {n:,} rows in {time.perf_counter() - t0:.1f} s ({size:.0f} MiB CSV)")
    imp = _child("import", _fresh(tmp, base, "import"), path)
    raw = _child("raw", _fresh(tmp, base, "raw"), str(n), env={"BENCH_CSV": path})
    ti, tr = float(imp["seconds"]), float(raw["seconds"])  # type: ignore[arg-type]
    print(
        f"import: {ti:.1f} s, {n / ti:,.0f} people/s, CPU {imp['cpu']:.1f} s, status {imp['status']}, "
        f"created/updated/unchanged/rejected {imp['counts']}; {_load()}"
    )
    print(
        f"import peak RSS: {imp['rss_self_mib']:.0f} MiB (importer), {imp['rss_workers_mib']:.0f} MiB (largest cleaning worker); "
        f"peak memory of importer + workers together (sum of PSS): {imp['pss_total_mib']:.0f} MiB"
    )
    print(
        f"raw executemany: {tr:.1f} s, {n / tr:,.0f} people/s, CPU {raw['cpu']:.1f} s "
        f"({raw['households']:,} households); {_load()}"
    )
    print(f"ratio {ti / tr:.2f}")


def _bench_xlsx(tmp: str, base: str, n: int) -> None:
    path = os.path.join(tmp, f"roster-{n}.xlsx")
    t0 = time.perf_counter()
    _child("xlsx", base, path, str(n))
    print(f"generated {n:,}-row XLSX in {time.perf_counter() - t0:.1f} s ({os.path.getsize(path) / 2**20:.0f} MiB)")
    imp = _child("import", _fresh(tmp, base, "xlsx"), path)
    ti = float(imp["seconds"])  # type: ignore[arg-type]
    print(
        f"xlsx import: {ti:.1f} s, {n / ti:,.0f} people/s, CPU {imp['cpu']:.1f} s, status {imp['status']}, "
        f"counts {imp['counts']}, peak RSS {imp['rss_self_mib']:.0f} MiB "
        f"(largest cleaning worker {imp['rss_workers_mib']:.0f} MiB); importer + workers together (sum of PSS) "
        f"{imp['pss_total_mib']:.0f} MiB"
    )


if __name__ == "__main__":
    main()
