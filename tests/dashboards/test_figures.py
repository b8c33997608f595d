"""Each dashboard figure computed by hand on a small fixed data set, then read from the page and the exports."""

import csv
import datetime
import io
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dashboards import periods, reporting, summary
from dashboards.figures import LeadTime
from pilots.models import PilotSchool
from tests.factories import committed, make_klasje, make_trajectory
from trajecten.models import Child, ContactMoment, Referral, Trajectory
from trajecten.states import Status

D = datetime.date
OCTOBER = {"period": "m:2026-10"}


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def history(world, registered, status=Status.REGISTERED, start=None, end=None, child=None, help_kind=None,
            outcome="", school=None):
    """A trajectory with exactly these dates, written as the workflow would have left it (at De Regenboog unless
    another school is given)."""
    school = school or world.school_a1
    ib = world.ib_a2 if school == world.school_a2 else world.ib_a1
    trajectory = make_trajectory(ib, school, world.pilot_a, child=child, consent_on=registered,
                                 consent_purposes=["ondersteuning", "groepsarrangement", "delen"])
    Trajectory.objects.filter(pk=trajectory.pk).update(
        registered_at=at(registered), status=status, start_date=start, end_date=end,
        coach=world.coach_a if start else None, outcome=outcome,
    )
    with committed():
        summary.mark_stale(world.pilot_a.pk)  # update() bypasses the signals that keep the monthly summary
    if help_kind:
        Referral.objects.create(trajectory=trajectory, help_kind=help_kind, date=end)
    return trajectory


@pytest.fixture
def october(world):
    t2 = history(world, D(2026, 10, 3), Status.WITHDRAWN, end=D(2026, 10, 10))
    return {
        "t1": history(world, D(2026, 9, 10), Status.COMPLETED, D(2026, 9, 20), D(2026, 10, 5), outcome="doel_bereikt"),
        "t2": t2,
        "t3": history(world, D(2026, 10, 15), Status.ACTIVE, D(2026, 10, 20)),
        "t4": history(world, D(2026, 10, 25)),
        "t5": history(world, D(2026, 9, 1), Status.REFERRED, D(2026, 9, 5), D(2026, 11, 5), help_kind="so"),
        "t6": history(world, D(2026, 10, 20), Status.REFERRED, D(2026, 10, 22), D(2026, 10, 30), child=t2.child,
                      help_kind="sbo"),
        "t7": history(world, D(2026, 8, 1), Status.COMPLETED, D(2026, 8, 3), D(2026, 9, 30), outcome="doel_bereikt"),
        "t8": history(world, D(2026, 11, 2)),
    }


def figures(world, period=None):
    trajectories = Trajectory.objects.filter(pilot=world.pilot_a)
    return reporting.compute(trajectories, [world.pilot_a], period or periods.month(2026, 10))


def test_counts_by_hand(world, october):
    core = figures(world).core
    assert core["new"] == 4  # t2, t3, t4, t6 (t8 is November)
    assert core["supported"] == 5  # t1, t2/t6 (one child, registered again), t3, t4, t5
    assert core["open_at_end"] == 3  # t3, t4, t5 (referred only in November)
    assert core["active_at_end"] == 2  # t3, t5
    assert core["started"] == 2  # t3, t6
    assert (core["completed"], core["referred"], core["withdrawn"]) == (1, 1, 1)  # t1, t6, t2


def test_lead_times_by_hand(world, october):
    lead = figures(world).lead_times
    assert (lead["waiting"].count, lead["waiting"].median, lead["waiting"].p90) == (2, 3.5, 5)  # t3: 5, t6: 2
    assert (lead["duration"].count, lead["duration"].median, lead["duration"].p90) == (2, 11.5, 15)  # t1: 15, t6: 8
    assert (lead["to_referral"].count, lead["to_referral"].median) == (1, 10)  # t6: 20 → 30 oktober


