import time

from django.urls import reverse

from accounts.middleware import LOGIN_AT, SEEN_AT


def set_session(client, **values):
    session = client.session
    session.update(values)
    session.save()


def test_a_new_session_key_at_login(client, world):
    client.get(reverse("login"))
    before = client.session.session_key
    client.post(reverse("login"), {"username": "ib-a1", "password": "geheim-wachtwoord-42"})
    assert client.session.session_key != before


def test_logged_out_after_30_minutes_idle(client, world):
    client.force_login(world.ib_a1)
    client.get(reverse("trajecten:school_list"))
    set_session(client, **{SEEN_AT: time.time() - 31 * 60})
    response = client.get(reverse("trajecten:school_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_still_logged_in_after_29_minutes_idle(client, world):
    client.force_login(world.ib_a1)
    client.get(reverse("trajecten:school_list"))
    set_session(client, **{SEEN_AT: time.time() - 29 * 60})
    assert client.get(reverse("trajecten:school_list")).status_code == 200


def test_logged_out_after_12_hours_even_when_active(client, world):
    client.force_login(world.ib_a1)
    client.get(reverse("trajecten:school_list"))
    set_session(client, **{LOGIN_AT: time.time() - 12 * 3600 - 60, SEEN_AT: time.time()})
    response = client.get(reverse("trajecten:school_list"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_deactivated_account_loses_its_session_at_once(client, world):
    client.force_login(world.ib_a1)
    assert client.get(reverse("trajecten:school_list")).status_code == 200
    world.ib_a1.is_active = False
    world.ib_a1.save()
    response = client.get(reverse("trajecten:school_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_pages_with_personal_data_are_not_cached(client, world):
    client.force_login(world.ib_a1)
    response = client.get(reverse("trajecten:school_list"))
    assert "no-store" in response["Cache-Control"]


def test_security_headers_on_every_page(client, db):
    response = client.get(reverse("login"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_passwords_are_hashed_with_argon2():
    import importlib

    from django.contrib.auth.hashers import Argon2PasswordHasher

    production = importlib.import_module("kidportal.settings")
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = Argon2PasswordHasher()
    assert hasher.verify("een-lang-wachtwoord", hasher.encode("een-lang-wachtwoord", hasher.salt()))
    validators = [v["NAME"].rsplit(".", 1)[1] for v in production.AUTH_PASSWORD_VALIDATORS]
    assert validators == ["UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator",
                          "NumericPasswordValidator"]
