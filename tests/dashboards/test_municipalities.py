"""The dashboard scoped to a municipality, and split by municipality: counted by hand on a small data set, hidden
like every other count, and within what the reader may see."""

import pytest
from django.urls import reverse

from dashboards import periods, reporting, summary
from partners.models import Municipality
from pilots.models import Pilot
from tests.dashboards.reference import from_trajectories
from tests.dashboards.test_figures import D, history
from tests.factories import committed
from trajecten.models import Trajectory
from trajecten.states import Status

OCTOBER = {"period": "m:2026-10"}
ROTTERDAM, SCHIEDAM, VLAARDINGEN, EEMSDELTA = "GM0599", "GM0606", "GM0622", "GM1979"


@pytest.fixture
def two_municipalities(world):
    """SWV Rotterdam's pilot in two municipalities: De Regenboog in Rotterdam, Het Anker in Schiedam; De Piramide, in
    no pilot, in Vlaardingen; the other partnership's school in Eemsdelta. In October 2026:
    Rotterdam — new 3 (t1, t2, t3), supported 4 (and t4, closed on 2 October), closed 2 (t3, t4);
    Schiedam — new 2 (s1, s3), supported 3 (and s2), closed 1 (s3)."""
    for school, code in ((world.school_a2, SCHIEDAM), (world.school_a3, VLAARDINGEN), (world.school_b1, EEMSDELTA)):
        school.municipality_id = code
        school.save()
    history(world, D(2026, 10, 3))
    history(world, D(2026, 10, 5), Status.ACTIVE, D(2026, 10, 7))
    history(world, D(2026, 10, 10), Status.COMPLETED, D(2026, 10, 11), D(2026, 10, 20), outcome="doel_bereikt")
    history(world, D(2026, 9, 1), Status.WITHDRAWN, end=D(2026, 10, 2))
    history(world, D(2026, 8, 15), Status.COMPLETED, D(2026, 8, 20), D(2026, 9, 20), outcome="doel_bereikt")
    history(world, D(2026, 10, 1), school=world.school_a2)
    history(world, D(2026, 9, 15), Status.ACTIVE, D(2026, 9, 20), school=world.school_a2)
    history(world, D(2026, 10, 12), Status.REFERRED, D(2026, 10, 13), D(2026, 10, 25), help_kind="so",
            school=world.school_a2)
    summary.refresh_stale(Pilot.objects.all())  # the referral was written after its trajectory's rebuild
    return world


def page(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("dashboards:dashboard"), {**OCTOBER, **params})
    assert response.status_code == 200
    return response


def table(response, key):
    return {row[0]: row[1:] for row in next(t for t in response.context["tables"] if t.key == key).rows}


def test_the_main_counts_per_municipality_equal_the_hand_count(client, two_municipalities):
    world = two_municipalities
    response = page(client, world.coordinator_a, partnership=world.partnership_a.pk)
    assert response.context["exact"]
    assert table(response, "gemeenten") == {"Rotterdam": [3, 4, 2], "Schiedam": [2, 3, 1]}
    main = table(response, "kerncijfers")
    assert main["Nieuwe aanmeldingen"] == [5] and main["Kinderen ondersteund in de periode"] == [7]
    assert table(response, "afgesloten")["totaal"] == [3]


def test_a_municipalitys_dashboard_counts_its_schools_only(client, two_municipalities):
    world = two_municipalities
    response = page(client, world.coordinator_a, partnership=world.partnership_a.pk, municipality=SCHIEDAM)
    main = table(response, "kerncijfers")
    assert main["Nieuwe aanmeldingen"] == [2] and main["Kinderen ondersteund in de periode"] == [3]
    assert table(response, "afgesloten") == {"afgerond": [0], "doorverwezen": [1], "gestopt": [0], "totaal": [1]}
    assert "gemeenten" not in {t.key for t in response.context["tables"]}  # one municipality: nothing to split
    assert "SWV Rotterdam · Schiedam" in response.content.decode()


def test_the_summary_agrees_with_the_trajectories_for_a_municipality_and_for_the_split(two_municipalities):
    world = two_municipalities
    pilots, period = Pilot.objects.filter(pk=world.pilot_a.pk), periods.month(2026, 10)
    for schools in (None, [world.school_a2.pk]):
        trajectories = Trajectory.objects.filter(pilot__in=pilots)
        if schools:
            trajectories = trajectories.filter(school__in=schools)
        figures = reporting.compute(trajectories, pilots, period, schools=schools)
        assert figures == from_trajectories(trajectories, pilots, period, schools=schools)


def test_small_counts_per_municipality_are_hidden_like_every_other(client, two_municipalities):
    world = two_municipalities
    response = page(client, world.stuurgroep_a)
    assert not response.context["exact"]
    assert table(response, "gemeenten") == {"Rotterdam": ["<5", "<5", "<5"], "Schiedam": ["<5", "<5", "<5"]}


def test_a_small_municipality_is_not_the_difference_between_the_total_and_the_others(client, two_municipalities):
    world = two_municipalities
    for day in (13, 14, 16):
        history(world, D(2026, 10, day))
    response = page(client, world.stuurgroep_a)
    split = table(response, "gemeenten")
    new = table(response, "kerncijfers")["Nieuwe aanmeldingen"][0]
    assert split["Schiedam"][0] == "<5"
    assert new == 8 and split["Rotterdam"][0] != 6  # else 8 - 6 would give Schiedam's 2 away
    assert split["Rotterdam"][0] == "×"


def test_the_scope_form_offers_the_municipalities_of_the_readers_pilot_schools_only(client, two_municipalities):
    world = two_municipalities
    offered = page(client, world.stuurgroep_a).context["form"].fields["municipality"].queryset
    assert set(offered.values_list("name", flat=True)) == {"Rotterdam", "Schiedam"}
    offered = page(client, world.stuurgroep_b).context["form"].fields["municipality"].queryset
    assert set(offered.values_list("name", flat=True)) == {"Eemsdelta"}
    assert Municipality.objects.filter(pk=VLAARDINGEN).exists()


def test_another_partnerships_municipality_shows_no_figures(client, two_municipalities):
    world = two_municipalities
    response = page(client, world.stuurgroep_a, municipality=EEMSDELTA)
    assert "municipality" in response.context["form"].errors
    assert not response.context.get("tables")


def test_a_school_outside_the_chosen_municipality_is_a_form_error(client, two_municipalities):
    world = two_municipalities
    response = page(client, world.stuurgroep_a, municipality=SCHIEDAM, school=world.school_a1.pk)
    assert response.context["form"].errors["school"] == ["Deze school ligt niet in de gekozen gemeente."]


def test_the_export_holds_the_split_as_the_page_shows_it(client, two_municipalities):
    world = two_municipalities
    client.force_login(world.stuurgroep_a)
    response = client.get(reverse("dashboards:export_csv"), OCTOBER)
    assert response.status_code == 200
    content = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    assert "Per gemeente" in content
    assert "Schiedam;<5;<5;<5" in content


def test_a_school_moved_to_another_municipality_is_counted_there_after_the_rebuild(client, two_municipalities):
    world = two_municipalities
    assert "Schiedam" in table(page(client, world.coordinator_a, partnership=world.partnership_a.pk), "gemeenten")
    with committed():
        world.school_a2.municipality_id = ROTTERDAM
        world.school_a2.save()
    response = page(client, world.coordinator_a, partnership=world.partnership_a.pk)
    assert "gemeenten" not in {t.key for t in response.context["tables"]}
