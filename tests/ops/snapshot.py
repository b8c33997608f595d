"""What a back-up must keep, printed as JSON: every table's row count and every sequence's position in the
public schema, and the dashboard tables of every partnership (and of all together) over five school years,
exact and as the stuurgroep reads them. Run against a PostgreSQL DATABASE_URL: python -m tests.ops.snapshot"""

import json
import os
import sys

import django

DUMMY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kidportal.settings")
    django.setup()
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import override_settings
    from django.utils import timezone

    from dashboards import periods, reporting
    from partners.models import Partnership
    from pilots.models import Pilot
    from trajecten.models import Trajectory

    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        rows = {}
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            rows[table] = cursor.fetchone()[0]
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1")
        sequences = dict(cursor.fetchall())

    scopes = [("alle", Pilot.objects.all())] + [
        (f"swv {partnership.pk}", Pilot.objects.filter(partnership=partnership))
        for partnership in Partnership.objects.order_by("pk")
    ]
    this_year = periods.school_year_of(timezone.localdate()).start.year
    figures = {}
    # Every figure from this database: none from a cache that the other database's snapshot filled.
    with override_settings(CACHES=DUMMY_CACHE):
        assert type(caches["default"]).__name__ == "DummyCache"
        for name, pilots in scopes:
            trajectories = Trajectory.objects.filter(pilot__in=pilots)
            for year in range(this_year - 4, this_year + 1):
                result = reporting.compute(trajectories, pilots, periods.school_year(year))
                for exact in (True, False):
                    figures[f"{name} {year} {'exact' if exact else 'stuurgroep'}"] = {
                        table.key: [[str(cell) for cell in row] for row in table.rows]
                        for table in reporting.build_tables(result, exact)
                    }
    json.dump({"rows": rows, "sequences": sequences, "figures": figures}, sys.stdout)


if __name__ == "__main__":
    main()
