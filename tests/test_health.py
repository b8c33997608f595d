"""/gezond/ tells the load balancer whether this node can serve: cheap, anonymous, and leaving no trace."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection, connections
from django.test.utils import CaptureQueriesContext

from audit.models import AccessLog

pytestmark = pytest.mark.django_db


def test_a_node_with_its_database_and_cache_answers_200(client, settings):
    settings.NODE_NAME = "node-a"
    response = client.get("/gezond/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "node": "node-a"}
    assert "no-store" in response["Cache-Control"]


def test_the_check_is_one_select_1_and_no_session_no_cookie_no_access_log(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/gezond/")
    assert response.status_code == 200
    assert [query["sql"] for query in queries.captured_queries] == ["SELECT 1"]
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert not AccessLog.objects.exists()


def test_a_node_without_its_database_answers_503(client):
    with mock.patch.object(connections["default"], "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/gezond/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["cache"] == "ok"


def test_a_node_whose_cache_raises_answers_503(client):
    with mock.patch.object(caches["default"], "set", side_effect=ConnectionError("Redis is down")):
        response = client.get("/gezond/")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "unavailable", "node": response.json()["node"]}


def test_the_load_balancer_asks_over_plain_http_where_every_page_redirects_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/gezond/").status_code == 200
    assert client.get("/inloggen/").status_code == 301


def test_a_host_outside_allowed_hosts_is_refused_here_too(client, settings):
    """The load balancer sends the portal's name as Host (README, "Meerdere nodes")."""
    settings.ALLOWED_HOSTS = ["kid.example.nl"]
    assert client.get("/gezond/", headers={"host": "10.0.0.5:8000"}).status_code == 400
    assert client.get("/gezond/", headers={"host": "kid.example.nl"}).status_code == 200


def test_two_workers_of_one_node_probed_at_once_both_answer_200(client):
    """The second check's write lands between the first one's write and read (a shared cache, two workers)."""
    from django.core.cache import cache

    from kidportal import health

    original_set = cache.set
    nested, started = [], []

    def set_then_another_check(key, value, timeout=None):
        original_set(key, value, timeout)
        if not started:
            started.append(True)
            nested.append(health.cache_answers())

    with mock.patch.object(cache, "set", side_effect=set_then_another_check):
        assert health.cache_answers() == health.OK
    assert nested == [health.OK]
