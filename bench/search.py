"""Search benchmark at 1,000,000 people (issue 2 section 3: "fast at 1M people").

  python bench/search.py                      # seed 1,000,000 people into a fresh SQLite DB, then measure
  python bench/search.py --people 200000      # a smaller population
  python bench/search.py --db var/hocvuso.sqlite3   # reuse a seeded database (read only)

The population comes from `seed_demo` (the seeding time and peak RSS are printed too). Each query
runs the way the people list and the API run it: people_visible_to(user) -> search_people ->
order_by("name_folded", "pk") -> first page of 25 (+1 to know whether more follow), with the
commune and hamlet joined, once province-wide (the province administrator) and once for one commune
(the commune officer). The baseline, measured in the same run on the same rows, is the plain way:
a case-insensitive substring scan (icontains) of full_name, national_id or phone. p50/p95 over
--repeat runs after one warm-up; ratio = baseline p50 / search p50.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ms, peak_rss_mib, percentile, setup_django, timed

PAGE = 25


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=67)
    parser.add_argument("--db", help="an existing SQLite database seeded with seed_demo; it is only read")
    parser.add_argument("--data-dir", help="where the fresh database goes (default: a temporary directory)")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs of each search")
    parser.add_argument("--baseline-repeat", type=int, default=5, help="timed runs of each baseline scan")
    parser.add_argument("--explain", action="store_true", help="print SQLite's query plan of each search")
    args = parser.parse_args()

    os.environ["DEBUG"] = "0"  # as deployed: DEBUG=1 makes Django keep every query for its log
    os.environ.pop("DATABASE_URL", None)
    data_dir = setup_django(data_dir=args.data_dir, sqlite_path=args.db)

    from django.core.management import call_command
    from django.db import connection

    from hocvuso.accounts.models import User
    from hocvuso.geo.selectors import campaign_communes
    from hocvuso.people.demo import DEMO_ACCOUNTS, DEMO_COMMUNE, ensure_demo_accounts, seed_demo
    from hocvuso.people.models import Person
    from hocvuso.people.permissions import people_visible_to
    from hocvuso.people.selectors import search_people

    print(f"database: {connection.settings_dict['NAME']}")
    if not args.db:
        call_command("migrate", verbosity=0)
        call_command("load_units", verbosity=0)
        started = time.perf_counter()
        result = seed_demo(people=args.people, seed=args.seed)
        seconds = time.perf_counter() - started
        size = Path(connection.settings_dict["NAME"]).stat().st_size / 2**20
        print(
            f"seed_demo --people {args.people:,}: {seconds:.1f} s, {result.people / seconds:,.0f} people/s, "
            f"{result.households:,} households, {result.memberships:,} memberships, "
            f"peak RSS {peak_rss_mib():.0f} MiB, database {size:,.0f} MiB ({data_dir})"
        )
    total = Person.objects.count()
    print(f"people in the database: {total:,}")
    if not User.objects.filter(username=DEMO_ACCOUNTS[0].username).exists():
        ensure_demo_accounts(list(campaign_communes()))
    by_kind = {a.kind: User.objects.get(username=a.username) for a in DEMO_ACCOUNTS}
    scopes = {
        "province": people_visible_to(by_kind["province_admin"]),
        "commune": people_visible_to(by_kind["commune_officer"]),
    }
    sample = Person.objects.filter(commune_id=DEMO_COMMUNE).exclude(phone="").order_by("pk")
    someone = sample[min(1000, sample.count() - 1)]
    # (label, what an officer types, baseline filter: the substring scan that would find the same people)
    queries = [
        ("full name", "nguyen van hung", {"full_name__icontains": "Nguyễn Văn Hùng"}),
        ("family name", "nguyen", {"full_name__icontains": "Nguyễn"}),
        ("family + middle", "thach thi", {"full_name__icontains": "Thạch Thị"}),
        ("given name", "khang", {"full_name__icontains": "Khang"}),
        ("Khmer given name", "sa rinh", {"full_name__icontains": "Sa Rinh"}),
        ("CCCD", someone.national_id, {"national_id__icontains": someone.national_id}),
        ("phone", someone.phone, {"phone__icontains": someone.phone}),
    ]

    def page(qs):  # type: ignore[no-untyped-def]
        return lambda: list(qs.order_by("name_folded", "pk").select_related("commune", "hamlet")[: PAGE + 1])

    print(f"\nfirst page of {PAGE}, {args.repeat} runs (baseline {args.baseline_repeat}); times in ms")
    header = (
        f"{'query':<17} {'scope':<9} {'rows':>5} {'p50':>8} {'p95':>8} {'base p50':>9} {'base p95':>9} {'ratio':>8}"
    )
    print(header)
    print("-" * len(header))
    worst = 0.0
    for label, typed, baseline in queries:
        for scope_name, scope in scopes.items():
            search_qs = search_people(scope, typed)
            base_qs = scope.filter(**baseline)
            rows = len(page(search_qs)())
            base_rows = len(page(base_qs)())
            t = timed(page(search_qs), args.repeat)
            b = timed(page(base_qs), args.baseline_repeat)
            p50, p95, b50, b95 = percentile(t, 50), percentile(t, 95), percentile(b, 50), percentile(b, 95)
            worst = max(worst, p95)
            flag = "" if rows == base_rows else f"  (baseline found {base_rows})"
            print(
                f"{label:<17} {scope_name:<9} {rows:>5} {ms(p50)} {ms(p95)} {ms(b50):>9} {ms(b95):>9} "
                f"{b50 / p50:>7.1f}x{flag}"
            )
            if args.explain:
                sql, params = search_qs.order_by("name_folded", "pk")[: PAGE + 1].query.sql_with_params()
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                    for row in cursor.fetchall():
                        print(f"    plan: {row[-1]}")
    print(f"\nslowest search p95: {worst * 1000:.1f} ms over {total:,} people; peak RSS {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
