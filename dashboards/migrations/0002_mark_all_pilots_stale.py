from django.db import migrations


def mark_all_stale(apps, schema_editor):
    """The summary starts empty: every existing pilot's figures are built on the first dashboard read."""
    Pilot = apps.get_model("pilots", "Pilot")
    StalePilot = apps.get_model("dashboards", "StalePilot")
    StalePilot.objects.bulk_create([StalePilot(pilot_id=pk) for pk in Pilot.objects.values_list("pk", flat=True)],
                                   ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0001_initial")]

    operations = [migrations.RunPython(mark_all_stale, migrations.RunPython.noop)]
