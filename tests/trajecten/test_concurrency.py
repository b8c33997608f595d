"""Two people saving the same trajectory: the second gets a Dutch conflict message, nothing is overwritten."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_klasje, make_trajectory, make_user
from trajecten import placements, registrations, workflow
from trajecten.models import GroupPlacement, StatusChange, Trajectory
from trajecten.states import Status

TODAY = timezone.localdate().isoformat()


def test_a_stale_form_cannot_reopen_or_overwrite_a_closed_trajectory(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    opened_at = trajectory.version
    colleague = make_user("coach-a2", role="coach", pilot=world.pilot_a)
    colleague.first_name, colleague.last_name = "Karim", "El Amrani"
    colleague.save()
    client.force_login(colleague)
    first = client.post(reverse("trajecten:transition", args=[trajectory.pk, "afronden"]), {
        "version": opened_at, "outcome": "doel_bereikt", "end_date": TODAY, "definitief": "on",
    })
    assert first.status_code == 302

    client.force_login(world.coach_a)
    second = client.post(reverse("trajecten:transition", args=[trajectory.pk, "afronden"]), {
        "version": opened_at, "outcome": "leerkracht_verder", "end_date": TODAY, "definitief": "on",
    })
    # The trajectory is closed now, so the page is gone; a still-open transition shows the conflict.
    assert second.status_code == 404
    trajectory.refresh_from_db()
    assert trajectory.outcome == "doel_bereikt"


def test_conflict_on_a_transition_form_says_who_and_keeps_the_first_save(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    opened_at = trajectory.version
    workflow.assign_coach(trajectory, world.coach_a, by=world.coordinator_a, version=opened_at)
    client.force_login(world.coach_a)
    response = client.post(reverse("trajecten:transition", args=[trajectory.pk, "stoppen"]), {
        "version": opened_at, "reason": "Verhuisd.", "end_date": TODAY, "definitief": "on",
    })
    content = response.content.decode()
    assert response.status_code == 200
    assert "Test Coordinator-a heeft dit traject om" in content
    assert "Uw wijziging is niet opgeslagen." in content
    trajectory.refresh_from_db()
    assert trajectory.status == Status.ACTIVE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_saves_on_postgresql_one_wins_one_conflicts(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs a server database with row locks; SQLite serialises all writers anyway")
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    version = trajectory.version
    barrier = threading.Barrier(2)
    outcomes = []

    def save(outcome, user):
        try:
            copy = Trajectory.objects.get(pk=trajectory.pk)
            barrier.wait(timeout=10)
            workflow.perform(copy, "complete", by=user, version=version, changes={"outcome": outcome})
            outcomes.append(("saved", outcome))
        except workflow.ConflictError:
            outcomes.append(("conflict", outcome))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("doel_bereikt", world.coach_a)),
        threading.Thread(target=save, args=("leerkracht_verder", world.coordinator_a)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(kind for kind, _ in outcomes) == ["conflict", "saved"]
    winner = next(outcome for kind, outcome in outcomes if kind == "saved")
    trajectory.refresh_from_db()
    assert (trajectory.status, trajectory.outcome) == (Status.COMPLETED, winner)
    assert StatusChange.objects.filter(trajectory=trajectory, to_status=Status.COMPLETED).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_placement_waits_for_a_withdrawal_being_saved_and_is_refused_on_postgresql(world):
    """A coach places the child while a colleague records the father's withdrawal of that consent: the placement
    waits for the trajectory's row, then reads the withdrawal, and is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a server database with row locks; SQLite serialises all writers anyway")
    klasje = make_klasje(world.pilot_a)
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE,
                                 coach=world.coach_a, consent_purposes=["ondersteuning", "groepsarrangement"],
                                 guardians=("moeder", "vader"))
    father = trajectory.guardians.get(relation="vader")
    written, outcomes = threading.Event(), []

    def withdraw():
        try:
            with transaction.atomic():
                registrations.record_withdrawal(Trajectory.objects.get(pk=trajectory.pk), guardian=father,
                                                purposes=["groepsarrangement"], on=timezone.localdate(),
                                                by=world.coordinator_a, version=trajectory.version)
                written.set()
                time.sleep(1)  # still uncommitted while the placement is tried
        finally:
            connections.close_all()

    def place():
        try:
            written.wait(timeout=10)
            placements.place(Trajectory.objects.get(pk=trajectory.pk), klasje, [klasje.day_parts.first()],
                             timezone.localdate(), by=world.coach_a)
            outcomes.append("placed")
        except ValidationError as refused:
            outcomes.append(" ".join(refused.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=withdraw), threading.Thread(target=place)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == 1 and "heeft de toestemming voor deelname aan een groepsarrangement ingetrokken" in (
        outcomes[0])
    assert not GroupPlacement.objects.exists()
