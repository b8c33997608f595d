# The portal's image (README, "Productie met Docker Compose"): gunicorn on port 8000, the static files collected
# at build and served by whitenoise. Every setting comes from the environment when a container starts; the
# deployment check and the migrations run in compose.yaml's one-shot migrate service.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    TZ=Europe/Amsterdam

RUN groupadd --system --gid 10001 kid \
 && useradd --system --uid 10001 --gid kid --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin kid

# WeasyPrint's libraries for the stuurgroep's vergaderstuk (PDF): Pango, HarfBuzz and a font, from Debian.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
      fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The dependencies from pyproject.toml in a layer of their own: a change to the code does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
      > /tmp/requirements.txt \
 && pip install --requirement /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# Editable, so that the code runs from /app, where the settings find templates/ and static/ (BASE_DIR). The code
# stays root's: the portal's user can read it, not change it.
COPY . .
RUN pip install --no-deps --editable .

# Production static files (hashed names and a manifest, DEBUG off). The settings want a secret key without DEBUG;
# this one exists only during this step and signs nothing.
RUN DEBUG=0 SECRET_KEY=collectstatic-at-build-time-only python manage.py collectstatic --noinput

# The monthly vergaderstukken (write_meeting_reports) go to a volume mounted here, written by the portal's user.
RUN mkdir /app/vergaderstukken && chown kid:kid /app/vergaderstukken

USER kid
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["python", "ops/healthcheck.py"]
CMD ["gunicorn", "kidportal.wsgi", "--workers", "2", "--timeout", "60", "--bind", "0.0.0.0:8000"]
