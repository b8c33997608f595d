"""Lead times in school days (issue 17, part 8), counted by hand across the holidays of 2025-2026.

Shipped holidays used here (partners/school_holidays.py): herfstvakantie midden and noord 18–26 October 2025, zuid
11–19 October 2025; kerstvakantie 20 December 2025 – 4 January 2026 everywhere. Public holidays: 25 and 26 December,
1 January.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboards import reporting
from dashboards.schooldays import CHILDCARE, SchoolDays
from partners.models import HolidayRegion, SchoolHoliday, SchoolType
from pilots.models import Pilot
from tests.dashboards.test_figures import history, table
from tests.factories import committed, make_school
from trajecten.models import Trajectory
from trajecten.states import Status

D = datetime.date
FRIDAY_BEFORE_AUTUMN = D(2025, 10, 17)
MONDAY_AFTER_AUTUMN = D(2025, 10, 27)
FRIDAY_BEFORE_CHRISTMAS = D(2025, 12, 19)
MONDAY_AFTER_CHRISTMAS = D(2026, 1, 5)


@pytest.fixture
def days(db):
    return SchoolDays(D(2025, 8, 1), D(2026, 8, 31))


def test_the_monday_after_the_autumn_holiday_is_one_school_day_after_the_friday_before_it(days):
    assert days.between(HolidayRegion.MIDDEN, FRIDAY_BEFORE_AUTUMN, MONDAY_AFTER_AUTUMN) == 1
    assert days.between(HolidayRegion.NOORD, FRIDAY_BEFORE_AUTUMN, MONDAY_AFTER_AUTUMN) == 1


def test_in_the_south_the_autumn_holiday_was_a_week_earlier(days):
    # Zuid was back on Monday 20 October: 20–24 and 27 October.
    assert days.between(HolidayRegion.ZUID, FRIDAY_BEFORE_AUTUMN, MONDAY_AFTER_AUTUMN) == 6


def test_a_kinderopvang_counts_its_working_days_through_the_school_holidays(days):
    assert days.between(CHILDCARE, FRIDAY_BEFORE_AUTUMN, MONDAY_AFTER_AUTUMN) == 6
    # 22, 23, 24, 29, 30, 31 December, 2 and 5 January: Christmas and New Year's Day are public holidays.
    assert days.between(CHILDCARE, FRIDAY_BEFORE_CHRISTMAS, MONDAY_AFTER_CHRISTMAS) == 8
    assert days.between(HolidayRegion.MIDDEN, FRIDAY_BEFORE_CHRISTMAS, MONDAY_AFTER_CHRISTMAS) == 1


def test_a_weekend_and_a_public_holiday_are_no_school_days(days):
    assert days.between(HolidayRegion.MIDDEN, D(2025, 10, 3), D(2025, 10, 6)) == 1  # Friday → Monday
    assert days.between(HolidayRegion.MIDDEN, D(2025, 10, 6), D(2025, 10, 6)) == 0
    # Thursday 14 May 2026 is Hemelvaartsdag: Wednesday → Friday is one school day.
    assert days.between(HolidayRegion.MIDDEN, D(2026, 5, 13), D(2026, 5, 15)) == 1


@pytest.fixture
def five_waits(world):
    """Five trajectories at De Regenboog (midden) that started in October 2025, in calendar and school days:
    17 → 27 Oct across the herfstvakantie 10 / 1; 13 → 27 Oct 14 / 5; 6 → 10 Oct 4 / 4; 1 → 8 Oct 7 / 5;
    30 Sep → 31 Oct 31 / 18. Calendar days 4, 7, 10, 14, 31: median 10, p90 31; school days 1, 4, 5, 5, 18:
    median 5, p90 18."""
    for registered, start in [(FRIDAY_BEFORE_AUTUMN, MONDAY_AFTER_AUTUMN), (D(2025, 10, 13), MONDAY_AFTER_AUTUMN),
                              (D(2025, 10, 6), D(2025, 10, 10)), (D(2025, 10, 1), D(2025, 10, 8)),
                              (D(2025, 9, 30), D(2025, 10, 31))]:
        history(world, registered, Status.ACTIVE, start)


OCTOBER_2025 = {"period": "m:2025-10"}


def test_stuurgroep_reads_median_and_p90_in_days_and_school_days_side_by_side(client, world, five_waits):
    client.force_login(world.stuurgroep_a)
    response = client.get(reverse("dashboards:dashboard"), OCTOBER_2025)
    tables = response.context["tables"]
    assert table(tables, "doorlooptijden")["aanmelding → start (wachttijd)"] == [5, 10, 31, 5, 18]
    page = response.content.decode()
    assert "Mediaan (schooldagen)" in page and "90e percentiel (schooldagen)" in page


def test_the_same_school_in_the_south_waited_longer_in_school_days(client, world, five_waits):
    """The beheerder sets De Regenboog's region to zuid (herfstvakantie 11–19 October): after the rebuild the waits
    across midden's holiday are longer (17 → 27 Oct: 1 → 6; 13 → 27 Oct: 5 → 6, 14–17 October now in the holiday),
    the one over both holidays the same (30 Sep → 31 Oct: 18). School days 4, 5, 6, 6, 18: median 6, p90 18."""
    school = world.school_a1
    with committed():
        school.holiday_region = HolidayRegion.ZUID
        school.save()
    client.force_login(world.stuurgroep_a)
    tables = client.get(reverse("dashboards:dashboard"), OCTOBER_2025).context["tables"]
    assert table(tables, "doorlooptijden")["aanmelding → start (wachttijd)"] == [5, 10, 31, 6, 18]


def test_a_holiday_the_beheerder_adds_counts_after_the_rebuild(client, world):
    """2026-2027 is not shipped: a wait from Friday 16 to Monday 26 October 2026 is 6 school days, until the beheerder
    adds midden's herfstvakantie (17–25 October 2026) in the admin."""
    for _n in range(5):
        history(world, D(2026, 10, 16), Status.ACTIVE, D(2026, 10, 26))
    pilots = Pilot.objects.filter(pk=world.pilot_a.pk)

    def waiting_in_school_days():
        figures = reporting.compute(Trajectory.objects.filter(pilot=world.pilot_a), pilots,
                                    reporting.periods.month(2026, 10))
        return figures.lead_times["waiting_sd"].median

    assert waiting_in_school_days() == 6
    client.force_login(world.beheerder)
    with committed():
        response = client.post(reverse("admin:partners_schoolholiday_add"), {
            "region": "midden", "school_year": "2026-2027", "name": "herfstvakantie",
            "first_day": "2026-10-17", "last_day": "2026-10-25"})
    assert response.status_code == 302
    assert waiting_in_school_days() == 1


