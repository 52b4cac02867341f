"""Settings for the Japan-ASEAN Dialogue record.

Everything comes from environment variables with safe local defaults: with nothing set,
the site runs in local mode (DEBUG on) on a SQLite file inside the project folder.
Production mode (``DJANGO_DEBUG=0``) refuses to start without ``DJANGO_SECRET_KEY``
and ``DJANGO_ALLOWED_HOSTS``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_required(name):
    """A variable production cannot run without; the message names it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DJANGO_DEBUG is off (production mode)."
        )
    return value


# Local mode (the default) is a laptop: DEBUG on, SQLite, a fixed key. Kept apart from
# DEBUG because the test runner turns DEBUG off while the suite still runs locally.
LOCAL_MODE = env_bool("DJANGO_DEBUG", True)
DEBUG = LOCAL_MODE

if LOCAL_MODE:
    # Local mode only: a fixed key is fine on a laptop and keeps sessions across restarts.
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "local-only-insecure-key-do-not-deploy"
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "[::1]"]
else:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:  # unset, blank, or only commas
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must list at least one host name (comma-separated) "
            "when DJANGO_DEBUG is off (production mode)."
        )

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Full-text search on PostgreSQL (dialogues_site/search.py); harmless on SQLite.
    "django.contrib.postgres",
    "django_filters",
    "import_export",
    "simple_history",
    "csp",
    "axes",
    "dialogues_site",
    "meetings",
    "programmes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Who made a change, for the history of records edited in the admin.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Login throttling; last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "dialogues_site.urls"

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
                "dialogues_site.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "dialogues_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))

SITE_NAME = "Japan-ASEAN Dialogue on Environmental Cooperation"


def env_positive_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise ImproperlyConfigured(f"{name} must be a whole number of bytes, e.g. 5242880.")
    return number


# Imports and exports (django-import-export; meetings/importing.py is the engine).
# Largest file an import accepts, in bytes.
IMPORT_MAX_BYTES = env_positive_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# Importing needs the "add" permission here and "change" too (RecordImportExportMixin);
# viewing a model is enough to export it.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# The library's escaping only covers "=" and drops it; the resources escape every
# formula trigger losslessly (meetings.importing.escape_formula).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
# Between preview and confirm the upload waits in the temporary folder, which is per
# machine; with several app servers, set "import_export.tmp_storages.CacheStorage" and
# a shared cache (Redis).
IMPORT_EXPORT_TMP_STORAGE_CLASS = os.environ.get(
    "IMPORT_EXPORT_TMP_STORAGE_CLASS", "import_export.tmp_storages.TempFolderStorage"
)

if not LOCAL_MODE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
