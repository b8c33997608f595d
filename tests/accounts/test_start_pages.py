"""Every role lands on a page that fits it, and the menu offers only what the role may use."""

import pytest
from django.urls import reverse

from tests.factories import make_user

CASES = [
    ("ib_a1", "Aanmeldingen van mijn school(en)"),
    ("coach_a", "Mijn trajecten"),
    ("coordinator_a", "Nieuwe aanmeldingen"),
    ("stuurgroep_a", "Dashboard: SWV Rotterdam"),
    ("beheerder", "Organisaties, scholen, pilots en gebruikers"),
]


@pytest.mark.parametrize(("role_user", "heading"), CASES)
def test_each_role_lands_on_its_start_page(client, world, role_user, heading):
    client.force_login(getattr(world, role_user))
    response = client.get(reverse("start"), follow=True)
    assert response.status_code == 200
    assert heading in response.content.decode()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_user_without_role_is_told_so(client, db):
    client.force_login(make_user("nieuw"))
    response = client.get(reverse("start"))
    assert "Uw account heeft nog geen rol" in response.content.decode()


def menu_of(client, user):
    client.force_login(user)
    content = client.get(reverse("pilots:list")).content.decode()
    labels = ["Kind aanmelden", "Mijn trajecten", "Nieuwe aanmeldingen", "Alle trajecten", "Dashboard", "Beheer",
              "Toegangslog", "Pilots"]
    return {label for label in labels if f">{label}</a>" in content}


def test_menu_shows_each_role_what_it_may_use(client, world):
    assert menu_of(client, world.ib_a1) == {"Kind aanmelden", "Pilots"}
    assert menu_of(client, world.coach_a) == {"Mijn trajecten", "Nieuwe aanmeldingen", "Alle trajecten", "Pilots"}
    assert menu_of(client, world.coordinator_a) == {"Nieuwe aanmeldingen", "Alle trajecten", "Dashboard", "Pilots"}
    assert menu_of(client, world.stuurgroep_a) == {"Dashboard", "Pilots"}
    assert menu_of(client, world.beheerder) == {"Dashboard", "Toegangslog", "Beheer"}


def test_only_the_beheerder_reaches_the_admin_others_get_the_dutch_403_page(client, world):
    for user in [world.ib_a1, world.coach_a, world.coordinator_a, world.stuurgroep_a]:
        client.force_login(user)
        response = client.get(reverse("admin:index"), follow=True)
        assert response.status_code == 403, user  # once a loop between the admin and the login
        assert len(response.redirect_chain) <= 1
        assert "Geen toegang" in response.content.decode()
    client.logout()
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0].startswith(reverse("login"))
    client.force_login(world.beheerder)
    assert client.get(reverse("admin:partners_school_changelist")).status_code == 200


def test_stuurgroep_reads_a_pilot_without_the_names_of_the_team(client, world):
    client.force_login(world.stuurgroep_a)
    content = client.get(reverse("pilots:detail", args=[world.pilot_a.pk])).content.decode()
    assert "2 teamleden" in content
    assert "Coach-a" not in content
    client.force_login(world.coordinator_a)
    content = client.get(reverse("pilots:detail", args=[world.pilot_a.pk])).content.decode()
    assert "Coach-a" in content


def test_pilot_of_another_partnership_is_not_found(client, world):
    client.force_login(world.stuurgroep_a)
    assert client.get(reverse("pilots:detail", args=[world.pilot_b.pk])).status_code == 404
