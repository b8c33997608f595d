"""The monthly summary gives exactly the figures that counting the trajectories gives (reference.py)."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards import periods, reporting, summary
from dashboards.forms import period_choices
from dashboards.models import InstanceMonthLeadTime, PilotMonth, PilotMonthCount, PilotMonthLeadTime, StaleMonth
from partners.models import School
from pilots.models import Pilot
from tests.dashboards.reference import from_trajectories
from tests.factories import advance, committed, make_klasje, make_trajectory
from trajecten.models import ConcernArea, Trajectory
from trajecten.states import Status


def every_period():
    """Every choice of the period list, and own ranges of months: one month, across school years, five years."""
    today = timezone.localdate()
    for _group, choices in period_choices(today)[:3]:  # school years, quarters, months
        for value, _label in choices:
            kind, _sep, rest = value.partition(":")
            if kind == "sj":
                yield periods.school_year(int(rest))
            else:
                year, number = (int(part) for part in rest.split("-"))
                yield periods.quarter(year, number) if kind == "q" else periods.month(year, number)
    two_years_ago = today.replace(year=today.year - 2, day=1)
    yield periods.months_from(two_years_ago, two_years_ago)
    yield periods.months_from(datetime.date(today.year - 3, 3, 1), datetime.date(today.year - 1, 10, 1))
    five_years_ago = today.replace(year=today.year - 5, day=1)
    yield periods.months_from(five_years_ago + datetime.timedelta(days=31), today)  # sixty months: the longest allowed


def scoped(pilots, school=None):
    """What the dashboard passes for a scope: the trajectories of the pilots, or of the school among them."""
    trajectories = Trajectory.objects.filter(pilot__in=pilots)
    return trajectories if school is None else trajectories.filter(school=school)


def school_scope(school):
    """The pilots a school's dashboard covers (ScopeForm.scope)."""
    return Pilot.objects.filter(school_links__school=school)


def assert_agree(pilots, period, school=None):
    trajectories = scoped(pilots, school)
    schools = None if school is None else [school.pk]
    from_summary = reporting.compute(trajectories, pilots, period, schools=schools)
    assert from_summary == from_trajectories(trajectories, pilots, period, schools=schools), (school, period.label)
    return from_summary


@pytest.fixture
def synthetic(db):
    for seed in (3, 4):  # two partnerships, each with a pilot of 40 schools
        call_command("generate_data", "--trajectories", "600", "--seed", str(seed), verbosity=0)
    pilots = list(Pilot.objects.order_by("pk"))
    # Children who came back: a second trajectory after the first closed, and one still open beside it.
    for trajectory in Trajectory.objects.filter(status=Status.COMPLETED).order_by("pk")[:15]:
        again = make_trajectory(trajectory.registered_by, trajectory.school, trajectory.pilot, child=trajectory.child)
        assert again.previous == trajectory
    summary.refresh_stale(Pilot.objects.all())
    assert not StaleMonth.objects.exists()
    return pilots


def test_summary_and_trajectories_agree_on_every_period_and_scope(synthetic):
    again = School.objects.filter(trajectories__previous__isnull=False).distinct().order_by("pk")
    schools = [*again[:3], School.objects.filter(pilot_links__pilot=synthetic[1]).order_by("pk").first()]
    assert len(set(schools)) == 4
    for period in every_period():
        assert_agree(synthetic[:1], period)
        assert_agree(synthetic, period)
        for school in schools:
            assert_agree(school_scope(school), period, school)
    # The data is not trivially empty: the school year has every kind of figure, and so has a school.
    year = periods.school_year_of(timezone.localdate() - datetime.timedelta(days=365))
    figures = assert_agree(synthetic, year)
    assert figures.core["new"] > 50 and figures.core["completed"] > 10 and figures.core["referred"] > 5
    assert figures.lead_times["waiting"].median is not None and any(figures.referrals.values())
    assert 0 < assert_agree(school_scope(schools[0]), year, schools[0]).core["new"] < figures.core["new"]


