"""Killing an import mid-way (``kill -9`` of ``manage.py import_records``) leaves the
database exactly as it was: same rows in every table, byte for byte.

The import runs as a real process and is killed while its transaction holds rows not yet
committed. PostgreSQL: on the test database pytest-django created (``transaction=True``),
once its server process holds a write lock on the meetings table (``pg_locks``). SQLite:
the in-memory test database, which no other process can see, is copied to a file (the
backup API); killed once the rollback journal exists, which the next connection finds
"hot" and rolls back.
"""

import csv
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from meetings.models import Meeting
from meetings.resources import MeetingResource
from tests.factories import CountryFactory, MeetingFactory, MeetingSeriesFactory

ROOT = Path(__file__).resolve().parents[2]
NEW_ROWS = 5_000  # the write takes a good part of a second: time to be caught in it
EXISTING = 30


def make_record():
    """A small record the import updates (every title changes) and adds to."""
    series = MeetingSeriesFactory(slug="kill-series")
    country = CountryFactory(code="TH", name="Thailand", slug="thailand")
    MeetingFactory.create_batch(
        EXISTING, series=series, host_country=country, published=True, title="Before"
    )


def write_import_file(path):
    """The meetings as the resource exports them, every title changed, plus new rows."""
    resource = MeetingResource()
    rows = resource.iter_rows(Meeting.objects.order_by("pk"))
    header = next(rows)
    existing = list(rows)
    place = {column.attribute: n for n, column in enumerate(resource.export_columns())}
    # The English title: "title", or "title_en" once the record is translated.
    title = place["title_en"] if "title_en" in place else place["title"]
    slug, number = place["slug"], place["number"]
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for row in existing:
            writer.writerow([*row[:title], "After", *row[title + 1 :]])
        template = existing[0]
        for n in range(NEW_ROWS):
            row = list(template)
            row[slug], row[number], row[title] = f"killed-{n}", str(10_000 + n), f"New {n}"
            writer.writerow(row)


def fingerprint(cursor, tables):
    """{table: (row count, SHA-256 of its rows in a stable order)}."""
    found = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the schema
        rows = sorted(repr(row) for row in cursor.fetchall())
        found[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return found


def start_import(database_url, path):
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py's own settings, not the tests'
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "manage.py", "import_records", "meetings", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_when(process, writing, timeout=120):
    """kill -9 the process as soon as ``writing()`` is true; fails if it ends first."""
    deadline = time.monotonic() + timeout
    while not writing():
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"The import ended before it was seen writing:\n{out}\n{err}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("The import was not seen writing in time.")
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL, "killed while it was still running"


@pytest.mark.django_db(transaction=True)
def test_killed_import_leaves_the_database_as_it_was(tmp_path):
    make_record()
    import_file = tmp_path / "meetings.csv"
    write_import_file(import_file)

    if connection.vendor == "sqlite":
        database = tmp_path / "copy.sqlite3"
        with sqlite3.connect(database) as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
        journal = database.with_name(database.name + "-journal")

        def read():
            with sqlite3.connect(database) as db:
                cursor = db.cursor()
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                return fingerprint(cursor, [name for (name,) in cursor.fetchall()])

        before = read()
        process = start_import(f"sqlite:///{database}", import_file)
        kill_when(process, journal.exists)
        assert journal.exists(), "killed inside its transaction: the journal is left behind"
        after = read()  # the first connection rolls the journal back
        with sqlite3.connect(database) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    else:
        settings = connection.settings_dict
        url = (
            f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        )
        tables = connection.introspection.table_names()

        def writer_pid():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid FROM pg_locks WHERE relation = %s::regclass "
                    "AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid()",
                    [Meeting._meta.db_table],
                )
                row = cursor.fetchone()
            return row and row[0]

        with connection.cursor() as cursor:
            before = fingerprint(cursor, tables)
        process = start_import(url, import_file)
        pid = None

        def writing():
            nonlocal pid
            pid = writer_pid()
            return pid is not None

        kill_when(process, writing)
        # The server ends the orphaned transaction when it sees the connection gone; until
        # then its rows are invisible anyway, but the test's clean-up would wait on its locks.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone()[0] == 0:
                    break
            time.sleep(0.05)
        with connection.cursor() as cursor:
            after = fingerprint(cursor, tables)

    assert after == before
    assert before["meetings_meeting"][0] == EXISTING
