"""A lifted lockout after failed logins is in the access log once; what axes cleans up by itself is not."""

import datetime

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def fresh_axes(db):
    AccessAttempt.objects.all().delete()


def log_in(username, password, address="127.0.0.1"):
    return Client(REMOTE_ADDR=address).post(reverse("login"), {"username": username, "password": password})


def lock_out(username="ib-a1", address="127.0.0.1"):
    for _ in range(5):
        log_in(username, "verkeerd", address)
    assert "Inloggen is tijdelijk geblokkeerd" in log_in(username, PASSWORD, address).content.decode()


def lifted():
    return list(AccessLog.objects.filter(detail__startswith="blokkade").values_list("detail", flat=True))


def test_each_lifted_lockout_is_logged_once_with_its_address(world):
    lock_out(address="192.0.2.1")
    lock_out(address="192.0.2.2")
    log_in("ib-a1", "verkeerd", "192.0.2.3")
    reset(username="ib-a1")
    assert sorted(lifted()) == [
        "blokkade na mislukte inlogpogingen van Test Ib-a1 opgeheven (adres 192.0.2.1)",
        "blokkade na mislukte inlogpogingen van Test Ib-a1 opgeheven (adres 192.0.2.2)",
    ]


def test_a_successful_login_after_a_few_failures_is_no_lifted_lockout(world):
    for _ in range(2):
        log_in("ib-a1", "verkeerd")
    assert log_in("ib-a1", PASSWORD).status_code == 302
    assert lifted() == []


def test_an_expired_lockout_cleaned_up_by_axes_is_no_lifted_lockout(world):
    lock_out()
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(hours=2))
    assert log_in("ib-a2", "verkeerd").status_code == 200  # axes deletes the expired records here
    assert not AccessAttempt.objects.filter(username="ib-a1").exists()
    assert lifted() == []
