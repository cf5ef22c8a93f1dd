from django.core.management.base import BaseCommand

from hocvuso.geo.services import load_units, resolve_area


class Command(BaseCommand):
    help = "Load provinces and communes/wards from vietnam-provinces and mark the campaign area (idempotent)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--area", default=None, help="HOCVUSO_AREA spec; defaults to the setting")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        area = resolve_area(options["area"])
        provinces, communes = load_units(area)
        self.stdout.write(
            f"{provinces} provinces, {communes} communes/wards; "
            f"campaign area {area.name}: {len(area.commune_codes)} units"
        )
