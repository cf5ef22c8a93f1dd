"""The plan's default targets (plan 67 section II, and III.4.d / III.5.a for the models) as province
defaults. Frozen here: later changes to the registry's defaults load through `fill_kpi`."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = {
    "staff_skills": {2025: 80, 2026: 100},
    "primary_pupils_skills": {2025: 100, 2026: 100},
    "secondary_students_skills": {2025: 100, 2026: 100},
    "students_specialised": {2026: 50},
    "adults_skills": {2025: 80, 2026: 100},
    "adults_vneid_certified": {2025: 40, 2026: 60},
    "workers_skills": {2025: 80, 2026: 100},
    "learners_per_mentor": {2025: 5, 2026: 5},
    "communes_with_support_person": {2025: 100, 2026: 100},
    "sessions_held": {2025: 100, 2026: 100},
}


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    Target = apps.get_model("kpi", "Target")
    for indicator, years in DEFAULTS.items():
        for year, value in years.items():
            Target.objects.get_or_create(
                indicator=indicator, year=year, unit_id=None, defaults={"level": "province", "value": Decimal(value)}
            )


class Migration(migrations.Migration):
    dependencies = [("kpi", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