def test_every_school_agrees_over_school_years(synthetic):
    today = timezone.localdate()
    years = [periods.school_year_of(today), periods.school_year_of(today.replace(year=today.year - 1))]
    schools = School.objects.filter(trajectories__isnull=False).distinct().order_by("pk")
    assert schools.count() == 80
    for school in schools:
        for year in years:
            assert_agree(school_scope(school), year, school)


def test_a_pilots_rows_are_the_sums_of_its_schools_rows(synthetic):
    """Partnerships and the whole instance read only the pilots' rows: those must hold every school's part."""
    for model, key, values in [(PilotMonth, ["pilot", "month"], summary.COUNT_FIELDS),
                               (PilotMonthCount, ["pilot", "month", "kind", "key"], ["n"]),
                               (PilotMonthLeadTime, ["pilot", "month", "measure", "days"], ["n"])]:
        def sums(rows, key=key, values=values):
            rows = rows.order_by().values(*key).annotate(**{f"sum_{value}": Sum(value) for value in values})
            return {tuple(row[k] for k in key): tuple(row[f"sum_{value}"] for value in values) for row in rows}

        assert sums(model.objects.filter(school__isnull=False)) == sums(model.objects.filter(school__isnull=True))
    # The instance-wide histogram counts each trajectory once: the pilots' rows, not their schools' as well.
    instance = {(row.month, row.measure, row.days): row.n for row in InstanceMonthLeadTime.objects.all()}
    pilots = PilotMonthLeadTime.objects.filter(school__isnull=True).order_by().values("month", "measure", "days")
    assert instance == {(row["month"], row["measure"], row["days"]): row["n"] for row in pilots.annotate(n=Sum("n"))}


def test_a_period_of_partial_months_is_refused():
    period = periods.Period(datetime.date(2025, 3, 10), datetime.date(2025, 6, 20), "10 maart – 20 juni")
    with pytest.raises(ValueError):
        reporting.compute(Trajectory.objects.none(), [], period)


def test_every_change_reaches_the_dashboard_at_once(client, world):
    client.force_login(world.coordinator_a)
    url = reverse("dashboards:dashboard")
    month = timezone.localdate().strftime("m:%Y-%m")
    params = {"period": month, "partnership": world.partnership_a.pk}

    def kerncijfers():
        response = client.get(url, params)
        table = next(t for t in response.context["tables"] if t.key == "kerncijfers")
        return {row[0]: row[1] for row in table.rows}

    assert kerncijfers()["Nieuwe aanmeldingen"] == 0
    with committed():
        trajectories = [make_trajectory(world.ib_a1, world.school_a1, world.pilot_a) for _ in range(6)]
    assert kerncijfers()["Nieuwe aanmeldingen"] == 6
    with committed():
        for trajectory in trajectories:
            advance(trajectory, Status.ACTIVE, by=world.coordinator_a, coach=world.coach_a)
    assert kerncijfers()["Open aan het eind: ambulant traject"] == 6
    with committed():
        for trajectory in trajectories[:5]:
            trajectory.refresh_from_db()
            advance(trajectory, Status.WITHDRAWN, by=world.coordinator_a)
    figures = kerncijfers()
    assert figures["Open aan het eind: totaal"] == 1  # the coördinator sees exact counts
    with committed():
        Trajectory.objects.get(pk=trajectories[5].pk).delete()
    assert kerncijfers()["Nieuwe aanmeldingen"] == 5
    assert not StaleMonth.objects.exists()


def test_a_dashboard_only_reads_even_when_figures_are_stale(client, world):
    """Stale months wait for the rebuild after the commit (or the timer); a GET never takes their locks."""
    make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)  # its commit never comes: the month stays stale
    assert StaleMonth.objects.filter(pilot=world.pilot_a).exists()
    client.force_login(world.coordinator_a)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("dashboards:dashboard"), {
            "period": timezone.localdate().strftime("m:%Y-%m"), "partnership": world.partnership_a.pk})
    assert response.status_code == 200
    writes = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
              and "dashboards_" in q["sql"]]
    assert writes == []
    assert not [q["sql"] for q in captured if "FOR UPDATE" in q["sql"].upper()]
    assert StaleMonth.objects.filter(pilot=world.pilot_a).exists()
    call_command("refresh_figures", "--stale", stdout=io.StringIO())
    assert not StaleMonth.objects.exists()
    assert kerncijfers_of(client.get(reverse("dashboards:dashboard"), {
        "period": timezone.localdate().strftime("m:%Y-%m"), "partnership": world.partnership_a.pk,
    }))["Nieuwe aanmeldingen"] == 1


