"""Benchmark settings: the portal as in production, plus two anchors (a bare view and the admin)."""

from kidportal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
# Served over plain http on the loopback for the load tool; everything else stays as in production.
SECURE_SSL_REDIRECT = False
# Warnings and errors only (a line per request would slow the run), but to the console: a 500 must show.
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
