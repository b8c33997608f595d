"""Two portal nodes (gunicorn processes) on one PostgreSQL database and one Redis: a change made through node A
is what node B answers at once, on the trajectory page, the list and the dashboard, warm caches and all.

Runs in `make test` when PostgreSQL and Redis are reachable, skipped otherwise; in CI (CI set), which has both,
a missing one fails the test instead."""

import base64
import csv
import http.cookiejar
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg2
import pytest
from django.utils import timezone
from django_otp.oath import totp

ROOT = Path(__file__).resolve().parents[1]
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS = ("127.0.0.1", 6379)
DEMO_KEY = "NNUWI4DPOJ2GCYLMFVSGK3LPFV2G65DQ"


def reachable(host, port):
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("CI") and not (reachable(PG["host"], PG["port"]) and reachable(*REDIS)),
        reason="needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (CI has both)",
    ),
    pytest.mark.skipif(
        bool(os.environ.get("CI")) and not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="CI runs it once, in its PostgreSQL pass",
    ),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def admin_sql(statement):
    connection = psycopg2.connect(dbname="postgres", **PG)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(statement)
    connection.close()


@pytest.fixture(scope="module")
def cluster():
    for what, (host, port) in (("PostgreSQL", (PG["host"], PG["port"])), ("Redis", REDIS)):
        if not reachable(host, port):
            pytest.fail(f"CI must have {what} on {host}:{port}: the two-node test would not run")
    name = f"kid_two_nodes_{os.getpid()}"
    admin_sql(f"DROP DATABASE IF EXISTS {name}")
    admin_sql(f"CREATE DATABASE {name}")
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
           "REDIS_URL": "redis://127.0.0.1:6379/0", "CACHE_KEY_PREFIX": name, "PORTAL_BASE_URL": ""}
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["load_demo"], ["refresh_figures"]):
        subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True, capture_output=True)
    nodes, urls = [], []
    for node in ("a", "b"):
        port = free_port()
        nodes.append(subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kidportal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env={**env, "NODE_NAME": node}, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for process, url in zip(nodes, urls, strict=True):
            for _attempt in range(300):
                if process.poll() is not None:
                    pytest.fail(f"the node for {url} exited with {process.returncode}")
                if reachable("127.0.0.1", int(url.rsplit(":", 1)[1])):
                    break
                time.sleep(0.1)
            else:
                pytest.fail(f"the node for {url} did not answer within 30 s")
        yield {"a": urls[0], "b": urls[1], "env": env, "database": name}
    finally:
        for process in nodes:
            process.terminate()
            process.wait(timeout=10)
        admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class Browser:
    """One person's cookies, used against either node (as behind a load balancer)."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, url):
        with self.opener.open(url) as response:
            return response.status, response.read().decode()

    def submit(self, form_url, data, *, post_to=None):
        """Opens the form, then posts `data` with the form's CSRF token; the page answered after redirects."""
        _status, page = self.get(form_url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}, doseq=True).encode()
        request = urllib.request.Request(post_to or form_url, data=body, headers={"Referer": form_url})
        with self.opener.open(request) as response:
            return response.status, response.read().decode()

    def log_in(self, node, username):
        status, page = self.submit(f"{node}/inloggen/", {"username": username, "password": "kidportaal-demo"})
        if "tweede-stap" in page or 'name="token"' in page:
            code = totp(base64.b32decode(DEMO_KEY))
            status, page = self.submit(f"{node}/inloggen/tweede-stap/", {"token": f"{code:06d}"})
        assert status == 200 and "Uitloggen" in page, page[:500]


def withdrawn_this_month(browser, node):
    month = timezone.localdate().strftime("%Y-%m")
    _status, text = browser.get(f"{node}/dashboard/export.csv?period=m:{month}")
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"):
        if row and row[0] == "gestopt":
            return row[1]
    raise AssertionError(text[:800])


def withdrawn_on_dashboard(browser, node):
    """The 'gestopt' cell of the dashboard page's table of closed trajectories, as the coördinator reads it."""
    month = timezone.localdate().strftime("%Y-%m")
    status, page = browser.get(f"{node}/dashboard/?period=m:{month}")
    assert status == 200
    cell = re.search(r'<th scope="row" class="fw-normal">gestopt</th><td class="text-end">([^<]+)</td>', page)
    assert cell, page[:800]
    return cell.group(1)


def test_a_change_through_node_a_is_what_node_b_answers_at_once(cluster):
    database = psycopg2.connect(dbname=cluster["database"], **PG)
    with database.cursor() as cursor:
        cursor.execute("""
            SELECT t.id FROM trajecten_trajectory t JOIN auth_user u ON u.id = t.coach_id
            WHERE u.username = 'coach-kid' AND t.status = 'active' ORDER BY t.id LIMIT 1""")
        (pk,) = cursor.fetchone()
    database.close()
    a, b = cluster["a"], cluster["b"]
    coach, coordinator = Browser(), Browser()
    coach.log_in(a, "coach-kid")
    coordinator.log_in(b, "coordinator-kid")

    # Node B answers first, so that whatever it keeps is warm.
    assert "ambulant traject" in coach.get(f"{b}/trajecten/{pk}/")[1]
    assert f"/trajecten/{pk}/" not in coach.get(f"{b}/trajecten/?status=withdrawn")[1]
    before = withdrawn_this_month(coordinator, b)
    assert withdrawn_on_dashboard(coordinator, b) == before

    status, page = coach.submit(f"{a}/trajecten/{pk}/stoppen/", {
        "version": re.search(r'name="version" value="(\d+)"', coach.get(f"{a}/trajecten/{pk}/stoppen/")[1]).group(1),
        "reason": "Het gezin is verhuisd.", "end_date": timezone.localdate().isoformat(), "definitief": "on",
    })
    assert "Het traject staat nu op" in page, page[:800]
    # The job on the timer (any node's) rebuilds the month's figures.
    subprocess.run([sys.executable, "manage.py", "refresh_figures", "--stale"], env=cluster["env"], cwd=ROOT,
                   check=True, capture_output=True)

    assert "gestopt" in coach.get(f"{b}/trajecten/{pk}/")[1]
    assert f"/trajecten/{pk}/" in coach.get(f"{b}/trajecten/?status=withdrawn")[1]
    assert int(withdrawn_this_month(coordinator, b)) == int(before) + 1
    assert int(withdrawn_on_dashboard(coordinator, b)) == int(before) + 1
