"""The continuing line on the dashboard (issue 18.2): of the peuters handed over to a school in a period, how many were
registered for support again at school (groep 1-2). From the monthly summary, equal to counting (reference.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from dashboards import periods, reporting, summary
from dashboards.suppression import PRIMARY
from partners.models import SchoolType
from pilots.models import Pilot
from tests.dashboards.reference import from_trajectories
from tests.factories import join, make_child, make_school, make_trajectory, make_user
from trajecten import handovers
from trajecten.models import Trajectory
from trajecten.states import Status

D = datetime.date
OCTOBER_2025 = periods.month(2025, 10)
ROW_HANDED_OVER = "Peuters met een warme overdracht aan de basisschool"
ROW_AGAIN = "Daarna op school opnieuw aangemeld voor ondersteuning (groep 1-2)"


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def opvang(world):
    place = make_school(world.partnership_a, "Kinderopvang Het Speelhuis", school_type=SchoolType.KINDEROPVANG)
    join(world.pilot_a, place)
    place.pm = make_user("pm-speelhuis", role=Role.IB, school=place)
    return place


def handed_over(world, opvang, on):
    child = make_child(opvang, group="peuter", date_of_birth=D(2021, 9, 1))
    trajectory = make_trajectory(opvang.pm, opvang, world.pilot_a, child=child, status=Status.COMPLETED,
                                 coach=world.coach_a, registered_at=at(D(2025, 5, 1)), started=D(2025, 5, 20),
                                 ended=D(2025, 9, 30), outcome="doel_bereikt", consent_on=D(2025, 5, 1),
                                 consent_purposes=("ondersteuning", "overdracht"))
    handovers.hand_over(trajectory, to_school=world.school_a1, date=on, summary="Rustig begin.", facts=[],
                        by=world.coach_a)
    return trajectory


def again_at_school(world, trajectory, day):
    return make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, child=trajectory.child, registered_at=at(day))


@pytest.fixture
def someren(world, opvang):
    """Six peuters handed over in October 2025, two of whom the school registered again in groep 1; one in
    November."""
    october = [handed_over(world, opvang, D(2025, 10, day)) for day in (1, 3, 8, 14, 20, 28)]
    again_at_school(world, october[0], D(2026, 2, 2))
    again_at_school(world, october[1], D(2025, 12, 1))
    handed_over(world, opvang, D(2025, 11, 5))
    summary.refresh_stale(Pilot.objects.all())
    return october


def tables_of(world, period, exact, school=None):
    trajectories = Trajectory.objects.filter(pilot=world.pilot_a)
    if school is not None:
        trajectories = trajectories.filter(school=school)
    pilots = Pilot.objects.filter(pk=world.pilot_a.pk)
    schools = None if school is None else [school.pk]
    figures = reporting.compute(trajectories, pilots, period, schools=schools)
    assert figures == from_trajectories(trajectories, pilots, period, schools=schools)
    return {table.key: {row[0]: row[1:] for row in table.rows} for table in reporting.build_tables(figures, exact)}


def test_of_the_peuters_handed_over_in_october_two_needed_support_again_at_school(world, someren):
    assert tables_of(world, OCTOBER_2025, exact=True)["doorgaande_lijn"] == {
        ROW_HANDED_OVER: [6, "—"], ROW_AGAIN: [2, "33%"]}


def test_the_kinderopvang_s_own_figure_counts_its_handovers(world, someren, opvang):
    assert tables_of(world, OCTOBER_2025, exact=True, school=opvang)["doorgaande_lijn"][ROW_HANDED_OVER] == [6, "—"]


def test_over_two_months_the_november_handover_counts_too(world, someren):
    tables = tables_of(world, periods.months_from(D(2025, 10, 1), D(2025, 11, 1)), exact=True)
    assert tables["doorgaande_lijn"] == {ROW_HANDED_OVER: [7, "—"], ROW_AGAIN: [2, "29%"]}


def test_the_stuurgroep_reads_a_small_count_as_under_five(world, someren):
    assert tables_of(world, OCTOBER_2025, exact=False)["doorgaande_lijn"] == {
        ROW_HANDED_OVER: [6, "—"], ROW_AGAIN: [PRIMARY, "—"]}


def test_a_registration_at_school_later_moves_the_figure_of_the_handover_s_month(world, someren):
    again_at_school(world, someren[2], D(2026, 3, 1))  # the save marks October stale; the job rebuilds it
    summary.refresh_stale(Pilot.objects.all())
    assert tables_of(world, OCTOBER_2025, exact=True)["doorgaande_lijn"][ROW_AGAIN] == [3, "50%"]


def test_a_pilot_without_handovers_shows_no_continuing_line(world):
    make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, registered_at=at(D(2025, 10, 2)))
    summary.refresh_stale(Pilot.objects.all())
    assert "doorgaande_lijn" not in tables_of(world, OCTOBER_2025, exact=True)


def test_the_dashboard_page_shows_the_continuing_line(client, world, someren):
    client.force_login(world.coordinator_a)
    page = client.get(reverse("dashboards:dashboard"), {"scope": f"pilot:{world.pilot_a.pk}",
                                                        "period": "m:2025-10"}).content.decode()
    assert "Doorgaande lijn: van de kinderopvang naar school" in page and ROW_AGAIN in page and "33%" in page
