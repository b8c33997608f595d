"""Background jobs that every node may start at once (one crontab on each node): on PostgreSQL one of
them holds the job's advisory lock and works, the others see it taken and stop at once. SQLite serves one
machine, where a second run simply waits for the first's writes."""

import hashlib
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from django.db import connection


def lock_key(name):
    """A stable 64-bit key for the job `name` (PostgreSQL's advisory locks take a bigint)."""
    return int.from_bytes(hashlib.sha256(f"kidportaal:{name}".encode()).digest()[:8], "big", signed=True)


@contextmanager
def only_one(name, *, wait=False):
    """Yields True to the one run of job `name` that got the lock, False to the others; with `wait`, a run
    waits until the lock is free instead. The lock belongs to the database session, so a node that dies
    mid-job frees it with its connection."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = lock_key(name)
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
            acquired = True
        else:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


class JobCommand(BaseCommand):
    """A management command that is a job on a timer: `run(**options)` does the work while this node holds
    the job's lock; a node that finds it taken says so and stops. A run started by hand waits for the lock
    instead (`waits_for_lock`), so that it is never silently skipped."""

    def lock_name(self, **options):
        """Runs that must not overlap share a name; a command whose runs do different work (the daily digest
        beside the minute's mails) names each kind, so that one never skips the other."""
        return self.__module__.rpartition(".")[2]

    def waits_for_lock(self, **options):
        return False

    def handle(self, *args, **options):
        name = self.lock_name(**options)
        started = time.monotonic()
        with only_one(name, wait=self.waits_for_lock(**options)) as mine:
            if not mine:
                self.stdout.write(f"{name}: draait al op een andere node; deze keer overgeslagen.")
                return
            self.run(**options)
        self.stdout.write(f"{name}: klaar in {time.monotonic() - started:.1f} s.")

    def run(self, **options):
        raise NotImplementedError
