"""Demo data for the five regions of DESIGN.md: fictional schools, teams, users and two school years of work.

Running it again changes nothing: structure is keyed on natural keys, and the trajectories are only
written when the demo schools have none yet.
"""

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Employment, Membership, Role
from dashboards import periods, summary
from partners.models import Municipality, Organisation, OrganisationKind, Partnership, School, SchoolType
from partners.municipalities import ensure_shipped
from partners.school_holidays import region_for
from pilots.models import (
    BaselineFigure,
    DayPart,
    GroupArrangement,
    Indicator,
    IndicatorFrequency,
    IndicatorValue,
    Pilot,
    PilotPartner,
    PilotPhase,
    PilotSchool,
)
from trajecten import followups
from trajecten.models import (
    DEFAULT_CONCERN_AREAS,
    Child,
    ConcernArea,
    ConsentAction,
    ConsentEntry,
    ConsentPurpose,
    ContactMoment,
    GroupPlacement,
    Guardian,
    Handover,
    Referral,
    StatusChange,
    Trajectory,
)
from trajecten.states import Status

PASSWORD = "kidportaal-demo"
# Demo only: coördinatoren and the beheerder share this TOTP secret (base32 NNUWI4DPOJ2GCYLMFVSGK3LPFV2G65DQ),
# so whoever tries the demo can add it to an authenticator app. Real accounts set up their own.
DEMO_TOTP_KEY = b"kidportaal-demo-totp".hex()
D = datetime.date

FOLLOW_UP_NOTES = {
    "gaat_goed": ["De leerkracht werkt nog met de afspraken uit het traject.", "Gaat goed mee in de groep.", ""],
    "lichte_ondersteuning": ["De IB-er houdt een vinger aan de pols; af en toe een gesprek met de leerkracht.",
                             "Na de vakantie weer wat onrustiger; leerkracht pakt het op."],
    "nieuwe_aanmelding": ["Problemen in de klas zijn terug; de school meldt opnieuw aan."],
    "verwijzing_niet_gestart": ["Staat op de wachtlijst bij de zorgaanbieder.", "Intake is gepland."],
}

# (username, first name, last name)
PEOPLE = {
    "ib-delfshaven": ("Esra", "Yilmaz"),
    "ib-appingedam": ("Jannie", "Bakker"),
    "pm-someren": ("Ilse", "van den Heuvel"),
    "ib-someren": ("Femke", "Swinkels"),
    "coach-kid": ("Romano", "Sital"),
    "coordinator-kid": ("Marieke", "de Groot"),
    "stuurgroep-rotterdam": ("Henk", "Verhoeven"),
    "stuurgroep-fivelingo": ("Geert", "Mulder"),
    "stuurgroep-flevoland": ("Anouk", "de Vries"),
    "stuurgroep-peelland": ("Bart", "van Dijk"),
    "stuurgroep-meierij": ("Lotte", "Hendriks"),
    "beheer": ("Sanne", "Kuipers"),
}

