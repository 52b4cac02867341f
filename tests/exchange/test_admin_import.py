"""Import in the editors' admin: upload, preview, confirm; and who may publish by import.

The files are real ones under tests/fixtures/admin_import/ (the XLSX workbooks are made
here with openpyxl). The preview writes nothing, the confirmation writes everything and
records who imported what; publication columns count only for Publishers. Refused files
are in test_admin_import_refusals.py; the shared steps in admin_helpers.py.
"""

import datetime
import hashlib
import tempfile
from pathlib import Path

import pytest
from django.contrib.admin.models import ADDITION, LogEntry

from core.models import PublicationStatus
from exchange.models import ImportRecord
from meetings.models import Meeting, Person
from programmes.models import Programme
from tests.exchange.admin_helpers import (
    CSV,
    EXPORT_CSV,
    XLSX,
    confirm,
    fixture,
    page,
    snapshot,
    upload,
    url,
    workbook_bytes,
)
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("temporary_folder")]


@pytest.fixture
def existing_meetings(world):
    """Two meetings meetings_good.csv names: one it changes, one it leaves as it is."""
    common = {"series": world["series"], "end_date": None, "venue": "", "outline": ""}
    third = MeetingFactory(
        slug="third-dialogue-2009", number=3, start_date="2009-01-01", date_precision="year",
        city="Bangkok", host_country=world["th"], **common,
    )  # fmt: skip
    fourth = MeetingFactory(
        slug="fourth-dialogue-2010", number=4, start_date="2010-06-01", city="Tokyo",
        host_country=world["th"], **common,
    )  # fmt: skip
    return third, fourth


# Upload, preview, confirm --------------------------------------------------------------


