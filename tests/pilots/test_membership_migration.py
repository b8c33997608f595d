"""Migration 0002: the memberships that existed start early enough to hold every trajectory of their school."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from partners.municipalities import ensure_shipped

BEFORE = ("pilots", "0001_initial")
AFTER = ("pilots", "0002_pilotschool_dates")


def migrate(pilots):
    """Every app at its latest migration, pilots at `pilots`."""
    executor = MigrationExecutor(connection)
    targets = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "pilots"] + [pilots]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_existing_membership_starts_with_the_pilot_or_its_first_registration_else_on_the_day():
    apps = migrate(BEFORE)
    try:
        user = apps.get_model("auth", "User").objects.create(username="ib-migratie")
        partnership = apps.get_model("partners", "Partnership").objects.create(name="SWV")
        School, Pilot = apps.get_model("partners", "School"), apps.get_model("pilots", "Pilot")
        ensure_shipped(apps.get_model("partners", "Municipality"))
        PilotSchool = apps.get_model("pilots", "PilotSchool")
        schools = [School.objects.create(name=f"School {n}", brin_code=f"1{n}AB00", school_type="basisschool",
                                         partnership=partnership, municipality_id="GM0599", holiday_region="midden")
                   for n in range(3)]
        with_phase = Pilot.objects.create(partnership=partnership, name="Met fasen", municipalities="R", aim="Doel")
        apps.get_model("pilots", "PilotPhase").objects.create(pilot=with_phase, phase="opstart",
                                                              start_date=datetime.date(2025, 3, 1))
        without = Pilot.objects.create(partnership=partnership, name="Zonder fasen", municipalities="R", aim="Doel")
        for pilot in (with_phase, without):
            for school in schools[:2]:
                PilotSchool.objects.create(pilot=pilot, school=school)
        Child, Trajectory = apps.get_model("trajecten", "Child"), apps.get_model("trajecten", "Trajectory")
        for number, (pilot, day) in enumerate(((with_phase, datetime.date(2024, 11, 12)),
                                               (without, datetime.date(2025, 10, 6)))):
            child = Child.objects.create(given_name="Kind", family_name=str(number), school=schools[0], group="3",
                                         date_of_birth=datetime.date(2019, 1, 1), code=f"K-MIGRATIE{number}")
            Trajectory.objects.create(
                child=child, school=schools[0], pilot=pilot, registered_by=user, updated_by=user, teacher_name="Juf",
                help_request="Hulp", tried_already="Iets",
                registered_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))))

        apps = migrate(AFTER)
        PilotSchool = apps.get_model("pilots", "PilotSchool")
        starts = {(link.pilot.name, link.school.name): (link.start_date, link.end_date)
                  for link in PilotSchool.objects.select_related("pilot", "school")}
        assert starts == {
            ("Met fasen", "School 0"): (datetime.date(2024, 11, 12), None),  # registered before the opstart
            ("Met fasen", "School 1"): (datetime.date(2025, 3, 1), None),
            ("Zonder fasen", "School 0"): (datetime.date(2025, 10, 6), None),
            ("Zonder fasen", "School 1"): (timezone.localdate(), None),
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