@pytest.mark.parametrize("days, shown", [([50, 66], "58"), ([50, 67], "58,5"), ([40, 50, 66], "50")])
def test_a_median_of_whole_days_prints_without_a_decimal(days, shown):
    """Between two middle values the median is their mean: 58, not "58,0" (from the trajectories and from the
    monthly histograms alike)."""
    from django.utils.formats import localize
    from django.utils.translation import override

    from_ranks = LeadTime.from_ranks(len(days), lambda rank: days[rank - 1])
    from_histogram = summary._lead(dict.fromkeys(days, 1))
    with override("nl"):
        assert localize(from_ranks.median) == localize(from_histogram.median) == shown


def test_referral_destinations_concern_areas_and_trend(world, october):
    result = figures(world)
    assert result.referrals["sbo"] == 1
    assert result.referrals["so"] == 0  # t5 is referred in November
    assert dict(result.concern_areas)["gedrag"] == 4  # every new registration has the first area
    months = {row["label"]: row for row in result.trend}
    assert months["okt 2026"] == {"label": "okt 2026", "new": 4, "closed": 3, "open": 3}
    # September: t1 and t5 registered; t7 closed; open on the 30th: t1 (closes 5 October) and t5, not t7.
    assert months["sep 2026"] == {"label": "sep 2026", "new": 2, "closed": 1, "open": 2}
    assert list(months) == ["aug 2026", "sep 2026", "okt 2026"]  # up to the period's end, never past today


def test_occupancy_by_hand(world, october):
    from trajecten import placements

    klasje = make_klasje(world.pilot_a, capacity=3)
    tuesday = klasje.day_parts.get(weekday=2)
    t3 = Trajectory.objects.get(pk=october["t3"].pk)
    placements.place(t3, klasje, [tuesday], D(2026, 10, 21), by=world.coach_a)
    row = figures(world).occupancy[0]
    assert row == {"name": "Bovenschools klasje", "places": 9, "taken": 1, "children": 1}


def test_baseline_against_this_school_year(world, october):
    from pilots.models import BaselineFigure

    BaselineFigure.objects.create(pilot=world.pilot_a, measure="aanmeldingen", value=12, period="2024-2025")
    rows = {row["measure"]: row for row in figures(world).baseline["rows"]}
    assert rows["aanmeldingen"]["before"] == 12
    # School year 2026-2027 from 1 August up to October's end: t1 … t7 were registered in it (t8 in November); t6
    # was referred in it (t5 only in November).
    assert rows["aanmeldingen"]["now"] == 7
    assert rows["doorverwijzingen"]["now"] == 1
    assert rows["verwijzingen_sbo_so"]["now"] == 1
    # The school year so far is 92 of its 365 days: the nulmeting's 12 registrations a year are 3,0 pro rata.
    assert rows["aanmeldingen"]["pro_rata"] == 3.0
    november = {row["measure"]: row for row in figures(world, periods.month(2026, 11)).baseline["rows"]}
    assert (november["aanmeldingen"]["now"], november["doorverwijzingen"]["now"]) == (8, 2)


def test_a_schools_dashboard_holds_the_schools_own_nulmeting(client, world, october):
    """De Regenboog has its own nulmeting; Het Anker has none, so the pilot's does not stand beside its figures."""
    from pilots.models import BaselineFigure

    BaselineFigure.objects.create(pilot=world.pilot_a, measure="aanmeldingen", value=40, period="2024-2025")
    BaselineFigure.objects.create(pilot=world.pilot_a, school=world.school_a1, measure="aanmeldingen", value=30,
                                  period="2024-2025")
    client.force_login(world.coordinator_a)

    def nulmeting(**scope):
        response = client.get(reverse("dashboards:dashboard"), {**OCTOBER, "partnership": world.partnership_a.pk,
                                                                 **scope})
        return next(t for t in response.context["tables"] if t.key == "nulmeting")

    rows = {row[0]: row[1:] for row in nulmeting().rows}
    assert rows["aanmeldingen per schooljaar"] == [40, 10.1, 7]  # the pilot's, 40 × 92/365; t1 … t7
    regenboog = nulmeting(school=world.school_a1.pk)
    assert {row[0]: row[1:] for row in regenboog.rows}["aanmeldingen per schooljaar"] == [30, 7.6, 7]
    assert "nulmeting van die scholen zelf" in regenboog.note
    anker = {row[0]: row[1:] for row in nulmeting(school=world.school_a2.pk).rows}
    assert anker["aanmeldingen per schooljaar"] == ["—", "—", 0]


