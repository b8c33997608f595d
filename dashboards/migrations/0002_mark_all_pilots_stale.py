import datetime

from django.db import migrations

ALL_MONTHS = datetime.date(1900, 1, 1)  # summary.ALL_MONTHS, frozen here


def mark_all_stale(apps, schema_editor):
    """The summary starts empty: every existing pilot's figures are built on the first dashboard read."""
    Pilot = apps.get_model("pilots", "Pilot")
    StaleMonth = apps.get_model("dashboards", "StaleMonth")
    StaleMonth.objects.bulk_create(
        [StaleMonth(pilot_id=pk, month=ALL_MONTHS) for pk in Pilot.objects.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0001_initial")]

    operations = [migrations.RunPython(mark_all_stale, migrations.RunPython.noop)]