def test_a_holiday_ending_before_it_starts_is_refused(client, world):
    client.force_login(world.beheerder)
    response = client.post(reverse("admin:partners_schoolholiday_add"), {
        "region": "noord", "school_year": "2025-2026", "name": "voorjaarsvakantie",
        "first_day": "2026-02-22", "last_day": "2026-02-14"})
    assert response.status_code == 200
    assert not SchoolHoliday.objects.filter(region="noord", school_year="2025-2026", name="voorjaarsvakantie").exists()


def test_a_kinderopvang_location_in_the_same_region_counts_through_the_holiday(world):
    opvang = make_school(world.partnership_a, "Kinderopvang Het Nest", SchoolType.KINDEROPVANG)
    for _n in range(5):
        history(world, FRIDAY_BEFORE_AUTUMN, Status.ACTIVE, MONDAY_AFTER_AUTUMN, school=opvang)
    figures = reporting.compute(Trajectory.objects.filter(school=opvang), Pilot.objects.filter(pk=world.pilot_a.pk),
                                reporting.periods.month(2025, 10), schools=[opvang.pk])
    assert (figures.lead_times["waiting"].median, figures.lead_times["waiting_sd"].median) == (10, 6)


def test_the_exports_hold_days_and_school_days_side_by_side(client, world, five_waits):
    client.force_login(world.stuurgroep_a)
    response = client.get(reverse("dashboards:export_csv"), OCTOBER_2025)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Doorlooptijd", "Aantal", "Mediaan (dagen)", "90e percentiel (dagen)", "Mediaan (schooldagen)",
            "90e percentiel (schooldagen)"] in rows
    assert ["aanmelding → start (wachttijd)", "5", "10", "31", "5", "18"] in rows
    response = client.get(reverse("dashboards:export_xlsx"), OCTOBER_2025)
    values = [[cell.value for cell in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    assert ["aanmelding → start (wachttijd)", 5, 10, 31, 5, 18] in [row[:6] for row in values]


def lead_time_note(client, world, period):
    client.force_login(world.stuurgroep_a)
    response = client.get(reverse("dashboards:dashboard"), {"partnership": world.partnership_a.pk, "period": period})
    return next(t.note for t in response.context["tables"] if t.key == "doorlooptijden")


def test_the_dashboard_says_when_a_school_years_holidays_are_not_in_the_portal(client, world):
    """The current school year's dates are not shipped: the stuurgroep reads that its school days count those
    holidays along, and whom to ask; a year the portal knows says nothing of the kind."""
    assert SchoolHoliday.objects.filter(school_year="2024-2025", region=HolidayRegion.MIDDEN).exists()
    assert "Let op" not in lead_time_note(client, world, "sj:2024")
    SchoolHoliday.objects.filter(school_year="2024-2025", region=HolidayRegion.MIDDEN).delete()
    note = lead_time_note(client, world, "sj:2024")
    assert "de schoolvakanties van 2024-2025 (midden) staan nog niet in het portaal" in note
    assert "Beheer, Schoolvakanties" in note