REGIONS = [
    {
        "partnership": ("Samenwerkingsverband PPO Rotterdam", "PO 28-12", "Rotterdam"),
        "organisations": [
            ("Stek Jeugdhulp", OrganisationKind.YOUTH_CARE, "levert de jeugdprofessionals van het KID-team"),
            ("PPO Rotterdam", OrganisationKind.SWV, "opdrachtgever en coördinatie"),
            ("CJG Rotterdam Delfshaven", OrganisationKind.CJG, "schakelt jeugdgezondheidszorg in"),
        ],
        "board": ("Stichting Primair Onderwijs Delfshaven", OrganisationKind.SCHOOL_BOARD),
        "pilot": ("KID — Kinderen In Delfshaven", "Rotterdam",
                  "Kinderen in Delfshaven krijgen ondersteuning in hun eigen klas, voordat problemen groeien; "
                  "kinderen die meer nodig hebben komen sneller op de passende plek."),
        "slug": "kid",
        "schools": [
            ("OBS De Regenboog", "Bospolder", SchoolType.BASISSCHOOL),
            ("Basisschool De Globetrotter", "Tussendijken", SchoolType.BASISSCHOOL),
            ("IKC Het Spangen", "Spangen", SchoolType.IKC),
            ("CBS De Akker", "Nieuwe Westen", SchoolType.BASISSCHOOL),
            ("OBS Delfshaven", "Delfshaven", SchoolType.BASISSCHOOL),
            ("Basisschool Schiemond", "Schiemond", SchoolType.BASISSCHOOL),
        ],
        "municipality": "Rotterdam",
        "hours": 4,
        "klasje": ("Bovenschools klasje Delfshaven", 6, 2, [(2, "ochtend"), (4, "ochtend")]),
        "baseline": {"aanmeldingen": 40, "doorverwijzingen": 14, "verwijzingen_sbo_so": 9, "dagen_tot_plek": 128,
                     "thuiszitters": 3},
        "trajectories": 130,
    },
    {
        "partnership": ("Samenwerkingsverband Fivelingo", "PO 20-04", "Eemsdelta"),
        "organisations": [
            ("Jeugdteam Eemsdelta", OrganisationKind.NEIGHBOURHOOD_TEAM, "levert de kernteamleden"),
            ("GGD Groningen JGZ", OrganisationKind.JGZ, "jeugdarts en jeugdverpleegkundige in het kernteam"),
        ],
        "board": ("Stichting Marenland", OrganisationKind.SCHOOL_BOARD),
        "pilot": ("Samen voor het Kind", "Eemsdelta (Delfzijl, Appingedam, Loppersum)",
                  "Eén kernteam per deelpilot met vaste contactmomenten op school, een nulmeting en gedeelde "
                  "afspraken over monitoring."),
        "slug": "svhk",
        "subpilots": [
            ("Kindcentrum Delfzijl", "Delfzijl", [("Kindcentrum De Wierde", "Delfzijl-Noord", SchoolType.IKC)]),
            ("Scholen van Appingedam", "Appingedam", [
                ("OBS De Wilster", "Appingedam-Centrum", SchoolType.BASISSCHOOL),
                ("CBS De Fontein", "Opwierde", SchoolType.BASISSCHOOL),
                ("OBS Jan Ligthart", "Appingedam-West", SchoolType.BASISSCHOOL),
            ]),
            ("Kleine dorpsscholen", "Loppersum", [
                ("OBS 't Bolwerk", "Loppersum", SchoolType.BASISSCHOOL),
                ("CBS De Wegwijzer", "Garrelsweer", SchoolType.BASISSCHOOL),
                ("OBS De Stapsteen", "Wirdum", SchoolType.BASISSCHOOL),
            ]),
            ("SBO De Zeester", "Delfzijl", [("SBO De Zeester", "Delfzijl", SchoolType.SBO)]),
        ],
        "municipality": "Eemsdelta",
        "hours": 2,
        "baseline": {"aanmeldingen": 22, "doorverwijzingen": 8, "verwijzingen_sbo_so": 5, "dagen_tot_plek": 96},
        "trajectories": 70,
    },
    {
        "partnership": ("Samenwerkingsverband Passend Onderwijs Flevoland", "PO 24-01", "Flevoland"),
        "organisations": [
            ("Jeugdwerk Flevoland", OrganisationKind.YOUTH_CARE, "detacheert jeugdwerkers op de scholen"),
            ("Gemeente Almere", OrganisationKind.MUNICIPALITY, "financiert het collectieve arrangement"),
        ],
        "board": ("Stichting Flevo Scholen", OrganisationKind.SCHOOL_BOARD),
        "pilot": ("Sterk in de Klas", "Dronten, Lelystad, Almere",
                  "Jeugdwerkers werken een vast aantal uren per week op school; een collectief arrangement in plaats "
                  "van een besluit per kind, met de school als eiland in de wijk."),
        "slug": "sidk",
        # Three municipalities, each with its own policy: every school names its own.
        "schools": [
            ("OBS De Zevensprong", "Dronten-Noord", SchoolType.BASISSCHOOL, "Dronten"),
            ("CBS Het Baken", "Dronten-Zuid", SchoolType.BASISSCHOOL, "Dronten"),
            ("IKC De Windroos", "Atolwijk", SchoolType.IKC, "Lelystad"),
            ("OBS De Tjalk", "Boswijk", SchoolType.BASISSCHOOL, "Lelystad"),
            ("Basisschool Het Palet", "Almere Haven", SchoolType.BASISSCHOOL, "Almere"),
            ("IKC De Vlinderboom", "Almere Buiten", SchoolType.IKC, "Almere"),
            ("OBS De Regenboog Almere", "Almere Stad", SchoolType.BASISSCHOOL, "Almere"),
        ],
        "hours": 6,
        "baseline": {"aanmeldingen": 35, "doorverwijzingen": 12, "verwijzingen_sbo_so": 7, "dagen_tot_plek": 110},
        "trajectories": 90,
    },
    {
        "partnership": ("Samenwerkingsverband Peelland", "PO 30-08", "Peelland"),
        "organisations": [
            ("Kinderopvang De Peel", OrganisationKind.CHILDCARE, "locaties waar de peuters spelen"),
            ("MKD De Kempen", OrganisationKind.YOUTH_CARE, "medisch kinderdagverblijf, consultatie"),
        ],
        "board": ("Kinderopvang De Peel", OrganisationKind.CHILDCARE),
        "pilot": ("Iedere peuter op de juiste plek", "Someren",
                  "Peuters krijgen ondersteuning op de kinderopvang; een plaatsing op een MKD wordt waar mogelijk "
                  "voorkomen."),
        "slug": "peuter",
        "schools": [
            ("Peuteropvang Het Speelnest", "Someren-Dorp", SchoolType.KINDEROPVANG),
            ("Kinderopvang De Boomhut", "Someren-Eind", SchoolType.KINDEROPVANG),
            ("Peuteropvang Lierop", "Lierop", SchoolType.KINDEROPVANG),
            ("Kinderopvang Someren-Heide", "Someren-Heide", SchoolType.KINDEROPVANG),
        ],
        "municipality": "Someren",
        # Where Someren's peuters go to school: not in the pilot, they receive its handovers (warme overdracht).
        "receiving_schools": [("Basisschool De Ratel", "Someren-Dorp"), ("Basisschool De Lindelaer", "Lierop")],
        "hours": 3,
        "toddlers": True,
        "baseline": {"aanmeldingen": 18, "plaatsingen_mkd": 7, "dagen_tot_plek": 84},
        "trajectories": 50,
    },
    {
        "partnership": ("Samenwerkingsverband PO de Meierij", "PO 30-04", "Meierij"),
        "organisations": [
            ("Jeugdprofessionals De Meierij", OrganisationKind.YOUTH_CARE, "jeugdprofessional in het zorgteam"),
            ("Gemeente Meierijstad", OrganisationKind.MUNICIPALITY, "medefinancier"),
        ],
        "board": ("Stichting Primair Onderwijs De Meierij", OrganisationKind.SCHOOL_BOARD),
        "pilot": ("Jeugdprofessional in de school", "Meierijstad, Boxtel, Sint-Michielsgestel, Vught, Haaren",
                  "Een jeugdprofessional 6 uur per week in het zorgteam van 6, later 9 kindcentra; tijdelijke "
                  "groepsarrangementen voor leerlingen van meer scholen."),
        "slug": "meierij",
        "generated_schools": 123,
        "municipality": "Meierijstad",
        "hours": 6,
        "klasje": ("Tijdelijke groep De Meierij", 8, 3, [(1, "ochtend"), (3, "ochtend"), (5, "ochtend")]),
        "baseline": {"aanmeldingen": 60, "doorverwijzingen": 20, "verwijzingen_sbo_so": 11, "dagen_tot_plek": 140},
        "trajectories": 110,
    },
]

