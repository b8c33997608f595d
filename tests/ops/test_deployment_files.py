"""The production example does what the README's production steps say: the Dockerfile, compose.yaml, the job
runner (ops/jobs.sh) and the proxy (ops/nginx.conf), read as text and YAML, without a docker engine. Where
docker compose exists, .ci/run also has it validate compose.yaml (`docker compose config -q`)."""

import json
import re
import shlex
import subprocess
from itertools import takewhile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
NODES = ["portal-1", "portal-2"]
OF_THE_IMAGE = ["migrate", *NODES, "jobs"]


def readme_block(heading):
    """The first ```sh block under a README heading."""
    section = README.split(f"### {heading}\n", 1)[1]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]


def manage_commands(text):
    """Each `manage.py …` in shell text, as its arguments up to the end of that command."""
    commands = []
    for line in text.splitlines():
        words = shlex.split(line, comments=True)
        for index, word in enumerate(words):
            if word.endswith("manage.py"):
                commands.append(" ".join(takewhile(lambda w: w not in {"&&", "||", ";", "|"}, words[index + 1:])))
    return commands


def dockerfile():
    """The Dockerfile's instructions as (keyword, argument), continuation lines joined, comments left out."""
    instructions, current = [], ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.lstrip().startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current = (current + line).strip()
        if current:
            keyword, argument = current.split(None, 1)
            instructions.append((keyword.upper(), argument))
        current = ""
    return instructions


def instruction(keyword):
    return [argument for found, argument in dockerfile() if found == keyword]


def shell_of(command):
    """A compose command ["sh", "-c", "…"] as its shell text."""
    assert command[:2] == ["sh", "-c"], command
    return command[2]


def test_the_image_and_the_migrate_service_take_the_readme_production_steps():
    documented = manage_commands(readme_block("Productie met gunicorn"))
    assert documented == ["check --deploy --fail-level WARNING", "migrate --noinput", "collectstatic --noinput"]
    built = [command for run in instruction("RUN") for command in manage_commands(run)]
    assert built == ["collectstatic --noinput"]
    started = manage_commands(shell_of(SERVICES["migrate"]["command"]))
    assert started == ["check --deploy --fail-level WARNING", "migrate --noinput"]
    assert sorted(built + started) == sorted(documented)


def test_the_image_starts_gunicorn_as_the_readme_does_on_every_address():
    documented = next(line for line in readme_block("Productie met gunicorn").splitlines() if "gunicorn " in line)
    documented = shlex.split(documented)
    (command,) = instruction("CMD")
    started = json.loads(command)
    assert Path(documented[0]).name == started[0] == "gunicorn"
    assert documented[1] == started[1] == "kidportal.wsgi"
    documented_options, started_options = dict(zip(documented[2::2], documented[3::2], strict=True)), dict(
        zip(started[2::2], started[3::2], strict=True))
    assert documented_options.pop("--bind") == "127.0.0.1:8000"
    assert started_options.pop("--bind") == "0.0.0.0:8000"
    assert started_options == documented_options
    assert instruction("EXPOSE") == ["8000"]


def test_the_image_is_python_3_11_on_debian_slim_and_runs_as_a_user_without_root():
    (base,) = instruction("FROM")
    assert re.fullmatch(r"python:3\.11-slim(-bookworm)?", base)
    keywords = [keyword for keyword, _argument in dockerfile()]
    last_user = len(keywords) - 1 - keywords[::-1].index("USER")
    assert dockerfile()[last_user][1] not in {"root", "0"}
    assert "RUN" not in keywords[last_user:]


def test_the_image_installs_the_project_from_pyproject_with_pip():
    runs = " ".join(instruction("RUN"))
    assert "tomllib.load(open('pyproject.toml'" in runs and "pip install --requirement" in runs
    assert "pip install --no-deps --editable ." in runs


def test_the_health_check_asks_the_node_for_gezond():
    (check,) = instruction("HEALTHCHECK")
    assert check.endswith('CMD ["python", "ops/healthcheck.py"]')
    assert '"/gezond/"' in (ROOT / "ops" / "healthcheck.py").read_text()


def test_compose_runs_the_database_the_cache_a_migration_two_nodes_the_jobs_and_a_proxy():
    assert set(SERVICES) == {"db", "redis", "migrate", *NODES, "jobs", "proxy"}
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")
    for name in OF_THE_IMAGE:
        assert (SERVICES[name]["build"], SERVICES[name]["image"]) == (".", "kidportaal:latest"), name
    assert SERVICES["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in [*NODES, "jobs"]:
        assert SERVICES[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name


def test_the_nodes_differ_only_in_their_name_and_are_set_up_behind_one_proxy():
    first, second = (dict(SERVICES[name]["environment"]) for name in NODES)
    assert (first.pop("NODE_NAME"), second.pop("NODE_NAME")) == ("portal-1", "portal-2")
    assert first == second
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS",
            "PORTAL_BASE_URL"} <= set(first)
    assert first["TRUSTED_PROXIES"] == "1"
    assert first["DEBUG"] == "0"
    assert first["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in first["DATABASE_URL"]


def test_every_variable_compose_sets_is_one_the_portal_reads():
    source = "\n".join(path.read_text() for path in ROOT.rglob("*.py")
                       if path.relative_to(ROOT).parts[0] not in {".venv", "tests", "ops", "bench"})
    # dj-database-url reads DATABASE_URL itself.
    read = {name for name in SERVICES["portal-1"]["environment"] if f'"{name}"' in source}
    if "dj_database_url.config(" in source:
        read.add("DATABASE_URL")
    assert set(SERVICES["portal-1"]["environment"]) == read


def test_the_job_runner_runs_the_readme_crontab():
    assert SERVICES["jobs"]["command"] == ["sh", "ops/jobs.sh"]
    runner = (ROOT / "ops" / "jobs.sh").read_text()
    assert sorted(manage_commands(runner)) == sorted(manage_commands(readme_block(
        "Taken op een timer: bewaartermijn, maandcijfers, meldingen")))
    assert subprocess.run(["sh", "-n", str(ROOT / "ops" / "jobs.sh")]).returncode == 0


def test_the_proxy_balances_over_both_nodes_passes_the_client_on_and_serves_nothing_else():
    proxy = SERVICES["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert "./ops/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]
    assert proxy["depends_on"] == {name: {"condition": "service_healthy"} for name in NODES}
    config = (ROOT / "ops" / "nginx.conf").read_text()
    upstream = re.search(r"upstream portal \{(.*?)\}", config, re.S).group(1)
    assert re.findall(r"server (\S+?:\d+)", upstream) == [f"{name}:8000" for name in NODES]
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in config
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in config
    assert re.findall(r"^\s*location\s+(\S+)", config, re.M) == ["/"]
    assert re.findall(r"^\s*proxy_pass\s+(\S+);", config, re.M) == ["http://portal"]
    assert not re.search(r"^\s*(root|alias|autoindex|index)\s", config, re.M)


def test_no_back_up_secret_or_database_goes_into_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".env", "backups/", "certs/", "*.dump", "db.sqlite3*", ".venv/"} <= set(ignored)
