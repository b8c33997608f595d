"""Every allowed and every forbidden transition of DESIGN.md's status machine, through the coach's pages."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from tests.factories import advance, give_consent, make_trajectory
from trajecten import consent, workflow
from trajecten.models import Referral, StatusChange, Trajectory
from trajecten.states import Status

TODAY = timezone.localdate()
ALL_SLUGS = ["starten", "afronden", "doorverwijzen", "stoppen"]
ALLOWED = {
    Status.REGISTERED: {"starten", "stoppen"},
    Status.ACTIVE: {"afronden", "doorverwijzen", "stoppen"},
    Status.COMPLETED: set(),
    Status.REFERRED: set(),
    Status.WITHDRAWN: set(),
}


@pytest.fixture
def coach(client, world):
    client.force_login(world.coach_a)
    return client


def trajectory_in(world, status):
    return make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=status, coach=world.coach_a)


def post(client, trajectory, slug, **data):
    trajectory.refresh_from_db()
    return client.post(
        reverse("trajecten:transition", args=[trajectory.pk, slug]),
        {"version": trajectory.version, "definitief": "on", **data},
    )


VALID = {
    "starten": {"start_date": TODAY.isoformat()},
    "afronden": {"outcome": "leerkracht_verder", "end_date": TODAY.isoformat()},
    "doorverwijzen": {"help_kind": "sbo", "end_date": TODAY.isoformat()},
    "stoppen": {"reason": "Het gezin is verhuisd.", "end_date": TODAY.isoformat()},
}


@pytest.mark.parametrize("status", list(ALLOWED))
def test_only_the_allowed_transitions_are_offered(coach, world, status):
    trajectory = trajectory_in(world, status)
    content = coach.get(trajectory.get_absolute_url()).content.decode()
    for slug in ALL_SLUGS:
        link = reverse("trajecten:transition", args=[trajectory.pk, slug])
        assert (link in content) == (slug in ALLOWED[status]), slug


FORBIDDEN = [(status, slug) for status in ALLOWED for slug in ALL_SLUGS if slug not in ALLOWED[status]]


@pytest.mark.parametrize(("status", "slug"), FORBIDDEN)
def test_forbidden_transitions_are_not_accepted(coach, world, status, slug):
    trajectory = trajectory_in(world, status)
    changes = StatusChange.objects.count()
    data = {**VALID[slug], "coach": world.coach_a.pk}
    assert coach.get(reverse("trajecten:transition", args=[trajectory.pk, slug])).status_code == 404
    assert post(coach, trajectory, slug, **data).status_code == 404
    trajectory.refresh_from_db()
    assert trajectory.status == status
    assert StatusChange.objects.count() == changes


def test_workflow_refuses_a_forbidden_transition_even_when_called_directly(world):
    trajectory = trajectory_in(world, Status.COMPLETED)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.perform(trajectory, "withdraw", by=world.coach_a, version=trajectory.version, reason="x")


def test_start_makes_an_ambulant_trajectory_with_coach_and_date(coach, world):
    trajectory = trajectory_in(world, Status.REGISTERED)
    response = post(coach, trajectory, "starten", coach=world.coach_a.pk, start_date=TODAY.isoformat())
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert (trajectory.status, trajectory.coach, trajectory.start_date) == (Status.ACTIVE, world.coach_a, TODAY)
    change = trajectory.status_changes.last()
    assert (change.from_status, change.to_status) == (Status.REGISTERED, Status.ACTIVE)
    assert change.changed_by == world.coach_a
    logged = AccessLog.objects.filter(action="change", child_code=trajectory.child.code, detail="Traject starten")
    assert logged.exists()


def test_start_without_recorded_consent_asks_for_it(coach, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, consent_given=False)
    response = post(coach, trajectory, "starten", coach=world.coach_a.pk, start_date=TODAY.isoformat())
    assert ("De ouders gaven (nog) geen toestemming voor: ondersteuning door het pilotteam in de klas."
            in response.content.decode())
    trajectory.refresh_from_db()
    assert trajectory.status == Status.REGISTERED
    coach.post(reverse("trajecten:consent", args=[trajectory.pk]), {
        "version": trajectory.version, "guardian": "nieuw", "name": "Mark Jansen", "relation": "vader",
        "has_authority": "on", "purposes": ["ondersteuning"], "consent_date": TODAY.isoformat(),
        "method": "mondeling"})
    trajectory.refresh_from_db()
    response = post(coach, trajectory, "starten", coach=world.coach_a.pk, start_date=TODAY.isoformat())
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.status == Status.ACTIVE
    assert str(trajectory.guardians.get()) == "Mark Jansen (vader)"


def test_start_needs_a_coach_of_the_pilot_and_a_start_date(coach, world):
    trajectory = trajectory_in(world, Status.REGISTERED)
    response = post(coach, trajectory, "starten", coach=world.coach_b.pk, start_date="")
    content = response.content.decode()
    assert "Selecteer een geldige keuze" in content
    assert "Dit veld is verplicht." in content
    trajectory.refresh_from_db()
    assert trajectory.status == Status.REGISTERED


def test_start_date_not_before_registration(coach, world):
    trajectory = trajectory_in(world, Status.REGISTERED)
    before = (TODAY - datetime.timedelta(days=3)).isoformat()
    response = post(coach, trajectory, "starten", coach=world.coach_a.pk, start_date=before)
    assert "De startdatum ligt niet voor de aanmelding" in response.content.decode()


def test_the_database_refuses_an_active_trajectory_without_coach(world):
    trajectory = trajectory_in(world, Status.REGISTERED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Trajectory.objects.filter(pk=trajectory.pk).update(status=Status.ACTIVE)


def test_complete_needs_an_outcome(coach, world):
    trajectory = trajectory_in(world, Status.ACTIVE)
    response = post(coach, trajectory, "afronden", end_date=TODAY.isoformat())
    assert "Dit veld is verplicht." in response.content.decode()
    response = post(coach, trajectory, "afronden", outcome="leerkracht_verder", end_date=TODAY.isoformat())
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert (trajectory.status, trajectory.outcome, trajectory.end_date) == (
        Status.COMPLETED, "leerkracht_verder", TODAY,
    )


def test_refer_records_the_referral(coach, world):
    trajectory = trajectory_in(world, Status.ACTIVE)
    give_consent(trajectory, "moeder", ["delen"], by=world.coach_a)
    response = post(coach, trajectory, "doorverwijzen", end_date=TODAY.isoformat())
    assert "Dit veld is verplicht." in response.content.decode()
    assert not Referral.objects.exists()
    response = post(coach, trajectory, "doorverwijzen", help_kind="sbo", end_date=TODAY.isoformat(), note="SBO De Brug")
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.status == Status.REFERRED
    assert (trajectory.referral.help_kind, trajectory.referral.date) == ("sbo", TODAY)


def test_refer_without_a_referral_is_refused_by_the_workflow(world):
    trajectory = trajectory_in(world, Status.ACTIVE)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        workflow.perform(trajectory, "refer", by=world.coach_a, version=trajectory.version)
    trajectory.refresh_from_db()
    assert trajectory.status == Status.ACTIVE


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.ACTIVE])
def test_withdraw_needs_a_reason(coach, world, status):
    trajectory = trajectory_in(world, status)
    response = post(coach, trajectory, "stoppen", end_date=TODAY.isoformat())
    assert "Schrijf kort op waarom het traject stopt." in response.content.decode()
    response = post(coach, trajectory, "stoppen", reason="Ouders trekken toestemming in.", end_date=TODAY.isoformat())
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.status == Status.WITHDRAWN
    assert trajectory.status_changes.last().reason == "Ouders trekken toestemming in."


def test_end_date_not_before_start(coach, world):
    trajectory = trajectory_in(world, Status.ACTIVE)
    response = post(
        coach, trajectory, "afronden", outcome="doel_bereikt",
        end_date=(trajectory.start_date - datetime.timedelta(days=1)).isoformat(),
    )
    assert "De einddatum ligt niet voor" in response.content.decode()


def test_a_transition_whose_log_entry_fails_leaves_nothing_behind(coach, world, monkeypatch):
    trajectory = trajectory_in(world, Status.ACTIVE)

    def broken_log(*args, **kwargs):
        raise RuntimeError("log unavailable")

    monkeypatch.setattr("audit.log.AccessLog.objects.create", broken_log)
    with pytest.raises(RuntimeError):
        workflow.perform(trajectory, "complete", by=world.coach_a, version=trajectory.version,
                             changes={"outcome": "doel_bereikt"})
    trajectory.refresh_from_db()
    assert trajectory.status == Status.ACTIVE
    assert trajectory.status_changes.count() == 2


def test_the_ib_er_cannot_perform_transitions(client, world):
    trajectory = trajectory_in(world, Status.REGISTERED)
    client.force_login(world.ib_a1)
    assert post(client, trajectory, "stoppen", **VALID["stoppen"]).status_code == 404
    trajectory.refresh_from_db()
    assert trajectory.status == Status.REGISTERED


def test_closed_is_final_and_a_new_registration_links_to_it(world):
    earlier = trajectory_in(world, Status.REFERRED)
    later = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, child=earlier.child, previous=earlier)
    assert later.previous == earlier
    assert workflow.allowed_transitions(earlier) == []


def test_factory_advance_runs_the_real_workflow(world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    advance(trajectory, Status.COMPLETED, by=world.coach_a, coach=world.coach_a)
    assert [c.to_status for c in trajectory.status_changes.all()] == [
        Status.REGISTERED, Status.ACTIVE, Status.COMPLETED,
    ]


def test_a_transition_changes_only_the_fields_it_declares(world):
    trajectory = trajectory_in(world, Status.ACTIVE)
    with pytest.raises(TypeError):
        workflow.perform(trajectory, "complete", by=world.coach_a, version=trajectory.version,
                         changes={"outcome": "doel_bereikt", "coach": world.coach_b})
    trajectory.refresh_from_db()
    assert trajectory.status == Status.ACTIVE and trajectory.coach == world.coach_a


def test_no_referral_without_consent_to_share_data_until_it_is_recorded(coach, world):
    trajectory = trajectory_in(world, Status.ACTIVE)
    assert not consent.holds(trajectory, "delen")
    response = post(coach, trajectory, "doorverwijzen", help_kind="sbo", end_date=TODAY.isoformat())
    assert response.status_code == 200
    assert ("De ouders gaven (nog) geen toestemming voor: gegevens delen met een zorgaanbieder bij doorverwijzing."
            in response.content.decode())
    trajectory.refresh_from_db()
    assert trajectory.status == Status.ACTIVE and not Referral.objects.exists()
    coach.post(reverse("trajecten:consent", args=[trajectory.pk]), {
        "version": trajectory.version, "guardian": trajectory.guardians.get().pk, "purposes": ["delen"],
        "consent_date": TODAY.isoformat(), "method": "schriftelijk"})
    assert post(coach, trajectory, "doorverwijzen", help_kind="sbo", end_date=TODAY.isoformat()).status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.status == Status.REFERRED