# The municipality each of these towns has been part of since the mergers of 2017-2022 (Haaren's village went to
# Oisterwijk in 2021, Uden is in Maashorst since 2022).
MEIERIJ_MUNICIPALITY = {
    "Schijndel": "Meierijstad", "Sint-Oedenrode": "Meierijstad", "Veghel": "Meierijstad", "Erp": "Meierijstad",
    "Boxtel": "Boxtel", "Sint-Michielsgestel": "Sint-Michielsgestel", "Berlicum": "Sint-Michielsgestel",
    "Vught": "Vught", "Haaren": "Oisterwijk", "Heeswijk-Dinther": "Bernheze", "Boekel": "Boekel", "Uden": "Maashorst",
}
MEIERIJ_TOWNS = ["Schijndel", "Sint-Oedenrode", "Veghel", "Boxtel", "Sint-Michielsgestel", "Vught", "Haaren",
                 "Heeswijk-Dinther", "Erp", "Boekel", "Uden", "Berlicum"]
MEIERIJ_NAMES = ["De Regenboog", "Het Kompas", "De Vlinder", "De Toermalijn", "Het Palet", "De Bolster",
                 "De Springplank", "Het Klokhuis", "De Eik", "De Wingerd", "Sint-Jozef", "De Kameleon"]

MOTHERS = ["Fatima", "Anouk", "Samira", "Linda", "Esra", "Marieke", "Naima", "Sanne"]
FATHERS = ["Mohamed", "Jeroen", "Hakan", "Bas", "Rachid", "Tom", "Kees", "Youssef"]
GUARDIANS = ["Jeugdbescherming Brabant (voogd)", "Stichting Nidos (voogd)", "W. de Groot (voogd)"]
GIVEN_NAMES = ["Noah", "Emma", "Mohammed", "Julia", "Sem", "Mila", "Daan", "Sara", "Liam", "Nora", "Ayoub", "Lotte",
               "Finn", "Yara", "Milan", "Zoë", "Adam", "Fenna", "Bilal", "Tess", "Jayden", "Amira", "Luuk", "Eva",
               "Rayan", "Saar", "Levi", "Hiba", "Thijs", "Isa", "Omar", "Lieke"]
FAMILY_NAMES = ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "El Idrissi", "Yilmaz", "Visser", "Smit",
                "Meijer", "de Boer", "Mulder", "Kaya", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Aydın",
                "Ramdin", "Martina", "Koç", "Dekker", "Brouwer", "Wouters", "Verbeek", "Postma", "Huisman"]
TEACHERS = ["juf Samira", "meester Bram", "juf Anouk", "juf Ilse", "meester Kees", "juf Nadia", "juf Femke"]
HELP_REQUESTS = [
    "Raakt in de kring snel overprikkeld en loopt dan weg. Hoe houden we hem/haar in de groep?",
    "Praat nauwelijks in de klas; de leerkracht wil weten wat het kind nodig heeft om mee te doen.",
    "Lezen blijft ver achter ondanks extra instructie; wat kan de leerkracht anders doen?",
    "Conflicten op het plein lopen hoog op; de leerkracht zoekt een aanpak voor de groep en het kind.",
    "Thuis is veel onrust; het kind is moe en teruggetrokken. Hoe ondersteunen we samen met ouders?",
    "Taalontwikkeling loopt achter; spreekt in korte zinnen. Wat is er nodig in de groep?",
    "Motorisch onhandig, raakt gefrustreerd bij knippen en schrijven.",
]
TRIED = ["Vaste plek dichtbij de leerkracht en een time-outhoek.", "Extra instructie in een klein groepje.",
         "Gesprek met ouders en een beloningssysteem.", "Dagritmekaarten en een koptelefoon bij zelfstandig werken."]
NOTES = ["Observatie in de kring: tips besproken met de leerkracht.", "Gesprek met ouders over de aanpak thuis.",
         "Leerkracht past de aanpak toe; kind doet beter mee.", "MDO met school, ouders en CJG.",
         "Consultatie leerkracht: afspraken voor de komende weken."]

# At a kinderopvang (Someren) the pedagogisch medewerker registers a peuter, in the words of the kinderopvang.
TODDLER_STAFF = ["Ingrid", "Marloes", "Anja", "Yvonne", "Esther"]
TODDLER_HELP_REQUESTS = [
    "Praat nog nauwelijks, ook niet met de andere peuters. Wat heeft zij nodig om mee te doen in de groep?",
    "Wordt snel boos bij overgangen (opruimen, naar buiten); de pedagogisch medewerker zoekt een aanpak.",
    "Speelt weinig en kijkt vooral toe; de ontwikkeling lijkt achter te lopen. Is er meer nodig?",
    "Bijt andere kinderen als het druk wordt. Hoe houden we hem en de groep veilig?",
    "Loopt en klimt nog onzeker, valt vaak. Wat kunnen we in de groep doen?",
]
TODDLER_TRIED = ["Een vaste pedagogisch medewerker die de peuter opvangt bij het brengen.",
                 "Dagritmekaarten en een rustig hoekje in de groep.",
                 "Voorlezen en praten in een klein groepje.", "Gesprek met ouders over wat thuis werkt."]