def test_a_school_figure_of_the_nulmeting_must_be_one_of_the_pilots_schools(world):
    from django.core.exceptions import ValidationError

    from pilots.models import BaselineFigure

    figure = BaselineFigure(pilot=world.pilot_a, school=world.school_b1, measure="aanmeldingen", value=3,
                            period="2024-2025")
    with pytest.raises(ValidationError, match="doet niet mee aan de pilot"):
        figure.full_clean()


def test_the_nulmeting_is_held_against_a_whole_year_or_pro_rata_and_says_which(world, october):
    from pilots.models import BaselineFigure

    BaselineFigure.objects.create(pilot=world.pilot_a, measure="aanmeldingen", value=40, period="2024-2025")
    BaselineFigure.objects.create(pilot=world.pilot_a, measure="thuiszitters", value=3, period="2024-2025")
    history(world, D(2026, 3, 2))
    history(world, D(2026, 6, 15))
    whole_year = next(table for table in reporting.build_tables(figures(world, periods.school_year(2025)), exact=True)
                      if table.key == "nulmeting")
    assert whole_year.columns == ["Maat", "Nulmeting", "schooljaar 2025-2026"]
    assert {row[0]: row[1:] for row in whole_year.rows}["aanmeldingen per schooljaar"] == [40, 2]
    part = next(table for table in reporting.build_tables(figures(world), exact=True) if table.key == "nulmeting")
    assert part.columns == ["Maat", "Nulmeting (heel schooljaar)", "Nulmeting naar rato",
                            "schooljaar 2026-2027 t/m 31 oktober"]
    rows = {row[0]: row[1:] for row in part.rows}
    assert rows["aanmeldingen per schooljaar"] == [40, 10.1, 7]  # 40 × 92/365
    assert rows["thuiszitters op peildatum"] == [3, "—", "niet gemeten"]  # counted on a day: not pro rata
    assert "92 van de 365 dagen" in part.note


def table(tables, key):
    return {row[0]: row[1:] for row in next(t for t in tables if t.key == key).rows}


def test_outcomes_and_the_time_to_a_fitting_place_by_hand(world, october):
    """October: t1 completed with "doel bereikt" (registered 10 September, closed 5 October: 25 days), t6 referred
    to SBO (20 → 30 October: 10 days), t2 withdrawn. t7 closed in September and t5 in November."""
    result = figures(world)
    assert result.outcomes == {"leerkracht_verder": 0, "doel_bereikt": 1, "passende_plek": 0, "mkd_voorkomen": 0}
    to_place = result.lead_times["to_place"]
    assert (to_place.count, to_place.median, to_place.p90) == (2, 17.5, 25)
    # Over the school year up to October: t7 (1 August → 30 September, 60 days) as well; t5 closes in November.
    baseline = {row["measure"]: row for row in result.baseline["rows"]}
    assert (baseline["dagen_tot_plek"]["now"].count, baseline["dagen_tot_plek"]["now"].median) == (3, 25)


def test_coordinator_reads_outcomes_with_their_shares(client, world, october):
    history(world, D(2026, 10, 1), Status.COMPLETED, D(2026, 10, 2), D(2026, 10, 9), outcome="leerkracht_verder")
    history(world, D(2026, 10, 1), Status.COMPLETED, D(2026, 10, 2), D(2026, 10, 16), outcome="leerkracht_verder")
    history(world, D(2026, 10, 1), Status.COMPLETED, D(2026, 10, 2), D(2026, 10, 23), outcome="passende_plek")
    client.force_login(world.coordinator_a)
    response = client.get(reverse("dashboards:dashboard"), {**OCTOBER, "partnership": world.partnership_a.pk})
    tables = response.context["tables"]
    assert table(tables, "uitkomsten") == {
        "leerkracht kan verder met de suggesties": [2, "50%"], "doel bereikt": [1, "25%"],
        "passende plek in de eigen school of groep": [1, "25%"], "plaatsing op een MKD voorkomen": [0, "0%"],
        "afgerond": [4, "—"],
    }
    # Of six closed (four completed, t6 referred, t2 withdrawn), five reached a fitting place.
    assert table(tables, "passende_plek") == {
        "in de eigen school of groep (afgerond)": [4, "67%"], "elders, na doorverwijzing": [1, "17%"],
        "op een passende plek": [5, "83%"], "afgesloten in de periode": [6, "—"],
    }
    assert table(tables, "doorlooptijden")["aanmelding → passende plek (afgerond of doorverwezen)"][0] == 5
    assert b"Op de meest passende plek" in response.content


