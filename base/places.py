"""The words of a place (issue 18): a school speaks of its klas, leerkracht and intern begeleider, a kinderopvang
of its groep and pedagogisch medewerker. Every page, form, mail and menu asks here, by the place's type
(`partners.School.school_type`), so that a kinderopvang never reads "de leerkracht".

It lives in base/, below accounts, so that the menu (accounts) reaches it as well as the domain apps. The words
are nouns for `blocktranslate` variables and `%(…)s` in translated sentences; each is lowercase, to be written
with `capfirst` at the start of a label. Every one takes "de" in Dutch, so a sentence around it needs no
article of its own.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The school_type of a kinderopvang location (partners.SchoolType.KINDEROPVANG).
CHILDCARE = "kinderopvang"


@dataclass(frozen=True)
class Words:
    place: str  # where the child is: school, kinderopvang
    plural: str  # "alle …", "Deelnemende …"
    my_places: str  # "Aanmeldingen van mijn …"
    classroom: str  # where support happens: in de klas, in de groep
    staff: str  # who works with the child every day: de leerkracht, de pedagogisch medewerker
    registrar: str  # who registers (the IB membership): intern begeleider, pedagogisch medewerker
    is_childcare: bool = False


SCHOOL_WORDS = Words(
    place=_("school"), plural=_("scholen"), my_places=_("mijn school(en)"), classroom=_("klas"),
    staff=_("leerkracht"), registrar=_("intern begeleider"),
)
CHILDCARE_WORDS = Words(
    place=_("kinderopvang"), plural=_("kinderopvanglocaties"), my_places=_("mijn kinderopvang"),
    classroom=_("groep"), staff=_("pedagogisch medewerker"), registrar=_("pedagogisch medewerker"),
    is_childcare=True,
)
# For one who works at a school and a kinderopvang, on a page that is about neither one of them, and for a list
# that holds both.
MIXED_WORDS = Words(
    place=_("school of kinderopvang"), plural=_("scholen en kinderopvanglocaties"),
    my_places=_("mijn school en kinderopvang"), classroom=_("groep"),
    staff=_("leerkracht of pedagogisch medewerker"), registrar=_("intern begeleider of pedagogisch medewerker"),
)


def words_for(school_type):
    """The words of one place, by its school_type."""
    return CHILDCARE_WORDS if school_type == CHILDCARE else SCHOOL_WORDS


def words_for_all(school_types):
    """The words for places of these types together: theirs when they are all of one kind, else the mixed
    words. No places at all speak as a school, as the portal did before kinderopvang."""
    childcare = {school_type == CHILDCARE for school_type in school_types}
    if childcare == {True, False}:
        return MIXED_WORDS
    return CHILDCARE_WORDS if childcare == {True} else SCHOOL_WORDS