def kerncijfers_of(response):
    table = next(t for t in response.context["tables"] if t.key == "kerncijfers")
    return {row[0]: row[1] for row in table.rows}


def test_a_date_moved_to_another_month_leaves_the_old_month_and_enters_the_new(world):
    today = timezone.localdate()
    this_month = periods.month(today.year, today.month)
    earlier = this_month.start - datetime.timedelta(days=40)
    last_but_one = periods.month(earlier.year, earlier.month)
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    advance(trajectory, Status.ACTIVE, by=world.coordinator_a, coach=world.coach_a)
    pilots = Pilot.objects.all()
    summary.refresh_stale(pilots)
    assert not StaleMonth.objects.exists()
    # A coördinator corrects the dates: registered and started two months ago, not this month.
    trajectory = Trajectory.objects.get(pk=trajectory.pk)
    trajectory.registered_at = timezone.make_aware(datetime.datetime.combine(earlier, datetime.time(10)))
    trajectory.start_date = earlier + datetime.timedelta(days=3)
    with committed():
        trajectory.save()
        assert set(StaleMonth.objects.values_list("month", flat=True)) >= {this_month.start, last_but_one.start}
    for period in (this_month, last_but_one, periods.school_year_of(today)):
        assert_agree(pilots, period)
        assert_agree(school_scope(world.school_a1), period, world.school_a1)
    assert assert_agree(pilots, last_but_one).core["new"] == 1
    assert assert_agree(pilots, this_month).core["new"] == 0
    assert assert_agree(school_scope(world.school_a1), last_but_one, world.school_a1).core["new"] == 1


def test_a_trajectory_moved_to_another_school_leaves_the_old_schools_figures(world):
    today = timezone.localdate()
    month = periods.month(today.year, today.month)
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    summary.refresh_stale(Pilot.objects.all())
    pilots = Pilot.objects.all()

    def new(school):
        return assert_agree(school_scope(school), month, school).core["new"]

    assert (new(world.school_a1), new(world.school_a2)) == (1, 0)
    trajectory = Trajectory.objects.get(pk=trajectory.pk)
    trajectory.school = world.school_a2  # registered at the wrong school of the same pilot
    with committed():
        trajectory.save()
    assert (new(world.school_a1), new(world.school_a2)) == (0, 1)
    assert assert_agree(pilots, month).core["new"] == 1


def test_the_instance_histogram_follows_every_rebuild(world):
    """Whole-instance medians come from a histogram kept by differences: after many small changes it
    must still equal counting all trajectories."""
    pilots = Pilot.objects.all()
    month = periods.month(timezone.localdate().year, timezone.localdate().month)
    for number in range(8):
        pilot, school, ib = ((world.pilot_a, world.school_a1, world.ib_a1) if number % 2
                             else (world.pilot_b, world.school_b1, world.ib_b1))
        trajectory = make_trajectory(ib, school, pilot)
        summary.refresh_stale(pilots)
        advance(trajectory, [Status.COMPLETED, Status.REFERRED][number % 2], by=world.coordinator_a,
                coach=world.coach_a if pilot == world.pilot_a else world.coach_b)
        summary.refresh_stale(pilots)
    Trajectory.objects.filter(pilot=world.pilot_b).order_by("pk").first().delete()
    summary.refresh_stale(pilots)
    assert assert_agree(pilots, month).lead_times["duration"].count == 7
    assert assert_agree(school_scope(world.school_a1), month, world.school_a1).lead_times["duration"].count == 4


