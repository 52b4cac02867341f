# The entry points: `make run` serves the site locally, `make test` runs the suite.
# Nothing else is needed on a fresh machine but Python 3.11+ and make.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint format check migrations-check ci clean bench soak

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the requirement files change.
$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# The interface's Japanese catalogue, compiled from the committed .po (pure Python, polib;
# a broken catalogue stops the build). The .mo is build output, git-ignored.
MO_FILES := locale/ja/LC_MESSAGES/django.mo

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.installed
	$(PY) manage.py compile_translations --locale $*

run: $(VENV)/.installed $(MO_FILES)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed --if-empty
	$(PY) manage.py ensure_local_superuser
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production profile on this machine (docs/deploy.md): deploy checks, static files
# collected under hashed names, migrations, then gunicorn with gunicorn.conf.py, in
# production mode, on the DATABASE_URL and REDIS_URL of the environment. Needs
# DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS; listens on GUNICORN_BIND (127.0.0.1:8000).
.PHONY: serve-prod
serve-prod: export DJANGO_DEBUG = 0
serve-prod: $(VENV)/.installed $(MO_FILES)
	$(PY) manage.py check --deploy
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py migrate --noinput
	exec $(VENV)/bin/gunicorn -c gunicorn.conf.py dialogues_site.wsgi

test: $(VENV)/.installed-dev $(MO_FILES)
	$(PY) -m pytest $(PYTEST_ARGS)

# Public pages under load (bench/web.py: gunicorn on PostgreSQL and Redis, driven by wrk,
# against a trivial view), then import and export against a raw bulk_create
# (bench/import_export.py), then a 100-page PDF uploaded and indexed against storing its
# bytes (bench/documents_upload.py). Prints figures, ratios and targets; never fails on them.
# DATABASE_URL (PostgreSQL) and REDIS_URL say where; bench/web.py --help for options.
# `make bench SCALE=100000` also measures the uncached pages on 100,000 meetings.
bench: $(VENV)/.installed-dev
	$(PY) bench/web.py $(if $(SCALE),--scale $(SCALE))
	$(PY) bench/import_export.py
	$(PY) bench/documents_upload.py

# 64 connections for 60 s over the public pages, then again through a restart of the
# PostgreSQL cluster serving DATABASE_URL (bench/soak.py); fails on any error answer or if
# service does not come back on its own.
soak: $(VENV)/.installed-dev
	$(PY) bench/soak.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(VENV)/.installed
	$(PY) manage.py check

migrations-check: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run

ci: lint check migrations-check test

clean:
	rm -rf $(VENV) staticfiles
