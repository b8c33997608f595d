"""The municipalities the portal ships (data/gemeenten-2025.csv, data/README.md says where it came from), and the
names that free text used for a municipality before a school's municipality was a real one."""

import csv
from pathlib import Path

from django.apps import apps as global_apps

SHIPPED_LIST = Path(__file__).resolve().parent / "data" / "gemeenten-2025.csv"


# Municipalities that merged into another since the portal's first schools were entered (CBS, gemeentelijke
# herindelingen 2021-2023), and the everyday names of two whose official name differs.
FORMER_NAMES = {
    "appingedam": "GM1979", "delfzijl": "GM1979", "loppersum": "GM1979",  # Eemsdelta, 2021
    "weesp": "GM0363",  # Amsterdam, 2022
    "beemster": "GM0439",  # Purmerend, 2022
    "heerhugowaard": "GM1980", "langedijk": "GM1980",  # Dijk en Waard, 2022
    "uden": "GM1991", "landerd": "GM1991",  # Maashorst, 2022
    "boxmeer": "GM1982", "cuijk": "GM1982", "grave": "GM1982", "mill en sint hubert": "GM1982",
    "sint anthonis": "GM1982",  # Land van Cuijk, 2022
    "brielle": "GM1992", "hellevoetsluis": "GM1992", "westvoorne": "GM1992",  # Voorne aan Zee, 2023
    "den haag": "GM0518", "den bosch": "GM0796",
}


def shipped():
    """(CBS code, name) of every shipped municipality."""
    with SHIPPED_LIST.open(encoding="utf-8", newline="") as rows:
        return [(row["code"], row["naam"]) for row in csv.DictReader(rows)]


def ensure_shipped(model, using="default"):
    """The shipped list in `model`'s table (the current Municipality or a migration's) when that table is empty: a
    database emptied since its migrations ran (a test's flush, a restore of a dump without reference data) has the
    table but not its rows."""
    if not model.objects.using(using).exists():
        model.objects.using(using).bulk_create([model(code=code, name=name) for code, name in shipped()],
                                               ignore_conflicts=True)


def restore_shipped(sender, using="default", apps=global_apps, **kwargs):
    """post_migrate: the shipped list where the table exists but was emptied (a flush); in a migration state
    before the table, nothing."""
    try:
        model = apps.get_model("partners", "Municipality")
    except LookupError:
        return
    ensure_shipped(model, using)
