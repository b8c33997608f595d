"""Coördinatoren and functioneel beheerders log in with a TOTP code as a second step."""

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, current_code, make_user


def password_login(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_coordinator_is_asked_for_a_code_before_any_page(world):
    client = password_login("coordinator-a")
    response = client.get(reverse("trajecten:queue"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("second_factor"))
    assert client.get(reverse("dashboards:dashboard")).status_code == 302


def test_a_wrong_code_is_refused_in_dutch(world):
    client = password_login("coordinator-a")
    response = client.post(reverse("second_factor"), {"token": "000000"})
    assert "Deze code klopt niet of is verlopen." in response.content.decode()
    assert client.get(reverse("trajecten:queue")).status_code == 302


def test_the_right_code_opens_the_portal(world):
    client = password_login("coordinator-a")
    device = TOTPDevice.objects.get(user=world.coordinator_a)
    response = client.post(reverse("second_factor"), {"token": current_code(device), "next": "/wachtrij/"})
    assert response.status_code == 302
    assert response.url == "/wachtrij/"
    assert client.get(reverse("trajecten:queue")).status_code == 200


def test_beheerder_reaches_the_admin_only_after_the_second_step(world):
    client = password_login("beheer")
    assert client.get(reverse("admin:index")).status_code == 302
    client.post(reverse("second_factor"), {"token": current_code(TOTPDevice.objects.get(user=world.beheerder))})
    assert client.get(reverse("admin:index")).status_code == 200


def test_ib_er_and_coach_log_in_with_a_password_only(world):
    for username in ("ib-a1", "coach-a"):
        client = password_login(username)
        assert client.get(reverse("start"), follow=True).status_code == 200
        assert client.get(reverse("start")).url != reverse("second_factor")


def test_a_new_coordinator_sets_up_the_app_first(world):
    newcomer = make_user("coordinator-nieuw", role="coordinator", pilot=world.pilot_a)
    client = password_login("coordinator-nieuw")
    response = client.get(reverse("second_factor"), follow=True)
    content = response.content.decode()
    assert "Inloggen in twee stappen instellen" in content
    assert 'src="data:image/svg+xml;base64,' in content
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    response = client.post(reverse("second_factor_setup"), {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("trajecten:queue")).status_code == 200


def test_logout_stays_open_during_the_second_step(world):
    client = password_login("coordinator-a")
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session
