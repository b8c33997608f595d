from django.db import migrations

CONCERN_AREAS = [
    "gedrag",
    "sociaal-emotioneel",
    "leren",
    "taal/spraak",
    "motoriek",
    "ontwikkeling jonge kind",
    "thuissituatie",
    "werkhouding",
]


def add_concern_areas(apps, schema_editor):
    ConcernArea = apps.get_model("trajecten", "ConcernArea")
    for order, name in enumerate(CONCERN_AREAS, start=1):
        ConcernArea.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("trajecten", "0001_initial")]

    operations = [migrations.RunPython(add_concern_areas, migrations.RunPython.noop)]
