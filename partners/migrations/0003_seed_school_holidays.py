from django.db import migrations

# The shipped data as it stands: a later correction there reaches a fresh database, not one already migrated.
from partners.school_holidays import NOORD, MIDDEN, ZUID, shipped

# The municipalities as schools named them then, in free text (partners.school_holidays now maps CBS codes).
REGION_BY_MUNICIPALITY = {
    "Rotterdam": MIDDEN,
    "Eemsdelta": NOORD, "Delfzijl": NOORD, "Appingedam": NOORD, "Loppersum": NOORD,
    "Dronten": NOORD, "Lelystad": NOORD, "Almere": NOORD, "Flevoland": NOORD,
    "Someren": ZUID, "Meierijstad": ZUID,
}


def seed(apps, schema_editor):
    """The shipped school holidays, and the holiday region of existing schools in the municipalities the portal knows
    (every other school keeps the default, midden, until the beheerder sets it)."""
    SchoolHoliday = apps.get_model("partners", "SchoolHoliday")
    School = apps.get_model("partners", "School")
    SchoolHoliday.objects.bulk_create(
        [SchoolHoliday(region=region, school_year=year, name=name, first_day=first, last_day=last)
         for region, year, name, first, last in shipped()],
        ignore_conflicts=True,
    )
    for municipality, region in REGION_BY_MUNICIPALITY.items():
        School.objects.filter(municipality=municipality).update(holiday_region=region)


class Migration(migrations.Migration):
    dependencies = [("partners", "0002_school_holidays")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
