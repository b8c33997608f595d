"""Every page of the benchmark (bench/prepare.py) costs the same number of queries with little and
with much data; the lists, the trajectory page and the partnership dashboard have their own tests
beside their features."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards import periods
from tests.factories import make_trajectory
from trajecten.models import ConcernArea, Trajectory
from trajecten.states import Status


def grow(world, count):
    for _number in range(count):
        trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
        if _number % 3 == 0:
            from tests.factories import advance

            advance(trajectory, Status.ACTIVE, by=world.coordinator_a, coach=world.coach_a)


def counted(client, method, url, data=None, expect=(200, 302)):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in expect, response.status_code
    return len(captured)


def registration(number):
    today = timezone.localdate()
    return {
        "given_name": "Telling", "family_name": f"Kind {number}",
        "date_of_birth": today.replace(year=today.year - 7).isoformat(), "group": "3",
        "teacher_name": "Juf", "help_request": "Hulp", "tried_already": "Iets", "wants_ambulant": "on",
        "urgency": "normaal", "consent_given": "nee",
    }


@pytest.mark.parametrize("page", ["login", "registration form", "registration POST", "transition POST",
                                  "whole-instance dashboard", "hours per school", "XLSX export",
                                  "vergaderstuk PDF"])
def test_a_page_costs_the_same_queries_at_two_sizes(client, world, page):
    year = periods.school_year_of(timezone.localdate()).start.year
    area = ConcernArea.objects.get_or_create(name="gedrag", defaults={"order": 1})[0].pk

    def measure(round_number):
        if page == "login":
            client.logout()
            return counted(client, "get", reverse("login"))
        if page.startswith("registration"):
            client.force_login(world.ib_a1)
            if page == "registration form":
                return counted(client, "get", reverse("trajecten:register"))
            data = {**registration(round_number), "school": world.school_a1.pk, "pilot": world.pilot_a.pk,
                    "concern_areas": area}
            before = Trajectory.objects.count()
            queries = counted(client, "post", reverse("trajecten:register"), data, expect=(302,))
            assert Trajectory.objects.count() == before + 1
            return queries
        if page == "transition POST":
            client.force_login(world.coach_a)
            trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
            queries = counted(client, "post", reverse("trajecten:transition", args=[trajectory.pk, "stoppen"]), {
                "version": trajectory.version, "reason": "Verhuisd",
                "end_date": timezone.localdate().isoformat(), "definitief": "on"}, expect=(302,))
            assert Trajectory.objects.get(pk=trajectory.pk).status == Status.WITHDRAWN
            return queries
        if page == "whole-instance dashboard":
            client.force_login(world.beheerder)
            client.get(reverse("dashboards:dashboard"), {"period": f"sj:{year}"})  # warm, as in steady state
            return counted(client, "get", reverse("dashboards:dashboard"), {"period": f"sj:{year}"})
        if page == "vergaderstuk PDF":
            client.force_login(world.stuurgroep_a)
            params = {"partnership": world.partnership_a.pk, "maand": f"{timezone.localdate():%Y-%m}"}
            client.get(reverse("dashboards:meeting_report"), params)
            return counted(client, "get", reverse("dashboards:meeting_report"), params)
        client.force_login(world.coordinator_a)
        params = {"period": f"sj:{year}", "partnership": world.partnership_a.pk}
        client.get(reverse("dashboards:dashboard"), params)
        if page == "hours per school":
            return counted(client, "get", reverse("dashboards:hours"), params)
        return counted(client, "get", reverse("dashboards:export_xlsx"), params)

    grow(world, 3)
    measure(0)  # warm: caches of a fresh process, the cached empty form
    small = measure(1)
    grow(world, 30)
    assert measure(2) == small
    assert Trajectory.objects.filter(registered_at__gte=timezone.now() - datetime.timedelta(hours=1)).count() > 30
