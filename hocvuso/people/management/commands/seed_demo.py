"""python manage.py seed_demo --people N --seed S [--if-empty]: the demo population of the campaign area."""

from __future__ import annotations

import resource
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hocvuso.people.demo import SeedError, seed_demo


class Command(BaseCommand):
    help = (
        "Load a deterministic synthetic population of the campaign area (hamlets, households, people, "
        "organisations with members) and one demo login per role. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=3000, help="how many people (default 3000)")
        parser.add_argument("--seed", type=int, default=67, help="random seed; the same seed gives the same data")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when the roster already has people")
        parser.add_argument("--hamlets-per-commune", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["people"] < 0:
            raise CommandError(_("--people must be zero or more."))
        if options["hamlets_per_commune"] < 1:
            raise CommandError(_("--hamlets-per-commune must be at least 1."))
        started = time.perf_counter()
        verbose = options["verbosity"] >= 2
        last = [started]

        def progress(done: int) -> None:
            now = time.perf_counter()
            if verbose or now - last[0] >= 10:
                last[0] = now
                self.stdout.write(
                    _("  %(done)d people (%(rate).0f a second)") % {"done": done, "rate": done / (now - started)}
                )

        try:
            result = seed_demo(
                people=options["people"],
                seed=options["seed"],
                if_empty=options["if_empty"],
                hamlets_per_commune=options["hamlets_per_commune"],
                progress=progress,
            )
        except SeedError as exc:
            raise CommandError(str(exc)) from exc
        if result.skipped:
            self.stdout.write(_("The roster already has people, so the demo data was left as it is (--if-empty)."))
            return
        seconds = time.perf_counter() - started
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            _(
                "Created %(hamlets)d hamlets, %(organisations)d organisations, %(households)d households, "
                "%(people)d people, %(memberships)d memberships and %(accounts)d demo accounts "
                "in %(seconds).1f s (peak memory %(mib).0f MiB)."
            )
            % {
                "hamlets": result.hamlets,
                "organisations": result.organisations,
                "households": result.households,
                "people": result.people,
                "memberships": result.memberships,
                "accounts": result.accounts,
                "seconds": seconds,
                "mib": peak_mib,
            }
        )
