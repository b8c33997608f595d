"""Production settings pass Django's deployment checklist; a missing secret key stops start-up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in dropped}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True,
    )


def test_production_settings_pass_check_deploy_without_any_finding():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY="p9Yx!f3-" + "k" * 30 + "Q7zL#w2mR8vT0sB5nC1eD6", ALLOWED_HOSTS="kid.example.nl",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY ontbreekt" in result.stderr


def test_dutch_by_default(settings):
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"


def test_dates_are_shown_as_day_month_year():
    import datetime

    from django.template import Context, Template

    rendered = Template("{{ day }}|{{ day|date:'SHORT_DATE_FORMAT' }}").render(
        Context({"day": datetime.date(2026, 11, 23)})
    )
    assert rendered == "23-11-2026|23-11-2026"


def test_production_static_files_collect_with_hashed_names(tmp_path):
    result = manage(
        "collectstatic", "--noinput", DEBUG="0", SECRET_KEY="p9Yx!f3-" + "k" * 40, STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/bootstrap/bootstrap.min.css" in manifest
    assert "vendor/chartjs/chart.umd.min.js" in manifest


def test_the_cache_is_redis_when_redis_url_is_set_and_memory_otherwise():
    show = ["shell", "-c", "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"]
    assert manage(*show, DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0").stdout.strip().endswith(
        "django.core.cache.backends.redis.RedisCache")
    assert manage(*show, DEBUG="1", REDIS_URL="").stdout.strip().endswith("locmem.LocMemCache")
