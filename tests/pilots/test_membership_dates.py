"""A school takes part in a pilot from a start date up to an end date: registration, school lists and pages follow
the dates, and a school that left keeps its history (issue 17.4)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from dashboards import periods, summary
from partners.models import HolidayRegion
from pilots.models import Pilot, PilotSchool
from tests.factories import join, make_school, make_trajectory, make_user
from tests.trajecten.test_registration_form import URL as REGISTER_URL
from tests.trajecten.test_registration_form import valid_data
from trajecten.models import Trajectory
from trajecten.states import Status

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def membership(world, school=None):
    return PilotSchool.objects.get(pilot=world.pilot_a, school=school or world.school_a1)


def months_back(count):
    day = TODAY.replace(day=1)
    for _step in range(count):
        day = (day - DAY).replace(day=1)
    return day


def month_value(day):
    return f"m:{day:%Y-%m}"


def test_ib_er_cannot_register_a_child_at_a_school_that_left_the_pilot(client, world):
    PilotSchool.objects.filter(pk=membership(world).pk).update(end_date=TODAY - DAY)
    client.force_login(world.ib_a1)
    response = client.post(REGISTER_URL, valid_data(world))
    assert response.status_code == 200
    assert "De Regenboog deed mee aan de pilot KID tot en met" in response.content.decode()
    assert "Daar kunt u geen kinderen meer aanmelden." in response.content.decode()
    assert not Trajectory.objects.exists()


def test_registration_is_refused_before_the_school_joins_and_allowed_from_that_day(client, world):
    PilotSchool.objects.filter(pk=membership(world).pk).update(start_date=TODAY + DAY)
    client.force_login(world.ib_a1)
    response = client.post(REGISTER_URL, valid_data(world))
    assert "De Regenboog doet pas mee aan de pilot KID vanaf" in response.content.decode()
    assert not Trajectory.objects.exists()

    PilotSchool.objects.filter(pk=membership(world).pk).update(start_date=TODAY)
    response = client.post(REGISTER_URL, valid_data(world))
    assert response.status_code == 302
    assert Trajectory.objects.get().school == world.school_a1


def pilot_options(page):
    """The pilot the form offers or names (the only one is named, its field hidden)."""
    return page[page.index("School en pilot"):page.index('name="teacher_name"')]


def test_the_registration_form_offers_no_pilot_the_school_left(client, world):
    client.force_login(world.ib_a1)
    assert "KID" in pilot_options(client.get(REGISTER_URL).content.decode())
    PilotSchool.objects.filter(pk=membership(world).pk).update(end_date=TODAY - DAY)
    assert "KID" not in pilot_options(client.get(REGISTER_URL).content.decode())


def test_the_end_of_a_membership_does_not_lie_before_its_start(world):
    link = membership(world)
    link.end_date = link.start_date - DAY
    with pytest.raises(IntegrityError), transaction.atomic():
        link.save()


def test_a_pilots_schools_for_a_period_are_the_memberships_overlapping_it(world):
    joined_on = months_back(3)
    PilotSchool.objects.filter(pk=membership(world, world.school_a2).pk).update(start_date=joined_on)
    PilotSchool.objects.filter(pk=membership(world).pk).update(end_date=joined_on - DAY)
    schools = PilotSchool.objects.filter(pilot=world.pilot_a)
    before, after = month_of(months_back(5)), month_of(months_back(1))
    assert {link.school for link in schools.overlapping(before.start, before.end)} == {world.school_a1}
    assert {link.school for link in schools.overlapping(after.start, after.end)} == {world.school_a2}
    both = periods.months_from(months_back(5), months_back(1))
    assert schools.overlapping(both.start, both.end).count() == 2
    assert [link.school for link in schools.running_on(joined_on)] == [world.school_a2]


def month_of(day):
    return periods.month(day.year, day.month)


def school_options(page):
    select = page[page.index('name="school"'):]
    return select[:select.index("</select>")]


def test_the_dashboard_offers_the_schools_that_took_part_in_the_period(client, world):
    joined_on = months_back(3)
    PilotSchool.objects.filter(pk=membership(world, world.school_a2).pk).update(start_date=joined_on)
    client.force_login(world.coordinator_a)
    url = reverse("dashboards:scope")
    before = client.get(url, {"partnership": world.partnership_a.pk, "period": month_value(months_back(5))})
    after = client.get(url, {"partnership": world.partnership_a.pk, "period": month_value(months_back(1))})
    assert "Het Anker" not in school_options(before.content.decode())
    assert "De Regenboog" in school_options(before.content.decode())
    assert "Het Anker" in school_options(after.content.decode())

    chosen = client.get(reverse("dashboards:dashboard"), {
        "partnership": world.partnership_a.pk, "period": month_value(months_back(5)), "school": world.school_a2.pk})
    assert "tables" not in chosen.context
    assert chosen.context["form"].errors["school"][0].startswith("Deze school deed in ")


def test_the_missing_holidays_are_those_of_the_schools_in_the_pilot_in_the_period(world):
    south = make_school(world.partnership_a, "De Zuiderzon")
    south.holiday_region = HolidayRegion.ZUID
    south.save()
    # School years long ago, whose holidays the portal does not know.
    join(world.pilot_a, south, start=datetime.date(2011, 8, 1), end=datetime.date(2012, 7, 31))
    pilots = Pilot.objects.filter(pk=world.pilot_a.pk)
    while_it_took_part = summary.missing_holidays(pilots, periods.school_year(2011))
    assert ("2011-2012", str(HolidayRegion.ZUID.label)) in while_it_took_part
    after_it_left = summary.missing_holidays(pilots, periods.school_year(2012))
    assert after_it_left and all(region != str(HolidayRegion.ZUID.label) for _year, region in after_it_left)


def test_the_pilot_page_lists_a_school_that_left_apart_and_the_list_counts_the_schools_of_today(client, world):
    PilotSchool.objects.filter(pk=membership(world).pk).update(
        start_date=datetime.date(2024, 8, 1), end_date=datetime.date(2025, 7, 31))
    client.force_login(world.coordinator_a)
    page = client.get(reverse("pilots:detail", args=[world.pilot_a.pk])).content.decode()
    former = page[page.index("Deden eerder mee"):]
    assert "De Regenboog: van 1 augustus 2024 tot en met 31 juli 2025" in " ".join(former.split())
    assert "Het Anker" in page[:page.index("Deden eerder mee")]
    listing = client.get(reverse("pilots:list"))
    assert next(p for p in listing.context["pilots"] if p.pk == world.pilot_a.pk).school_count == 1


def test_a_school_with_a_history_that_leaves_keeps_its_trajectories(client, world):
    closed = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.WITHDRAWN)
    client.force_login(world.coordinator_a)
    response = client.post(reverse("trajecten:pilot_remove_school", args=[world.pilot_a.pk, membership(world).pk]),
                           follow=True)
    assert "De trajecten en cijfers van de school blijven bewaard." in response.content.decode()
    assert membership(world).end_date == TODAY - DAY
    assert Trajectory.objects.filter(pk=closed.pk, school=world.school_a1, pilot=world.pilot_a).exists()
    ib = make_user("ib-a1-later", role="ib", school=world.school_a1)
    client.force_login(ib)
    refused = client.post(REGISTER_URL, valid_data(world))
    assert "tot en met" in refused.content.decode() and Trajectory.objects.count() == 1


def test_the_beheerder_edits_the_dates_in_the_pilots_inline(client, world):
    client.force_login(world.beheerder)
    page = client.get(reverse("admin:pilots_pilot_change", args=[world.pilot_a.pk])).content.decode()
    assert 'name="school_links-0-start_date"' in page and 'name="school_links-0-end_date"' in page


def test_a_parent_pilot_without_schools_of_its_own_says_they_take_part_through_its_sub_pilots(client, world):
    parent = Pilot.objects.create(partnership=world.partnership_a, name="Samen", municipalities="Rotterdam", aim="-")
    Pilot.objects.create(partnership=world.partnership_a, parent=parent, name="Deel", municipalities="Rotterdam",
                         aim="-")
    client.force_login(world.beheerder)
    page = client.get(reverse("pilots:detail", args=[parent.pk])).content.decode()
    assert "De scholen doen mee via de deelpilots hierboven" in page
    assert "Er doen nog geen scholen mee." not in page
