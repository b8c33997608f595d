"""make backup and make restore (ops/backup.py): pg_dump and pg_restore in PostgreSQL's custom format.

The round trip runs on the PostgreSQL server of DATABASE_URL, or else the local one at 127.0.0.1:5432, in
databases of its own that it drops afterwards. Without PostgreSQL or its client (pg_dump, pg_restore) it skips
with a reason, except in CI (CI set), which has both: there a missing server is a broken pipeline."""

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def run(*args, database_url):
    environment = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=300)


def backup_script(*args, database_url):
    return run("ops/backup.py", *args, database_url=database_url)


def manage(*args, database_url):
    result = run("manage.py", *args, database_url=database_url)
    assert result.returncode == 0, result.stdout + result.stderr


def snapshot(database_url):
    result = run("-m", "tests.ops.snapshot", database_url=database_url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class Server:
    """Databases of this test run on one PostgreSQL server, named after the process so that parallel runs
    on the same server never meet."""

    def __init__(self, url):
        self.url = url
        self.names = []

    def execute(self, sql, database_url=None):
        connection = psycopg2.connect(database_url or self.url, connect_timeout=5)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()

    def create(self, purpose):
        name = f"kid_backup_test_{os.getpid()}_{purpose}"
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.execute(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return urlsplit(self.url)._replace(path=f"/{name}").geturl()

    def drop_all(self):
        for name in self.names:
            self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def postgres():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = LOCAL_SERVER
    missing = [program for program in ("pg_dump", "pg_restore") if shutil.which(program) is None]
    reason = f"{' and '.join(missing)} not found: install Debian's postgresql-client" if missing else None
    if reason is None:
        try:
            psycopg2.connect(url, connect_timeout=3).close()
        except psycopg2.OperationalError as error:
            reason = f"PostgreSQL not reachable at {urlsplit(url).hostname}: {str(error).strip()}"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have PostgreSQL and its client: {reason}")
        pytest.skip(reason)
    server = Server(url)
    yield server
    server.drop_all()


@pytest.fixture(scope="module")
def backed_up(postgres, tmp_path_factory):
    """A migrated database with the demo (six partnerships, their schools, teams, trajectories, nulmeting and
    klasjes, accounts with authenticator apps, the access log), its monthly figures built, and its back-up made
    as `make backup BACKUP=…` makes it."""
    source = postgres.create("source")
    manage("migrate", "--noinput", database_url=source)
    manage("load_demo", database_url=source)
    manage("refresh_figures", database_url=source)
    dump = tmp_path_factory.mktemp("backups") / "kidportaal.dump"
    result = backup_script("backup", str(dump), database_url=source)
    assert result.returncode == 0, result.stderr
    return source, dump


def test_a_restored_back_up_has_every_row_and_every_figure_of_the_original(postgres, backed_up):
    source, dump = backed_up
    target = postgres.create("target")
    result = backup_script("restore", str(dump), database_url=target)
    assert result.returncode == 0, result.stderr
    original, restored = snapshot(source), snapshot(target)
    assert original["rows"]["trajecten_trajectory"] >= 400
    assert original["rows"]["dashboards_pilotmonth"] > 0
    assert any(row[1] not in ("0", "<5") for figures in original["figures"].values()
               for row in figures["kerncijfers"])
    assert restored["rows"] == original["rows"]
    assert restored["sequences"] == original["sequences"]
    assert restored["figures"] == original["figures"]


def test_the_back_up_is_readable_by_its_owner_only(backed_up):
    _source, dump = backed_up
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(postgres, backed_up):
    _source, dump = backed_up
    target = postgres.create("occupied")
    postgres.execute("CREATE TABLE notes (note text)", target)

    refused = backup_script("restore", str(dump), database_url=target)
    assert refused.returncode == 1
    assert "is niet leeg" in refused.stderr and "public.notes" in refused.stderr
    assert snapshot_tables(postgres, target) == ["notes"]

    forced = backup_script("restore", "--force", str(dump), database_url=target)
    assert forced.returncode == 0, forced.stderr
    tables = snapshot_tables(postgres, target)
    assert "trajecten_trajectory" in tables and "notes" in tables


def snapshot_tables(postgres, database_url):
    connection = psycopg2.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
            return [name for (name,) in cursor.fetchall()]
    finally:
        connection.close()


def test_sqlite_is_copied_not_dumped(tmp_path):
    result = backup_script("backup", str(tmp_path / "kid.dump"), database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 1
    assert "SQLite" in result.stderr and "bestand te kopiëren" in result.stderr
    assert not (tmp_path / "kid.dump").exists()


def test_a_back_up_never_overwrites_another(tmp_path):
    earlier = tmp_path / "kid.dump"
    earlier.write_bytes(b"an earlier back-up")
    result = backup_script("backup", str(earlier), database_url="postgres://nobody@127.0.0.1:1/kidportaal")
    assert result.returncode == 1
    assert "bestaat al" in result.stderr
    assert earlier.read_bytes() == b"an earlier back-up"