def test_reading_a_fresh_summary_does_not_depend_on_the_data_size(client, world):
    client.force_login(world.beheerder)
    url = reverse("dashboards:dashboard")
    params = {"period": periods.school_year_of(timezone.localdate()).start.strftime("sj:%Y")}
    for _number in range(3):
        make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    summary.refresh_stale(Pilot.objects.all())

    def queries():
        """Of a read that computes the figures, and of one that finds them in the cache."""
        cache.clear()
        with CaptureQueriesContext(connection) as computed:
            response = client.get(url, params)
        assert response.status_code == 200
        with CaptureQueriesContext(connection) as cached:
            client.get(url, params)
        return len(computed), len(cached)

    small = queries()
    call_command("generate_data", "--trajectories", "300", "--seed", "9", verbosity=0)
    client.get(url, params)
    assert queries() == small
    assert PilotMonth.objects.count() > 40


def test_figures_come_from_the_cache_until_a_pilot_in_scope_changes(client, world):
    client.force_login(world.coordinator_a)
    url = reverse("dashboards:dashboard")
    params = {"period": timezone.localdate().strftime("m:%Y-%m"), "partnership": world.partnership_a.pk}

    def read():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        tables = {t.key: t for t in response.context["tables"]}
        return len(captured), {row[0]: row[1] for row in tables["kerncijfers"].rows}, tables["zorggebieden"]

    with committed():
        make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    computed, figures, _areas = read()
    cached, again, _areas = read()
    assert again == figures and cached < computed
    # Another partnership's registration leaves this scope's figures in the cache ...
    with committed():
        make_trajectory(world.ib_b1, world.school_b1, world.pilot_b)
    assert read()[0] == cached
    # ... one in scope does not, and neither do the names, which the summary does not hold.
    with committed():
        make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    area = ConcernArea.objects.order_by("order").first()
    area.name = "gedrag en houding"
    area.save()
    queries, figures, areas = read()
    assert figures["Nieuwe aanmeldingen"] == 2 and queries > cached
    assert "gedrag en houding" in [row[0] for row in areas.rows]


def test_occupancy_is_cached_with_the_figures_until_an_arrangement_or_a_placement_changes(
    client, world, django_capture_on_commit_callbacks,
):
    from trajecten import placements

    client.force_login(world.coordinator_a)
    url = reverse("dashboards:dashboard")
    params = {"period": timezone.localdate().strftime("m:%Y-%m"), "partnership": world.partnership_a.pk}

    def occupancy():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        placement_queries = [q for q in captured if "trajecten_groupplacement" in q["sql"]]
        return {t.key: t for t in response.context["tables"]}["groepsarrangementen"].rows, placement_queries

    klasje = make_klasje(world.pilot_a, capacity=2)
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a,
                                 consent_purposes=["ondersteuning", "groepsarrangement"])
    advance(trajectory, Status.ACTIVE, by=world.coach_a, coach=world.coach_a)
    (rows, computed), (again, cached) = occupancy(), occupancy()
    assert rows == again == [["Bovenschools klasje", 6, 0, "0%", 0]]
    assert computed and not cached  # the second read takes occupancy from the cache
    # The renewal waits for the commit: a request's transaction commits as it ends.
    with django_capture_on_commit_callbacks(execute=True):
        placements.place(Trajectory.objects.get(pk=trajectory.pk), klasje, [klasje.day_parts.get(weekday=2)],
                         timezone.localdate(), by=world.coach_a)
    assert occupancy()[0] == [["Bovenschools klasje", 6, 1, "17%", 1]]
    klasje.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        klasje.save()
    assert occupancy()[0] == [["Bovenschools klasje", 9, 1, "11%", 1]]


def test_an_arrangement_moved_to_another_pilot_leaves_the_old_partnerships_dashboard(
    client, world, django_capture_on_commit_callbacks,
):
    client.force_login(world.beheerder)
    url = reverse("dashboards:dashboard")
    params = {"period": timezone.localdate().strftime("m:%Y-%m"), "partnership": world.partnership_a.pk}

    def names():
        response = client.get(url, params)
        return [row[0] for row in {t.key: t for t in response.context["tables"]}["groepsarrangementen"].rows]

    klasje = make_klasje(world.pilot_a)
    assert names() == ["Bovenschools klasje"]
    klasje.pilot = world.pilot_b  # entered at the wrong pilot; no child placed yet
    klasje.full_clean()
    with django_capture_on_commit_callbacks(execute=True):
        klasje.save()
    assert names() == []