class TestUploadPreviewConfirm:
    def test_fixture_is_what_people_save(self):
        data = fixture("meetings_good.csv")
        assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
        assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
        assert b"  slug ,SERIES," in data  # header spacing and letter case
        assert data.endswith(b",,,,,,\r\n\r\n")  # trailing empty rows

    def test_preview_shows_counts_and_differences_and_writes_nothing(
        self, editor_client, existing_meetings
    ):
        before = snapshot()

        response = upload(editor_client, "meetings_good.csv")

        assert response.status_code == 200
        html = page(response)
        assert "2 to create, 1 to update, 1 unchanged." in html
        assert "<del>Bangkok</del> <ins>Chiang Mai</ins>" in html
        assert ">Hanoi<" in html and ">2008-03<" in html
        assert 'value="Confirm import"' in html
        assert "meetings_good.csv" in html
        assert snapshot() == before
        record = ImportRecord.objects.get()
        assert record.outcome == ImportRecord.Outcome.DRY_RUN
        assert (record.created, record.updated, record.skipped) == (2, 1, 1)

    def test_confirm_writes_everything_and_records_who_and_what(
        self, editor_client, editor_user, existing_meetings
    ):
        third, fourth = existing_meetings
        preview = upload(editor_client, "meetings_good.csv")

        response = confirm(editor_client, preview, follow=True)

        assert response.redirect_chain[-1][0] == url("meeting", "changelist")
        assert "Imported meetings_good.csv: 2 created, 1 updated, 1 unchanged meetings." in page(
            response
        )
        first = Meeting.objects.get(slug="first-dialogue-2008")
        assert first.date_display == "March 2008"
        assert first.host_country.code == "VN"  # "vn" in the file
        assert first.status == PublicationStatus.DRAFT
        second = Meeting.objects.get(slug="second-dialogue-2008")
        assert second.kind.slug == "dialogue"  # given by its label
        third.refresh_from_db()
        assert third.city == "Chiang Mai"
        assert Meeting.objects.count() == 4

        record = ImportRecord.objects.get(outcome=ImportRecord.Outcome.IMPORTED)
        assert record.user == editor_user
        assert record.source == ImportRecord.Source.ADMIN
        assert record.file_name == "meetings_good.csv"
        assert record.file_sha256 == hashlib.sha256(fixture("meetings_good.csv")).hexdigest()
        assert record.model == "meetings"
        assert (record.rows, record.created, record.updated, record.skipped) == (4, 2, 1, 1)
        assert record.problems == ""
        # Each record's history says where the change came from.
        entry = LogEntry.objects.get(object_id=str(first.pk))
        assert entry.action_flag == ADDITION
        assert entry.user == editor_user
        assert entry.get_change_message() == "Imported from meetings_good.csv."
        assert not LogEntry.objects.filter(object_id=str(fourth.pk)).exists()

    def test_xlsx_workbook(self, editor_client, world):
        september_26 = datetime.date(2013, 9, 26)
        data = workbook_bytes(
            [
                [
                    "slug",
                    "Series ",
                    "KIND",
                    "Number in the series",
                    "Start date",
                    "City",
                    "Host country",
                ],
                ["first-dialogue-2008", "jad", "dialogue", 1, "2008-03", "Hanoi", "VN"],
                # A date typed into a spreadsheet is a date cell, and a number a float.
                ["seventh-dialogue-2013", "jad", "dialogue", 7.0, september_26, "Hue", "VN"],
                [None] * 7,
            ]
        )
        preview = upload(editor_client, "meetings.xlsx", data, file_format=XLSX)
        assert "2 to create, 0 to update, 0 unchanged." in page(preview)

        confirm(editor_client, preview)

        seventh = Meeting.objects.get(slug="seventh-dialogue-2013")
        assert (seventh.number, seventh.date_display) == (7, "26 September 2013")
        record = ImportRecord.objects.get(outcome=ImportRecord.Outcome.IMPORTED)
        assert record.file_sha256 == hashlib.sha256(data).hexdigest()

    def test_programme_with_many_to_many_values(self, editor_client, world):
        data = fixture("programmes_unknown_theme.csv").replace(b"|no-such-theme", b"")
        preview = upload(editor_client, "programmes.csv", data, model_name="programme")
        assert ">water<" in page(preview) and ">TH|VN<" in page(preview)

        confirm(editor_client, preview, model_name="programme")

        programme = Programme.objects.get(slug="esc-model-cities")
        assert list(programme.themes.all()) == [world["theme"]]
        assert set(programme.countries.all()) == {world["vn"], world["th"]}
        assert programme.fund == world["fund"]

    def test_confirm_is_refused_when_the_record_changed_since_the_preview(
        self, editor_client, world
    ):
        data = b"\n".join(fixture("meetings_unknown_country.csv").splitlines()[:2])
        preview = upload(editor_client, "first.csv", data)
        assert "1 to create" in page(preview)
        # Meanwhile someone records the First Dialogue by hand, under another slug.
        MeetingFactory(series=world["series"], number=1, slug="the-first", end_date=None)
        before = snapshot()

        response = confirm(editor_client, preview)

        assert response.status_code == 200
        html = page(response)
        assert "The record changed since the preview." in html
        assert "Another record already has this value." in html
        assert snapshot() == before
        assert ImportRecord.objects.filter(outcome=ImportRecord.Outcome.REFUSED).count() == 1

    def test_confirming_twice_imports_once(self, editor_client, world, temporary_folder):
        preview = upload(editor_client, "meetings_good.csv")
        assert len(list(temporary_folder.iterdir())) == 1
        confirm(editor_client, preview)
        assert list(temporary_folder.iterdir()) == []  # the waiting copy is gone
        before = snapshot()

        response = confirm(editor_client, preview, follow=True)

        assert "The file to import is no longer available" in page(response)
        assert snapshot() == before
        assert ImportRecord.objects.filter(outcome=ImportRecord.Outcome.IMPORTED).count() == 1

    def test_tampered_confirmation_is_a_form_error_not_a_500(self, editor_client, world):
        preview = upload(editor_client, "meetings_good.csv")
        data = dict(preview.context["confirm_form"].initial, format="7")
        response = editor_client.post(url("meeting", "process_import"), data)
        assert response.status_code == 200
        assert not Meeting.objects.exists()

    def test_confirm_reads_only_a_file_this_session_previewed(
        self, editor_client, publisher_client, world
    ):
        # A file waiting in the temporary folder that this session did not upload.
        stray = Path(tempfile.gettempdir()) / "not-an-upload.csv"
        stray.write_bytes(fixture("meetings_good.csv"))
        try:
            data = {
                "import_file_name": stray.name,
                "original_file_name": "x.csv",
                "format": CSV,
                "resource": "0",
            }
            response = editor_client.post(url("meeting", "process_import"), data, follow=True)
        finally:
            stray.unlink()
        assert "The file to import is no longer available" in page(response)
        # Nor may another user confirm someone else's preview.
        preview = upload(editor_client, "meetings_good.csv")
        response = confirm(publisher_client, preview, follow=True)
        assert "The file to import is no longer available" in page(response)
        assert not Meeting.objects.exists()
        assert not ImportRecord.objects.filter(outcome=ImportRecord.Outcome.IMPORTED).exists()

    def test_long_file_preview_gives_the_counts(self, editor_client):
        lines = ["Slug,Name"] + [f"person-{n},Person {n}" for n in range(1001)]
        data = "\n".join(lines).encode()
        preview = upload(editor_client, "people.csv", data, model_name="person")
        html = page(preview)
        assert "1001 to create, 0 to update, 0 unchanged." in html
        assert "too long to show row by row" in html
        assert "person-1000" not in html

        confirm(editor_client, preview, model_name="person")

        assert Person.objects.count() == 1001
        assert LogEntry.objects.filter(action_flag=ADDITION).count() == 1001

    def test_export_goes_back_in_unchanged(self, editor_client, existing_meetings):
        exported = editor_client.post(url("meeting", "export"), {"format": EXPORT_CSV})
        assert exported.status_code == 200

        preview = upload(editor_client, "export.csv", b"".join(exported.streaming_content))

        assert "0 to create, 0 to update, 2 unchanged." in page(preview)


