"""Settings for KID-portaal, read from the environment (see README, "Configuratie")."""

import os
import socket
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY ontbreekt. Zet een lange, willekeurige SECRET_KEY in de omgeving, "
            "of DEBUG=1 om lokaal te ontwikkelen."
        )
    SECRET_KEY = "django-insecure-alleen-voor-ontwikkeling-nooit-in-productie"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "kidportal.apps.KidAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "kidportal.apps.LoginSafetyConfig",  # django-axes, with Dutch names in the admin
    "csp",
    "django_otp",
    "kidportal.apps.SecondFactorConfig",  # django_otp.plugins.otp_totp, idem
    "accounts",
    "partners",
    "pilots",
    "trajecten",
    "audit",
    "dashboards",
    "demo",
]

MIDDLEWARE = [
    "kidportal.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kidportal.middleware.RejectNulCharacters",
    "audit.context.CurrentRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kidportal.urls"
WSGI_APPLICATION = "kidportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers write (the access log on every read): take the write lock up front and wait
    # for it, in WAL mode, instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE", "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, for the test database: the browser tests' live server answers from other threads.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
    # The caseload's covering index (INCLUDE columns) is a PostgreSQL optimisation; SQLite builds the index
    # on its key columns alone, which is what it needs. No warning on every command.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    # A form's choice list is read with QuerySet.iterator(): on PostgreSQL that is a server-side cursor
    # (DECLARE … WITH HOLD, FETCH, CLOSE), three round trips for a few dozen rows, on every list page.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"
# The link of "Wachtwoord vergeten" works for an hour (the mail says so).
PASSWORD_RESET_TIMEOUT = 60 * 60

# Five failed logins lock the combination of account and address (django-axes).
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
# The number of proxies in front of the portal (the TLS proxy: 1). Lockout and the access log both take the
# client's address from base/client.py; with 0, X-Forwarded-For is ignored.
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "base.client.client_address"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["kidportal.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Django's own form rendering finds the project's templates too (templates/forms/: base/forms.py).
FORM_RENDERER = "base.forms.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# A mail server that hangs must not hold a request (or the notification rows it locked) for long.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "KID-portaal <noreply@kidportaal.local>")

SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_ABSOLUTE_TIMEOUT = 12 * 60 * 60
LOGIN_URL_PATH = "/inloggen/"
OTP_TOTP_ISSUER = "KID-portaal"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The cache (dashboard figures, throttling counters): Redis shared by every node when REDIS_URL is set
# (redis://host:6379/0), else each process's own memory, the embedded default for one machine. Its keys
# carry the database's version tokens, so no node answers from an older state than the database's.
# Sessions stay in the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "kidportaal")}
    if REDIS_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

# Several nodes behind a load balancer (README, "Meerdere nodes"): each names itself in its logs and in /gezond/,
# which the load balancer asks over plain http on the node itself.
NODE_NAME = os.environ.get("NODE_NAME") or socket.gethostname()
SECURE_REDIRECT_EXEMPT = [r"^gezond/$"]

# stdout holds a line per request and per unhandled error, never a child's data (kidportal/logs.py,
# docs/decisions.md). JSON lines in production; development reads plain text unless LOG_FORMAT=json.
LOG_FORMAT = "json" if not DEBUG else os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "kidportal.logs.JsonFormatter", "node": NODE_NAME},
        "text": {"format": "%(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": LOG_FORMAT},
        "nowhere": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},  # four lines per PDF, "Step 1 - Fetching and parsing HTML"
        # Django's lines name the raw path ("Not Found: /…") and print an exception's message; in production
        # kidportal.requests says the same without them. runserver's django.server is for development only.
        **({} if DEBUG else {
            "django.request": {"handlers": ["nowhere"], "propagate": False},
            "django.server": {"handlers": ["nowhere"], "propagate": False},
        }),
    },
}

# Retention (docs/decisions.md): anonymise children this many months after their last trajectory closed.
RETENTION_MONTHS = int(os.environ.get("RETENTION_MONTHS", "24"))
ACCESS_LOG_RETENTION_YEARS = int(os.environ.get("ACCESS_LOG_RETENTION_YEARS", "5"))

# The pilot's coordinator is mailed a link on a new registration; links need the portal's address.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "")
