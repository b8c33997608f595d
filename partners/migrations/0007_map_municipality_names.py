from collections import defaultdict

from django.db import migrations

# The names as they stand: a later addition there reaches a database not yet migrated, not one already migrated.
# The shipped list too, for a database whose list was emptied after 0005 (ensure_shipped).
from partners.municipalities import FORMER_NAMES, ensure_shipped


class UnknownMunicipality(Exception):
    pass


def _key(text):
    return " ".join(text.split()).casefold()


def map_names(apps, schema_editor):
    """Each school's and organisation's free-text municipality becomes the municipality of that name (any case), or
    the one a former municipality merged into (Delfzijl, Appingedam and Loppersum: Eemsdelta). A name that is neither
    stops the migration, naming every such name and where it stands: a school's municipality is never guessed nor
    dropped."""
    Municipality = apps.get_model("partners", "Municipality")
    ensure_shipped(Municipality)
    codes = {_key(name): code for code, name in Municipality.objects.values_list("code", "name")}
    known = set(codes.values())
    codes.update({name: code for name, code in FORMER_NAMES.items() if code in known and name not in codes})
    unknown = defaultdict(list)
    for model_name, label in (("School", "school"), ("Organisation", "organisatie")):
        model = apps.get_model("partners", model_name)
        for text in model.objects.order_by().values_list("municipality", flat=True).distinct():
            if not text.strip() and model_name == "Organisation":
                continue
            code = codes.get(_key(text))
            if code is None:
                unknown[text].extend(f"{label} {name}" for name in
                                     model.objects.filter(municipality=text).values_list("name", flat=True))
            else:
                model.objects.filter(municipality=text).update(cbs_municipality=code)
    if unknown:
        listed = "\n".join(f"- '{text}': {', '.join(sorted(where))}" for text, where in sorted(unknown.items()))
        raise UnknownMunicipality(
            "Deze gemeenten staan niet in de lijst van gemeenten (CBS, partners/data/gemeenten-2025.csv), en ook "
            f"niet als voormalige gemeente:\n{listed}\n"
            "Zet bij deze scholen en organisaties de naam van hun echte gemeente (een provincie of wijk is geen "
            "gemeente), of voeg een ontbrekende gemeente toe aan de lijst, en migreer opnieuw. Deze migratie heeft "
            "niets gewijzigd."
        )


def names_back(apps, schema_editor):
    for model_name in ("School", "Organisation"):
        model = apps.get_model("partners", model_name)
        for pk, name in model.objects.exclude(cbs_municipality=None).values_list("pk", "cbs_municipality__name"):
            model.objects.filter(pk=pk).update(municipality=name)


class Migration(migrations.Migration):
    dependencies = [("partners", "0006_municipality_reference")]

    operations = [migrations.RunPython(map_names, names_back)]
