"""Migrations 0006-0008: a school's free-text municipality became a real one, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("partners", "0005_seed_municipalities")]
AFTER = [("partners", "0008_municipality_is_a_reference")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def free_text_world(apps, schools, organisations=()):
    Partnership = apps.get_model("partners", "Partnership")
    School, Organisation = apps.get_model("partners", "School"), apps.get_model("partners", "Organisation")
    partnership = Partnership.objects.create(name="SWV")
    for number, (name, municipality) in enumerate(schools, start=10):
        School.objects.create(name=name, brin_code=f"{number}AB00", school_type="basisschool",
                              partnership=partnership, municipality=municipality)
    for name, municipality in organisations:
        Organisation.objects.create(name=name, kind="jeugdhulp", municipality=municipality)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_names_become_municipalities_in_any_case_and_former_ones_their_successor_and_back():
    apps = migrate(BEFORE)
    try:
        free_text_world(apps, [("De Regenboog", "rotterdam"), ("De Wierde", "Delfzijl"), ("De Wilster", "APPINGEDAM"),
                               ("De Tjalk", " Lelystad "), ("Het Palet", "Almere")],
                        [("Jeugdwerk", "Dronten"), ("GGD", "")])
        apps = migrate(AFTER)
        School, Organisation = apps.get_model("partners", "School"), apps.get_model("partners", "Organisation")
        assert dict(School.objects.values_list("name", "municipality_id")) == {
            "De Regenboog": "GM0599", "De Wierde": "GM1979", "De Wilster": "GM1979", "De Tjalk": "GM0995",
            "Het Palet": "GM0034"}
        assert dict(Organisation.objects.values_list("name", "municipality_id")) == {"Jeugdwerk": "GM0303",
                                                                                     "GGD": None}
        apps = migrate(BEFORE)
        School, Organisation = apps.get_model("partners", "School"), apps.get_model("partners", "Organisation")
        assert School.objects.get(name="De Wierde").municipality == "Eemsdelta"
        assert School.objects.get(name="De Regenboog").municipality == "Rotterdam"
        assert dict(Organisation.objects.values_list("name", "municipality")) == {"Jeugdwerk": "Dronten", "GGD": ""}
    finally:
        to_latest()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_unknown_name_stops_the_migration_and_names_every_school_and_organisation_it_stands_at():
    apps = migrate(BEFORE)
    try:
        free_text_world(apps, [("De Zevensprong", "Flevoland"), ("Het Baken", "Flevoland"), ("De Akker", "Rotterdam")],
                        [("Jeugdwerk", "Nergenshuizen")])
        with pytest.raises(Exception, match="niet in de lijst van gemeenten") as stopped:
            migrate(AFTER)
        message = str(stopped.value)
        assert "- 'Flevoland': school De Zevensprong, school Het Baken" in message
        assert "- 'Nergenshuizen': organisatie Jeugdwerk" in message
        assert "Rotterdam" not in message
        apps = MigrationExecutor(connection).loader.project_state([("partners", "0007_map_municipality_names")]).apps
        School = apps.get_model("partners", "School")
        assert set(School.objects.values_list("municipality", flat=True)) == {"Flevoland", "Rotterdam"}
        assert not School.objects.exclude(cbs_municipality=None).exists()
        School.objects.filter(municipality="Flevoland").update(municipality="Dronten")
        apps.get_model("partners", "Organisation").objects.update(municipality="Lelystad")
        apps = migrate(AFTER)
        assert set(apps.get_model("partners", "School").objects.values_list("municipality_id", flat=True)) == {
            "GM0303", "GM0599"}
    finally:
        to_latest()
