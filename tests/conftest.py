import pytest

from tests.factories import World


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is right for people and slow on purpose; tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def force_login_is_a_full_login(monkeypatch):
    """Tests that log a user in mean a user who passed both steps; test_second_factor.py tests the step itself."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: SQLite hands out a rolled-back test's keys again."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def login(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in