HANDOVER_SUMMARIES = [
    "Een vaste plek in de kring en een aankondiging van wat er komt helpen; overgangen blijven lastig.",
    "Praat nog weinig in de groep maar begrijpt veel; plaatjes bij de dagritmekaart werken goed.",
    "Speelt graag buiten en zoekt dan andere kinderen op; binnen helpt een rustig hoekje met een maatje.",
    "Ouders zijn betrokken en willen graag een kennismaking met de leerkracht van groep 1 vóór de eerste dag.",
]
HANDOVER_FACTS = [["zorggebieden"], ["zorggebieden", "ondersteuning"], ["zorggebieden", "periode", "uitkomst"]]
TODDLER_NOTES = ["Observatie in de groep: tips besproken met de pedagogisch medewerkers.",
                 "Gesprek met ouders over de aanpak thuis.",
                 "De pedagogisch medewerkers passen de aanpak toe; de peuter speelt meer mee.",
                 "MDO met de kinderopvang, ouders en de jeugdverpleegkundige."]
SCHOOL_YEAR_START = D(2025, 8, 25)
PILOT_START = D(2025, 3, 1)  # the opstart of every demo pilot; its schools take part from then on
MEIERIJ_FIRST_SCHOOLS = 6  # De Meierij starts with 6 kindcentra; 3 more join on 3 January (late_join_date)


def late_join_date(today=None):
    """The last 3 January up to today: the day De Meierij's pilot grew from 6 to 9 kindcentra, inside the demo's
    history, so that its figures show both."""
    today = today or timezone.localdate()
    return D(today.year if today >= D(today.year, 1, 3) else today.year - 1, 1, 3)


