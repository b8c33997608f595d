from django.db import migrations, models


class Migration(migrations.Migration):
    """The caseload's index holds the end date too: the caseload sorts closed trajectories by it, and the nazorg
    tasks are those of trajectories that ended within the retention period."""

    dependencies = [
        ('trajecten', '0016_handover'),
    ]

    operations = [
        migrations.RemoveIndex(model_name='trajectory', name='trajectory_caseload'),
        migrations.AddIndex(
            model_name='trajectory',
            index=models.Index(fields=['coach', 'pilot'], include=('status', 'end_date', 'registered_at', 'id'),
                               name='trajectory_caseload'),
        ),
    ]