def test_hours_planned_against_contact_recorded_per_school(client, world, october):
    """October 2026 has 22 weekdays (no school holidays shipped for 2026-2027): 4 hours a week is 4 × 22 / 5 = 17,6
    hours at each school. At De Regenboog 90 and 30 minutes of contact in October; the 45 of 30 September not."""
    with committed():
        for day, minutes in ((D(2026, 10, 21), 90), (D(2026, 10, 28), 30), (D(2026, 9, 30), 45)):
            ContactMoment.objects.create(trajectory=october["t3"], date=day, kind="observatie", minutes=minutes,
                                         created_by=world.coach_a)
    client.force_login(world.coordinator_a)
    response = client.get(reverse("dashboards:dashboard"), {**OCTOBER, "partnership": world.partnership_a.pk})
    hours = next(t for t in response.context["tables"] if t.key == "uren")
    assert hours.columns == ["School", "Uren gepland", "Uren contact vastgelegd", "Gerealiseerd", "Kinderen geholpen"]
    # Five children were helped at De Regenboog (t1, t2 and t6 of one child, t3, t4, t5), none at Het Anker.
    assert hours.rows == [["De Regenboog", 17.6, 2.0, "11%", 5], ["Het Anker", 17.6, 0.0, "0%", 0],
                          ["totaal", 35.2, 2.0, "6%", 5]]
    september = reporting.build_tables(figures(world, periods.month(2026, 9)), exact=True)
    assert next(t for t in september if t.key == "uren").rows[0][:4] == ["De Regenboog", 17.6, 0.8, "4%"]
    # Het Anker takes part from Thursday 15 October: 12 school days of October, 4 × 12 / 5 = 9,6 hours planned. In
    # September it did not take part at all.
    PilotSchool.objects.filter(pilot=world.pilot_a, school=world.school_a2).update(start_date=D(2026, 10, 15))
    october_rows = next(t for t in reporting.build_tables(figures(world), exact=True) if t.key == "uren").rows
    assert october_rows[1][:2] == ["Het Anker", 9.6]
    september = reporting.build_tables(figures(world, periods.month(2026, 9)), exact=True)
    assert [row[0] for row in next(t for t in september if t.key == "uren").rows] == ["De Regenboog", "totaal"]


def test_with_the_cache_warm_each_reader_gets_their_own_view_of_the_same_figures(client, world, october):
    """The coördinator reads October first (the figures are cached for the pilot); the stuurgroep then reads the same
    cached figures in another session, suppressed, and the coördinator still reads them exact."""
    from django.test import Client

    def tables(session, user):
        session.force_login(user)
        response = session.get(reverse("dashboards:dashboard"), {**OCTOBER, "partnership": world.partnership_a.pk})
        return {t.key: {row[0]: row[1:] for row in t.rows} for t in response.context["tables"]}

    coordinator, stuurgroep = client, Client()
    assert tables(coordinator, world.coordinator_a)["uitkomsten"]["doel bereikt"] == [1, "100%"]
    suppressed = tables(stuurgroep, world.stuurgroep_a)
    assert suppressed["uitkomsten"]["doel bereikt"] == ["<5", "—"]
    assert suppressed["passende_plek"]["op een passende plek"] == ["<5", "—"]
    assert tables(coordinator, world.coordinator_a)["passende_plek"]["op een passende plek"] == [2, "67%"]


