import datetime
import json

import pytest
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from dashboards import periods, reporting, summary
from tests.factories import make_trajectory, run_timer_jobs
from trajecten import followups
from trajecten.models import Child, ContactMoment, FollowUp, RecordChange, Trajectory
from trajecten.states import Status

LONG_AGO = timezone.localdate() - datetime.timedelta(days=800)


def closed_long_ago(world, given_name):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.COMPLETED,
                                 coach=world.coach_a, child=None)
    Child.objects.filter(pk=trajectory.child_id).update(given_name=given_name)
    Trajectory.objects.filter(pk=trajectory.pk).update(
        registered_at=timezone.now() - datetime.timedelta(days=900), start_date=LONG_AGO - datetime.timedelta(days=60),
        end_date=LONG_AGO,
    )
    ContactMoment.objects.create(trajectory=trajectory, date=LONG_AGO, kind="mdo", minutes=30,
                                 note=f"{given_name} heeft het zwaar thuis.", created_by=world.coach_a)
    RecordChange.objects.create(trajectory=trajectory, changed_by=world.ib_a1,
                                changes=[{"field": "Voornaam", "old": "X", "new": given_name}])
    return trajectory


def dashboard_numbers(world):
    trajectories = Trajectory.objects.filter(pilot=world.pilot_a)
    result = []
    for period in [periods.school_year_of(LONG_AGO), periods.month(LONG_AGO.year, LONG_AGO.month),
                   periods.school_year_of(timezone.localdate())]:
        figures = reporting.compute(trajectories, [world.pilot_a], period)
        result.append([t.rows for t in reporting.build_tables(figures, exact=True)])
    return result


def test_retention_anonymises_old_children_and_keeps_every_figure(world):
    old = closed_long_ago(world, "Jolien")
    recent = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.COMPLETED, coach=world.coach_a)
    running = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    before = dashboard_numbers(world)

    call_command("apply_retention", verbosity=0)

    child = Child.objects.get(pk=old.child_id)
    assert child.given_name == "Geanonimiseerd"
    assert child.family_name == child.code
    assert child.date_of_birth.month == 1 and child.date_of_birth.day == 1
    old.refresh_from_db()
    assert (old.help_request, old.teacher_name, old.tried_already) == ("", "", "")
    assert ContactMoment.objects.get(trajectory=old).note == ""
    assert not RecordChange.objects.filter(trajectory=old).exists()
    assert Child.objects.get(pk=recent.child_id).anonymised_at is None
    assert Child.objects.get(pk=running.child_id).anonymised_at is None
    assert dashboard_numbers(world) == before


def test_retention_dry_run_changes_nothing(world, capsys):
    old = closed_long_ago(world, "Jolien")
    call_command("apply_retention", "--dry-run")
    assert "1 kinderen zouden worden geanonimiseerd" in capsys.readouterr().out
    assert Child.objects.get(pk=old.child_id).given_name == "Jolien"


def test_retention_months_are_configurable(world):
    old = closed_long_ago(world, "Jolien")
    call_command("apply_retention", "--months", "36", verbosity=0)
    assert Child.objects.get(pk=old.child_id).anonymised_at is None


def test_access_log_rows_older_than_five_years_are_removed(world):
    make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    old_rows = AccessLog.objects.all()
    models.QuerySet.update(old_rows, at=timezone.now() - datetime.timedelta(days=5 * 366))
    fresh = AccessLog.objects.create(username="x", action="read")
    call_command("apply_retention", verbosity=0)
    assert list(AccessLog.objects.all()) == [fresh]


def test_coordinator_exports_everything_about_a_child_and_it_is_logged(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.ACTIVE, coach=world.coach_a)
    ContactMoment.objects.create(trajectory=trajectory, date=timezone.localdate(), kind="observatie", minutes=45,
                                 note="Alleen voor het team.", created_by=world.coach_a)
    client.force_login(world.coach_a)
    client.get(trajectory.get_absolute_url())
    client.force_login(world.coordinator_a)
    page = client.get(reverse("trajecten:inzage", args=[trajectory.pk])).content.decode()
    assert trajectory.child.full_name in page
    assert "Alleen voor het team." in page
    assert "coach-a" in page  # who read the record
    response = client.get(reverse("trajecten:inzage_json", args=[trajectory.pk]))
    data = json.loads(response.content)
    assert data["kind"]["pseudoniem"] == trajectory.child.code
    assert data["trajecten"][0]["contactmomenten"][0]["verslag"] == "Alleen voor het team."
    assert {row["gebruiker"] for row in data["toegangslog"]} >= {"ib-a1", "coach-a", "coordinator-a"}
    assert AccessLog.objects.filter(username="coordinator-a", action="export",
                                    child_code=trajectory.child.code).count() == 2


@pytest.mark.parametrize("user_attr", ["coach_a", "ib_a1", "coordinator_b", "stuurgroep_a", "beheerder"])
def test_only_the_pilots_coordinator_makes_an_inzage_export(client, world, user_attr):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    client.force_login(getattr(world, user_attr))
    assert client.get(reverse("trajecten:inzage", args=[trajectory.pk])).status_code == 404
    assert client.get(reverse("trajecten:inzage_json", args=[trajectory.pk])).status_code == 404


def test_retention_empties_follow_up_notes_keeps_their_answers_and_drops_follow_ups_never_asked(world):
    old = closed_long_ago(world, "Jolien")
    three, six = old.follow_ups.order_by("moment")
    followups.record(three, answer="gaat_goed", asked=["leerkracht"], asked_on=three.due_date,
                     note="Jolien zit goed in haar vel.", by=world.coach_a)
    summary.mark_stale(world.pilot_a.pk)  # closed_long_ago moved the dates with update()
    run_timer_jobs()
    before = dashboard_numbers(world)
    nazorg = next(table for table in before[1] if ["gaat goed", 1, 0] in table)
    assert ["nog niet nagevraagd", 0, 1] in nazorg

    call_command("apply_retention", verbosity=0)
    run_timer_jobs()

    three.refresh_from_db()
    assert (three.answer, three.asked, three.note) == ("gaat_goed", ["leerkracht"], "")
    assert not FollowUp.objects.filter(pk=six.pk).exists()  # never asked: no task for an anonymised child
    assert dashboard_numbers(world) == before


def test_the_inzage_holds_the_follow_ups(client, world):
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, status=Status.REFERRED,
                                 coach=world.coach_a, ended=timezone.localdate() - datetime.timedelta(days=92),
                                 registered_at=timezone.now() - datetime.timedelta(days=150))
    three = trajectory.follow_ups.get(moment=3)
    followups.record(three, answer="verwijzing_niet_gestart", asked=["ouders", "zorgaanbieder"],
                     asked_on=timezone.localdate(), note="Wachtlijst bij de GGZ.", by=world.coach_a)
    client.force_login(world.coordinator_a)
    data = json.loads(client.get(reverse("trajecten:inzage_json", args=[trajectory.pk])).content)
    assert [(row["moment"], row["te_doen_op"], row["hoe_gaat_het"], row["nagevraagd_bij"], row["toelichting"])
            for row in data["trajecten"][0]["nazorg"]] == [
        ("na 3 maanden", three.due_date.isoformat(), "doorverwijzing nog niet gestart", ["ouders", "zorgaanbieder"],
         "Wachtlijst bij de GGZ."),
        ("na 6 maanden", trajectory.follow_ups.get(moment=6).due_date.isoformat(), None, [], None),
    ]
    page = client.get(reverse("trajecten:inzage", args=[trajectory.pk])).content.decode()
    assert "Nazorg na afsluiting" in page and "Wachtlijst bij de GGZ." in page
