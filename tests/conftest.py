import pytest

from tests.factories import World


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is right for people and slow on purpose; tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def login(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in
