"""Behind the TLS proxy every request comes from the proxy's address: lockout and the access log must use
the address the proxy forwards, and only as many hops as there are trusted proxies."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AccessLog
from tests.factories import PASSWORD, make_trajectory

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def fresh_axes(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def behind_proxy(address):
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def log_in(client, password):
    return client.post(reverse("login"), {"username": "ib-a1", "password": password})


def test_a_lockout_from_one_address_leaves_another_user_behind_the_same_proxy_free(world, settings):
    settings.TRUSTED_PROXIES = 1
    attacker, colleague = behind_proxy("198.51.100.7"), behind_proxy("203.0.113.9")
    for _attempt in range(5):
        log_in(attacker, "verkeerd")
    assert log_in(attacker, PASSWORD).status_code in (403, 429)
    assert log_in(colleague, PASSWORD).status_code == 302


def test_without_trusted_proxies_the_forwarded_header_is_ignored(world, settings):
    settings.TRUSTED_PROXIES = 0
    attacker, colleague = behind_proxy("198.51.100.7"), behind_proxy("203.0.113.9")
    for _attempt in range(5):
        log_in(attacker, "verkeerd")
    assert log_in(colleague, PASSWORD).status_code in (403, 429)  # both are the proxy


def test_a_client_cannot_choose_its_address_by_writing_the_header_itself(world, settings):
    settings.TRUSTED_PROXIES = 1
    for spoofed in ("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"):
        # The client wrote its own X-Forwarded-For; the proxy appended the real address.
        log_in(behind_proxy(f"{spoofed}, 198.51.100.7"), "verkeerd")
    assert log_in(behind_proxy("192.0.2.99, 198.51.100.7"), PASSWORD).status_code in (403, 429)


def test_the_access_log_records_the_forwarded_address(world, settings):
    settings.TRUSTED_PROXIES = 1
    trajectory = make_trajectory(world.ib_a1, world.school_a1, world.pilot_a)
    client = behind_proxy("evil, 198.51.100.7")
    client.force_login(world.ib_a1)
    client.get(reverse("trajecten:detail", args=[trajectory.pk]))
    assert AccessLog.objects.filter(action="read").get().client_address == "198.51.100.7"
    client = behind_proxy("not-an-address")
    client.force_login(world.ib_a1)
    client.get(reverse("trajecten:detail", args=[trajectory.pk]))
    assert AccessLog.objects.filter(action="read").latest("pk").client_address == PROXY
