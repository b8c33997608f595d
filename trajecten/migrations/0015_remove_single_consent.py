from django.db import migrations


class Migration(migrations.Migration):
    """The consent on the trajectory itself gave way to the ledger (0011, filled by 0012). Its constraints went in
    0011, so that reversing goes back through 0012's backwards before they return. 'Active needs consent' spans
    tables now: workflow.require_consent keeps it (tests/trajecten/test_consent_ledger.py)."""

    dependencies = [
        ("trajecten", "0014_consent_to_ledger"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='trajectory',
            name='consent_by',
        ),
        migrations.RemoveField(
            model_name='trajectory',
            name='consent_date',
        ),
        migrations.RemoveField(
            model_name='trajectory',
            name='consent_given',
        ),
        migrations.RemoveField(
            model_name='trajectory',
            name='consent_purposes',
        ),
    ]
