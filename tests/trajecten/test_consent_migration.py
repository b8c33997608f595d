"""Migrations 0013-0015: each trajectory's one consent record became ledger entries, and back."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("trajecten", "0012_backfill_follow_ups"), ("partners", "0003_seed_school_holidays")]
AFTER = [("trajecten", "0015_remove_single_consent")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_trajectorys_consent_becomes_entries_per_guardian_and_goes_back():
    apps = migrate(BEFORE)
    try:
        user = apps.get_model("auth", "User").objects.create(username="ib-migratie")
        partnership = apps.get_model("partners", "Partnership").objects.create(name="SWV")
        school = apps.get_model("partners", "School").objects.create(
            name="De Regenboog", brin_code="12AB00", school_type="basisschool", partnership=partnership,
            municipality="Rotterdam")
        pilot = apps.get_model("pilots", "Pilot").objects.create(partnership=partnership, name="KID",
                                                                 municipalities="Rotterdam", aim="Doel")
        Child, Trajectory = apps.get_model("trajecten", "Child"), apps.get_model("trajecten", "Trajectory")
        day = datetime.date(2026, 9, 14)

        def trajectory(number, **consent):
            child = Child.objects.create(given_name="Kind", family_name=str(number), school=school, group="3",
                                         date_of_birth=datetime.date(2019, 1, 1), code=f"K-MIGRATIE{number}")
            return Trajectory.objects.create(child=child, school=school, pilot=pilot, registered_by=user,
                                             updated_by=user, teacher_name="Juf", help_request="Hulp",
                                             tried_already="Iets", registered_at=timezone.now(), **consent).pk

        both = trajectory(1, consent_given=True, consent_date=day, consent_by="beide",
                          consent_purposes=["ondersteuning", "delen"])
        mother = trajectory(2, consent_given=True, consent_date=day, consent_by="moeder",
                            consent_purposes=["ondersteuning"])
        none = trajectory(3)

        apps = migrate(AFTER)
        Guardian, ConsentEntry = apps.get_model("trajecten", "Guardian"), apps.get_model("trajecten", "ConsentEntry")
        assert sorted(Guardian.objects.filter(trajectory=both).values_list("relation", "has_authority")) == [
            ("moeder", True), ("vader", True)]
        assert sorted(ConsentEntry.objects.filter(guardian__trajectory=both).values_list(
            "guardian__relation", "purpose", "action", "on")) == [
            ("moeder", "delen", "gegeven", day), ("moeder", "ondersteuning", "gegeven", day),
            ("vader", "delen", "gegeven", day), ("vader", "ondersteuning", "gegeven", day)]
        assert list(Guardian.objects.filter(trajectory=mother).values_list("relation", flat=True)) == ["moeder"]
        assert not Guardian.objects.filter(trajectory=none).exists()

        apps = migrate(BEFORE)
        Trajectory = apps.get_model("trajecten", "Trajectory")
        assert Trajectory.objects.get(pk=both).consent_by == "beide"
        back = Trajectory.objects.get(pk=mother)
        assert (back.consent_given, back.consent_date, back.consent_purposes) == (True, day, ["ondersteuning"])
        assert not Trajectory.objects.get(pk=none).consent_given
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