class Command(BaseCommand):
    help = "Laadt demodata voor vijf regio's (vaker draaien verandert niets)."

    def handle(self, *args, **options):
        self.rng = random.Random(2026)
        self.consent_rng = random.Random(18)  # its own stream: the rest of the demo stays as it was
        self.two_running = Counter()  # running trajectories with two parents with gezag, per pilot
        self.password = make_password(PASSWORD)
        with transaction.atomic():
            # Reference data the migrations seed, for a database emptied since (a test's flush, a restored dump).
            ensure_shipped(Municipality)
            for order, name in enumerate(DEFAULT_CONCERN_AREAS, start=1):
                ConcernArea.objects.get_or_create(name=name, defaults={"order": order})
            pilots = [self.region(region) for region in REGIONS]
            self.demo_users(pilots)
            self.demo_second_factor()
            self.monitoring(next(pilot for pilot, region in pilots if region["slug"] == "svhk"))
            if not Trajectory.objects.filter(pilot__in=[p for p, _region in pilots]).exists():
                for pilot, region in pilots:
                    self.history(pilot, region)
        # What the timer's job does a minute later in production: the demo's dashboards are full at once.
        summary.refresh_stale(Pilot.objects.all())
        self.stdout.write(self.style.SUCCESS(
            f"Demodata: {Partnership.objects.count()} samenwerkingsverbanden, {Pilot.objects.count()} pilots, "
            f"{School.objects.count()} scholen, {Trajectory.objects.count()} trajecten."
        ))
        self.stdout.write("Demo-accounts (wachtwoord kidportaal-demo): " + ", ".join(PEOPLE))

    # Structure -------------------------------------------------------------------------------------

    def user(self, username, first_name="", last_name=""):
        first_name, last_name = PEOPLE.get(username, (first_name, last_name))
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@kidportaal.example",
                      "password": self.password},
        )
        return user

    def member(self, username, role, first_name="", last_name="", **place):
        user = self.user(username, first_name, last_name)
        Membership.objects.get_or_create(user=user, role=role, **place)
        if place.get("organisation"):
            Employment.objects.get_or_create(user=user, organisation=place["organisation"])
        return user

    def region(self, region):
        name, code, area = region["partnership"]
        partnership, _created = Partnership.objects.get_or_create(name=name, defaults={"code": code, "region": area})
        board_name, board_kind = region["board"]
        board, _created = Organisation.objects.get_or_create(name=board_name, defaults={"kind": board_kind})
        title, municipalities, aim = region["pilot"]
        pilot, _created = Pilot.objects.get_or_create(
            partnership=partnership, name=title, defaults={"municipalities": municipalities, "aim": aim},
        )
        for org_name, kind, role in region["organisations"]:
            organisation, _created = Organisation.objects.get_or_create(name=org_name, defaults={"kind": kind})
            PilotPartner.objects.get_or_create(pilot=pilot, organisation=organisation, defaults={"role": role})
        employer = Organisation.objects.get(name=region["organisations"][0][0])
        for phase, start, end in [("opstart", PILOT_START, D(2025, 7, 31)),
                                  ("uitvoering", D(2025, 8, 1), D(2027, 7, 31)),
                                  ("evaluatie", D(2027, 8, 1), D(2027, 12, 31))]:
            PilotPhase.objects.get_or_create(pilot=pilot, phase=phase, defaults={"start_date": start, "end_date": end})
        for measure, value in region["baseline"].items():
            BaselineFigure.objects.get_or_create(pilot=pilot, measure=measure,
                                                 defaults={"value": value, "period": "2024-2025",
                                                           "source": "nulmeting samenwerkingsverband"})
        slug = region["slug"]
        self.member(f"coordinator-{slug}" if slug != "kid" else "coordinator-kid", Role.COORDINATOR, "Coördinator",
                    title[:20], pilot=pilot, organisation=Organisation.objects.get(name=region["organisations"][-1][0]))
        self.member(f"coach-{slug}" if slug != "kid" else "coach-kid", Role.COACH, "Coach", title[:20], pilot=pilot,
                    organisation=employer)
        self.member(f"coach-{slug}-2", Role.COACH, "Tweede coach", title[:20], pilot=pilot, organisation=employer)
        # An employee of the partner who is in no team yet: the coördinator can add them as coach.
        newcomer = self.user(f"jeugdprofessional-{slug}", "Jeugdprofessional", title[:20])
        Employment.objects.get_or_create(user=newcomer, organisation=employer)

        if "subpilots" in region:
            school_count = sum(len(schools) for _name, _town, schools in region["subpilots"])
            for index, (sub_name, town, schools) in enumerate(region["subpilots"], start=1):
                lead = self.member(f"kernteam-{slug}-{index}", Role.COACH, "Kernteamlid", sub_name[:20],
                                   organisation=employer, pilot=pilot)
                sub, _created = Pilot.objects.get_or_create(
                    partnership=partnership, name=sub_name,
                    defaults={"parent": pilot, "municipalities": f"{region['municipality']} ({town})", "aim": aim,
                              "lead": lead},
                )
                Membership.objects.get_or_create(user=lead, role=Role.COACH, pilot=sub)
                self.sub_pilot_plan(sub, index, town, region, len(schools) / school_count, employer)
                # The sub-pilot runs its schools: its kernteam's hours, its registrations (the parent pilot's
                # coördinator sees them all, and its figures are their sum).
                for school_index, (school_name, neighbourhood, school_type) in enumerate(schools):
                    school = self.school(partnership, board, school_name, region["municipality"], neighbourhood,
                                         school_type)
                    self.take_part(sub, school, region["hours"], school_index)
        elif "generated_schools" in region:
            for number in range(region["generated_schools"]):
                town = MEIERIJ_TOWNS[number % len(MEIERIJ_TOWNS)]
                kind = SchoolType.IKC if number < 9 else SchoolType.BASISSCHOOL
                prefix = "IKC" if number < 9 else ["OBS", "RKBS", "Basisschool"][number % 3]
                name = f"{prefix} {MEIERIJ_NAMES[(number // len(MEIERIJ_TOWNS)) % len(MEIERIJ_NAMES)]} {town}"
                school = self.school(partnership, board, name, MEIERIJ_MUNICIPALITY[town], town, kind)
                if number < 9:
                    self.take_part(pilot, school, region["hours"], number, datetime.time(13, 15),
                                   start=PILOT_START if number < MEIERIJ_FIRST_SCHOOLS else late_join_date())
        else:
            for school_index, (school_name, neighbourhood, school_type, *municipality) in enumerate(region["schools"]):
                school = self.school(partnership, board, school_name, *(municipality or [region["municipality"]]),
                                     neighbourhood, school_type)
                self.take_part(pilot, school, region["hours"], school_index)

        for school_name, neighbourhood in region.get("receiving_schools", []):
            self.school(partnership, board, school_name, region["municipality"], neighbourhood,
                        SchoolType.BASISSCHOOL)

        if "klasje" in region:
            arrangement_name, capacity, maximum, parts = region["klasje"]
            arrangement, _created = GroupArrangement.objects.get_or_create(
                pilot=pilot, name=arrangement_name,
                defaults={"capacity": capacity, "max_day_parts_per_child": maximum,
                          "location": f"{region['municipality']}"},
            )
            for weekday, part in parts:
                DayPart.objects.get_or_create(arrangement=arrangement, weekday=weekday, part=part)
        for link in PilotSchool.objects.filter(Q(pilot=pilot) | Q(pilot__parent=pilot)).select_related("school"):
            # At a kinderopvang the one who registers is a pedagogisch medewerker (the IB membership's role there).
            prefix, first_name = ("pm", "PM") if link.school.words.is_childcare else ("ib", "IB")
            self.member(f"{prefix}-{link.school.brin_code.lower()}", Role.IB, first_name, link.school.name[:30],
                        school=link.school)
        return pilot, region

    def sub_pilot_plan(self, sub, index, town, region, share, employer):
        """A sub-pilot's own phases (each started a little later than the one before), its kernteam's partner and its
        part of the nulmeting (the parent's counts by its share of the schools)."""
        start = PILOT_START + datetime.timedelta(days=30 * (index - 1))
        for phase, first, last in [("opstart", start, D(2025, 7, 31)), ("uitvoering", D(2025, 8, 1), D(2027, 7, 31)),
                                   ("evaluatie", D(2027, 8, 1), D(2027, 12, 31))]:
            PilotPhase.objects.get_or_create(pilot=sub, phase=phase, defaults={"start_date": first, "end_date": last})
        PilotPartner.objects.get_or_create(pilot=sub, organisation=employer,
                                           defaults={"role": f"kernteam {town}"})
        for measure, value in region["baseline"].items():
            own = value + 5 * (index - 2) if measure == "dagen_tot_plek" else max(1, round(value * share))
            BaselineFigure.objects.get_or_create(pilot=sub, measure=measure,
                                                 defaults={"value": own, "period": "2024-2025",
                                                           "source": f"nulmeting {sub.name}"})

    def take_part(self, pilot, school, hours, index, contact_time=datetime.time(8, 30), start=PILOT_START):
        """The school joins the pilot on `start` with the team's hours and a fixed weekly contact moment."""
        PilotSchool.objects.get_or_create(pilot=pilot, school=school, defaults={
            "hours_per_week": hours, "contact_weekday": 1 + index % 5, "contact_time": contact_time,
            "start_date": start})

    def school(self, partnership, board, name, municipality_name, neighbourhood, school_type):
        """The school, in the real municipality of that name and that municipality's holiday region."""
        school = School.objects.filter(name=name, partnership=partnership).first()
        if school:
            return school
        number = School.objects.count() + 1
        letters = "ABCDEFGHJKLMNPRSTVWXZ"
        brin = f"{(number * 7) % 90 + 10:02d}{letters[number % 21]}{letters[(number // 21) % 21]}{number % 100:02d}"
        municipality = Municipality.objects.get(name=municipality_name)
        return School.objects.create(name=name, brin_code=brin, school_type=school_type, partnership=partnership,
                                     board=board, municipality=municipality, neighbourhood=neighbourhood,
                                     holiday_region=region_for(municipality.code))

    def demo_second_factor(self):
        needing = get_user_model().objects.filter(memberships__role__in=[Role.COORDINATOR, Role.BEHEERDER]).distinct()
        for user in needing:
            TOTPDevice.objects.get_or_create(user=user, name="demo-authenticator",
                                             defaults={"key": DEMO_TOTP_KEY, "confirmed": True})

    def monitoring(self, pilot):
        """Samen voor het Kind's monitoringsafspraken: the load teachers feel, every month since the school year
        began, and the municipalities' co-financing per school year, entered by its coördinator."""
        coordinator = get_user_model().objects.get(username="coordinator-svhk")
        workload, _created = Indicator.objects.get_or_create(pilot=pilot, name="Ervaren werkdruk leerkrachten",
                                                             defaults={"unit": "cijfer 1-10"})
        month, last, number = SCHOOL_YEAR_START.replace(day=1), periods.last_full_month().start, 0
        while month <= last:
            IndicatorValue.objects.get_or_create(indicator=workload, period_start=month, defaults={
                "value": Decimal("7.4") - Decimal("0.1") * (number % 8), "entered_by": coordinator})
            month, number = (month + datetime.timedelta(days=32)).replace(day=1), number + 1
        money, _created = Indicator.objects.get_or_create(
            pilot=pilot, name="Medefinanciering gemeenten", defaults={"unit": "euro",
                                                                      "frequency": IndicatorFrequency.SCHOOL_YEAR})
        IndicatorValue.objects.get_or_create(indicator=money, period_start=D(SCHOOL_YEAR_START.year, 8, 1),
                                             defaults={"value": Decimal("45000"), "entered_by": coordinator})

    def demo_users(self, pilots):
        kid = next(pilot for pilot, region in pilots if region["slug"] == "kid")
        svhk = next(pilot for pilot, region in pilots if region["slug"] == "svhk")
        self.member("ib-delfshaven", Role.IB, school=kid.schools.order_by("name").get(name="OBS De Regenboog"))
        appingedam = Pilot.objects.get(parent=svhk, name="Scholen van Appingedam")
        self.member("ib-appingedam", Role.IB, school=appingedam.schools.get(name="OBS De Wilster"))
        peuter = next(pilot for pilot, region in pilots if region["slug"] == "peuter")
        self.member("pm-someren", Role.IB, school=peuter.schools.get(name="Peuteropvang Het Speelnest"))
        self.member("ib-someren", Role.IB, school=School.objects.get(name="Basisschool De Ratel"))
        # A stuurgroep for every samenwerkingsverband: each reads its own partnership's dashboard.
        stuurgroepen = {"kid": "stuurgroep-rotterdam", "svhk": "stuurgroep-fivelingo", "sidk": "stuurgroep-flevoland",
                        "peuter": "stuurgroep-peelland", "meierij": "stuurgroep-meierij"}
        for pilot, region in pilots:
            self.member(stuurgroepen[region["slug"]], Role.STUURGROEP, partnership=pilot.partnership)
        self.member("beheer", Role.BEHEERDER)

    # Two school years of work ------------------------------------------------------------------------

    def history(self, pilot, region):
        rng = self.rng
        today = timezone.localdate()
        # A pilot with sub-pilots (Samen voor het Kind) registers through them: each school's sub-pilot.
        links = list(PilotSchool.objects.filter(Q(pilot=pilot) | Q(pilot__parent=pilot))
                     .select_related("school", "pilot").order_by("pilot__name", "school__name"))
        coaches = {link.pilot_id: list(get_user_model().objects.filter(memberships__pilot=link.pilot,
                                                                       memberships__role=Role.COACH))
                   for link in links}
        areas = list(ConcernArea.objects.all())
        arrangement = GroupArrangement.objects.filter(pilot=pilot).first()
        span = (today - SCHOOL_YEAR_START).days
        for index in range(region["trajectories"]):
            registered = SCHOOL_YEAR_START + datetime.timedelta(days=int(span * (index + rng.random()) /
                                                                         region["trajectories"]))
            registered = min(registered, today - datetime.timedelta(days=1))
            # Registered at a school whose membership runs on the day (De Meierij's last three join in January).
            running = [link for link in links if link.runs_on(registered)]
            link = running[index % len(running)]
            ib = Membership.objects.filter(school=link.school, role=Role.IB).select_related("user").first().user
            self.trajectory(link.pilot, link.school, ib, registered, rng.choice(coaches[link.pilot_id]), areas,
                            arrangement, toddler=region.get("toddlers", False))
        if region["slug"] == "kid":
            regenboog = School.objects.get(name="OBS De Regenboog")
            ib = get_user_model().objects.get(username="ib-delfshaven")
            for days_ago in (2, 5, 9, 12, 16):
                self.trajectory(pilot, regenboog, ib, today - datetime.timedelta(days=days_ago), None, areas, None,
                                force_registered=True)
            # Whatever the day the demo is loaded: the demo coach has a follow-up due within days and one overdue.
            coach = get_user_model().objects.get(username="coach-kid")
            for days in (5, -4):
                ended = followups.months_after(today, -3) + datetime.timedelta(days=days)
                self.trajectory(pilot, regenboog, ib, ended - datetime.timedelta(days=120), coach, areas, None,
                                completed_on=ended)
        if "receiving_schools" in region:
            self.handovers(pilot, [name for name, _neighbourhood in region["receiving_schools"]])

    def handovers(self, pilot, school_names):
        """Five peuters whose support ended went on to a basisschool with a warme overdracht, their parents'
        consent for it given a week before; for a sixth, one parent withdrew that consent, so there was none."""
        rng = random.Random(182)  # its own stream: the rest of the demo stays as it was
        schools = list(School.objects.filter(name__in=school_names).order_by("name"))
        ended = list(Trajectory.objects.filter(pilot=pilot, status=Status.COMPLETED).select_related("child", "coach")
                     .order_by("-end_date")[:6])
        for index, trajectory in enumerate(ended):
            on = max(trajectory.end_date - datetime.timedelta(days=7), trajectory.registered_at.date())
            guardians = list(trajectory.guardians.all())
            ConsentEntry.objects.bulk_create([
                ConsentEntry(guardian=guardian, purpose=ConsentPurpose.HANDOVER, action=ConsentAction.GIVEN, on=on,
                             method="schriftelijk", recorded_by=trajectory.coach) for guardian in guardians])
            if index == len(ended) - 1:
                ConsentEntry.objects.create(
                    guardian=guardians[-1], purpose=ConsentPurpose.HANDOVER, action=ConsentAction.WITHDRAWN,
                    on=trajectory.end_date, method="mondeling", recorded_by=trajectory.coach)
                continue
            school = schools[index % len(schools)]
            Handover.objects.create(
                trajectory=trajectory, to_school=school, date=trajectory.end_date,
                summary=rng.choice(HANDOVER_SUMMARIES), facts=rng.choice(HANDOVER_FACTS),
                created_by=trajectory.coach,
            )
            Child.objects.filter(pk=trajectory.child_id).update(school=school)

    def trajectory(self, pilot, school, ib, registered, coach, areas, arrangement, toddler=False,
                   force_registered=False, completed_on=None):
        rng = self.rng
        today = timezone.localdate()
        group = "peuter" if toddler else rng.choice(["1", "2", "3", "4", "5", "6", "7", "8"])
        age = rng.choice([2, 3]) if toddler else int(group) + 4
        child, _created = Child.objects.get_or_create(
            school=school, given_name=rng.choice(GIVEN_NAMES), family_name=rng.choice(FAMILY_NAMES),
            date_of_birth=registered.replace(year=registered.year - age) - datetime.timedelta(days=rng.randint(0, 300)),
            defaults={"group": group},
        )
        if child.trajectories.filter(status__in=[Status.REGISTERED, Status.ACTIVE]).exists():
            return None
        registered_at = timezone.make_aware(datetime.datetime.combine(registered, datetime.time(rng.randint(8, 15),
                                                                                                rng.randint(0, 59))))
        consent = rng.random() < 0.85 or force_registered is False and (today - registered).days > 30
        waiting = rng.randint(3, 25)
        duration = rng.randint(30, 160)
        start = registered + datetime.timedelta(days=waiting)
        status, end, outcome, help_kind = Status.REGISTERED, None, "", None
        if not force_registered:
            if rng.random() < 0.06 and start <= today:
                status, end = Status.WITHDRAWN, registered + datetime.timedelta(days=rng.randint(2, waiting))
                start = None
            elif start <= today and consent:
                status = Status.ACTIVE
                closing = start + datetime.timedelta(days=duration)
                if closing < today:
                    end = closing
                    roll = rng.random()
                    if roll < 0.55:
                        status = Status.COMPLETED
                        outcome = "mkd_voorkomen" if toddler else rng.choice(["leerkracht_verder", "doel_bereikt",
                                                                              "passende_plek"])
                    elif roll < 0.9:
                        status = Status.REFERRED
                        help_kind = rng.choice(["mkd", "specialistische_jeugdhulp", "wijkteam"]) if toddler else \
                            rng.choice(["sbo", "sbo", "so", "specialistische_jeugdhulp", "ggz", "wijkteam"])
                    else:
                        status = Status.WITHDRAWN
            else:
                start = None
        else:
            start = None
        if status == Status.REGISTERED:
            start = None
        if completed_on:
            consent, status, end, outcome, help_kind = True, Status.COMPLETED, completed_on, "leerkracht_verder", None
            start = registered + datetime.timedelta(days=waiting)
        active_or_later = status in (Status.ACTIVE, Status.COMPLETED, Status.REFERRED) or (
            status == Status.WITHDRAWN and start is not None)
        wants_group = arrangement is not None and rng.random() < 0.3
        # Consent for what the trajectory did: a group arrangement, sharing data at a referral.
        purposes = ["ondersteuning", "observatie", "overleg"] + (["groepsarrangement"] if wants_group else []) + (
            ["delen"] if status == Status.REFERRED else [])
        trajectory = Trajectory.objects.create(
            child=child, school=school, pilot=pilot, registered_by=ib, updated_by=coach or ib,
            registered_at=registered_at, teacher_name=rng.choice(TODDLER_STAFF if toddler else TEACHERS),
            help_request=rng.choice(TODDLER_HELP_REQUESTS if toddler else HELP_REQUESTS),
            tried_already=rng.choice(TODDLER_TRIED if toddler else TRIED),
            help_involved=rng.sample(["cjg", "wijkteam", "jgz", "jeugdhulp"], rng.randint(0, 2)),
            wants_ambulant=True, wants_group_arrangement=wants_group,
            urgency="spoed" if rng.random() < 0.12 else "normaal",
            status=status, coach=coach if active_or_later else None, start_date=start if active_or_later else None,
            end_date=end, outcome=outcome,
            previous=child.trajectories.order_by("-registered_at").first(),
        )
        trajectory.concern_areas.set(rng.sample(areas, rng.randint(1, 3)))
        if consent or active_or_later:
            self.consent(trajectory, child, purposes, registered, ib, coach, active=status == Status.ACTIVE)
        changes = [StatusChange(trajectory=trajectory, from_status="", to_status=Status.REGISTERED, changed_by=ib,
                                changed_at=registered_at, reason=f"Aangemeld door de {school.words.place}.",
                                shared_with_school=True)]
        moment = registered_at
        if active_or_later:
            moment = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))
            changes.append(StatusChange(trajectory=trajectory, from_status=Status.REGISTERED, to_status=Status.ACTIVE,
                                        changed_by=coach, changed_at=moment))
        if end:
            closed_at = timezone.make_aware(datetime.datetime.combine(end, datetime.time(16)))
            changes.append(StatusChange(
                trajectory=trajectory, from_status=Status.ACTIVE if active_or_later else Status.REGISTERED,
                to_status=status, changed_by=coach or ib, changed_at=closed_at,
                reason="Gezin verhuisd." if status == Status.WITHDRAWN else "",
            ))
        StatusChange.objects.bulk_create(changes)
        # Last changed when its story says, not when the demo was loaded: 'nieuw' marks what is recent.
        Trajectory.objects.filter(pk=trajectory.pk).update(updated_at=changes[-1].changed_at)
        if help_kind:
            Referral.objects.create(trajectory=trajectory, help_kind=help_kind, date=end)
        if active_or_later:
            last = end or today
            moments = []
            # The kinds whose names speak of a school (in de klas, de leerkracht) stay at the schools.
            kinds = ["gesprek_ouders", "mdo", "consultatie"] if toddler else [
                "observatie", "gesprek_leerkracht", "gesprek_ouders", "mdo", "consultatie"]
            for number in range(rng.randint(2, 6)):
                day = start + datetime.timedelta(days=min((last - start).days, 7 * number + rng.randint(0, 5)))
                moments.append(ContactMoment(
                    trajectory=trajectory, date=day, kind=rng.choice(kinds), minutes=rng.choice([30, 45, 60, 90]),
                    note=rng.choice(TODDLER_NOTES if toddler else NOTES), shared_with_school=rng.random() < 0.5,
                    created_by=coach,
                ))
            ContactMoment.objects.bulk_create(moments)
            for written in moments:  # written down at the end of the day it happened
                ContactMoment.objects.filter(pk=written.pk).update(
                    created_at=timezone.make_aware(datetime.datetime.combine(written.date, datetime.time(17))))
            if arrangement is not None and trajectory.wants_group_arrangement:
                self.place(trajectory, arrangement, start, end, coach)
        self.follow_up(trajectory)
        return trajectory

    def consent(self, trajectory, child, purposes, registered, ib, coach, *, active):
        """The parents' consent in the ledger: one parent with gezag, or (about a third) two; of those, in about one
        running trajectory in three the father withdraws consent for a group arrangement or for talking it over
        with partners, a week ago: the coach finds it in the caseload and on the trajectory's page. Every region
        has some (the counter), Someren's peuters too."""
        rng = self.consent_rng
        both = rng.random() < 0.35
        relations = ["moeder", "vader"] if both else [rng.choice(["moeder", "moeder", "vader", "voogd"])]
        family = child.family_name
        guardians = []
        for relation in relations:
            first = rng.choice(MOTHERS if relation == "moeder" else FATHERS if relation == "vader" else GUARDIANS)
            guardian = Guardian.objects.create(
                trajectory=trajectory, name=f"{first} {family}" if relation != "voogd" else first, relation=relation,
                has_authority=True, created_by=ib, created_at=trajectory.registered_at,
            )
            ConsentEntry.objects.bulk_create([
                ConsentEntry(guardian=guardian, purpose=purpose, action=ConsentAction.GIVEN, on=registered,
                             method=rng.choice(["schriftelijk", "schriftelijk", "digitaal"]), recorded_by=ib,
                             recorded_at=trajectory.registered_at)
                for purpose in purposes
            ])
            guardians.append(guardian)
        today = timezone.localdate()
        if both and active and coach:
            # Counted per pilot: every pilot's first such trajectory has one, whatever the day the demo is loaded on.
            self.two_running[trajectory.pilot_id] += 1
        if both and active and coach and self.two_running[trajectory.pilot_id] % 3 == 1:
            withdrawn = ConsentPurpose.GROUP if ConsentPurpose.GROUP in purposes else ConsentPurpose.CONSULTATION
            on = max(registered, today - datetime.timedelta(days=7))
            ConsentEntry.objects.create(
                guardian=guardians[1], purpose=withdrawn, action=ConsentAction.WITHDRAWN, on=on, recorded_by=coach,
                recorded_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(11))),
            )
    def follow_up(self, trajectory):
        """The nazorg of a completed or referred trajectory: most of those due a week ago or longer are answered,
        so that a coach sees answered, overdue and soon-due follow-ups."""
        rng, today = self.rng, timezone.localdate()
        answers = ["gaat_goed"] * 6 + ["lichte_ondersteuning"] * 2 + ["nieuwe_aanmelding"]
        if trajectory.status == Status.REFERRED:
            answers += ["verwijzing_niet_gestart"] * 2
        for follow_up in followups.schedule(trajectory):
            if follow_up.due_date > today - datetime.timedelta(days=7) or rng.random() < 0.08:
                continue
            follow_up.asked_on = min(today, follow_up.due_date + datetime.timedelta(days=rng.randint(0, 14)))
            follow_up.answer, follow_up.asked = rng.choice(answers), rng.sample(["leerkracht", "intern_begeleider",
                                                                                 "ouders"], rng.randint(1, 2))
            follow_up.note = rng.choice(FOLLOW_UP_NOTES[follow_up.answer])
            follow_up.answered_by = trajectory.coach
            follow_up.answered_at = timezone.make_aware(datetime.datetime.combine(follow_up.asked_on,
                                                                                  datetime.time(15)))
            follow_up.save()

    def place(self, trajectory, arrangement, start, end, coach):
        parts = list(arrangement.day_parts.all())[: arrangement.max_day_parts_per_child]
        running = GroupPlacement.objects.filter(arrangement=arrangement, day_parts__in=parts).running_from(start)
        # Keep two places free on every day part, so a coach trying the demo can still place a child.
        if running.values("trajectory").distinct().count() >= arrangement.capacity - 2:
            return
        placement = GroupPlacement.objects.create(trajectory=trajectory, arrangement=arrangement, start_date=start,
                                                  end_date=end, created_by=coach)
        placement.day_parts.set(parts)
