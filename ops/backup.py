"""Back-up and restore of the portal's PostgreSQL database (README, "Back-ups"): `make backup`, `make restore`.

    python ops/backup.py backup [FILE]           pg_dump -Fc of DATABASE_URL; default backups/kidportaal-….dump
    python ops/backup.py restore FILE [--force]  pg_restore into DATABASE_URL, which must be empty

DATABASE_URL is read as the settings read it (dj-database-url, SQLite when unset). The script does not load
Django, so it runs without SECRET_KEY. pg_dump and pg_restore get the connection as a libpq connection string
and the password in PGPASSWORD: a password on the command line would show in every process list.
"""

import argparse
import datetime
import os
import subprocess
import sys
from pathlib import Path

import dj_database_url
import psycopg2

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{ROOT / 'db.sqlite3'}"
POSTGRESQL_ENGINES = {"django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis"}


class Refusal(Exception):
    """What the operator reads, in Dutch, before the script stops with exit code 1."""


def connection(url):
    """(libpq connection string without the password, password, database name) for a PostgreSQL DATABASE_URL."""
    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        raise Refusal(
            f"DATABASE_URL wijst naar SQLite ({config['NAME']}). Maak daarvan een back-up door het bestand te "
            "kopiëren terwijl het portaal stilstaat (met de bestanden -wal en -shm ernaast, als die er zijn); "
            "terugzetten is het bestand terugkopiëren. make backup en make restore zijn voor PostgreSQL."
        )
    if config["ENGINE"] not in POSTGRESQL_ENGINES:
        raise Refusal(f"make backup en make restore werken alleen met PostgreSQL, niet met {config['ENGINE']}.")
    parameters = {"dbname": config["NAME"], "host": config.get("HOST"), "port": config.get("PORT"),
                  "user": config.get("USER"), **config.get("OPTIONS", {})}
    conninfo = " ".join(f"{key}={quote(value)}" for key, value in parameters.items() if value not in (None, ""))
    return conninfo, config.get("PASSWORD") or "", config["NAME"]


def quote(value):
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def run(program, arguments, password):
    environment = dict(os.environ)
    if password:
        environment["PGPASSWORD"] = password
    try:
        result = subprocess.run([program, *arguments], env=environment)
    except FileNotFoundError:
        raise Refusal(
            f"{program} niet gevonden. Installeer de PostgreSQL-client (Debian: apt-get install postgresql-client), "
            "van dezelfde hoofdversie als de server of nieuwer."
        ) from None
    if result.returncode != 0:
        raise Refusal(f"{program} stopte met code {result.returncode} (de melding staat hierboven).")


def backup(url, target):
    conninfo, password, name = connection(url)
    if target is None:
        target = ROOT / "backups" / f"kidportaal-{datetime.datetime.now():%Y-%m-%d-%H%M%S}.dump"
    target = Path(target)
    if target.exists():
        raise Refusal(f"{target} bestaat al; een back-up overschrijft geen andere. Kies een andere naam.")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name and renamed when pg_dump succeeded: a file with the final name is a whole
    # back-up. Readable by its owner only, from the first byte: it holds children's data.
    partial = target.with_name(target.name + ".onvolledig")
    previous_umask = os.umask(0o077)
    try:
        run("pg_dump", ["--format=custom", f"--file={partial}", f"--dbname={conninfo}"], password)
        partial.replace(target)
    finally:
        os.umask(previous_umask)
        partial.unlink(missing_ok=True)
    print(f"Back-up van {name} geschreven naar {target} ({target.stat().st_size // 1024} kB).")
    print("Let op: dit bestand bevat gegevens van kinderen. Bewaar het versleuteld en alleen voor wie het nodig "
          "heeft toegankelijk (README, Back-ups).")


def tables_in(conninfo, password):
    try:
        database = psycopg2.connect(conninfo, password=password or None)
    except psycopg2.OperationalError as error:
        raise Refusal(f"Kan de database niet bereiken: {str(error).strip()}") from None
    try:
        with database.cursor() as cursor:
            cursor.execute(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
            )
            return [row[0] for row in cursor.fetchall()]
    finally:
        database.close()


def restore(url, source, force):
    if source is None:
        raise Refusal("Geef de back-up op: make restore BACKUP=pad/naar/bestand.dump")
    source = Path(source)
    if not source.is_file():
        raise Refusal(f"{source} bestaat niet of is geen bestand.")
    conninfo, password, name = connection(url)
    tables = tables_in(conninfo, password)
    arguments = ["--single-transaction", "--no-owner", "--no-privileges", f"--dbname={conninfo}"]
    if tables:
        if not force:
            raise Refusal(
                f"De database {name} is niet leeg ({len(tables)} tabellen, zoals {', '.join(tables[:3])}). "
                "Zet een back-up terug in een lege database (createdb), of vervang met FORCE=1 (make) of "
                "--force wat in de back-up staat."
            )
        arguments += ["--clean", "--if-exists"]
    run("pg_restore", [*arguments, str(source)], password)
    print(f"{source} teruggezet in {name}.")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Back-up en terugzetten van de PostgreSQL-database uit DATABASE_URL.")
    steps = parser.add_subparsers(dest="step", required=True)
    make = steps.add_parser("backup", help="pg_dump in het custom-formaat")
    make.add_argument("file", nargs="?", help="doelbestand (standaard backups/kidportaal-<datum-tijd>.dump)")
    back = steps.add_parser("restore", help="pg_restore in een lege database")
    back.add_argument("file", nargs="?", help="de back-up")
    back.add_argument("--force", action="store_true",
                      help="ook in een niet-lege database: vervang wat in de back-up staat")
    options = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    try:
        if options.step == "backup":
            backup(url, options.file)
        else:
            restore(url, options.file, options.force)
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
