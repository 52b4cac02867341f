"""Settings come from the environment: safe locally, strict in production.

Each case runs Django in a fresh interpreter, because settings are read once at import.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "SECRET_KEY": settings.SECRET_KEY,
}))
"""


def clean_env(**overrides):
    """The current environment without any of the site's variables, plus ``overrides``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "DATABASE_CONN_MAX_AGE"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "dialogues_site.settings"
    env.update(overrides)
    return env


def run(args, **env):
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def print_settings(**env):
    result = run(["-c", PRINT_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def final_error_line(stderr):
    """The exception's own message, not the traceback's quoted source lines."""
    return [line for line in stderr.splitlines() if line.strip()][-1]


PRODUCTION_OK = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-real-production-secret-of-enough-length-0123456789",
    "DJANGO_ALLOWED_HOSTS": "dialogue.example.org, www.dialogue.example.org",
}


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
@pytest.mark.parametrize("how", ["unset", "blank"])
def test_production_refuses_to_start_without_a_required_variable(missing, how):
    env = dict(PRODUCTION_OK)
    if how == "unset":
        del env[missing]
    else:
        env[missing] = "   "

    result = run(["manage.py", "check"], **env)

    assert result.returncode != 0
    message = final_error_line(result.stderr)
    assert "ImproperlyConfigured" in message
    assert missing in message


def test_production_refuses_a_host_list_of_only_commas():
    result = run(["manage.py", "check"], **{**PRODUCTION_OK, "DJANGO_ALLOWED_HOSTS": " , ,"})

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in final_error_line(result.stderr)


def test_production_starts_with_both_variables_set():
    result = run(["manage.py", "check"], **PRODUCTION_OK)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_come_from_the_environment():
    settings = print_settings(**PRODUCTION_OK)
    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == ["dialogue.example.org", "www.dialogue.example.org"]
    assert settings["SECRET_KEY"] == PRODUCTION_OK["DJANGO_SECRET_KEY"]


@pytest.mark.parametrize("value", ["0", "false", "False", "no", "off"])
def test_every_usual_spelling_of_off_means_production(value):
    result = run(["manage.py", "check"], DJANGO_DEBUG=value)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in final_error_line(result.stderr)


def test_with_nothing_set_the_site_runs_locally_on_sqlite_in_the_project_folder():
    settings = print_settings()
    assert settings["DEBUG"] is True
    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(settings["NAME"]).parent == PROJECT_DIR
    assert Path(settings["NAME"]).suffix == ".sqlite3"
    assert "localhost" in settings["ALLOWED_HOSTS"]


def test_database_url_selects_postgresql():
    settings = print_settings(DATABASE_URL="postgres://someone@db.example.org:5432/dialogues")
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert settings["NAME"] == "dialogues"
