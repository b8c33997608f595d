"""The durability figure by hand on a small set (issue 19): of the trajectories completed or referred in a period, how
many are still doing well at 3 and at 6 months, and how many children came back within 12 months."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards import periods, reporting, summary
from dashboards.suppression import PRIMARY
from pilots.models import Pilot
from tests.dashboards.reference import from_trajectories
from tests.factories import make_trajectory
from trajecten import followups
from trajecten.models import Trajectory
from trajecten.states import Status

D = datetime.date
OCTOBER_2025 = periods.month(2025, 10)


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def closed(world, status, end, child=None):
    return make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=status, coach=world.coach_a,
                           child=child, registered_at=at(end - datetime.timedelta(days=90)), ended=end)


def answer(trajectory, moment, how):
    follow_up = trajectory.follow_ups.get(moment=moment)
    followups.record(follow_up, answer=how, asked=["leerkracht"], asked_on=follow_up.due_date, note="",
                     by=trajectory.coach)


def again(world, trajectory, days_after_end):
    return make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, child=trajectory.child,
                           registered_at=at(trajectory.end_date + datetime.timedelta(days=days_after_end)))


@pytest.fixture
def small_set(world):
    """Four trajectories completed or referred in October 2025, one withdrawn then, one completed in November."""
    t1 = closed(world, Status.COMPLETED, D(2025, 10, 3))
    answer(t1, 3, "gaat_goed")
    answer(t1, 6, "gaat_goed")
    t2 = closed(world, Status.REFERRED, D(2025, 10, 10))
    answer(t2, 3, "lichte_ondersteuning")  # at 6 months: not yet asked
    t3 = closed(world, Status.COMPLETED, D(2025, 10, 20))
    answer(t3, 3, "gaat_goed")
    answer(t3, 6, "nieuwe_aanmelding")
    again(world, t3, 200)  # came back
    t4 = closed(world, Status.COMPLETED, D(2025, 10, 31))
    again(world, t4, 380)  # registered again, but after more than 12 months
    withdrawn = closed(world, Status.WITHDRAWN, D(2025, 10, 15))
    again(world, withdrawn, 30)  # a withdrawn trajectory is not followed up, nor counted as coming back
    november = closed(world, Status.COMPLETED, D(2025, 11, 4))
    answer(november, 3, "verwijzing_niet_gestart")
    summary.refresh_stale(Pilot.objects.all())
    return [t1, t2, t3, t4]


def tables_of(world, period, exact):
    trajectories = Trajectory.objects.filter(pilot=world.pilot_a)
    pilots = Pilot.objects.filter(pk=world.pilot_a.pk)
    figures = reporting.compute(trajectories, pilots, period)
    assert figures == from_trajectories(trajectories, pilots, period)
    return {table.key: {row[0]: row[1:] for row in table.rows} for table in reporting.build_tables(figures, exact)}


def test_the_durability_figure_of_october_counted_by_hand(world, small_set):
    tables = tables_of(world, OCTOBER_2025, exact=True)
    assert tables["duurzaamheid"] == {
        "Afgerond of doorverwezen": [4, "—"],
        "Gaat goed na 3 maanden": [2, "67%"],  # t1 and t3 of the three asked
        "Gaat goed na 6 maanden": [1, "50%"],  # t1 of the two asked (t3: new registration needed)
        "Opnieuw aangemeld binnen 12 maanden": [1, "25%"],  # t3; t4 came back after 380 days
    }
    assert tables["nazorg"] == {
        "gaat goed": [2, 1],
        "lichte ondersteuning nodig": [1, 0],
        "nieuwe aanmelding nodig": [0, 1],
        "doorverwijzing nog niet gestart": [0, 0],
        "nagevraagd": [3, 2],
        "nog niet nagevraagd": [1, 2],
        "afgerond of doorverwezen": [4, 4],
    }


def test_over_two_months_the_november_trajectory_counts_too(world, small_set):
    tables = tables_of(world, periods.months_from(D(2025, 10, 1), D(2025, 11, 1)), exact=True)
    assert tables["duurzaamheid"]["Afgerond of doorverwezen"] == [5, "—"]
    assert tables["nazorg"]["doorverwijzing nog niet gestart"] == [1, 0]
    assert tables["nazorg"]["nagevraagd"] == [4, 2]


def test_the_stuurgroep_reads_the_small_counts_as_under_five(world, small_set):
    tables = tables_of(world, OCTOBER_2025, exact=False)
    assert tables["duurzaamheid"]["Gaat goed na 3 maanden"] == [PRIMARY, "—"]
    assert tables["duurzaamheid"]["Opnieuw aangemeld binnen 12 maanden"] == [PRIMARY, "—"]
    assert all(value in (PRIMARY, "×", 0, "—") for row in tables["nazorg"].values() for value in row)


def test_an_answer_recorded_later_moves_the_figure_of_the_month_the_trajectory_ended(world, small_set):
    t2 = small_set[1]
    answer(t2, 6, "gaat_goed")
    summary.refresh_stale(Pilot.objects.all())
    tables = tables_of(world, OCTOBER_2025, exact=True)
    assert tables["duurzaamheid"]["Gaat goed na 6 maanden"] == [2, "67%"]


def test_a_later_registration_moves_the_came_back_count_of_the_month_the_trajectory_ended(world, small_set):
    again(world, small_set[0], 100)
    summary.refresh_stale(Pilot.objects.all())
    tables = tables_of(world, OCTOBER_2025, exact=True)
    assert tables["duurzaamheid"]["Opnieuw aangemeld binnen 12 maanden"] == [2, "50%"]


def test_the_dashboard_page_shows_the_durability_tables(client, world, small_set):
    client.force_login(world.coordinator_a)
    response = client.get(reverse("dashboards:dashboard"), {"scope": f"pilot:{world.pilot_a.pk}",
                                                            "period": "m:2025-10"})
    page = response.content.decode()
    assert "Duurzaamheid: afgerond of doorverwezen in de periode" in page
    assert "Nazorg: hoe gaat het in de klas" in page and "67%" in page