def test_the_dashboard_shows_the_hours_total_and_the_hours_page_every_school(client, world, october):
    """A row per school is a page of its own; the dashboard holds the total and links to it with its own choice."""
    with committed():
        ContactMoment.objects.create(trajectory=october["t3"], date=D(2026, 10, 21), kind="observatie", minutes=90,
                                     created_by=world.coach_a)
    client.force_login(world.coordinator_a)
    choice = {**OCTOBER, "partnership": world.partnership_a.pk}
    dashboard = client.get(reverse("dashboards:dashboard"), choice).content.decode()
    section = dashboard[dashboard.index('id="tabel-uren"'):]
    section = section[:section.index("</section>")]
    assert '<th scope="row" class="fw-normal">totaal</th><td class="text-end">35,2</td>' in section
    assert "De Regenboog" not in section and "Het Anker" not in section
    link = reverse("dashboards:hours") + "?" + urlencode(choice)
    assert link.replace("&", "&amp;") in section

    response = client.get(link)
    page = response.content.decode()
    assert response.status_code == 200
    rows = {row[0]: row for row in response.context["table"].rows}
    assert rows["De Regenboog"] == ["De Regenboog", 17.6, 1.5, "9%", 5]
    assert rows["Het Anker"] == ["Het Anker", 17.6, 0.0, "0%", 0]
    assert "De Regenboog" in page and "Het Anker" in page and "oktober 2026" in page
    assert reverse("dashboards:dashboard") + "?" + urlencode(choice).replace("&", "&amp;") in page


def test_the_hours_page_keeps_the_suppression_of_the_dashboard(client, world, october):
    """One child helped at Het Anker: "<5" for the stuurgroep on the hours page, and De Regenboog's 5 hidden beside
    it (the total of 6 would give it away), as in the dashboard's one suppression; the coördinator reads both."""
    history(world, D(2026, 10, 12), school=world.school_a2)
    client.force_login(world.stuurgroep_a)
    dashboard = client.get(reverse("dashboards:dashboard"), OCTOBER)
    hours = client.get(reverse("dashboards:hours"), OCTOBER)
    rows = {row[0]: row[-1] for row in hours.context["table"].rows}
    assert rows["Het Anker"] == "<5" and rows["De Regenboog"] == "×"
    assert hours.context["table"].rows == next(t for t in dashboard.context["tables"] if t.key == "uren").rows
    page = hours.content.decode()
    assert "&lt;5" in page and "staan aantallen van 1 tot en met 4" in page
    # The coördinator in a second session, with the figures cached by the first: exact for them, "<5" still for
    # the stuurgroep.
    from django.test import Client

    coordinator = Client()
    coordinator.force_login(world.coordinator_a)
    exact = coordinator.get(reverse("dashboards:hours"), {**OCTOBER, "partnership": world.partnership_a.pk})
    assert {row[0]: row[-1] for row in exact.context["table"].rows} == {"De Regenboog": 5, "Het Anker": 1,
                                                                         "totaal": 6}
    again = client.get(reverse("dashboards:hours"), OCTOBER)
    assert {row[0]: row[-1] for row in again.context["table"].rows}["Het Anker"] == "<5"


def test_the_hours_page_with_a_choice_it_cannot_read_shows_the_form_with_its_message(client, world, october):
    client.force_login(world.stuurgroep_a)
    response = client.get(reverse("dashboards:hours"), {"period": "m:2026-13"})
    assert response.status_code == 400
    assert "Toon cijfers" in response.content.decode()


def test_the_stuurgroep_reads_children_helped_per_school_suppressed(client, world, october):
    client.force_login(world.stuurgroep_a)
    response = client.get(reverse("dashboards:dashboard"), OCTOBER)
    rows = {row[0]: row for row in next(t for t in response.context["tables"] if t.key == "uren").rows}
    assert rows["De Regenboog"][-1] == 5
    assert rows["Het Anker"][-1] == 0  # nobody: not hidden, it names no child


