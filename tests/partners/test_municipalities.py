"""The municipalities a school can be in: the shipped CBS list, and the beheerder's additions when municipalities
merge."""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db.models import ProtectedError
from django.urls import reverse

from partners.models import Municipality
from tests.factories import make_partnership, make_school


@pytest.mark.parametrize(("code", "name"), [
    ("GM0599", "Rotterdam"), ("GM0303", "Dronten"), ("GM0995", "Lelystad"), ("GM0034", "Almere"),
    ("GM1979", "Eemsdelta"), ("GM0847", "Someren"), ("GM1948", "Meierijstad"), ("GM1992", "Voorne aan Zee"),
    ("GM0518", "'s-Gravenhage"),
])
def test_the_shipped_list_holds_the_pilots_municipalities_by_their_cbs_code(db, code, name):
    assert Municipality.objects.get(code=code).name == name


def test_the_shipped_list_is_the_whole_2025_indeling_without_the_merged_ones(db):
    assert Municipality.objects.count() == 342
    assert not Municipality.objects.filter(name__in=["Delfzijl", "Appingedam", "Loppersum", "Weesp",
                                                     "Brielle", "Hellevoetsluis", "Westvoorne"]).exists()
    assert not Municipality.objects.exclude(code__regex=r"^GM[0-9]{4}$").exists()


@pytest.fixture
def beheer(client, world):
    client.force_login(world.beheerder)
    return client


def test_beheerder_adds_a_new_municipality(beheer):
    response = beheer.post(reverse("admin:partners_municipality_add"), {"code": "GM2001", "name": "Nieuwgemeente"})
    assert response.status_code == 302
    assert Municipality.objects.get(code="GM2001").name == "Nieuwgemeente"


@pytest.mark.parametrize(("data", "message"), [
    ({"code": "0599", "name": "Nergensdorp"}, "Een CBS-gemeentecode is GM met 4 cijfers"),
    ({"code": "GM0599", "name": "Nergensdorp"}, "bestaat al"),
    ({"code": "GM2002", "name": "Rotterdam"}, "bestaat al"),
])
def test_a_wrong_or_taken_code_or_name_is_refused_in_dutch(beheer, data, message):
    response = beheer.post(reverse("admin:partners_municipality_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Municipality.objects.filter(name="Nergensdorp").exists()


def test_an_ib_er_does_not_reach_the_municipalities_in_the_admin(client, world):
    client.force_login(world.ib_a1)
    response = client.get(reverse("admin:partners_municipality_changelist"))
    assert response.status_code in (302, 403)


def test_beheerder_finds_schools_by_their_municipality_and_filters_on_those_in_use(beheer, world):
    lelystad = make_school(world.partnership_a, name="OBS De Tjalk", municipality="Lelystad")
    response = beheer.get(reverse("admin:partners_school_changelist"), {"q": "lelystad"})
    content = response.content.decode()
    assert lelystad.name in content
    assert world.school_a1.name not in content
    filters = response.context["cl"].filter_specs
    offered = {title for spec in filters if spec.field_path == "municipality" for _value, title in spec.lookup_choices}
    assert offered == {"Lelystad", "Rotterdam"}


def test_a_municipality_with_schools_cannot_be_deleted(world):
    with pytest.raises(ProtectedError):
        Municipality.objects.get(name="Rotterdam").delete()


def test_an_emptied_list_is_back_after_the_signal_a_flush_sends(db):
    """A flush (a transactional test's, or `manage.py flush`) empties every table and then sends post_migrate, as
    migrate does: the list comes back then, as content types do, so a new school finds its municipality."""
    shipped = Municipality.objects.count()
    Municipality.objects.all().delete()
    emit_post_migrate_signal(0, False, "default")
    assert Municipality.objects.count() == shipped > 300
    assert make_school(make_partnership()).municipality.name == "Rotterdam"
