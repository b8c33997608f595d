"""Account deblokkeren: the functioneel beheerder lifts the lockout after failed logins, in plain sight."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from audit.models import AccessLog, Action
from tests.factories import PASSWORD

LIFTED = "blokkade na mislukte inlogpogingen van Test Ib-a1 opgeheven"


@pytest.fixture(autouse=True)
def fresh_axes(db):
    AccessAttempt.objects.all().delete()


def log_in(username, password):
    return Client().post(reverse("login"), {"username": username, "password": password})


def lock_out(username="ib-a1"):
    for _ in range(5):
        log_in(username, "verkeerd")
    assert "Inloggen is tijdelijk geblokkeerd" in log_in(username, PASSWORD).content.decode()


def unlock_with_the_action(client, *users):
    return client.post(reverse("admin:auth_user_changelist"), {
        "action": "unlock_accounts", "_selected_action": [user.pk for user in users]}, follow=True)


def test_account_deblokkeren_lets_a_locked_out_user_log_in_again(client, world):
    lock_out()
    client.force_login(world.beheerder)
    response = unlock_with_the_action(client, world.ib_a1)
    assert "Gedeblokkeerd: Test Ib-a1 kan weer inloggen." in response.content.decode()
    login = log_in("ib-a1", PASSWORD)
    assert login.status_code == 302 and login.url == reverse("start")


def test_unlocking_is_in_the_access_log_with_the_beheerder_as_actor(client, world):
    lock_out()
    client.force_login(world.beheerder)
    unlock_with_the_action(client, world.ib_a1)
    [row] = AccessLog.objects.filter(action=Action.RIGHTS, detail__startswith=LIFTED)
    assert (row.username, row.object_id) == ("beheer", str(world.ib_a1.pk))
    assert row.detail == f"{LIFTED} (adres 127.0.0.1)"


def test_the_users_page_shows_the_lockout_and_a_button_that_lifts_it(client, world):
    lock_out()
    client.force_login(world.beheerder)
    page = client.get(reverse("admin:auth_user_change", args=[world.ib_a1.pk])).content.decode()
    unlock_url = reverse("admin:auth_user_unlock", args=[world.ib_a1.pk])
    assert "Dit account is geblokkeerd na te veel mislukte inlogpogingen" in page
    assert f'action="{unlock_url}"' in page and "Account deblokkeren" in page
    response = client.post(unlock_url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:auth_user_change", args=[world.ib_a1.pk])
    content = response.content.decode()
    assert "Gedeblokkeerd: Test Ib-a1 kan weer inloggen." in content
    assert "Dit account is geblokkeerd" not in content
    assert log_in("ib-a1", PASSWORD).status_code == 302


def test_an_account_that_is_not_locked_shows_no_button_and_the_action_says_so(client, world):
    client.force_login(world.beheerder)
    page = client.get(reverse("admin:auth_user_change", args=[world.ib_a2.pk])).content.decode()
    assert reverse("admin:auth_user_unlock", args=[world.ib_a2.pk]) not in page
    response = unlock_with_the_action(client, world.ib_a2)
    assert "Niet geblokkeerd, dus niets veranderd: Test Ib-a2." in response.content.decode()
    assert not AccessLog.objects.filter(detail__startswith="blokkade").exists()


def test_the_user_list_shows_who_is_locked_out(client, world):
    lock_out()
    client.force_login(world.beheerder)
    response = client.get(reverse("admin:auth_user_changelist"), {"o": "2"})  # the locked first
    content = response.content.decode()
    assert "Inloggen" in content and "Account deblokkeren" in content
    assert response.context["cl"].result_list[0] == world.ib_a1
    assert content.count(">geblokkeerd<") == 1


def test_the_unlock_button_takes_a_post_only(client, world):
    client.force_login(world.beheerder)
    assert client.get(reverse("admin:auth_user_unlock", args=[world.ib_a1.pk])).status_code == 405


@pytest.mark.parametrize("role", ["coordinator_a", "coach_a", "ib_a2", "stuurgroep_a"])
def test_no_one_but_the_beheerder_unlocks_an_account(client, world, role):
    lock_out()
    """The admin sends them to its login, which answers 403 to anyone signed in without the beheerder's role."""
    client.force_login(getattr(world, role))
    response = client.post(reverse("admin:auth_user_unlock", args=[world.ib_a1.pk]), follow=True)
    assert response.status_code == 403
    assert unlock_with_the_action(client, world.ib_a1).status_code == 403
    assert "Inloggen is tijdelijk geblokkeerd" in log_in("ib-a1", PASSWORD).content.decode()