def test_engine_keeps_the_instances_the_library_admin_asks_for(world):
    from exchange.files import read_file
    from meetings.resources import MeetingResource

    dataset = read_file(fixture("meetings_good.csv"), file_format="csv")
    result = MeetingResource().import_data(dataset, retain_instance_in_row_result=True)
    assert [row.instance.slug for row in result.rows][:1] == ["first-dialogue-2008"]


# Publication stays with Publishers ---------------------------------------------------------


class TestPublicationColumns:
    def test_editor_import_leaves_publication_alone(self, editor_client, world):
        preview = upload(editor_client, "meetings_published.csv")
        html = page(preview)
        assert "Only Publishers may publish" in html
        confirm(editor_client, preview)
        meeting = Meeting.objects.get(slug="first-dialogue-2008")
        assert meeting.status == PublicationStatus.DRAFT
        assert meeting.published_at is None
        assert not Meeting.objects.published().exists()

    def test_editor_import_does_not_unpublish(self, editor_client, world):
        meeting = MeetingFactory(
            published=True, slug="first-dialogue-2008", series=world["series"], number=1,
            host_country=world["vn"], end_date=None,
        )  # fmt: skip
        data = fixture("meetings_published.csv").replace(b",published,", b",draft,")
        confirm(editor_client, upload(editor_client, "draft.csv", data))
        meeting.refresh_from_db()
        assert meeting.status == PublicationStatus.PUBLISHED
        assert meeting.city == "Hanoi"

    def test_publisher_import_publishes(self, publisher_client, world):
        preview = upload(publisher_client, "meetings_published.csv")
        assert "Only Publishers may publish" not in page(preview)
        confirm(publisher_client, preview)
        meeting = Meeting.objects.get(slug="first-dialogue-2008")
        assert meeting.status == PublicationStatus.PUBLISHED
        assert list(Meeting.objects.published()) == [meeting]
