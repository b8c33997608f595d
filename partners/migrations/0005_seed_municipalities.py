from django.db import migrations

# The shipped list as it stands: a later correction there reaches a fresh database, not one already migrated.
from partners.municipalities import shipped


def seed(apps, schema_editor):
    """Every municipality of the shipped CBS list; one the beheerder already added keeps its name."""
    Municipality = apps.get_model("partners", "Municipality")
    Municipality.objects.bulk_create([Municipality(code=code, name=name) for code, name in shipped()],
                                     ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_municipality")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
