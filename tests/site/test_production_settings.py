"""The production profile's settings, read from the environment in fresh interpreters
(they are read once, at import): without Redis a per-process cache; with REDIS_URL the
shared cache, sessions and import storage; in production mode WhiteNoise's hashed and
compressed static files and JSON logs; the test settings never shared; WhiteNoise's place.
"""

import json
import subprocess
import sys

from django.conf import settings

from tests.site.process_helpers import PRODUCTION, PROJECT_DIR, clean_env

PRINT_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
cache = settings.CACHES["default"]
print(json.dumps({
    "cache": cache["BACKEND"],
    "location": cache.get("LOCATION"),
    "prefix": cache.get("KEY_PREFIX"),
    "sessions": settings.SESSION_ENGINE,
    "import_storage": settings.IMPORT_EXPORT_TMP_STORAGE_CLASS,
    "static_storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "log_formatter": settings.LOGGING["handlers"]["console"]["formatter"],
    "log_stream": settings.LOGGING["handlers"]["console"]["stream"],
    "db_options": settings.DATABASES["default"].get("OPTIONS", {}),
}))
"""


def settings_under(module="dialogues_site.settings", **env):
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=PROJECT_DIR,
        env=clean_env(DJANGO_SETTINGS_MODULE=module, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_redis_the_cache_is_per_process_and_static_files_stay_where_they_are():
    values = settings_under()

    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["sessions"] == "django.contrib.sessions.backends.db"
    assert values["import_storage"] == "import_export.tmp_storages.TempFolderStorage"
    assert values["static_storage"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert values["log_formatter"] == "text"


def test_redis_url_selects_the_shared_cache_sessions_and_import_storage():
    values = settings_under(
        REDIS_URL="redis://cache.internal:6379/2",
        DJANGO_CACHE_KEY_PREFIX="dialogue-a",
        DATABASE_URL="postgres://someone@db.internal:5432/dialogues",
    )

    # Redis behind a guard: a full or absent Redis costs speed, never an error page.
    assert values["cache"] == "dialogues_site.cache.GuardedRedisCache"
    assert values["location"] == "redis://cache.internal:6379/2"
    assert values["prefix"] == "dialogue-a"
    assert values["sessions"] == "django.contrib.sessions.backends.cached_db"
    # The import's confirm may land on another app server than its preview.
    assert values["import_storage"] == "import_export.tmp_storages.CacheStorage"
    # A PostgreSQL that does not answer fails a request in seconds (the 503 page).
    assert values["db_options"]["connect_timeout"] == 5


def test_production_mode_serves_hashed_compressed_static_files_and_logs_json():
    values = settings_under(**PRODUCTION)

    assert values["static_storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["log_formatter"] == "json"
    # A command's stdout is its output (export_records streams a CSV there); only the
    # app server logs to stdout (gunicorn.conf.py, checked with the servers below).
    assert values["log_stream"] == "ext://sys.stderr"


def test_the_test_settings_never_use_a_shared_redis_or_the_manifest():
    values = settings_under(
        "dialogues_site.settings_test", REDIS_URL="redis://cache.internal:6379/2", **PRODUCTION
    )

    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["sessions"] == "django.contrib.sessions.backends.db"
    assert values["import_storage"] == "import_export.tmp_storages.TempFolderStorage"
    assert values["static_storage"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_whitenoise_comes_right_after_the_security_middleware():
    assert settings.MIDDLEWARE[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
