import datetime
import uuid

from django.db import migrations

ALL_MONTHS = datetime.date(1900, 1, 1)  # summary.ALL_MONTHS, frozen here


def clear_and_mark_stale(apps, schema_editor):
    """The summary gains rows per school (0006): the old rows go, and every pilot is marked stale in all its
    months, so that `refresh_figures --stale` (the timer) or `refresh_figures` builds both kinds of rows.

    The instance-wide histogram goes too: it is the sum of the pilots' rows, and a rebuild adds to it."""
    for name in ("PilotMonth", "PilotMonthCount", "PilotMonthLeadTime", "InstanceMonthLeadTime"):
        apps.get_model("dashboards", name).objects.all().delete()
    Pilot = apps.get_model("pilots", "Pilot")
    StaleMonth = apps.get_model("dashboards", "StaleMonth")
    StaleMonth.objects.bulk_create(
        [StaleMonth(pilot_id=pk, month=ALL_MONTHS, mark=uuid.uuid4().hex)
         for pk in Pilot.objects.values_list("pk", flat=True)],
        update_conflicts=True, unique_fields=["pilot", "month"], update_fields=["mark"],
    )


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0004_stale_month_mark"), ("pilots", "0001_initial")]

    operations = [migrations.RunPython(clear_and_mark_stale, migrations.RunPython.noop)]
