"""Fresh statistics after bulk writes (issue 11, finding 5): on PostgreSQL an import, a
backup read back and the demo data ANALYZE the tables they wrote, once committed.

The tests run in a transaction that is never committed: the callbacks waiting for the
commit are run by ``django_capture_on_commit_callbacks(execute=True)``, inside it, where
PostgreSQL allows ANALYZE. What it leaves is read in ``pg_class.reltuples``, the planner's
row count: -1 (never analysed) or a stale figure before, the table's rows after.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from exchange import backup
from exchange.files import read_file
from meetings.models import Country, Meeting
from meetings.resources import MeetingResource
from tests.factories import CountryFactory, MeetingSeriesFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: on SQLite nothing is analysed (Django writes no SQLite "
        "statistics, so none go stale)",
    ),
]

HEADER = "Slug,Series,Kind,Number in the series,Start date,City,Host country"


def planned_rows(model):
    """The planner's idea of how many rows ``model``'s table holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
        )
        return cursor.fetchone()[0]


def meetings_file(count):
    rows = [f"meeting-{n},jad,dialogue,{n},2008-03,Hanoi,VN" for n in range(1, count + 1)]
    return ("\n".join([HEADER, *rows]) + "\n").encode()


@pytest.fixture
def world():
    MeetingSeriesFactory(slug="jad", short_name="JAD")
    CountryFactory(code="VN", name="Viet Nam", slug="viet-nam")


def test_an_import_leaves_fresh_statistics(world, django_capture_on_commit_callbacks):
    history = Meeting.history.model
    assert planned_rows(Meeting) != 40
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = MeetingResource().import_data(read_file(meetings_file(40)), file_name="m.csv")
    assert not result.has_errors() and not result.has_validation_errors()
    assert callbacks  # run after the commit, not inside the import's transaction
    assert Meeting.objects.count() == 40
    assert planned_rows(Meeting) == 40
    assert planned_rows(history) == history.objects.count() == 40


def test_a_dry_run_or_a_refused_import_analyses_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        MeetingResource().import_data(read_file(meetings_file(5)), dry_run=True)
        refused = meetings_file(2).replace(b",VN\n", b",XX\n")
        MeetingResource().import_data(read_file(refused))
    assert callbacks == []


def test_import_site_leaves_fresh_statistics(tmp_path, django_capture_on_commit_callbacks):
    for code in ["VN", "TH", "JP"]:
        CountryFactory(code=code, slug=code.lower())
    backup.export_site(tmp_path / "backup")
    Country.objects.all().delete()
    assert planned_rows(Country) != 3
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = backup.import_site(tmp_path / "backup")
    assert not any(outcome.refused for outcome in outcomes)
    assert planned_rows(Country) == Country.objects.count() == 3


def test_generate_demo_data_leaves_fresh_statistics(django_capture_on_commit_callbacks):
    assert planned_rows(Meeting) != 30
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "generate_demo_data",
            "--series",
            "2",
            "--meetings",
            "30",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert Meeting.objects.count() == 30
    assert planned_rows(Meeting) == 30
