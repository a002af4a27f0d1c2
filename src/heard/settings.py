"""Django settings for Heard.

Every setting an operator may change is read from an environment variable (documented in the
README, "Settings"), with a default that is safe on a laptop. An optional, untracked
``heard/local_settings.py`` is imported last for anything else.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from heard.env import envbool, envchoice, envint, envlist, envsecret, envstr

# The repository root (src/heard/settings.py -> ../../).
BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(envstr("HEARD_DATA_DIR", str(BASE_DIR / "var"))).resolve()

DEBUG = envbool("HEARD_DEBUG", False)


def _secret_key() -> str:
    """HEARD_SECRET_KEY, or a random key kept in DATA_DIR so sessions survive a restart.

    The file is the safe local default: nothing secret is in the repository, and each
    installation has its own key. Several servers behind a load balancer must share one key
    through HEARD_SECRET_KEY (or HEARD_SECRET_KEY_FILE).
    """
    configured = envsecret("HEARD_SECRET_KEY")
    if configured:
        return configured
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("HEARD_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("HEARD_CSRF_TRUSTED_ORIGINS", [])

# Behind TLS in production: secure cookies, HSTS and a redirect to https.
HTTPS = envbool("HEARD_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("HEARD_SESSION_SECONDS", 8 * 60 * 60, minimum=300)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "heard",
    "heard.timescales",
    "heard.audit",
    "heard.people",
    "heard.complaints",
    "heard.investigations",
    "heard.decisions",
    "heard.ombudsman",
    "heard.roster",
    "heard.reporting",
    "heard.documents",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "heard.urls"
WSGI_APPLICATION = "heard.wsgi.application"
AUTH_USER_MODEL = "people.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "heard.context_processors.service",
            ],
        },
    },
]


def _databases() -> dict[str, Any]:
    """PostgreSQL from DATABASE_URL, otherwise a SQLite file in DATA_DIR in WAL mode."""
    url = envstr("DATABASE_URL", "")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        # PostgreSQL's JIT compiler pays off for long analytical queries, not for pages: on the
        # benchmark it added up to 200 ms to queries that run in a few milliseconds without it.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
        return {"default": config}
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "heard.sqlite3",
            # Kept open between requests, as PostgreSQL's is: opening the file and setting it
            # up again for every request, with SQLite's page cache empty each time, cost the
            # case page about a seventh of its time at 100,000 complaints (decision 033).
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers carry on while one request writes; IMMEDIATE makes a
                # writing transaction take its lock at BEGIN, so concurrent writers queue
                # instead of failing half-way with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Statutory days are UK local dates; instants are stored in UTC and shown in London time.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise also serves STATIC_ROOT (filled by collectstatic in a release); it must exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [
    # GOV.UK Frontend's compiled JavaScript and images, installed from npm (package.json). Our
    # stylesheet is compiled from its Sass by `npm run build` into static/heard/build/.
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
STATICFILES_FINDERS = [
    # Django's FileSystemFinder minus GOV.UK's reserved GDS Transport font (heard/staticfiles.py).
    "heard.staticfiles.FileSystemFinderWithoutReserved",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the finders so a fresh checkout needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Heard's own settings.
COUNCIL_NAME = envstr("HEARD_COUNCIL_NAME", "Demo Borough Council")
PHASE = envstr("HEARD_PHASE", "beta")
FEEDBACK_EMAIL = envstr("HEARD_FEEDBACK_EMAIL", "complaints.team@example.org")
# Local target for acknowledging a complaint, in working days (domain.md rule 12).
ACKNOWLEDGEMENT_WORKING_DAYS = envint("HEARD_ACKNOWLEDGEMENT_WORKING_DAYS", 2, minimum=1)
# When the Stage 2 clock starts (domain.md "Decisions for Heard" 3).
STAGE2_START = envchoice(
    "HEARD_STAGE2_START", "request_date", ("request_date", "statement_agreed_date")
)
# The jurisdiction whose timescale rules apply (only England today).
JURISDICTION = envchoice("HEARD_JURISDICTION", "england", ("england",))
# Calendar days after an appointment ends during which an independent officer may still record
# their time and fees on it, and see nothing else of the case (ADR 022). 90 days covers a
# provider invoicing monthly in arrears, with a month's grace for queries.
FEES_ACCESS_DAYS = envint("HEARD_FEES_ACCESS_DAYS", 90, minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("HEARD_LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every step of every PDF at INFO; only its warnings are worth a line.
    "loggers": {
        name: {"level": "WARNING"} for name in ("weasyprint", "weasyprint.progress", "fontTools")
    },
}

# Letters and reports (decision 038): the council as its letters name it.
COUNCIL_ADDRESS = envstr(
    "HEARD_COUNCIL_ADDRESS",
    "Children's Services Complaints\nTown Hall\nHigh Street\nDemoton DT1 1AA",
).replace("\\n", "\n")
COUNCIL_COMPLAINTS_SERVICE = envstr(
    "HEARD_COUNCIL_COMPLAINTS_SERVICE", "Children's Complaints Team"
)
COUNCIL_COMPLAINTS_PHONE = envstr("HEARD_COUNCIL_COMPLAINTS_PHONE", "01234 567890")
COUNCIL_SIGNATORY = envstr("HEARD_COUNCIL_SIGNATORY", "Complaints Manager")

# Slow work after commit (a sent letter's PDF and Word files) runs as tasks, through Django's
# tasks API with the database backend: `heard worker` runs them (decision 038).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The Local Government and Social Care Ombudsman, as every refusal and final letter names it.
OMBUDSMAN_NAME = envstr("HEARD_OMBUDSMAN_NAME", "Local Government and Social Care Ombudsman")
OMBUDSMAN_WEBSITE = envstr("HEARD_OMBUDSMAN_WEBSITE", "www.lgo.org.uk")
OMBUDSMAN_PHONE = envstr("HEARD_OMBUDSMAN_PHONE", "0300 061 0614")

try:  # An untracked local override, imported last.
    from heard.local_settings import *  # noqa: F403
except ImportError:
    pass
