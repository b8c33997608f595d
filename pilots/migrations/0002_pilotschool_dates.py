"""Issue 17.4: a school's membership of a pilot has a start date and, once it left, an end date.

Existing memberships start on the earliest of the pilot's first phase and the first registration at the school in
the pilot, so that none of their trajectories falls outside them; a membership with neither starts on the day of
the migration. None has an end date: the schools that took part still do."""

import django.db.models
from django.db import migrations, models
from django.utils import timezone


def fill_start_dates(apps, schema_editor):
    PilotSchool = apps.get_model("pilots", "PilotSchool")
    PilotPhase = apps.get_model("pilots", "PilotPhase")
    Trajectory = apps.get_model("trajecten", "Trajectory")
    first_phase = dict(
        PilotPhase.objects.order_by().values("pilot_id").annotate(first=models.Min("start_date"))
        .values_list("pilot_id", "first")
    )
    first_registration = {
        (row["pilot_id"], row["school_id"]): timezone.localtime(row["first"]).date()
        for row in Trajectory.objects.order_by().values("pilot_id", "school_id")
        .annotate(first=models.Min("registered_at"))
    }
    today = timezone.localdate()
    links = list(PilotSchool.objects.all())
    for link in links:
        known = [day for day in (first_phase.get(link.pilot_id), first_registration.get((link.pilot_id, link.school_id)))
                 if day is not None]
        link.start_date = min(known) if known else today
    PilotSchool.objects.bulk_update(links, ["start_date"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('pilots', '0001_initial'),
        ('trajecten', '0016_handover'),
    ]

    operations = [
        migrations.AddField(
            model_name='pilotschool',
            name='start_date',
            field=models.DateField(null=True, verbose_name='doet mee vanaf'),
        ),
        migrations.AddField(
            model_name='pilotschool',
            name='end_date',
            field=models.DateField(blank=True, help_text='Leeg zolang de school meedoet. Haar trajecten en cijfers van daarvoor blijven bewaard.', null=True, verbose_name='doet mee tot en met'),
        ),
        migrations.RunPython(fill_start_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='pilotschool',
            name='start_date',
            field=models.DateField(verbose_name='doet mee vanaf'),
        ),
        migrations.AddConstraint(
            model_name='pilotschool',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('end_date__gte', django.db.models.expressions.F('start_date')), _connector='OR'), name='pilotschool_dates_in_order'),
        ),
    ]
