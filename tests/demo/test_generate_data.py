import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from trajecten import consent, followups
from trajecten.models import ContactMoment, FollowUp, Referral, StatusChange, Trajectory
from trajecten.states import Status


def test_generated_data_has_every_state_and_keeps_the_rules(db):
    call_command("generate_data", "--trajectories", "400", "--seed", "11", verbosity=0)
    assert Trajectory.objects.count() == 400
    states = dict(Trajectory.objects.values_list("status").annotate(n=Count("pk")))
    assert set(states) == set(Status.values)
    started = Trajectory.objects.filter(start_date__isnull=False).count()
    assert ContactMoment.objects.count() == 8 * started
    assert Referral.objects.count() == states[Status.REFERRED]
    assert StatusChange.objects.filter(to_status=Status.REGISTERED).count() == 400
    # The database's own rules held for every row (they would have refused the insert otherwise),
    # and the workflow's reading of them agrees.
    assert not Trajectory.objects.filter(status=Status.ACTIVE, coach__isnull=True).exists()
    assert not Trajectory.objects.filter(status__in=[Status.COMPLETED], outcome="").exists()
    # Every started trajectory had the parents' consent for support when it started (the ledger's rule, which the
    # database cannot check across tables), and every referral the consent to share.
    for trajectory in Trajectory.objects.filter(start_date__isnull=False):
        assert consent.holds(trajectory, "ondersteuning", trajectory.start_date)
    for trajectory in Trajectory.objects.filter(status=Status.REFERRED):
        assert consent.holds(trajectory, "delen", trajectory.end_date)
    # Two follow-ups per completed or referred trajectory, as the workflow schedules them, many answered.
    assert FollowUp.objects.count() == 2 * (states[Status.COMPLETED] + states[Status.REFERRED])
    assert not FollowUp.objects.exclude(trajectory__status__in=[Status.COMPLETED, Status.REFERRED]).exists()
    for follow_up in FollowUp.objects.select_related("trajectory")[:50]:
        assert follow_up.due_date == followups.months_after(follow_up.trajectory.end_date, follow_up.moment)
    assert FollowUp.objects.filter(answered_at__isnull=False).count() > FollowUp.objects.count() / 2


def test_the_same_seed_gives_the_same_data(db):
    call_command("generate_data", "--trajectories", "150", "--seed", "5", verbosity=0)
    first = list(Trajectory.objects.order_by("pk").values_list("status", "start_date", "end_date"))
    Trajectory.objects.all().delete()
    from django.apps import apps

    for model in ["accounts.Membership", "pilots.PilotSchool", "pilots.DayPart", "pilots.GroupArrangement",
                  "pilots.Pilot", "trajecten.Child", "partners.School", "partners.Partnership"]:
        apps.get_model(model).objects.all().delete()
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username__startswith="synth-").delete()
    call_command("generate_data", "--trajectories", "150", "--seed", "5", verbosity=0)
    assert list(Trajectory.objects.order_by("pk").values_list("status", "start_date", "end_date")) == first


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_bulk_load_on_postgresql_leaves_the_tables_vacuumed():
    """After COPY nothing is marked all-visible, so the caseload's index-only scan would still read the table
    (and autovacuum may be off): the command vacuums, which fills the visibility map."""
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM and the visibility map are PostgreSQL's")
    call_command("generate_data", "--trajectories", "300", "--seed", "2", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible, relpages FROM pg_class WHERE relname = %s",
                       [Trajectory._meta.db_table])
        all_visible, pages = cursor.fetchone()
    assert pages > 0 and all_visible == pages
