"""The jobs on every node's timer: only one node runs a job at a time; the others skip it at once."""

import io
import threading
import time

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from base.jobs import lock_key
from dashboards.models import StaleMonth
from dashboards.summary import mark_stale


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize("job", [("refresh_figures", "--stale"), ("send_notifications",), ("apply_retention",)])
def test_each_job_runs_and_says_so(db, job):
    assert f"{job[0]}: klaar in" in run(*job)


def test_a_job_another_node_is_running_is_skipped_here(world):
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite serves one machine")
    mark_stale(world.pilot_a.pk)
    other_node = psycopg2.connect(**{key: value for key, value in connection.get_connection_params().items()
                                     if key in ("dbname", "user", "host", "port", "password")})
    try:
        with other_node.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [lock_key("refresh_figures")])
        assert "draait al op een andere node" in run("refresh_figures", "--stale")
        assert StaleMonth.objects.filter(pilot=world.pilot_a).exists()
        with other_node.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_key("refresh_figures")])
        assert "refresh_figures: klaar" in run("refresh_figures", "--stale")
        assert not StaleMonth.objects.exists()
    finally:
        other_node.close()


def test_the_jobs_have_keys_of_their_own():
    keys = {lock_key(name) for name in ("refresh_figures", "send_notifications", "apply_retention")}
    assert len(keys) == 3


def other_node_connection():
    return psycopg2.connect(**{key: value for key, value in connection.get_connection_params().items()
                               if key in ("dbname", "user", "host", "port", "password")})


def test_the_daily_digest_is_not_skipped_while_the_minutes_mails_go_out(db):
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite serves one machine")
    other_node = other_node_connection()
    try:
        with other_node.cursor() as cursor:  # another node is sending the minute's mails at 16:30
            cursor.execute("SELECT pg_advisory_lock(%s)", [lock_key("send_notifications")])
        assert "send_notifications --digest: klaar in" in run("send_notifications", "--digest")
        assert "draait al op een andere node" in run("send_notifications")
    finally:
        other_node.close()


def test_a_full_rebuild_by_hand_waits_for_the_minutes_run_instead_of_being_skipped(world):
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite serves one machine")
    other_node = other_node_connection()
    other_node.autocommit = True
    try:
        with other_node.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [lock_key("refresh_figures")])
        # The other node's run ends a moment after ours asks for the lock.
        releaser = threading.Timer(1.0, lambda: other_node.cursor().execute(
            "SELECT pg_advisory_unlock(%s)", [lock_key("refresh_figures")]))
        releaser.start()
        started = time.monotonic()
        output = run("refresh_figures")
        releaser.join()
        assert "refresh_figures: klaar in" in output and "overgeslagen" not in output
        assert time.monotonic() - started >= 0.9
    finally:
        other_node.close()
