"""The school holidays the portal ships, per holiday region (vakantieregio), for primary schools.

Source: the Dutch government's published dates, rijksoverheid.nl, "Schoolvakanties" → "Overzicht schoolvakanties per
schooljaar" (https://www.rijksoverheid.nl/onderwerpen/schoolvakanties/overzicht-schoolvakanties-per-schooljaar).
The ministry fixes the summer and Christmas holidays and advises the autumn and spring holidays; a school may
deviate from the advice (its schoolgids says so). Each holiday runs from its first to its last day, both included,
Saturday to Sunday as the ministry writes them. How each year was checked (issue 17):

- 2024-2025: the ministry's dates as republished by Nationale Onderwijsgids (15 August 2024, "dat meldt de
  Rijksoverheid"), matching a school board's published rooster per region (simonscholen.nl).
- 2025-2026: not read on rijksoverheid.nl itself; the dates below agree with several schools' published roosters per
  region (Kerst: "Bron: Rijksoverheid"). The voorjaarsvakantie of regio noord could not be confirmed (sources
  disagree) and is left out: the beheerder adds it in the admin once checked.
- 2026-2027: could not be verified and is not shipped; the beheerder adds it in the admin.
- 2027-2028: read on rijksoverheid.nl, "Overzicht schoolvakanties 2027-2028".

Public holidays (Goede Vrijdag, Pasen, Koningsdag, Hemelvaart, Pinksteren, Kerst, Nieuwjaar, Bevrijdingsdag in a
lustrum year) come from the `holidays` package (dashboards/schooldays.py), not from here.
"""

import datetime

NOORD, MIDDEN, ZUID = "noord", "midden", "zuid"


def _d(text):
    return datetime.date.fromisoformat(text)


# (school year, name, {region: (first day, last day)})
SHIPPED = [
    ("2024-2025", "herfstvakantie", {NOORD: ("2024-10-26", "2024-11-03"), MIDDEN: ("2024-10-26", "2024-11-03"),
                                     ZUID: ("2024-10-19", "2024-10-27")}),
    ("2024-2025", "kerstvakantie", dict.fromkeys((NOORD, MIDDEN, ZUID), ("2024-12-21", "2025-01-05"))),
    ("2024-2025", "voorjaarsvakantie", {NOORD: ("2025-02-15", "2025-02-23"), MIDDEN: ("2025-02-22", "2025-03-02"),
                                        ZUID: ("2025-02-22", "2025-03-02")}),
    ("2024-2025", "meivakantie", dict.fromkeys((NOORD, MIDDEN, ZUID), ("2025-04-26", "2025-05-04"))),
    ("2024-2025", "zomervakantie", {NOORD: ("2025-07-12", "2025-08-24"), MIDDEN: ("2025-07-19", "2025-08-31"),
                                    ZUID: ("2025-07-05", "2025-08-17")}),
    ("2025-2026", "herfstvakantie", {NOORD: ("2025-10-18", "2025-10-26"), MIDDEN: ("2025-10-18", "2025-10-26"),
                                     ZUID: ("2025-10-11", "2025-10-19")}),
    ("2025-2026", "kerstvakantie", dict.fromkeys((NOORD, MIDDEN, ZUID), ("2025-12-20", "2026-01-04"))),
    ("2025-2026", "voorjaarsvakantie", {MIDDEN: ("2026-02-14", "2026-02-22"), ZUID: ("2026-02-14", "2026-02-22")}),
    ("2025-2026", "meivakantie", dict.fromkeys((NOORD, MIDDEN, ZUID), ("2026-04-25", "2026-05-03"))),
    ("2025-2026", "zomervakantie", {NOORD: ("2026-07-04", "2026-08-16"), MIDDEN: ("2026-07-18", "2026-08-30"),
                                    ZUID: ("2026-07-11", "2026-08-23")}),
    ("2027-2028", "herfstvakantie", {NOORD: ("2027-10-16", "2027-10-24"), MIDDEN: ("2027-10-16", "2027-10-24"),
                                     ZUID: ("2027-10-23", "2027-10-31")}),
    ("2027-2028", "kerstvakantie", dict.fromkeys((NOORD, MIDDEN, ZUID), ("2027-12-25", "2028-01-09"))),
    ("2027-2028", "voorjaarsvakantie", {NOORD: ("2028-02-19", "2028-02-27"), MIDDEN: ("2028-02-26", "2028-03-05"),
                                        ZUID: ("2028-02-26", "2028-03-05")}),
    ("2027-2028", "meivakantie", dict.fromkeys((NOORD, MIDDEN, ZUID), ("2028-04-29", "2028-05-07"))),
    ("2027-2028", "zomervakantie", {NOORD: ("2028-07-15", "2028-08-27"), MIDDEN: ("2028-07-08", "2028-08-20"),
                                    ZUID: ("2028-07-22", "2028-09-03")}),
]


def shipped():
    """(region, school year, name, first day, last day) for every shipped holiday."""
    return [(region, year, name, _d(first), _d(last))
            for year, name, by_region in SHIPPED for region, (first, last) in by_region.items()]


# The holiday region of the municipalities the portal's pilots work in, by CBS code, from the government's
# "Regio-indeling voor de schoolvakanties" (by province: noord holds Groningen, Friesland, Drenthe, Overijssel,
# Noord-Holland and Flevoland but Zeewolde; midden Zuid-Holland, Utrecht and most of Gelderland; zuid Zeeland, Limburg
# and most of Noord-Brabant). Any other school starts in midden and the beheerder sets its region in the admin.
REGION_BY_MUNICIPALITY = {
    "GM0599": MIDDEN,  # Rotterdam
    "GM1979": NOORD,  # Eemsdelta
    "GM0303": NOORD, "GM0995": NOORD, "GM0034": NOORD,  # Dronten, Lelystad, Almere
    "GM0847": ZUID, "GM1948": ZUID,  # Someren, Meierijstad
    "GM0757": ZUID, "GM0845": ZUID, "GM0865": ZUID, "GM0824": ZUID,  # Boxtel, Sint-Michielsgestel, Vught, Oisterwijk
    "GM1721": ZUID, "GM0755": ZUID, "GM1991": ZUID,  # Bernheze, Boekel, Maashorst
}


def region_for(municipality_code):
    """The holiday region of a school in this municipality, midden where the portal does not know it."""
    return REGION_BY_MUNICIPALITY.get(municipality_code, MIDDEN)
