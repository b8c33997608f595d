"""Demo data for the five regions of DESIGN.md: fictional schools, teams, accounts and fresh registrations.

Every object is found on a natural key before it is made, so running the command again changes nothing.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Membership, Role
from partners.models import Organisation, OrganisationKind, Partnership, School, SchoolType
from pilots.models import (
    BaselineFigure,
    DayPart,
    GroupArrangement,
    PartOfDay,
    Phase,
    Pilot,
    PilotPartner,
    PilotPhase,
    PilotSchool,
    Weekday,
)
from trajecten.models import (
    DEFAULT_CONCERN_AREAS,
    Child,
    ConcernArea,
    ConsentBy,
    ConsentPurpose,
    Group,
    HelpInvolved,
    StatusChange,
    Trajectory,
    Urgency,
)
from trajecten.workflow import Status

PASSWORD = "kidportaal-demo"
EMAIL_DOMAIN = "kidportaal.example"
D = datetime.date
K = OrganisationKind
T = SchoolType

# Partnerships -------------------------------------------------------------------------------------------
# slug: (name, registration code, region)
PARTNERSHIPS = {
    "rotterdam": ("Samenwerkingsverband PPO Rotterdam", "PO 28-12", "Rotterdam"),
    "fivelingo": ("Samenwerkingsverband Fivelingo", "PO 20-04", "Noordoost-Groningen"),
    "flevoland": ("Samenwerkingsverband Passend Onderwijs Flevoland", "PO 24-01", "Flevoland"),
    "peelland": ("Samenwerkingsverband Peelland", "PO 30-08", "Peelland"),
    "meierij": ("Samenwerkingsverband PO de Meierij", "PO 30-04", "De Meierij"),
}

# name: (kind, municipality)
ORGANISATIONS = {
    "PPO Rotterdam": (K.SWV, "Rotterdam"),
    "Stek Jeugdhulp": (K.YOUTH_CARE, "Rotterdam"),
    "CJG Rotterdam Delfshaven": (K.CJG, "Rotterdam"),
    "Stichting Primair Onderwijs Delfshaven": (K.SCHOOL_BOARD, "Rotterdam"),
    "Stichting Christelijk Onderwijs Maasoever": (K.SCHOOL_BOARD, "Rotterdam"),
    "SWV Fivelingo": (K.SWV, "Eemsdelta"),
    "Jeugdteam Eemsdelta": (K.NEIGHBOURHOOD_TEAM, "Eemsdelta"),
    "JGZ Noord-Groningen": (K.JGZ, "Eemsdelta"),
    "Stichting Fivelscholen": (K.SCHOOL_BOARD, "Eemsdelta"),
    "Vereniging Christelijk Onderwijs Fivelingo": (K.SCHOOL_BOARD, "Eemsdelta"),
    "SWV Passend Onderwijs Flevoland": (K.SWV, "Lelystad"),
    "Jeugdwerk Flevoland": (K.YOUTH_CARE, "Lelystad"),
    "Wijkteams Almere": (K.NEIGHBOURHOOD_TEAM, "Almere"),
    "Stichting Flevo Scholen": (K.SCHOOL_BOARD, "Lelystad"),
    "Stichting Polderkind": (K.SCHOOL_BOARD, "Almere"),
    "SWV Peelland": (K.SWV, "Helmond"),
    "Vroeg Erbij Jeugdhulp": (K.YOUTH_CARE, "Someren"),
    "MKD De Kempen": (K.YOUTH_CARE, "Someren"),
    "CJG Someren": (K.CJG, "Someren"),
    "Kinderopvang De Peel": (K.CHILDCARE, "Someren"),
    "Stichting Peuterwerk Someren": (K.CHILDCARE, "Someren"),
    "SWV PO de Meierij": (K.SWV, "Meierijstad"),
    "Jeugdprofessionals De Meierij": (K.YOUTH_CARE, "Meierijstad"),
    "Gemeente Meierijstad": (K.MUNICIPALITY, "Meierijstad"),
    "Stichting Kindcentra Dommeldal": (K.SCHOOL_BOARD, "Boxtel"),
    "Stichting Primair Onderwijs De Meierij": (K.SCHOOL_BOARD, "Meierijstad"),
    "Stichting Scholengroep Essche Stroom": (K.SCHOOL_BOARD, "Vught"),
}

# Pilots -------------------------------------------------------------------------------------------------
# slug, partnership, parent, name, municipalities, lead (username)
PILOTS = [
    ("kid", "rotterdam", None, "KID — Kinderen In Delfshaven", "Rotterdam", None),
    ("svhk", "fivelingo", None, "Samen voor het Kind", "Eemsdelta (Delfzijl, Appingedam, Loppersum)", None),
    ("svhk-wierde", "fivelingo", "svhk", "Kindcentrum Delfzijl", "Eemsdelta (Delfzijl)", "kernteam-wierde"),
    ("svhk-appingedam", "fivelingo", "svhk", "Scholen van Appingedam", "Eemsdelta (Appingedam)",
     "kernteam-appingedam"),
    ("svhk-dorpen", "fivelingo", "svhk", "Kleine dorpsscholen", "Eemsdelta (Loppersum)", "kernteam-dorpen"),
    ("svhk-sbo", "fivelingo", "svhk", "SBO De Zeester", "Eemsdelta (Delfzijl)", "kernteam-sbo"),
    ("sidk", "flevoland", None, "Sterk in de Klas", "Dronten, Lelystad, Almere", None),
    ("peuter", "peelland", None, "Iedere peuter op de juiste plek", "Someren", None),
    ("meierij", "meierij", None, "Jeugdprofessional in de school",
     "Meierijstad, Boxtel, Sint-Michielsgestel, Vught, Bernheze", None),
]

AIMS = {
    "kid": "Een KID-team coacht leerkracht en kind, samen met de ouders, in de eigen groep, voordat problemen "
           "groeien. Kinderen die meer nodig hebben, komen sneller op de passende plek.",
    "svhk": "Eén kernteam per deelpilot, met vaste contactmomenten op school, een nulmeting en gedeelde "
            "afspraken over monitoring.",
    "svhk-wierde": "Vroeg signaleren en samen ondersteunen in het kindcentrum, van peuter tot groep 8.",
    "svhk-appingedam": "Een vast kernteamlid per school in Appingedam, elke week op hetzelfde moment.",
    "svhk-dorpen": "Ondersteuning dicht bij huis voor de kleine scholen in de dorpen rond Loppersum.",
    "svhk-sbo": "Leerlingen van het SBO krijgen jeugdhulp in de school in plaats van erbuiten.",
    "sidk": "Jeugdwerkers werken een vast aantal uren per week op school: een collectief arrangement in plaats "
            "van een besluit per kind, met de school als eiland in de wijk.",
    "peuter": "Peuters krijgen ondersteuning op de kinderopvang; een plaatsing op een medisch kinderdagverblijf "
              "wordt waar mogelijk voorkomen.",
    "meierij": "Een jeugdprofessional zes uur per week in het zorgteam van eerst zes, later negen kindcentra; "
               "tijdelijke groepsarrangementen voor leerlingen van meer scholen.",
}

# pilot: [(organisation, role in the pilot)]
PILOT_PARTNERS = {
    "kid": [("Stek Jeugdhulp", "levert de jeugdprofessionals van het KID-team"),
            ("PPO Rotterdam", "opdrachtgever; coördineert de pilot"),
            ("CJG Rotterdam Delfshaven", "sluit aan bij MDO's en schakelt JGZ en wijkteam in")],
    "svhk": [("SWV Fivelingo", "opdrachtgever; coördineert de deelpilots"),
             ("Jeugdteam Eemsdelta", "levert de kernteamleden"),
             ("JGZ Noord-Groningen", "jeugdarts en jeugdverpleegkundige in het kernteam")],
    "svhk-wierde": [("Jeugdteam Eemsdelta", "kernteamlid in het kindcentrum"),
                    ("JGZ Noord-Groningen", "peuterspreekuur in het kindcentrum")],
    "svhk-appingedam": [("Jeugdteam Eemsdelta", "kernteamlid op de scholen van Appingedam")],
    "svhk-dorpen": [("Jeugdteam Eemsdelta", "kernteamlid voor de dorpsscholen")],
    "svhk-sbo": [("JGZ Noord-Groningen", "kernteamlid op het SBO"),
                 ("Stichting Fivelscholen", "bevoegd gezag van het SBO")],
    "sidk": [("SWV Passend Onderwijs Flevoland", "opdrachtgever; coördineert de pilot"),
             ("Jeugdwerk Flevoland", "detacheert jeugdwerkers op de scholen"),
             ("Wijkteams Almere", "verbindt de school met de wijk")],
    "peuter": [("SWV Peelland", "opdrachtgever; coördineert de pilot"),
               ("Vroeg Erbij Jeugdhulp", "levert de pedagogisch coaches op de opvang"),
               ("Kinderopvang De Peel", "locaties waar de peuters spelen"),
               ("MKD De Kempen", "consultatie over peuters die een MKD-plaatsing dreigen te krijgen"),
               ("CJG Someren", "sluit aan bij het overleg over peuters")],
    "meierij": [("SWV PO de Meierij", "opdrachtgever; coördineert de pilot"),
                ("Jeugdprofessionals De Meierij", "jeugdprofessional in het zorgteam van de kindcentra"),
                ("Gemeente Meierijstad", "medefinanciering uit het jeugdbudget")],
}

# Pilot: (opstart, uitvoering, evaluatie, end of evaluatie). A phase ends the day before the next begins;
# a sub-pilot follows its parent.
PHASES = {
    "kid": (D(2025, 5, 1), D(2025, 8, 25), D(2027, 7, 1), D(2027, 10, 31)),
    "svhk": (D(2025, 9, 1), D(2026, 1, 5), D(2027, 7, 17), D(2027, 12, 17)),
    "sidk": (D(2026, 1, 5), D(2026, 4, 1), D(2027, 7, 17), D(2027, 11, 30)),
    "peuter": (D(2026, 3, 2), D(2026, 8, 31), D(2027, 9, 1), D(2027, 12, 31)),
    "meierij": (D(2025, 8, 25), D(2026, 1, 5), D(2027, 7, 10), D(2027, 10, 31)),
}

# Nulmeting over school year 2024-2025, per pilot: measure: value
BASELINE_PERIOD = "2024-2025"
BASELINES = {
    "kid": {"aanmeldingen": 41, "doorverwijzingen": 15, "verwijzingen_sbo_so": 9, "dagen_tot_plek": 128,
            "thuiszitters": 3},
    "svhk": {"aanmeldingen": 26, "doorverwijzingen": 9, "verwijzingen_sbo_so": 6, "dagen_tot_plek": 96},
    "svhk-wierde": {"aanmeldingen": 7, "doorverwijzingen": 3},
    "svhk-appingedam": {"aanmeldingen": 9, "doorverwijzingen": 3, "verwijzingen_sbo_so": 2},
    "svhk-dorpen": {"aanmeldingen": 4, "doorverwijzingen": 1},
    "svhk-sbo": {"aanmeldingen": 6, "doorverwijzingen": 2, "thuiszitters": 1},
    "sidk": {"aanmeldingen": 35, "doorverwijzingen": 12, "verwijzingen_sbo_so": 7, "dagen_tot_plek": 110},
    "peuter": {"aanmeldingen": 18, "plaatsingen_mkd": 7, "dagen_tot_plek": 84},
    "meierij": {"aanmeldingen": 62, "doorverwijzingen": 21, "verwijzingen_sbo_so": 11, "dagen_tot_plek": 140,
                "thuiszitters": 4},
}

# Pilot: (employer of the coaches, employer of the coördinator, number of coaches beside the named ones).
# The coördinator of a pilot also coördinates its sub-pilots.
TEAMS = {
    "kid": ("Stek Jeugdhulp", "PPO Rotterdam", 2),
    "svhk": ("Jeugdteam Eemsdelta", "SWV Fivelingo", 0),
    "svhk-wierde": ("Jeugdteam Eemsdelta", None, 1),
    "svhk-appingedam": ("Jeugdteam Eemsdelta", None, 1),
    "svhk-dorpen": ("Jeugdteam Eemsdelta", None, 0),
    "svhk-sbo": ("JGZ Noord-Groningen", None, 1),
    "sidk": ("Jeugdwerk Flevoland", "SWV Passend Onderwijs Flevoland", 3),
    "peuter": ("Vroeg Erbij Jeugdhulp", "SWV Peelland", 2),
    "meierij": ("Jeugdprofessionals De Meierij", "SWV PO de Meierij", 3),
}

# Schools ------------------------------------------------------------------------------------------------
# pilot, name, type, board, municipality, neighbourhood, hours a week, fixed contact day and time
SCHOOLS = [
    ("kid", "OBS De Regenboog", T.BASISSCHOOL, "Stichting Primair Onderwijs Delfshaven", "Rotterdam",
     "Bospolder", 4, Weekday.TUESDAY, "08:30"),
    ("kid", "Basisschool De Globetrotter", T.BASISSCHOOL, "Stichting Primair Onderwijs Delfshaven", "Rotterdam",
     "Tussendijken", 4, Weekday.MONDAY, "13:00"),
    ("kid", "IKC Het Spangen", T.IKC, "Stichting Primair Onderwijs Delfshaven", "Rotterdam",
     "Spangen", 6, Weekday.WEDNESDAY, "09:00"),
    ("kid", "CBS De Akker", T.BASISSCHOOL, "Stichting Christelijk Onderwijs Maasoever", "Rotterdam",
     "Nieuwe Westen", 4, Weekday.THURSDAY, "08:30"),
    ("kid", "OBS Delfshaven", T.BASISSCHOOL, "Stichting Primair Onderwijs Delfshaven", "Rotterdam",
     "Delfshaven", 3, Weekday.FRIDAY, "08:45"),
    ("kid", "Basisschool Schiemond", T.BASISSCHOOL, "Stichting Christelijk Onderwijs Maasoever", "Rotterdam",
     "Schiemond", 3, Weekday.TUESDAY, "13:15"),
    ("svhk-wierde", "Kindcentrum De Wierde", T.IKC, "Stichting Fivelscholen", "Eemsdelta",
     "Delfzijl-Noord", 4, Weekday.MONDAY, "08:30"),
    ("svhk-appingedam", "OBS De Wilster", T.BASISSCHOOL, "Stichting Fivelscholen", "Eemsdelta",
     "Appingedam-Centrum", 2, Weekday.TUESDAY, "08:15"),
    ("svhk-appingedam", "CBS De Fontein", T.BASISSCHOOL, "Vereniging Christelijk Onderwijs Fivelingo", "Eemsdelta",
     "Opwierde", 2, Weekday.TUESDAY, "13:00"),
    ("svhk-appingedam", "OBS Het Damsterdiep", T.BASISSCHOOL, "Stichting Fivelscholen", "Eemsdelta",
     "Appingedam-West", 2, Weekday.THURSDAY, "08:30"),
    ("svhk-dorpen", "OBS 't Bolwerk", T.BASISSCHOOL, "Stichting Fivelscholen", "Eemsdelta",
     "Loppersum", 1.5, Weekday.WEDNESDAY, "08:30"),
    ("svhk-dorpen", "CBS De Wegwijzer", T.BASISSCHOOL, "Vereniging Christelijk Onderwijs Fivelingo", "Eemsdelta",
     "Garrelsweer", 1, Weekday.WEDNESDAY, "11:00"),
    ("svhk-dorpen", "OBS De Stapsteen", T.BASISSCHOOL, "Stichting Fivelscholen", "Eemsdelta",
     "Wirdum", 1, Weekday.FRIDAY, "08:30"),
    ("svhk-dorpen", "CBS De Borg", T.BASISSCHOOL, "Vereniging Christelijk Onderwijs Fivelingo", "Eemsdelta",
     "Zeerijp", 1, Weekday.FRIDAY, "11:00"),
    ("svhk-sbo", "SBO De Zeester", T.SBO, "Stichting Fivelscholen", "Eemsdelta",
     "Delfzijl", 4, Weekday.THURSDAY, "13:00"),
    ("sidk", "OBS De Zevensprong", T.BASISSCHOOL, "Stichting Flevo Scholen", "Dronten",
     "Dronten-Noord", 4, Weekday.MONDAY, "08:30"),
    ("sidk", "CBS Het Baken", T.BASISSCHOOL, "Stichting Flevo Scholen", "Dronten",
     "Dronten-Zuid", 4, Weekday.WEDNESDAY, "08:30"),
    ("sidk", "IKC De Windroos", T.IKC, "Stichting Flevo Scholen", "Lelystad",
     "Atolwijk", 8, Weekday.TUESDAY, "08:30"),
    ("sidk", "OBS De Tjalk", T.BASISSCHOOL, "Stichting Flevo Scholen", "Lelystad",
     "Boswijk", 6, Weekday.THURSDAY, "08:30"),
    ("sidk", "Basisschool Het Palet", T.BASISSCHOOL, "Stichting Polderkind", "Almere",
     "Almere Haven", 6, Weekday.MONDAY, "13:00"),
    ("sidk", "IKC De Vlinderboom", T.IKC, "Stichting Polderkind", "Almere",
     "Almere Buiten", 8, Weekday.FRIDAY, "08:30"),
    ("sidk", "OBS De Polderster", T.BASISSCHOOL, "Stichting Polderkind", "Almere",
     "Almere Stad", 5, Weekday.WEDNESDAY, "13:00"),
    ("peuter", "Peuteropvang Het Speelnest", T.KINDEROPVANG, "Stichting Peuterwerk Someren", "Someren",
     "Someren-Dorp", 3, Weekday.TUESDAY, "09:00"),
    ("peuter", "Kinderopvang De Boomhut", T.KINDEROPVANG, "Kinderopvang De Peel", "Someren",
     "Someren-Eind", 3, Weekday.THURSDAY, "09:00"),
    ("peuter", "Peuteropvang Lierop", T.KINDEROPVANG, "Stichting Peuterwerk Someren", "Someren",
     "Lierop", 2, Weekday.MONDAY, "09:30"),
    ("peuter", "Kinderdagverblijf De Heidebloem", T.KINDEROPVANG, "Kinderopvang De Peel", "Someren",
     "Someren-Heide", 2, Weekday.WEDNESDAY, "09:30"),
    ("meierij", "IKC De Vlinder", T.IKC, "Stichting Primair Onderwijs De Meierij", "Meierijstad",
     "Schijndel", 6, Weekday.MONDAY, "13:15"),
    ("meierij", "IKC Het Kompas", T.IKC, "Stichting Primair Onderwijs De Meierij", "Meierijstad",
     "Sint-Oedenrode", 6, Weekday.TUESDAY, "13:15"),
    ("meierij", "IKC De Bolster", T.IKC, "Stichting Primair Onderwijs De Meierij", "Meierijstad",
     "Veghel", 6, Weekday.THURSDAY, "13:15"),
    ("meierij", "IKC De Kameleon", T.IKC, "Stichting Primair Onderwijs De Meierij", "Meierijstad",
     "Erp", 6, Weekday.FRIDAY, "08:30"),
    ("meierij", "IKC De Wingerd", T.IKC, "Stichting Kindcentra Dommeldal", "Boxtel",
     "Boxtel", 6, Weekday.MONDAY, "08:30"),
    ("meierij", "IKC Het Klokhuis", T.IKC, "Stichting Kindcentra Dommeldal", "Sint-Michielsgestel",
     "Sint-Michielsgestel", 6, Weekday.WEDNESDAY, "08:30"),
    ("meierij", "IKC De Toermalijn", T.IKC, "Stichting Kindcentra Dommeldal", "Sint-Michielsgestel",
     "Berlicum", 6, Weekday.TUESDAY, "08:30"),
    ("meierij", "IKC Het Wielewaalnest", T.IKC, "Stichting Scholengroep Essche Stroom", "Vught",
     "Vught", 6, Weekday.THURSDAY, "08:30"),
    ("meierij", "IKC De Eik", T.IKC, "Stichting Scholengroep Essche Stroom", "Bernheze",
     "Heeswijk-Dinther", 6, Weekday.FRIDAY, "13:15"),
]

MEIERIJ_SCHOOL_COUNT = 123
# The other Meierij schools, not (yet) in the pilot: kern: gemeente
MEIERIJ_KERNEN = {
    "Schijndel": "Meierijstad", "Sint-Oedenrode": "Meierijstad", "Veghel": "Meierijstad", "Erp": "Meierijstad",
    "Boxtel": "Boxtel", "Liempde": "Boxtel", "Sint-Michielsgestel": "Sint-Michielsgestel",
    "Berlicum": "Sint-Michielsgestel", "Den Dungen": "Sint-Michielsgestel", "Vught": "Vught",
    "Helvoirt": "Vught", "Heeswijk-Dinther": "Bernheze",
}
MEIERIJ_NAMES = [
    "De Regenboog", "De Springplank", "Het Palet", "De Zonnewijzer", "De Vlindertuin", "Het Anker",
    "De Kiem", "De Fonkelsteen", "Sint-Jozef", "De Linde", "Het Mozaïek", "De Beemd", "Sint-Catharina",
    "De Dommel", "De Hoge Raam", "Het Talent", "De Borgh", "De Biezen", "De Meander", "Op Dreef", "De Plataan",
]
MEIERIJ_PREFIXES = ["Basisschool", "RKBS", "OBS", "Basisschool", "PCBS"]
MEIERIJ_BOARDS = ["Stichting Primair Onderwijs De Meierij", "Stichting Kindcentra Dommeldal",
                  "Stichting Scholengroep Essche Stroom"]

# Group arrangements: pilot, name, location, capacity, max day parts per child, only beside ambulant, day parts
ARRANGEMENTS = [
    ("kid", "Bovenschools klasje Delfshaven", "IKC Het Spangen, Rotterdam", 6, 2, True,
     [(Weekday.TUESDAY, PartOfDay.MORNING), (Weekday.THURSDAY, PartOfDay.MORNING)]),
    ("meierij", "Tussengroep De Meierij", "IKC De Wingerd, Boxtel", 8, 3, True,
     [(Weekday.MONDAY, PartOfDay.MORNING), (Weekday.WEDNESDAY, PartOfDay.MORNING),
      (Weekday.FRIDAY, PartOfDay.MORNING)]),
]

# Accounts -----------------------------------------------------------------------------------------------
DEMO_PEOPLE = {
    "ib-delfshaven": ("Esra", "Yilmaz"),
    "ib-appingedam": ("Jannie", "Bakker"),
    "coach-kid": ("Romano", "Sital"),
    "coordinator-kid": ("Marieke", "de Groot"),
    "stuurgroep-rotterdam": ("Henk", "Verhoeven"),
    "beheer": ("Sanne", "Kuipers"),
}
# The IB-er of a school is ib-<school>, except the two named demo accounts.
IB_OF_SCHOOL = {"OBS De Regenboog": "ib-delfshaven", "OBS De Wilster": "ib-appingedam"}
STAFF_GIVEN_NAMES = ["Annemiek", "Bas", "Chantal", "Dewi", "Erik", "Fatima", "Gerrit", "Hanneke", "Ilse", "Jeroen",
                     "Karin", "Laila", "Martijn", "Nicole", "Orlando", "Petra", "Ruud", "Samira", "Tineke", "Wouter",
                     "Yvonne", "Zeynep"]
STAFF_FAMILY_NAMES = ["Aarts", "van Beek", "Claassen", "Dijkstra", "El Khatib", "de Graaf", "Hoekstra",
                      "Janssen", "Kok", "Lammers", "van der Meer", "Nijboer", "Oosterhuis", "Pronk", "Rijken",
                      "Schouten", "Tahiri", "Vermeulen", "Willems", "Zwart", "Boukhari", "Mol", "Veenstra"]

# Registrations ------------------------------------------------------------------------------------------
# school: number of children registered in the last weeks
REGISTRATIONS = {
    "OBS De Regenboog": 5, "Basisschool De Globetrotter": 3, "IKC Het Spangen": 3, "CBS De Akker": 2,
    "OBS Delfshaven": 2, "Basisschool Schiemond": 2,
    "OBS De Wilster": 3, "Kindcentrum De Wierde": 2, "CBS De Borg": 1, "SBO De Zeester": 2,
    "IKC De Windroos": 2, "Basisschool Het Palet": 2,
    "Peuteropvang Het Speelnest": 2, "Kinderopvang De Boomhut": 2,
    "IKC De Vlinder": 2, "IKC De Wingerd": 2, "IKC De Eik": 1,
}
# Ages are counted on this day, so a child has the same birth date whenever the demo is loaded.
AGE_REFERENCE = D(2026, 10, 1)
CHILD_GIVEN_NAMES = ["Noah", "Emma", "Mohammed", "Julia", "Sem", "Mila", "Daan", "Sara", "Liam", "Nora", "Ayoub",
                     "Lotte", "Finn", "Yara", "Milan", "Zoë", "Adam", "Fenna", "Bilal", "Tess", "Jayden", "Amira",
                     "Luuk", "Eva", "Rayan", "Saar", "Levi", "Hiba", "Thijs", "Isa", "Omar", "Lieke", "Dex", "Elif"]
CHILD_FAMILY_NAMES = ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "El Idrissi", "Yilmaz", "Visser",
                      "Smit", "Meijer", "de Boer", "Mulder", "Kaya", "Bos", "Vos", "Peters", "Hendriks", "van Dijk",
                      "Aydın", "Ramdin", "Martina", "Koç", "Dekker", "Brouwer", "Wouters", "Verbeek", "Postma"]
TEACHERS = ["juf Samira", "meester Bram", "juf Anouk", "juf Ilse", "meester Kees", "juf Nadia", "juf Femke",
            "meester Youssef", "juf Marloes"]
CHILDCARE_STAFF = ["Ans (pedagogisch medewerker)", "Marit (pedagogisch medewerker)", "Kim (groepsleiding)"]
HELP_REQUESTS = [
    "Raakt in de kring snel overprikkeld en loopt dan de klas uit. Hoe houden we het kind in de groep?",
    "Praat nauwelijks in de klas; de leerkracht wil weten wat het kind nodig heeft om mee te doen.",
    "Lezen blijft ver achter ondanks extra instructie; wat kan de leerkracht in de groep anders doen?",
    "Conflicten op het plein lopen hoog op; de leerkracht zoekt een aanpak voor het kind en de groep.",
    "Thuis is veel onrust; het kind is moe en teruggetrokken. Hoe ondersteunen we samen met de ouders?",
    "Kan zich moeilijk concentreren bij zelfstandig werken en stoort dan anderen.",
    "Motorisch onhandig en snel gefrustreerd bij knippen en schrijven.",
]
TODDLER_HELP_REQUESTS = [
    "Spreekt nog nauwelijks en wordt boos als hij of zij niet begrepen wordt. Wat helpt op de groep?",
    "Speelt niet met andere kinderen en raakt overstuur bij elke overgang. Hoe begeleiden we dit?",
    "Bijt en slaat als het druk wordt op de groep; ouders herkennen het van thuis.",
    "Loopt achter in de ontwikkeling; het consultatiebureau denkt aan een MKD. Kan het op de opvang?",
]
TRIED_ALREADY = [
    "Vaste plek dicht bij de leerkracht en een rustige hoek om even bij te komen.",
    "Extra instructie in een klein groepje, vier weken lang.",
    "Gesprek met de ouders en een beloningskaart met doelen voor de dag.",
    "Dagritmekaarten en een koptelefoon bij zelfstandig werken.",
    "Besproken in het zorgoverleg van de school; observatie door de intern begeleider.",
]
SCHOOL_GROUPS = [Group.G1, Group.G1, Group.G2, Group.G2, Group.G3, Group.G4, Group.G5, Group.G6, Group.G7, Group.G8]
IKC_GROUPS = [Group.PEUTER, *SCHOOL_GROUPS]
SBO_GROUPS = [Group.G3, Group.G4, Group.G5, Group.G6, Group.G7, Group.G8]


def phase_dates(slug):
    """The three phases of a pilot as (phase, start, end); a sub-pilot follows its parent."""
    parent = {row[0]: row[2] for row in PILOTS}[slug]
    opstart, execution, evaluation, end = PHASES[parent or slug]
    day = datetime.timedelta(days=1)
    return [(Phase.START, opstart, execution - day), (Phase.EXECUTION, execution, evaluation - day),
            (Phase.EVALUATION, evaluation, end)]


def meierij_schools():
    """The Meierij schools beside the nine kindcentra of the pilot, with names that do not repeat."""
    kernen = list(MEIERIJ_KERNEN)
    rows = []
    for number in range(MEIERIJ_SCHOOL_COUNT - sum(row[0] == "meierij" for row in SCHOOLS)):
        kern = kernen[number % len(kernen)]
        # 13 and 21 share no divisor, so each kern gets a different name each round.
        name = MEIERIJ_NAMES[(13 * (number // len(kernen)) + number % len(kernen)) % len(MEIERIJ_NAMES)]
        prefix = MEIERIJ_PREFIXES[number % len(MEIERIJ_PREFIXES)]
        rows.append((None, f"{prefix} {name} {kern}", T.BASISSCHOOL, MEIERIJ_BOARDS[number % len(MEIERIJ_BOARDS)],
                     MEIERIJ_KERNEN[kern], kern, 0, None, None))
    return rows


def school_partnership(pilot_slug, name):
    if pilot_slug is None:
        return "meierij"
    return {row[0]: row[1] for row in PILOTS}[pilot_slug]


ALL_SCHOOLS = SCHOOLS + meierij_schools()
BRIN_SPACE = 90 * 26 * 26
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def brin_code(number):
    """A made-up code in the BRIN shape (12AB00); different numbers below BRIN_SPACE give different codes."""
    spread = (number * 7919 + 4111) % BRIN_SPACE
    return f"{10 + spread % 90:02d}{LETTERS[spread // 90 % 26]}{LETTERS[spread // 2340]}00"


def ib_username(school_name):
    return IB_OF_SCHOOL.get(school_name) or f"ib-{slugify(school_name)}"


def staff_name(number):
    return (STAFF_GIVEN_NAMES[number * 5 % len(STAFF_GIVEN_NAMES)],
            STAFF_FAMILY_NAMES[number * 7 % len(STAFF_FAMILY_NAMES)])


def memberships():
    """Every demo membership as (username, role, place, place key, organisation)."""
    rows = [("beheer", Role.BEHEERDER, None, None, None)]
    rows += [(f"stuurgroep-{slug}", Role.STUURGROEP, "partnership", slug, None) for slug in PARTNERSHIPS]
    for slug, _partnership, parent, _name, _municipalities, lead in PILOTS:
        employer, coordinator_employer, coaches = TEAMS[slug]
        root = parent or slug
        rows.append((f"coordinator-{root}", Role.COORDINATOR, "pilot", slug, TEAMS[root][1]))
        named = [lead] if lead else [f"coach-{slug}"] if slug == "kid" else []
        for username in named + [f"coach-{slug}-{n}" for n in range(1, coaches + 1)]:
            rows.append((username, Role.COACH, "pilot", slug, employer))
    rows += [(ib_username(row[1]), Role.IB, "school", row[1], None) for row in SCHOOLS]
    return rows


def people():
    """username: (given name, family name) for every demo account, in a fixed order."""
    usernames = list(dict.fromkeys(row[0] for row in memberships()))
    return {username: DEMO_PEOPLE.get(username) or staff_name(number) for number, username in enumerate(usernames)}


def registration_specs(rng):
    """The fictional children and their registrations; drawn before the database is read, so always the same."""
    schools = {row[1]: row for row in SCHOOLS}
    specs = []
    for school_name, count in REGISTRATIONS.items():
        pilot_slug, _name, school_type = schools[school_name][:3]
        groups = {T.KINDEROPVANG: [Group.PEUTER], T.IKC: IKC_GROUPS, T.SBO: SBO_GROUPS}.get(school_type,
                                                                                          SCHOOL_GROUPS)
        for _number in range(count):
            group = rng.choice(groups)
            age = rng.choice([2, 3]) if group == Group.PEUTER else int(group) + 4
            born = AGE_REFERENCE.replace(year=AGE_REFERENCE.year - age) - datetime.timedelta(days=rng.randint(0, 360))
            toddler = group in (Group.PEUTER, Group.G1, Group.G2)
            consent = rng.random() < 0.7
            wants_group = pilot_slug in {row[0] for row in ARRANGEMENTS} and toddler and rng.random() < 0.5
            days_ago = rng.randint(1, 42)
            purposes = [ConsentPurpose.SUPPORT, ConsentPurpose.OBSERVATION]
            purposes += [ConsentPurpose.CONSULTATION] if rng.random() < 0.6 else []
            purposes += [ConsentPurpose.GROUP] if wants_group else []
            specs.append({
                "pilot": pilot_slug, "school": school_name,
                "child": {"given_name": rng.choice(CHILD_GIVEN_NAMES), "family_name": rng.choice(CHILD_FAMILY_NAMES),
                          "date_of_birth": born, "group": group},
                "registered": (days_ago, datetime.time(rng.randint(8, 15), rng.choice([0, 10, 25, 40, 55]))),
                "consent": (rng.randint(0, 10), rng.choice(ConsentBy.values), [str(p) for p in purposes])
                if consent else None,
                "teacher_name": rng.choice(CHILDCARE_STAFF if school_type == T.KINDEROPVANG else TEACHERS),
                "help_request": rng.choice(TODDLER_HELP_REQUESTS if group == Group.PEUTER else HELP_REQUESTS),
                "tried_already": rng.choice(TRIED_ALREADY),
                "help_involved": rng.sample(HelpInvolved.values, rng.choice([0, 0, 1, 2])),
                "concern_areas": rng.sample(DEFAULT_CONCERN_AREAS, rng.randint(1, 3)),
                "wants_group_arrangement": wants_group,
                "wants_consultation": rng.random() < 0.3,
                "urgency": Urgency.URGENT if rng.random() < 0.15 else Urgency.NORMAL,
            })
    return specs


class Command(BaseCommand):
    help = "Laadt fictieve demodata voor de vijf regio's; nog eens draaien verandert niets."

    def handle(self, *args, **options):
        with transaction.atomic():
            self.load_concern_areas()
            partnerships = self.load_partnerships()
            organisations = self.load_organisations()
            users = self.load_users()
            pilots = self.load_pilots(partnerships, organisations, users)
            schools = self.load_schools(partnerships, organisations)
            self.load_participation(pilots, schools)
            self.load_arrangements(pilots)
            self.load_memberships(users, partnerships, pilots, schools, organisations)
            self.load_registrations(users, pilots, schools)
        self.summary()

    # Structure ------------------------------------------------------------------------------------------

    def load_concern_areas(self):
        # A flushed test database has lost the rows its migration wrote.
        existing = set(ConcernArea.objects.values_list("name", flat=True))
        ConcernArea.objects.bulk_create([ConcernArea(name=name, order=order)
                                         for order, name in enumerate(DEFAULT_CONCERN_AREAS, start=1)
                                         if name not in existing])

    def load_partnerships(self):
        return {
            slug: Partnership.objects.get_or_create(name=name, defaults={"code": code, "region": region})[0]
            for slug, (name, code, region) in PARTNERSHIPS.items()
        }

    def load_organisations(self):
        return {
            name: Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "municipality": place})[0]
            for name, (kind, place) in ORGANISATIONS.items()
        }

    def load_users(self):
        """The accounts, all with the demo password; a password someone changed is set back."""
        User = get_user_model()
        wanted = people()
        users = User.objects.in_bulk(list(wanted), field_name="username")
        encoded = None
        new = [username for username in wanted if username not in users]
        if new:
            encoded = make_password(PASSWORD)
            User.objects.bulk_create([
                User(username=username, first_name=wanted[username][0], last_name=wanted[username][1],
                     email=f"{username}@{EMAIL_DOMAIN}", password=encoded)
                for username in new
            ])
        # Demo accounts share one hash: checking each distinct hash once keeps a rerun fast.
        checks = {}
        for user in users.values():
            if user.password not in checks:
                checks[user.password] = check_password(PASSWORD, user.password)
            if not checks[user.password]:
                encoded = encoded or make_password(PASSWORD)
                user.password = encoded
                user.save(update_fields=["password"])
        return User.objects.in_bulk(list(wanted), field_name="username")

    def load_pilots(self, partnerships, organisations, users):
        pilots = {}
        for slug, partnership, parent, name, municipalities, lead in PILOTS:
            pilot, _created = Pilot.objects.get_or_create(
                partnership=partnerships[partnership], name=name,
                defaults={"parent": pilots.get(parent), "municipalities": municipalities, "aim": AIMS[slug],
                          "lead": users.get(lead)},
            )
            pilots[slug] = pilot
            for phase, start, end in phase_dates(slug):
                PilotPhase.objects.get_or_create(pilot=pilot, phase=phase,
                                                 defaults={"start_date": start, "end_date": end})
            for organisation, role in PILOT_PARTNERS[slug]:
                PilotPartner.objects.get_or_create(pilot=pilot, organisation=organisations[organisation],
                                                   defaults={"role": role})
            for measure, value in BASELINES[slug].items():
                BaselineFigure.objects.get_or_create(pilot=pilot, measure=measure, defaults={
                    "value": Decimal(value), "period": BASELINE_PERIOD,
                    "source": f"nulmeting samenwerkingsverband, schooljaar {BASELINE_PERIOD}",
                })
        return pilots

    def load_schools(self, partnerships, organisations):
        """Schools keyed on partnership and name; a new school gets the first free code from its number."""
        existing = {(school.partnership_id, school.name): school
                    for school in School.objects.filter(partnership__in=partnerships.values())}
        used = set(School.objects.values_list("brin_code", flat=True))
        new = []
        for number, (pilot, name, school_type, board, municipality, neighbourhood, *_rest) in enumerate(ALL_SCHOOLS):
            partnership = partnerships[school_partnership(pilot, name)]
            if (partnership.pk, name) in existing:
                continue
            while brin_code(number) in used:
                number += len(ALL_SCHOOLS)
            used.add(brin_code(number))
            new.append(School(name=name, brin_code=brin_code(number), school_type=school_type,
                              partnership=partnership, board=organisations[board], municipality=municipality,
                              neighbourhood=neighbourhood))
        School.objects.bulk_create(new)
        by_key = {(school.partnership_id, school.name): school
                  for school in School.objects.filter(partnership__in=partnerships.values())}
        return {name: by_key[(partnerships[school_partnership(pilot, name)].pk, name)]
                for pilot, name, *_rest in ALL_SCHOOLS}

    def load_participation(self, pilots, schools):
        for pilot, name, *_school, hours, weekday, time in SCHOOLS:
            PilotSchool.objects.get_or_create(pilot=pilots[pilot], school=schools[name], defaults={
                "hours_per_week": Decimal(str(hours)), "contact_weekday": weekday,
                "contact_time": datetime.time.fromisoformat(time),
            })

    def load_arrangements(self, pilots):
        for pilot, name, location, capacity, maximum, only_beside_ambulant, day_parts in ARRANGEMENTS:
            arrangement, _created = GroupArrangement.objects.get_or_create(pilot=pilots[pilot], name=name, defaults={
                "location": location, "capacity": capacity, "max_day_parts_per_child": maximum,
                "only_beside_ambulant": only_beside_ambulant,
            })
            for weekday, part in day_parts:
                DayPart.objects.get_or_create(arrangement=arrangement, weekday=weekday, part=part)

    def load_memberships(self, users, partnerships, pilots, schools, organisations):
        places = {"partnership": partnerships, "pilot": pilots, "school": schools}
        for username, role, place, key, organisation in memberships():
            where = {place: places[place][key]} if place else {}
            Membership.objects.get_or_create(user=users[username], role=role, **where,
                                             defaults={"organisation": organisations.get(organisation)})

    # Registrations --------------------------------------------------------------------------------------

    def load_registrations(self, users, pilots, schools):
        """A handful of fresh registrations per demo school, each only when its child has no trajectory yet."""
        areas = ConcernArea.objects.in_bulk(DEFAULT_CONCERN_AREAS, field_name="name")
        today = timezone.localdate()
        changes = []
        for spec in registration_specs(random.Random(2026)):
            school = schools[spec["school"]]
            child, _created = Child.objects.get_or_create(school=school, **spec["child"])
            if child.trajectories.exists():
                continue
            ib = users[ib_username(spec["school"])]
            days_ago, time = spec["registered"]
            registered_at = timezone.make_aware(datetime.datetime.combine(
                today - datetime.timedelta(days=days_ago), time))
            consent = {"consent_given": False}
            if spec["consent"]:
                days_before, given_by, purposes = spec["consent"]
                consent = {"consent_given": True, "consent_by": given_by, "consent_purposes": purposes,
                           "consent_date": registered_at.date() - datetime.timedelta(days=days_before)}
            trajectory = Trajectory.objects.create(
                child=child, school=school, pilot=pilots[spec["pilot"]], status=Status.REGISTERED,
                registered_by=ib, updated_by=ib, registered_at=registered_at, teacher_name=spec["teacher_name"],
                help_request=spec["help_request"], tried_already=spec["tried_already"],
                help_involved=spec["help_involved"], wants_ambulant=True,
                wants_group_arrangement=spec["wants_group_arrangement"],
                wants_consultation=spec["wants_consultation"], urgency=spec["urgency"], **consent,
            )
            trajectory.concern_areas.set([areas[name] for name in spec["concern_areas"]])
            changes.append(StatusChange(trajectory=trajectory, from_status="", to_status=Status.REGISTERED,
                                        changed_by=ib, changed_at=registered_at,
                                        reason="Aangemeld door de school."))
        StatusChange.objects.bulk_create(changes)

    # Summary --------------------------------------------------------------------------------------------

    def summary(self):
        counts = [
            (Partnership, "samenwerkingsverbanden"), (Organisation, "partnerorganisaties"), (School, "scholen"),
            (Pilot, "pilots (met deelpilots)"), (PilotSchool, "deelnemende scholen"), (PilotPhase, "fasen"),
            (BaselineFigure, "cijfers nulmeting"), (GroupArrangement, "groepsarrangementen"),
            (get_user_model(), "gebruikers"), (Membership, "rollen"), (Child, "kinderen"),
            (Trajectory, "trajecten"), (StatusChange, "statuswijzigingen"),
        ]
        self.stdout.write(self.style.SUCCESS("Demodata geladen:"))
        for model, label in counts:
            self.stdout.write(f"  {model.objects.count():>5} {label}")
        self.stdout.write(f"Demo-accounts (wachtwoord {PASSWORD}):")
        demo = Membership.objects.filter(user__username__in=DEMO_PEOPLE).select_related(
            "user", "school", "pilot", "partnership")
        for membership in sorted(demo, key=lambda m: list(DEMO_PEOPLE).index(m.user.username)):
            place = f" — {membership.place}" if membership.place else ""
            self.stdout.write(f"  {membership.user.username:<22} {membership.get_role_display()}{place}")
        self.stdout.write("Verder: coordinator-<pilot>, coach-<pilot>-<n>, kernteam-<deelpilot>, "
                          "ib-<school> en stuurgroep-<samenwerkingsverband>.")
