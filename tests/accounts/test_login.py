import pytest
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def fresh_axes(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def post_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_dutch(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="nl">' in content
    assert "Gebruikersnaam" in content
    assert "Wachtwoord" in content


def test_wrong_password_shows_the_dutch_error(client, world):
    response = post_login(client, "ib-a1", "fout")
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_right_password_logs_in_and_lands_on_the_start_page(client, world):
    response = post_login(client, "ib-a1", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("start")


def test_sixth_attempt_after_five_failures_is_locked_out_even_with_the_right_password(client, world):
    for _ in range(5):
        post_login(client, "ib-a1", "verkeerd")
    response = post_login(client, "ib-a1", PASSWORD)
    content = response.content.decode()
    assert response.status_code in (403, 429)
    assert "Inloggen is tijdelijk geblokkeerd" in content
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_and_address(client, world):
    for _ in range(5):
        post_login(client, "ib-a1", "verkeerd")
    response = post_login(client, "ib-a2", PASSWORD)
    assert response.status_code == 302


def test_four_failures_do_not_lock(client, world):
    for _ in range(4):
        post_login(client, "ib-a1", "verkeerd")
    assert post_login(client, "ib-a1", PASSWORD).status_code == 302


def test_logout_is_a_post_and_ends_the_session(client, world):
    client.force_login(world.ib_a1)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("start")).status_code == 302


def test_password_change_in_dutch(client, world):
    client.force_login(world.ib_a1)
    response = client.get(reverse("password_change"))
    assert "Oud wachtwoord" in response.content.decode()
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort",
    })
    assert "Dit wachtwoord is te kort" in response.content.decode()
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD,
        "new_password1": "een-lang-nieuw-wachtwoord-2026",
        "new_password2": "een-lang-nieuw-wachtwoord-2026",
    })
    assert response.status_code == 302
    world.ib_a1.refresh_from_db()
    assert world.ib_a1.check_password("een-lang-nieuw-wachtwoord-2026")


def test_a_username_longer_than_any_account_gets_the_usual_dutch_error(client, db):
    response = post_login(client, "x" * 300, "verkeerd")
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