def test_an_arrangement_with_placed_children_keeps_its_pilot(world):
    from django.core.exceptions import ValidationError

    from trajecten import placements

    klasje = make_klasje(world.pilot_a)
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a,
                                 consent_purposes=["ondersteuning", "groepsarrangement"])
    advance(trajectory, Status.ACTIVE, by=world.coach_a, coach=world.coach_a)
    placements.place(Trajectory.objects.get(pk=trajectory.pk), klasje, [klasje.day_parts.get(weekday=2)],
                     timezone.localdate(), by=world.coach_a)
    klasje.pilot = world.pilot_b
    with pytest.raises(ValidationError) as refused:
        klasje.full_clean()
    assert "Er zijn kinderen in dit groepsarrangement geplaatst" in refused.value.message_dict["pilot"][0]
    klasje.pilot = world.pilot_a
    klasje.full_clean()


def test_a_pilot_with_a_group_arrangement_can_be_deleted(world, django_capture_on_commit_callbacks):
    """Its token goes first in the cascade, its arrangements after: they must not write a new one."""
    from dashboards.models import SummaryVersion

    pilot = Pilot.objects.create(partnership=world.partnership_a, name="Proefpilot", aim="Proef")
    make_klasje(pilot)
    summary.renew_versions([pilot.pk])
    with django_capture_on_commit_callbacks(execute=True):
        pilot.delete()
    connection.check_constraints()  # what a commit checks: no token left pointing at the deleted pilot
    assert not Pilot.objects.filter(name="Proefpilot").exists()
    assert not SummaryVersion.objects.filter(pilot_id=pilot.pk).exists()


def test_a_change_marked_while_its_month_is_rebuilt_stays_stale(world, monkeypatch):
    """A writer that commits while a reader rebuilds its month: the reader read the trajectories before the
    change, so the month must stay stale for the next reader instead of being cleared with the old marker."""
    month = summary.month_of(timezone.localdate())
    make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    rebuild = summary.rebuild

    def rebuild_while_a_change_comes_in(pilot_ids, **kwargs):
        rebuild(pilot_ids, **kwargs)
        summary.mark_stale(world.pilot_a.pk, {month})

    monkeypatch.setattr(summary, "rebuild", rebuild_while_a_change_comes_in)
    summary.refresh_stale(Pilot.objects.filter(pk=world.pilot_a.pk))
    assert list(StaleMonth.objects.filter(pilot=world.pilot_a).values_list("month", flat=True)) == [month]
    monkeypatch.setattr(summary, "rebuild", rebuild)
    summary.refresh_stale(Pilot.objects.filter(pk=world.pilot_a.pk))
    assert not StaleMonth.objects.filter(pilot=world.pilot_a).exists()


def test_a_save_only_marks_its_months_and_the_job_on_the_timer_rebuilds_them(client, world, monkeypatch):
    """No request waits for a rebuild (or fails with one): the coach's change stands, the stale months wait for
    `refresh_figures --stale`, which every node's timer starts and only one runs at a time."""
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE,
                                 coach=world.coach_a)
    summary.refresh_stale(Pilot.objects.all())

    def rebuilt_in_the_request(pilots):
        raise AssertionError("a request rebuilt figures")

    monkeypatch.setattr(summary, "refresh_stale", rebuilt_in_the_request)
    client.force_login(world.coach_a)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("trajecten:transition", args=[trajectory.pk, "stoppen"]), {
            "version": trajectory.version, "reason": "Verhuisd.", "end_date": timezone.localdate().isoformat(),
            "definitief": "on",
        })
    assert response.status_code == 302
    assert Trajectory.objects.get(pk=trajectory.pk).status == Status.WITHDRAWN
    assert StaleMonth.objects.filter(pilot=world.pilot_a).exists()
    monkeypatch.undo()
    out = io.StringIO()
    call_command("refresh_figures", "--stale", stdout=out)
    assert "refresh_figures: klaar" in out.getvalue()
    assert not StaleMonth.objects.exists()
