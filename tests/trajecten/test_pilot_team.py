"""A coördinator manages the pilot's schools and team; nobody else can."""

import datetime

from django.urls import reverse

from accounts.models import Employment, Membership, Role
from pilots.models import PilotSchool
from tests.factories import make_organisation, make_trajectory, make_user
from trajecten.states import Status


def test_coordinator_adds_a_school_of_the_partnership(client, world):
    client.force_login(world.coordinator_a)
    page = client.get(reverse("trajecten:pilot_manage", args=[world.pilot_a.pk])).content.decode()
    assert "De Piramide (niet in de pilot)" in page
    assert "De Wilster" not in page
    response = client.post(reverse("trajecten:pilot_add_school", args=[world.pilot_a.pk]), {
        "school": world.school_a3.pk, "hours_per_week": "4,5", "contact_weekday": 2, "contact_time": "08:30",
        "start_date": "2027-01-03",
    })
    assert response.status_code == 302
    link = PilotSchool.objects.get(pilot=world.pilot_a, school=world.school_a3)
    assert str(link.hours_per_week) == "4.5"
    assert (link.start_date, link.end_date) == (datetime.date(2027, 1, 3), None)


def test_a_school_of_another_partnership_cannot_be_added(client, world):
    client.force_login(world.coordinator_a)
    response = client.post(reverse("trajecten:pilot_add_school", args=[world.pilot_a.pk]), {
        "school": world.school_b1.pk, "hours_per_week": "4",
    })
    assert "Kies een school van het samenwerkingsverband die nog niet meedoet." in response.content.decode()
    assert not PilotSchool.objects.filter(pilot=world.pilot_a, school=world.school_b1).exists()


def test_a_school_with_open_trajectories_stays(client, world):
    make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    link = PilotSchool.objects.get(pilot=world.pilot_a, school=world.school_a1)
    client.force_login(world.coordinator_a)
    response = client.post(reverse("trajecten:pilot_remove_school", args=[world.pilot_a.pk, link.pk]), follow=True)
    assert "heeft nog open trajecten in deze pilot" in response.content.decode()
    assert PilotSchool.objects.filter(pk=link.pk).exists()
    other = PilotSchool.objects.get(pilot=world.pilot_a, school=world.school_a2)
    client.post(reverse("trajecten:pilot_remove_school", args=[world.pilot_a.pk, other.pk]))
    assert not PilotSchool.objects.filter(pk=other.pk).exists()


def employee_of_the_pilot(world, username="nieuwe-coach"):
    organisation = make_organisation(name=f"Jeugdhulp {username}")
    world.pilot_a.partner_links.create(organisation=organisation, role="jeugdhulp")
    user = make_user(username)
    return Employment.objects.create(user=user, organisation=organisation)


def team_options(client, world):
    content = client.get(reverse("trajecten:pilot_manage", args=[world.pilot_a.pk])).content.decode()
    select = content[content.index('name="employment"'):]
    return select[:select.index("</select>")]


def test_coordinator_adds_an_employee_of_a_partner_from_the_list_and_removes_them(client, world):
    employment = employee_of_the_pilot(world)
    client.force_login(world.coordinator_a)
    assert "Nieuwe-coach" in team_options(client, world)
    response = client.post(reverse("trajecten:pilot_add_coach", args=[world.pilot_a.pk]),
                           {"employment": employment.pk})
    assert response.status_code == 302
    membership = Membership.objects.get(user=employment.user, pilot=world.pilot_a, role="coach")
    assert membership.organisation == employment.organisation
    assert "Nieuwe-coach" not in team_options(client, world)  # already in the team
    client.post(reverse("trajecten:pilot_remove_coach", args=[world.pilot_a.pk, membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_only_employees_of_the_pilots_partners_can_join_and_no_identifier_can_be_typed(client, world):
    """The beheerder, the stuurgroep, an IB-er of another partnership, an employee of another organisation:
    none is offered, none can be forced in by a posted key, and a typed username does nothing."""
    outsider = Employment.objects.create(user=make_user("elders"), organisation=make_organisation(name="Elders"))
    beheerder = employee_of_the_pilot(world, "beheer-medewerker")
    Membership.objects.create(user=beheerder.user, role=Role.BEHEERDER)
    stuurgroep = Employment.objects.create(user=world.stuurgroep_a, organisation=beheerder.organisation)
    ib_elsewhere = Employment.objects.create(user=world.ib_b1, organisation=make_organisation(name="Bestuur B"))
    client.force_login(world.coordinator_a)
    options = team_options(client, world)
    for employment in (outsider, beheerder, stuurgroep, ib_elsewhere):
        assert f'value="{employment.pk}"' not in options
        response = client.post(reverse("trajecten:pilot_add_coach", args=[world.pilot_a.pk]),
                               {"employment": employment.pk})
        assert "Kies een medewerker uit de lijst." in response.content.decode()
        assert not Membership.objects.filter(user=employment.user, pilot=world.pilot_a).exists()
    response = client.post(reverse("trajecten:pilot_add_coach", args=[world.pilot_a.pk]), {"account": "beheer"})
    content = response.content.decode()
    assert "Kies een medewerker uit de lijst." in content and "Er is geen actief account" not in content
    assert not Membership.objects.filter(user=world.beheerder, pilot=world.pilot_a).exists()


def test_a_coach_with_open_trajectories_is_not_removed(client, world):
    make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    membership = world.coach_a.memberships.get(pilot=world.pilot_a)
    client.force_login(world.coordinator_a)
    response = client.post(reverse("trajecten:pilot_remove_coach", args=[world.pilot_a.pk, membership.pk]), follow=True)
    assert "Draag eerst de caseload over." in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_others_cannot_change_the_pilot(client, world):
    for user in [world.coach_a, world.ib_a1, world.stuurgroep_a, world.coordinator_b]:
        client.force_login(user)
        response = client.post(reverse("trajecten:pilot_add_school", args=[world.pilot_a.pk]), {
            "school": world.school_a3.pk, "hours_per_week": "4"})
        assert response.status_code == 404
    assert not PilotSchool.objects.filter(school=world.school_a3).exists()
