"""Everything the portal holds about one child, for a parent's request for inzage (AVG art. 15).

One description (CHILD, TRAJECTORY, ACCESS_LOG: sections of fields, each with its key, its Dutch label and its
kind) makes both the JSON export (`collect`: machine-readable, ISO dates) and the page (`document`: the same
values as a parent reads them). The page is made from the JSON, so it can hold nothing the JSON does not.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from audit.models import AccessLog
from base.display import display_name

from .models import (
    AskedWhom,
    ConsentEntry,
    ContactMoment,
    FollowUp,
    GroupPlacement,
    Handover,
    HelpInvolved,
    RecordChange,
    StatusChange,
    Trajectory,
)

EMPTY = "—"


# Kinds of value: how each goes into the JSON, and how a parent reads it ------------------------------------


def _json_text(value):
    return None if value in (None, "") else value


def _json_date(value):
    return value.isoformat() if value else None


def _json_moment(value):
    return localtime(value).replace(microsecond=0).isoformat() if value else None


def _json_list(value):
    return [str(item) for item in value]


def _read_text(value):
    return EMPTY if value in (None, "") else str(value)


def _read_date(value):
    return date_format(datetime.date.fromisoformat(value), "j F Y") if value else EMPTY


def _read_moment(value):
    return date_format(localtime(datetime.datetime.fromisoformat(value)), "j F Y, H:i") if value else EMPTY


def _read_yes_no(value):
    return EMPTY if value is None else (_("ja") if value else _("nee"))


def _read_list(value):
    return ", ".join(value) if value else EMPTY


def _read_minutes(value):
    return EMPTY if value is None else _("%(minutes)s minuten") % {"minutes": value}


KINDS = {  # kind → (to JSON, JSON to readable text)
    "text": (_json_text, _read_text),
    "number": (lambda value: value, _read_text),
    "minutes": (lambda value: value, _read_minutes),
    "date": (_json_date, _read_date),
    "moment": (_json_moment, _read_moment),
    "yes_no": (lambda value: value, _read_yes_no),
    "list": (_json_list, _read_list),
}


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    get: object  # the object → its value
    kind: str = "text"


@dataclass(frozen=True)
class Section:
    """Fields of one object, or of each of a list of objects (`many`), and the sections nested in it.
    `get` finds the section's object(s) in its parent's object."""

    key: str
    title: str
    fields: tuple
    get: object = None
    many: bool = False
    parts: tuple = ()
    heading: object = None  # the JSON record → a heading above each object of the section


def _person(user):
    return display_name(user) if user else None


def _choice(name):
    return lambda obj: getattr(obj, f"get_{name}_display")()


CHILD = Section("kind", _l("Kind"), (
    Field("pseudoniem", _l("Pseudoniem (code in overzichten)"), lambda c: c.code),
    Field("voornaam", _l("Voornaam"), lambda c: c.given_name),
    Field("achternaam", _l("Achternaam"), lambda c: c.family_name),
    Field("geboortedatum", _l("Geboortedatum"), lambda c: c.date_of_birth, "date"),
    Field("groep", _l("Groep"), _choice("group")),
    Field("school", _l("School"), lambda c: c.school.name),
    Field("vastgelegd_op", _l("In het portaal sinds"), lambda c: c.created_at, "moment"),
))

GUARDIANS = Section("ouders_en_voogden", _l("Ouders en voogden"), (
    Field("naam", _l("Naam"), lambda g: g.name),
    Field("relatie", _l("Relatie tot het kind"), _choice("relation")),
    Field("gezag", _l("Heeft het gezag"), lambda g: g.has_authority, "yes_no"),
    Field("kan_niet_gevraagd_worden", _l("Kan niet om toestemming gevraagd worden"), lambda g: g.cannot_be_asked,
          "yes_no"),
    Field("waarom_niet", _l("Waarom niet"), lambda g: g.cannot_be_asked_reason),
    Field("vastgelegd_op", _l("Vastgelegd op"), lambda g: g.created_at, "moment"),
), get=lambda t: t.guardians.all(), many=True)

# The ledger: every consent given and withdrawn, oldest first, never edited.
CONSENT = Section("toestemming", _l("Toestemming van de ouders: gegeven en ingetrokken"), (
    Field("ouder_of_voogd", _l("Ouder of voogd"), lambda e: str(e.guardian)),
    Field("doel", _l("Doel"), lambda e: e.get_purpose_display()),
    Field("gegeven_of_ingetrokken", _l("Gegeven of ingetrokken"), lambda e: e.get_action_display()),
    Field("datum", _l("Datum"), lambda e: e.on, "date"),
    Field("hoe", _l("Hoe"), _choice("method")),
    Field("vastgelegd_door", _l("Vastgelegd door"), lambda e: _person(e.recorded_by)),
), get=lambda t: sorted((e for g in t.guardians.all() for e in g.entries.all()),
                        key=lambda e: (e.on, e.recorded_at, e.pk)), many=True)

REFERRAL = Section("doorverwijzing", _l("Doorverwijzing"), (
    Field("soort_hulp", _l("Soort hulp"), _choice("help_kind")),
    Field("organisatie", _l("Organisatie"), lambda r: r.organisation.name if r.organisation else None),
    Field("datum", _l("Datum"), lambda r: r.date, "date"),
    Field("toelichting", _l("Toelichting"), lambda r: r.note),
), get=lambda t: getattr(t, "referral", None))

STATUS_CHANGES = Section("statuswijzigingen", _l("Verloop van het traject"), (
    Field("gewijzigd_op", _l("Datum en tijd"), lambda c: c.changed_at, "moment"),
    Field("door", _l("Door"), lambda c: _person(c.changed_by)),
    Field("van", _l("Van"), _choice("from_status")),
    Field("naar", _l("Naar"), _choice("to_status")),
    Field("toelichting", _l("Toelichting"), lambda c: c.reason),
), get=lambda t: t.status_changes.all(), many=True)

RECORD_CHANGES = Section("wijzigingen", _l("Wijzigingen in de aanmelding"), (
    Field("gewijzigd_op", _l("Datum en tijd"), lambda row: row[0].changed_at, "moment"),
    Field("door", _l("Door"), lambda row: _person(row[0].changed_by)),
    Field("gegeven", _l("Gegeven"), lambda row: row[1].get("field")),
    Field("was", _l("Was"), lambda row: row[1].get("old")),
    Field("wordt", _l("Werd"), lambda row: row[1].get("new")),
), get=lambda t: [(c, change) for c in t.record_changes.all() for change in c.changes], many=True)

CONTACT_MOMENTS = Section("contactmomenten", _l("Contactmomenten"), (
    Field("datum", _l("Datum"), lambda m: m.date, "date"),
    Field("soort", _l("Soort"), _choice("kind")),
    Field("duur_minuten", _l("Duur"), lambda m: m.minutes, "minutes"),
    Field("door", _l("Door"), lambda m: _person(m.created_by)),
    Field("verslag", _l("Verslag"), lambda m: m.note),
    Field("zichtbaar_voor_school", _l("Verslag zichtbaar voor de school"), lambda m: m.shared_with_school, "yes_no"),
), get=lambda t: t.contact_moments.all(), many=True)

PLACEMENTS = Section("plaatsingen", _l("Plaatsingen in een groepsarrangement"), (
    Field("groepsarrangement", _l("Groepsarrangement"), lambda p: p.arrangement.name),
    Field("dagdelen", _l("Dagdelen"), lambda p: p.day_parts.all(), "list"),
    Field("startdatum", _l("Vanaf"), lambda p: p.start_date, "date"),
    Field("einddatum", _l("Tot en met"), lambda p: p.end_date, "date"),
), get=lambda t: t.placements.all(), many=True)

FOLLOW_UPS = Section("nazorg", _l("Nazorg na afsluiting"), (
    Field("moment", _l("Moment"), _choice("moment")),
    Field("te_doen_op", _l("Te doen op"), lambda f: f.due_date, "date"),
    Field("hoe_gaat_het", _l("Hoe gaat het in de klas"), _choice("answer")),
    Field("nagevraagd_bij", _l("Nagevraagd bij"), lambda f: [AskedWhom(code).label for code in f.asked], "list"),
    Field("nagevraagd_op", _l("Nagevraagd op"), lambda f: f.asked_on, "date"),
    Field("toelichting", _l("Toelichting"), lambda f: f.note),
    Field("door", _l("Vastgelegd door"), lambda f: _person(f.answered_by)),
), get=lambda t: t.follow_ups.all(), many=True)

HANDOVERS = Section("overdrachten", _l("Warme overdracht aan de school"), (
    Field("datum", _l("Datum"), lambda h: h.date, "date"),
    Field("naar", _l("Naar de school"), lambda h: h.to_school.name),
    Field("wat_de_school_leest", _l("Wat de school leest"), lambda h: h.summary),
    Field("verder_gedeeld", _l("Verder gedeeld"), lambda h: h.facts_display(), "list"),
    Field("door", _l("Door"), lambda h: _person(h.created_by)),
), get=lambda t: t.handovers.all(), many=True)

TRAJECTORY = Section("trajecten", _l("Trajecten"), (
    Field("nummer", _l("Nummer"), lambda t: t.pk, "number"),
    Field("pilot", _l("Pilot"), lambda t: t.pilot.name),
    Field("school", _l("School"), lambda t: t.school.name),
    Field("status", _l("Stand van zaken"), _choice("status")),
    Field("aangemeld_op", _l("Aangemeld op"), lambda t: t.registered_at, "moment"),
    Field("aangemeld_door", _l("Aangemeld door"), lambda t: _person(t.registered_by)),
    Field("leerkracht", _l("Leerkracht"), lambda t: t.teacher_name),
    Field("hulpvraag", _l("Hulpvraag"), lambda t: t.help_request),
    Field("al_geprobeerd", _l("Wat de school al heeft gedaan"), lambda t: t.tried_already),
    Field("zorggebieden", _l("Zorggebieden"), lambda t: t.concern_areas.all(), "list"),
    Field("al_betrokken", _l("Hulp die al betrokken is"),
          lambda t: [HelpInvolved(code).label for code in t.help_involved], "list"),
    Field("gevraagd", _l("Gevraagde ondersteuning"), lambda t: t.requested_support_display(), "list"),
    Field("urgentie", _l("Urgentie"), _choice("urgency")),
    Field("coach", _l("Coach"), lambda t: _person(t.coach)),
    Field("startdatum", _l("Startdatum"), lambda t: t.start_date, "date"),
    Field("einddatum", _l("Einddatum"), lambda t: t.end_date, "date"),
    Field("uitkomst", _l("Uitkomst"), _choice("outcome")),
), many=True, parts=(GUARDIANS, CONSENT, REFERRAL, STATUS_CHANGES, RECORD_CHANGES, CONTACT_MOMENTS, PLACEMENTS,
                     FOLLOW_UPS, HANDOVERS),
   heading=lambda t: _("Traject %(number)s (%(status)s)") % {"number": t["nummer"], "status": t["status"]})

ACCESS_LOG = Section("toegangslog", _l("Wie heeft deze gegevens ingezien of gewijzigd"), (
    Field("tijdstip", _l("Datum en tijd"), lambda row: row.at, "moment"),
    Field("gebruiker", _l("Gebruiker"), lambda row: row.username),
    Field("rol", _l("Rol"), lambda row: row.roles),
    Field("organisatie", _l("Organisatie"), lambda row: row.organisation),
    Field("handeling", _l("Handeling"), _choice("action")),
    Field("uitkomst", _l("Uitkomst"), _choice("outcome")),
    Field("adres", _l("IP-adres"), lambda row: row.client_address),
    Field("toelichting", _l("Toelichting"), lambda row: row.detail),
), many=True)

DOCUMENT = (CHILD, TRAJECTORY, ACCESS_LOG)


# The JSON ----------------------------------------------------------------------------------------------------


def _record(section, obj):
    record = {f.key: KINDS[f.kind][0](f.get(obj)) for f in section.fields}
    for part in section.parts:
        record[part.key] = _records(part, part.get(obj))
    return record


def _records(section, value):
    if section.many:
        return [_record(section, item) for item in value]
    return None if value is None else _record(section, value)


def collect(child, reader):
    """What the portal holds about `child`, as far as `reader` (a coördinator) may see it: the trajectories of
    the pilots they coordinate, and the access log of those. A trajectory of the same child in another pilot,
    at the same school or elsewhere, is that pilot's to give."""
    trajectories = list(
        Trajectory.objects.restrict(reader, "coordinate").filter(child=child)
        .select_related("school", "pilot", "coach", "registered_by", "referral__organisation")
        .prefetch_related(
            "concern_areas",
            Prefetch("guardians__entries", queryset=ConsentEntry.objects.select_related("recorded_by")),
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("changed_by")),
            Prefetch("record_changes", queryset=RecordChange.objects.select_related("changed_by")),
            Prefetch("contact_moments", queryset=ContactMoment.objects.select_related("created_by")),
            Prefetch("placements", queryset=GroupPlacement.objects.select_related("arrangement")
                     .prefetch_related("day_parts")),
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("answered_by")),
            Prefetch("handovers", queryset=Handover.objects.select_related("to_school", "created_by")),
        )
        .order_by("registered_at")
    )
    shown = [str(trajectory.pk) for trajectory in trajectories]
    log = (AccessLog.objects.filter(child_code=child.code, object_type="traject", object_id__in=shown)
           .order_by("at", "pk"))
    return {
        "gemaakt_op": _json_moment(timezone.now()),
        CHILD.key: _records(CHILD, child),
        TRAJECTORY.key: _records(TRAJECTORY, trajectories),
        ACCESS_LOG.key: _records(ACCESS_LOG, log),
    }


# The page ----------------------------------------------------------------------------------------------------


@dataclass
class Item:
    """One object as a parent reads it: (label, text) per field, and its nested sections."""

    values: list
    parts: list = field(default_factory=list)
    heading: str = ""


@dataclass
class Block:
    title: str
    many: bool
    columns: list
    items: list  # of Item; empty when there is nothing (shown as a dash)

    @property
    def as_table(self):
        """A list of flat rows reads best as a table; a single object or one with sections, as labels."""
        return self.many and not any(item.parts for item in self.items)


def _item(section, record):
    values = [(str(f.label), KINDS[f.kind][1](record[f.key])) for f in section.fields]
    return Item(values, [_block(part, record[part.key]) for part in section.parts],
                section.heading(record) if section.heading else "")


def _block(section, value):
    records = value if section.many else ([] if value is None else [value])
    return Block(str(section.title), section.many, [str(f.label) for f in section.fields],
                 [_item(section, record) for record in records])


def document(data):
    """The JSON of `collect` as the page shows it: the same values, with labels, in plain text."""
    return {"gemaakt_op": _read_moment(data["gemaakt_op"]),
            **{section.key: _block(section, data[section.key]) for section in DOCUMENT}}