def test_coordinator_reads_exact_figures_on_the_page(client, world, october):
    client.force_login(world.coordinator_a)
    response = client.get(reverse("dashboards:dashboard"), {**OCTOBER, "partnership": world.partnership_a.pk})
    tables = response.context["tables"]
    assert table(tables, "kerncijfers")["Nieuwe aanmeldingen"] == [4]
    assert table(tables, "afgesloten")["totaal"] == [3]
    # In school days (no holidays shipped for 2026-2027: weekdays only): t3 Thu 15 → Tue 20 October is 3, t6 Tue 20 →
    # Thu 22 is 2.
    assert table(tables, "doorlooptijden")["aanmelding → start (wachttijd)"] == [2, 3.5, 5, 2.5, 3]


def test_coordinator_reads_a_schools_own_figures_on_the_page(client, world, october):
    """October at Het Anker: two registrations, one of them started and referred to SO in the month. De Regenboog
    keeps the figures of the fixture; the pilot holds both."""
    history(world, D(2026, 10, 2), Status.REFERRED, D(2026, 10, 6), D(2026, 10, 27), help_kind="so",
            school=world.school_a2)
    history(world, D(2026, 10, 12), school=world.school_a2)
    client.force_login(world.coordinator_a)

    def tables(**scope):
        response = client.get(reverse("dashboards:dashboard"), {**OCTOBER, "partnership": world.partnership_a.pk,
                                                                 **scope})
        assert response.status_code == 200
        return response.context["tables"]

    anker, regenboog, pilot = tables(school=world.school_a2.pk), tables(school=world.school_a1.pk), tables()
    assert table(anker, "kerncijfers")["Nieuwe aanmeldingen"] == [2]
    assert table(anker, "kerncijfers")["Kinderen ondersteund in de periode"] == [2]
    assert table(anker, "kerncijfers")["Open aan het eind: totaal"] == [1]
    assert table(anker, "afgesloten") == {"afgerond": [0], "doorverwezen": [1], "gestopt": [0], "totaal": [1]}
    assert table(anker, "doorverwijzingen")["SO"] == [1, "100%"]
    # Fri 2 → Tue 6 October: 4 days, 2 school days; Tue 6 → Tue 27: 3 weeks, 15; Fri 2 → Tue 27: 17.
    assert table(anker, "doorlooptijden")["aanmelding → start (wachttijd)"] == [1, 4, 4, 2, 2]
    assert table(anker, "doorlooptijden")["start → afsluiting (duur)"] == [1, 21, 21, 15, 15]
    assert table(anker, "doorlooptijden")["aanmelding → doorverwijzing"] == [1, 25, 25, 17, 17]
    assert table(regenboog, "kerncijfers")["Nieuwe aanmeldingen"] == [4]
    assert table(regenboog, "kerncijfers")["Kinderen ondersteund in de periode"] == [5]
    assert table(regenboog, "afgesloten")["totaal"] == [3]
    assert table(regenboog, "doorlooptijden")["aanmelding → start (wachttijd)"] == [2, 3.5, 5, 2.5, 3]
    assert table(pilot, "kerncijfers")["Nieuwe aanmeldingen"] == [6]
    assert table(pilot, "kerncijfers")["Kinderen ondersteund in de periode"] == [7]
    assert table(pilot, "afgesloten")["totaal"] == [4]


def test_stuurgroep_reads_suppressed_figures(client, world, october):
    client.force_login(world.stuurgroep_a)
    response = client.get(reverse("dashboards:dashboard"), OCTOBER)
    tables = response.context["tables"]
    core = table(tables, "kerncijfers")
    assert core["Nieuwe aanmeldingen"] == ["<5"]
    assert core["Kinderen ondersteund in de periode"] == [5]
    assert table(tables, "afgesloten") == {"afgerond": ["<5"], "doorverwezen": ["<5"], "gestopt": ["<5"],
                                           "totaal": ["<5"]}
    assert table(tables, "doorlooptijden")["aanmelding → start (wachttijd)"] == ["<5", "—", "—", "—", "—"]
    # One completed with an outcome: a count under 5 and no share, here or for the routes to a fitting place.
    assert table(tables, "uitkomsten")["doel bereikt"] == ["<5", "—"]
    assert table(tables, "passende_plek")["op een passende plek"] == ["<5", "—"]


