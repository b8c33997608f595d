VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test install lint bench backup restore

# Development settings: a local secret key, no HTTPS redirect. Production sets DEBUG=0 and SECRET_KEY.
demo test lint: export DEBUG := 1

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# The demo runs the jobs of the production timer (README) beside the server: every minute the stale monthly
# figures and the notifications (mails go to the console).
demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	(while sleep 60 && kill -0 $$$$ 2>/dev/null; do $(PY) manage.py refresh_figures --stale >/dev/null; \
	  PORTAL_BASE_URL=http://127.0.0.1:8000 $(PY) manage.py send_notifications >/dev/null; done) & \
	$(PY) manage.py runserver 127.0.0.1:8000

# The suite runs on every core (pytest-xdist, one test database per worker); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(TEST_WORKERS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# Back-up of the PostgreSQL database in DATABASE_URL (README, "Back-ups"): pg_dump/pg_restore, custom format.
# make backup [BACKUP=file.dump] (default backups/kidportaal-<date-time>.dump)
# make restore BACKUP=file.dump [FORCE=1] (into an empty database; FORCE=1 replaces what the back-up holds)
backup: install
	$(PY) ops/backup.py backup $(if $(BACKUP),"$(BACKUP)")

restore: install
	$(PY) ops/backup.py restore $(if $(BACKUP),"$(BACKUP)") $(if $(FORCE),--force)

# Load benchmark (needs Debian's wrk): make bench BENCH_DB=postgres://postgres@127.0.0.1:5432/kid_bench BENCH_SIZE=100000
BENCH_DB ?= sqlite:///$(CURDIR)/bench-db.sqlite3
BENCH_SIZE ?= 100000
BENCH_ROUNDS ?= 3
BENCH_NODES ?= 1
BENCH_REDIS ?=
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run.py --database-url $(BENCH_DB) --size $(BENCH_SIZE) --rounds $(BENCH_ROUNDS) \
	  --nodes $(BENCH_NODES) --redis-url "$(BENCH_REDIS)"
