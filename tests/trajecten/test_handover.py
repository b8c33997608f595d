"""The continuing line (issue 18.2): a kinderopvang hands a peuter over to the basisschool, with the parents'
consent for that purpose; the school's intern begeleider reads what the handover shares and nothing more, and a
registration at the school is the same child, linked to the earlier trajectory."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AccessLog, Outcome
from partners.models import SchoolType
from tests.factories import join, make_child, make_school, make_trajectory, make_user, withdraw_consent
from trajecten import inzage, registrations, retention
from trajecten.models import Handover, Trajectory
from trajecten.states import Status

SUMMARY = "Tim speelt graag buiten; een vast plekje in de kring helpt hem."


@pytest.fixture
def opvang(world):
    place = make_school(world.partnership_a, "Kinderopvang Het Speelhuis", school_type=SchoolType.KINDEROPVANG)
    join(world.pilot_a, place)
    place.pm = make_user("pm-speelhuis", role=Role.IB, school=place)
    return place


def peuter(place, world, purposes=("ondersteuning", "overdracht"), **fields):
    today = timezone.localdate()
    child = make_child(place, given_name="Tim", family_name="Bakker", group="peuter",
                       date_of_birth=today.replace(year=today.year - 4) - datetime.timedelta(days=10))
    return make_trajectory(place.pm, place, world.pilot_a, child=child, status=Status.COMPLETED,
                           coach=world.coach_a, ended=today - datetime.timedelta(days=5), outcome="doel_bereikt",
                           consent_purposes=purposes, **fields)


def post_handover(client, trajectory, school, **changes):
    data = {"to_school": school.pk, "date": timezone.localdate().isoformat(), "summary": SUMMARY,
            "facts": ["zorggebieden"], **changes}
    return client.post(reverse("trajecten:hand_over", args=[trajectory.pk]), data)


def test_the_coach_hands_a_peuter_over_and_the_child_moves_to_the_school(client, world, opvang):
    trajectory = peuter(opvang, world)
    client.force_login(world.coach_a)
    response = post_handover(client, trajectory, world.school_a1)
    handover = Handover.objects.get()
    assert response.status_code == 302 and response.url == handover.get_absolute_url()
    assert (handover.trajectory, handover.to_school, handover.facts) == (trajectory, world.school_a1, ["zorggebieden"])
    trajectory.child.refresh_from_db()
    assert trajectory.child.school == world.school_a1
    assert AccessLog.objects.filter(action="change", child_code=trajectory.child.code,
                                    detail__contains="overdracht").count() == 1
    page = client.get(trajectory.get_absolute_url()).content.decode()
    assert "Overgedragen aan De Regenboog" in page and "Overdragen aan de school" not in page


def test_the_pedagogisch_medewerker_of_the_kinderopvang_may_hand_over(client, world, opvang):
    trajectory = peuter(opvang, world)
    client.force_login(opvang.pm)
    assert "Overdragen aan de school" in client.get(trajectory.get_absolute_url()).content.decode()
    assert post_handover(client, trajectory, world.school_a1).status_code == 302
    assert Handover.objects.count() == 1


def test_a_withdrawn_consent_blocks_the_handover_with_a_clear_message(client, world, opvang):
    trajectory = peuter(opvang, world)
    withdraw_consent(trajectory.guardians.get(), ["overdracht"], by=world.coach_a)
    client.force_login(world.coach_a)
    response = post_handover(client, trajectory, world.school_a1)
    assert response.status_code == 200
    assert "heeft de toestemming voor overdracht aan de (basis)school (warme overdracht) ingetrokken" in (
        response.content.decode())
    assert not Handover.objects.exists()
    trajectory.child.refresh_from_db()
    assert trajectory.child.school == opvang


def test_consent_for_support_alone_is_no_consent_for_the_handover(client, world, opvang):
    trajectory = peuter(opvang, world, purposes=("ondersteuning",))
    client.force_login(world.coach_a)
    response = post_handover(client, trajectory, world.school_a1)
    assert response.status_code == 200 and not Handover.objects.exists()
    assert "toestemming" in response.content.decode()


def test_a_school_trajectory_is_not_handed_over(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, consent_purposes=("overdracht",))
    client.force_login(world.coach_a)
    assert client.get(reverse("trajecten:hand_over", args=[trajectory.pk])).status_code == 404
    assert post_handover(client, trajectory, world.school_a2).status_code == 404
    assert "Overdragen aan de school" not in client.get(trajectory.get_absolute_url()).content.decode()
    assert not Handover.objects.exists()


def test_a_school_of_another_partnership_cannot_be_chosen(client, world, opvang):
    trajectory = peuter(opvang, world)
    client.force_login(world.coach_a)
    response = post_handover(client, trajectory, world.school_b1)
    assert response.status_code == 200 and not Handover.objects.exists()


def test_the_receiving_ib_er_reads_the_handover_not_the_trajectory(client, world, opvang):
    trajectory = peuter(opvang, world)
    client.force_login(world.coach_a)
    post_handover(client, trajectory, world.school_a1)
    handover = Handover.objects.get()
    client.force_login(world.ib_a1)
    listing = client.get(reverse("trajecten:handovers")).content.decode()
    assert "Tim Bakker" in listing and handover.get_absolute_url() in listing
    page = client.get(handover.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200
    assert SUMMARY in text and "gedrag" in text  # the summary and the concern areas chosen
    assert "Kan zich slecht concentreren" not in text  # the kinderopvang's question for help is not shared
    assert "Uitkomst" not in text and "Periode" not in text  # facts not chosen are not shown
    assert "Wat de school moet weten" in text
    assert client.get(trajectory.get_absolute_url()).status_code == 404
    assert AccessLog.objects.filter(username="ib-a1", action="read", child_code=trajectory.child.code,
                                    detail="overdracht").count() == 1


def test_another_school_does_not_see_the_handover(client, world, opvang):
    trajectory = peuter(opvang, world)
    client.force_login(world.coach_a)
    post_handover(client, trajectory, world.school_a1)
    handover = Handover.objects.get()
    for user in (world.ib_a2, world.ib_b1, world.coach_b, world.stuurgroep_a):
        client.force_login(user)
        assert client.get(handover.get_absolute_url()).status_code == 404, user
        assert "Tim Bakker" not in client.get(reverse("trajecten:handovers")).content.decode()
    assert AccessLog.objects.filter(username="ib-a2", outcome=Outcome.REFUSED,
                                    detail=f"overdracht {handover.pk}").count() == 1


def test_a_registration_at_the_new_school_is_the_same_child_linked_to_the_earlier_trajectory(
        client, world, opvang):
    trajectory = peuter(opvang, world)
    client.force_login(world.coach_a)
    post_handover(client, trajectory, world.school_a1)
    child = trajectory.child
    found = registrations.matching_child(world.school_a1, "tim", "BAKKER", child.date_of_birth)
    assert found == child
    again = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, child=found)
    assert again.previous == trajectory
    assert Trajectory.objects.filter(child=child).count() == 2
    client.force_login(world.ib_a1)
    page = client.get(again.get_absolute_url()).content.decode()
    assert "Dit kind kwam met een warme overdracht van de kinderopvang." in page
    assert Handover.objects.get().get_absolute_url() in page


def test_a_school_that_knows_the_child_already_refuses_a_second_record(client, world, opvang):
    trajectory = peuter(opvang, world)
    make_child(world.school_a1, given_name="Tim", family_name="Bakker", date_of_birth=trajectory.child.date_of_birth)
    client.force_login(world.coach_a)
    response = post_handover(client, trajectory, world.school_a1)
    assert "De Regenboog kent dit kind al" in response.content.decode()
    assert not Handover.objects.exists()


def test_a_second_handover_of_the_same_trajectory_leads_to_the_first(client, world, opvang):
    trajectory = peuter(opvang, world)
    client.force_login(world.coach_a)
    post_handover(client, trajectory, world.school_a1)
    response = post_handover(client, trajectory, world.school_a2)
    assert response.url == Handover.objects.get().get_absolute_url()
    assert Handover.objects.count() == 1


def test_the_parents_inzage_shows_the_handover(client, world, opvang):
    trajectory = peuter(opvang, world)
    client.force_login(world.coach_a)
    post_handover(client, trajectory, world.school_a1)
    data = inzage.collect(trajectory.child, world.coordinator_a)
    handovers = [h for t in data["trajecten"] for h in t["overdrachten"]]
    assert [(h["naar"], h["wat_de_school_leest"]) for h in handovers] == [("De Regenboog", SUMMARY)]


def test_retention_empties_the_summary_and_keeps_the_handover(client, world, opvang):
    trajectory = peuter(opvang, world)
    client.force_login(world.coach_a)
    post_handover(client, trajectory, world.school_a1)
    retention.anonymise(retention.children_due(0, timezone.localdate() + datetime.timedelta(days=1)))
    handover = Handover.objects.get()
    assert handover.summary == "" and handover.to_school == world.school_a1 and handover.facts == ["zorggebieden"]