def test_exports_hold_the_same_suppressed_figures(client, world, october):
    client.force_login(world.stuurgroep_a)
    response = client.get(reverse("dashboards:export_csv"), OCTOBER)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Nieuwe aanmeldingen", "<5"] in rows
    assert ["Kinderen ondersteund in de periode", "5"] in rows
    response = client.get(reverse("dashboards:export_xlsx"), OCTOBER)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["Nieuwe aanmeldingen", "<5"] in [row[:2] for row in values]


def test_no_name_or_date_of_birth_reaches_the_stuurgroep(client, world, october):
    client.force_login(world.stuurgroep_a)
    children = Child.objects.all()
    pages = [
        client.get(reverse("dashboards:dashboard"), OCTOBER).content.decode(),
        client.get(reverse("dashboards:export_csv"), OCTOBER).content.decode("utf-8-sig"),
        str([[c.value for c in row] for row in load_workbook(
            io.BytesIO(client.get(reverse("dashboards:export_xlsx"), OCTOBER).content)).active.iter_rows()]),
        client.get(reverse("pilots:detail", args=[world.pilot_a.pk])).content.decode(),
        client.get(reverse("pilots:list")).content.decode(),
    ]
    for child in children:
        for text in pages:
            assert child.family_name not in text
            assert child.date_of_birth.strftime("%d-%m-%Y") not in text
            assert child.date_of_birth.isoformat() not in text
            assert child.code not in text


def test_names_cannot_be_run_as_formulas_in_an_export(client, world, october):
    world.partnership_a.name = "=HYPERLINK(\"http://evil.example\")"
    world.partnership_a.save()
    client.force_login(world.coordinator_a)
    content = client.get(reverse("dashboards:export_csv"), {**OCTOBER, "partnership": world.partnership_a.pk})
    assert "'=HYPERLINK" in content.content.decode("utf-8-sig")
    response = client.get(reverse("dashboards:export_xlsx"), {**OCTOBER, "partnership": world.partnership_a.pk})
    cell = load_workbook(io.BytesIO(response.content)).active["B1"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_other_partnership_and_team_roles_cannot_read_a_dashboard(client, world, october):
    client.force_login(world.stuurgroep_b)
    response = client.get(reverse("dashboards:dashboard"), {**OCTOBER, "partnership": world.partnership_a.pk})
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert "tables" not in response.context or not response.context["tables"]
    for user in [world.ib_a1, world.coach_a]:
        client.force_login(user)
        assert client.get(reverse("dashboards:dashboard")).status_code == 403
        assert client.get(reverse("dashboards:export_csv")).status_code == 403


def bulk_trajectories(world, count):
    offset = Child.objects.count()
    children = Child.objects.bulk_create(
        Child(given_name="Kind", family_name=f"Nummer{offset + i}", date_of_birth=D(2019, 1, 1), group="3",
              school=world.school_a1) for i in range(count)
    )
    Trajectory.objects.bulk_create(
        Trajectory(child=child, school=world.school_a1, pilot=world.pilot_a, registered_by=world.ib_a1,
                   updated_by=world.ib_a1, registered_at=at(D(2026, 9, 1) + datetime.timedelta(days=i % 60)),
                   teacher_name="Juf", help_request="x", tried_already="x")
        for i, child in enumerate(children)
    )
    with committed():
        summary.mark_stale(world.pilot_a.pk)  # bulk_create sends no signals


@pytest.mark.parametrize("school", [None, "school_a1"])
def test_dashboard_costs_the_same_queries_at_10_and_1000_trajectories(client, world, school):
    make_klasje(world.pilot_a)
    client.force_login(world.coordinator_a)
    url = reverse("dashboards:dashboard")
    params = {"period": "sj:2026", "partnership": world.partnership_a.pk}
    if school:
        params["school"] = getattr(world, school).pk
    bulk_trajectories(world, 10)
    with CaptureQueriesContext(connection) as ten:
        client.get(url, params)
    bulk_trajectories(world, 990)
    with CaptureQueriesContext(connection) as thousand:
        response = client.get(url, params)
    assert table(response.context["tables"], "kerncijfers")["Nieuwe aanmeldingen"] == [1000]
    assert len(ten) == len(thousand)
