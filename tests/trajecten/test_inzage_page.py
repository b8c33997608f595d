"""The inzage is a document for parents: the page shows exactly what the JSON export holds, in plain Dutch
(labels instead of keys, local dates and times, ja/nee, a dash for nothing), and the JSON stays
machine-readable with consistent keys."""

import datetime
import json
import re
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from pilots.models import DayPart
from tests.factories import make_klasje, make_trajectory
from trajecten import placements, workflow
from trajecten.models import ContactMoment, RecordChange, Referral, StatusChange
from trajecten.states import Status

UTC = datetime.UTC
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")


class ValueCells(HTMLParser):
    """The text of every value on the page, in order: <dd>, <td> and the dash of an empty section."""

    def __init__(self):
        super().__init__()
        self.values, self.depth, self.current = [], 0, None

    def handle_starttag(self, tag, attrs):
        if tag in ("dd", "td") or (tag == "p" and ("class", "inzage-empty") in attrs):
            self.current = []
        elif tag == "br" and self.current is not None:
            self.current.append("\n")

    def handle_endtag(self, tag):
        if tag in ("dd", "td", "p") and self.current is not None:
            self.values.append("".join(self.current).strip())
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current.append(data)


def readable(key, value):
    """How a parent reads one value of the JSON (the rules of issue 20.5, written out independently)."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ", ".join(value)
    if key == "duur_minuten":
        return f"{value} minuten"
    if isinstance(value, str) and ISO_MOMENT.fullmatch(value):
        moment = timezone.localtime(datetime.datetime.fromisoformat(value))
        return date_format(moment, "j F Y") + moment.strftime(", %H:%M")
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return date_format(datetime.date.fromisoformat(value), "j F Y")
    return str(value)


def leaves(key, value):
    """The JSON's values in document order, as (key, value); an empty list of records is one value too."""
    if isinstance(value, dict):
        for inner_key, inner in value.items():
            yield from leaves(inner_key, inner)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for item in value:
            yield from leaves(key, item)
    else:
        yield key, value


def a_full_trajectory(world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE,
                                 coach=world.coach_a, help_involved=["cjg", "jgz"],
                                 consent_purposes=["ondersteuning", "groepsarrangement", "delen"])
    klasje = make_klasje(world.pilot_a)
    placements.place(trajectory, klasje, list(DayPart.objects.filter(arrangement=klasje)[:2]),
                     timezone.localdate(), by=world.coach_a)
    trajectory.refresh_from_db()
    workflow.perform(trajectory, "refer", by=world.coach_a, version=trajectory.version,
                     referral=Referral(help_kind="sbo", date=timezone.localdate()))
    ContactMoment.objects.create(trajectory=trajectory, date=datetime.date(2026, 11, 3), kind="gesprek_ouders",
                                 minutes=45, note="Ouders zien thuis hetzelfde.\nVolgende keer samen.",
                                 shared_with_school=True, created_by=world.coach_a)
    StatusChange.objects.filter(trajectory=trajectory, to_status=Status.REGISTERED).delete()
    StatusChange.objects.create(trajectory=trajectory, from_status="", to_status=Status.REGISTERED,
                                changed_by=world.ib_a1, reason="",
                                changed_at=datetime.datetime(2026, 11, 3, 13, 5, 42, 123456, tzinfo=UTC))
    RecordChange.objects.create(trajectory=trajectory, changed_by=world.ib_a1,
                                changes=[{"field": "Leerkracht", "old": "Juf Fatima", "new": "Meester Bas"}])
    return trajectory


def inzage(client, world, trajectory):
    client.force_login(world.coordinator_a)
    page = client.get(reverse("trajecten:inzage", args=[trajectory.pk]))
    exported = json.loads(client.get(reverse("trajecten:inzage_json", args=[trajectory.pk])).content)
    return page, exported


def test_the_page_shows_every_value_of_the_json_readably_and_nothing_else(client, world):
    trajectory = a_full_trajectory(world)
    page, exported = inzage(client, world, trajectory)
    shown = page.context["data"]
    # The JSON made a moment later holds the same, and one row more in the log: its own making.
    assert exported["toegangslog"][:-1] == shown["toegangslog"]
    assert exported["toegangslog"][-1]["toelichting"] == "inzage JSON"
    assert {k: v for k, v in exported.items() if k not in ("gemaakt_op", "toegangslog")} == {
        k: v for k, v in shown.items() if k not in ("gemaakt_op", "toegangslog")}

    cells = ValueCells()
    cells.feed(page.content.decode())
    assert cells.values == [readable(key, value) for key, value in leaves("", shown)]


def test_dates_and_times_are_local_and_plain_and_choices_read_as_their_labels(client, world):
    trajectory = a_full_trajectory(world)
    page, exported = inzage(client, world, trajectory)
    text = page.content.decode()
    assert "3 november 2026, 14:05" in text  # 13:05:42.123456 UTC
    assert exported["trajecten"][0]["statuswijzigingen"][0]["gewijzigd_op"] == "2026-11-03T14:05:42+01:00"
    assert "3 november 2026</td>" in text  # a date without a time
    assert "gesprek met ouders" in text and "CJG, JGZ (consultatiebureau, schoolarts)" in text
    assert "45 minuten" in text and ">ja</td>" in text
    assert "Ouders zien thuis hetzelfde.<br>Volgende keer samen." in text
    for raw in ("Vastgelegd_op", "Al_geprobeerd", "vastgelegd_op", "+00:00", "+01:00", "gesprek_ouders", "True"):
        assert raw not in text
    assert not re.search(r"\d{2}:\d{2}:\d{2}", text)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_the_json_has_dutch_snake_case_keys_and_iso_dates(client, world):
    _page, exported = inzage(client, world, a_full_trajectory(world))

    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", key) for key in keys(exported))
    assert not {"field", "old", "new", "op", "tot_en_met", "minuten"} & set(keys(exported))
    trajectory = exported["trajecten"][0]
    assert ISO_MOMENT.fullmatch(trajectory["aangemeld_op"]) and ISO_DATE.fullmatch(trajectory["startdatum"])
    assert trajectory["wijzigingen"][-1] == {
        "gewijzigd_op": trajectory["wijzigingen"][-1]["gewijzigd_op"], "door": "Test Ib-a1", "gegeven": "Leerkracht",
        "was": "Juf Fatima", "wordt": "Meester Bas",
    }
    ledger = trajectory["toestemming"]
    assert [(row["ouder_of_voogd"], row["doel"], row["gegeven_of_ingetrokken"]) for row in ledger] == [
        ("Moeder Jansen (moeder)", "ondersteuning door het pilotteam in de klas", "gegeven"),
        ("Moeder Jansen (moeder)", "deelname aan een groepsarrangement", "gegeven"),
        ("Moeder Jansen (moeder)", "gegevens delen met een zorgaanbieder bij doorverwijzing", "gegeven"),
    ]
    assert ISO_DATE.fullmatch(trajectory["toestemming"][0]["datum"])
    assert trajectory["ouders_en_voogden"][0]["gezag"] is True
    assert trajectory["uitkomst"] is None and trajectory["doorverwijzing"]["soort_hulp"] == "SBO"


def test_the_page_is_printable(client, world):
    page, _exported = inzage(client, world, a_full_trajectory(world))
    text = page.content.decode()
    assert re.search(r'<button type="button" class="btn btn-primary btn-sm" data-print>Afdrukken</button>', text)
    assert 'class="d-print-none' in text
