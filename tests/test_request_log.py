"""stdout holds one JSON line per request and per unhandled error: the route, never the path, its query string or
an exception's message, where a child's name could stand."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import Client
from django.urls import reverse

from kidportal.logs import JsonFormatter
from tests.factories import make_child, make_trajectory

ROOT = Path(__file__).resolve().parent.parent
REQUEST_FIELDS = {
    "time", "level", "logger", "message", "node", "method", "route", "status", "duration_ms", "request_id",
}


@pytest.fixture
def log_lines():
    """What the node writes in production: kidportal.requests through the JSON formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(node="node-a"))
    logger = logging.getLogger("kidportal.requests")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield lambda: stream.getvalue()
    logger.removeHandler(handler)
    logger.setLevel(level)


def parsed(output):
    return [json.loads(line) for line in output.splitlines()]


@pytest.fixture
def noor(world):
    child = make_child(world.school_a1, given_name="Noor", family_name="Verhoeven")
    return make_trajectory(world.ib_a1, world.school_a1, world.pilot_a, child=child)


def test_a_trajectory_page_logs_one_line_with_its_route_and_no_id_query_or_name(login, world, noor, log_lines):
    response = login(world.ib_a1).get(reverse("trajecten:detail", args=[noor.pk]), {"naam": "Noor Verhoeven"})
    assert response.status_code == 200
    output = log_lines()
    [line] = parsed(output)
    assert set(line) == REQUEST_FIELDS
    assert line["route"] == "/trajecten/<int:pk>/"
    assert (line["method"], line["status"], line["node"]) == ("GET", 200, "node-a")
    assert datetime.fromisoformat(line["time"]).utcoffset() == timedelta(0)
    for kept_out in (f"/{noor.pk}/", "naam", "?", "Noor", "Verhoeven", world.ib_a1.username):
        assert kept_out not in output


def test_a_path_that_matches_no_route_is_not_written(client, log_lines):
    client.get("/kinderen/noor-verhoeven/", {"naam": "Noor"})
    [line] = parsed(log_lines())
    assert (line["route"], line["status"]) == ("<unresolved>", 404)
    assert "noor" not in log_lines().lower()


def test_an_unhandled_error_logs_its_type_and_our_frames_not_its_message(db, log_lines):
    client = Client(raise_request_exception=False)
    with mock.patch("kidportal.health.database_answers", side_effect=ValueError("Noor Verhoeven, groep 3")):
        assert client.get("/gezond/").status_code == 500
    error, request = parsed(log_lines())
    assert error["level"] == "ERROR"
    assert error["exception"] == "ValueError"
    assert error["route"] == "/gezond/"
    assert re.fullmatch(r"kidportal/health\.py:\d+ in health", error["frames"][-1])
    assert (request["status"], request["request_id"]) == (500, error["request_id"])
    assert "Noor" not in log_lines()


def test_a_healthy_node_is_not_logged_an_unhealthy_one_is(client, db, log_lines):
    client.get("/gezond/")
    assert log_lines() == ""
    with mock.patch.object(connections["default"], "cursor", side_effect=OperationalError("down")):
        client.get("/gezond/")
    [line] = parsed(log_lines())
    assert (line["route"], line["status"]) == ("/gezond/", 503)


def test_the_formatter_writes_no_exception_message_and_no_other_extras_of_any_logger():
    record = logging.LogRecord("django.security.Other", logging.ERROR, __file__, 1, "refused", None, None)
    try:
        raise KeyError("Noor Verhoeven")
    except KeyError:
        record.exc_info = sys.exc_info()
    record.request = "<WSGIRequest: GET '/trajecten/?naam=Noor'>"
    output = JsonFormatter(node="node-a").format(record)
    line = json.loads(output)
    assert line["exception"] == "KeyError"
    assert re.fullmatch(r"tests/test_request_log\.py:\d+ in test_the_formatter_\w+", line["frames"][-1])
    assert "request" not in line
    assert "Noor" not in output


PRODUCTION_REQUESTS = """
import django, json, sys
django.setup()
from django.conf import settings
from django.test import Client, override_settings
storage = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=storage):  # no collectstatic for the error pages
    client = Client(raise_request_exception=False)
    answers = [client.get("/gezond/").status_code, client.get("/kinderen/Noor/?naam=Noor", secure=True).status_code]
    client.cookies["sessionid"] = "n" * 32  # the empty database has no session table: a 500 in a middleware
    answers.append(client.get("/trajecten/12/?naam=Noor", secure=True).status_code)
print(json.dumps(answers), file=sys.stderr)
"""


def test_production_writes_only_json_lines_and_no_lines_of_djangos_own(tmp_path):
    environment = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "LOG_FORMAT"}}
    environment.update(
        DEBUG="0", SECRET_KEY="p9Yx!f3-" + "k" * 40, ALLOWED_HOSTS="testserver", NODE_NAME="node-b",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}", DJANGO_SETTINGS_MODULE="kidportal.settings",
    )
    result = subprocess.run([sys.executable, "-c", PRODUCTION_REQUESTS], cwd=ROOT, env=environment,
                            capture_output=True, text=True)
    assert json.loads(result.stderr.splitlines()[-1]) == [200, 404, 500], result.stderr
    lines = parsed(result.stdout)
    assert [(line["route"], line.get("status")) for line in lines] == [
        ("<unresolved>", 404), ("/trajecten/<int:pk>/", None), ("/trajecten/<int:pk>/", 500),
    ]
    assert lines[1]["exception"] == "django.db.utils.OperationalError"
    assert {line["node"] for line in lines} == {"node-b"}
    for kept_out in ("Noor", "naam", "no such table", "Not Found", "Internal Server Error"):
        assert kept_out not in result.stdout + result.stderr
