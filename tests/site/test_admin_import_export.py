"""Import and export in the editors' admin: upload, preview, confirm; refusals; rights.

The files are real ones under tests/fixtures/admin_import/ (the XLSX workbooks are made
here with openpyxl). An import is all or nothing: every refusal below checks that the
record did not change, and that the editor was told why on the import page itself.
"""

import datetime
import hashlib
import io
import json
import re
import tempfile
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from core.models import PublicationStatus
from exchange.models import ImportRecord
from meetings.models import Meeting, Person
from programmes.models import Programme
from tests.conftest import logged_in_client, make_staff_user
from tests.factories import (
    CountryFactory,
    FundFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "admin_import"
CSV, XLSX = "0", "1"  # the import form's format choices
EXPORT_CSV, EXPORT_XLSX, EXPORT_JSON = "0", "1", "2"
MODELS = {
    "country": "meetings",
    "organisation": "meetings",
    "person": "meetings",
    "meetingseries": "meetings",
    "meeting": "meetings",
    "participation": "meetings",
    "theme": "programmes",
    "fund": "programmes",
    "programme": "programmes",
    "discussion": "programmes",
}
MEETING_HEADER = [
    "Slug", "Series", "Kind", "Number in the series", "Start date", "City", "Host country",
]  # fmt: skip


def url(model_name, view):
    return reverse(f"admin:{MODELS[model_name]}_{model_name}_{view}")


def fixture(name):
    return (FIXTURES / name).read_bytes()


def page(response):
    return response.content.decode()


def links_to(html, href):
    """Whether the page has a link to ``href`` (exactly, or followed by a query string)."""
    return re.search(rf"""href=["']{re.escape(href)}[?"']""", html) is not None


def upload(client, name, data=None, file_format=CSV, model_name="meeting"):
    data = fixture(name) if data is None else data
    return client.post(
        url(model_name, "import"),
        {
            "resource": "0",
            "format": file_format,
            "import_file": SimpleUploadedFile(name, data, "application/octet-stream"),
        },
    )


def confirm(client, preview, model_name="meeting", **kwargs):
    form = preview.context["confirm_form"]
    return client.post(url(model_name, "process_import"), dict(form.initial), **kwargs)


def snapshot():
    """What a refused import must leave alone: every record of every model."""
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in map(apps.get_model, settings.CONTENT_MODELS)
    } | {"meeting rows": sorted(map(str, Meeting.objects.values_list()))}


def workbook_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def temporary_folder(tmp_path, monkeypatch):
    """Uploads wait between preview and confirm in the temporary folder: the test's own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


@pytest.fixture
def world():
    """What the fixture files refer to: a series, two countries, a theme and a fund."""
    return {
        "series": MeetingSeriesFactory(slug="jad", short_name="JAD"),
        "vn": CountryFactory(code="VN", name="Viet Nam", slug="viet-nam"),
        "th": CountryFactory(code="TH", name="Thailand", slug="thailand"),
        "theme": ThemeFactory(slug="water", name="Water"),
        "fund": FundFactory(slug="jaif", acronym="JAIF"),
    }


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


def user_with_perms(django_user_model, username, *codenames):
    user = make_staff_user(django_user_model, username)
    for codename in codenames:
        app_label, code = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=code)
        )
    return user


@pytest.fixture
def viewer_client(django_user_model):
    """Staff who may only look at meetings: export yes, import no."""
    return logged_in_client(user_with_perms(django_user_model, "viewer", "meetings.view_meeting"))


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
        assert second.kind == Meeting.Kind.DIALOGUE  # given by its label
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


# Refusals --------------------------------------------------------------------------------

REFUSALS = [
    # (file, model, what the editor reads)
    (
        "meetings_unknown_country.csv",
        "meeting",
        "Row 3, column “Host country” (value “XX”): No country has the code “XX”.",
    ),
    (
        "programmes_unknown_theme.csv",
        "programme",
        "Row 2, column “Themes” (value “water|no-such-theme”): "
        "No themes with the slug “no-such-theme”.",
    ),
    (
        "meetings_duplicate_key.csv",
        "meeting",
        "Row 3, column “Slug” (value “first-dialogue-2008”): The same key as row 2 of this file.",
    ),
    ("meetings_unknown_column.csv", "meeting", "Unknown column: Colour."),
    ("meetings_missing_column.csv", "meeting", "Missing required column(s): Host country."),
    ("meetings_latin1.csv", "meeting", "The file is not UTF-8 text."),
    ("empty.csv", "meeting", "The file is empty."),
    ("picture.csv", "meeting", "This is a PNG image, not a table"),
    ("document.csv", "meeting", "This is a PDF document, not a table"),
]


class TestRefusals:
    @pytest.mark.parametrize(("name", "model_name", "message"), REFUSALS)
    def test_refused_file_says_why_and_writes_nothing(
        self, editor_client, world, temporary_folder, name, model_name, message
    ):
        before = snapshot()

        response = upload(editor_client, name, model_name=model_name)

        assert response.status_code == 200
        html = page(response)
        assert escape(message) in html
        assert "confirm_form" not in response.context
        assert 'value="Confirm import"' not in html
        assert "Traceback" not in html and 'class="traceback"' not in html
        assert snapshot() == before
        assert list(temporary_folder.iterdir()) == []  # no copy kept of a refused file
        # The attempt is on record, refused, with its reasons.
        record = ImportRecord.objects.get()
        assert record.outcome == ImportRecord.Outcome.REFUSED
        assert record.file_name == name
        assert record.file_sha256 == hashlib.sha256(fixture(name)).hexdigest()
        assert message in record.problems

    def test_every_problem_is_shown_at_once(self, editor_client, world):
        data = (
            b"Slug,Series,Kind,Number in the series,Start date,City,Host country\n"
            b"a-meeting,jad,dialogue,1,2008-03,Hanoi,XX\n"
            b"b-meeting,nope,dialogue,2,2008-14,Hanoi,VN\n"
        )
        response = upload(editor_client, "several.csv", data)
        html = page(response)
        assert "2 rows with problems" in html
        for line in [
            "Row 2, column “Host country” (value “XX”): No country has the code “XX”.",
            "Row 3, column “Series” (value “nope”)",
            "Row 3, column “Start date” (value “2008-14”)",
        ]:
            assert escape(line) in html
        assert not Meeting.objects.exists()
        record = ImportRecord.objects.get()
        assert (record.outcome, record.invalid) == (ImportRecord.Outcome.REFUSED, 2)

    def test_file_over_the_size_limit(self, editor_client, world, settings):
        settings.IMPORT_MAX_BYTES = 200
        before = snapshot()
        response = upload(editor_client, "meetings_good.csv")
        html = page(response)
        size = (FIXTURES / "meetings_good.csv").stat().st_size
        expected = f"The file is {size} bytes; the limit is 200 bytes. Split it into smaller files."
        if size >= 1024:
            expected = f"The file is {size / 1024:.0f} KB; the limit is 200 bytes."
        assert expected in html
        assert "confirm_form" not in response.context
        assert snapshot() == before

    def test_workbook_sent_as_csv(self, editor_client, world):
        data = workbook_bytes([MEETING_HEADER])
        response = upload(editor_client, "meetings.csv", data, file_format=CSV)
        assert escape("The file was sent as CSV but its content is an XLSX workbook.") in page(
            response
        )
        assert not Meeting.objects.exists()

    def test_header_without_rows(self, editor_client, world):
        response = upload(editor_client, "header.csv", ",".join(MEETING_HEADER).encode())
        assert "The file has column names but no rows to import." in page(response)

    def test_row_numbers_count_blank_rows_inside_the_file(self, editor_client, world):
        response = upload(editor_client, "meetings_blank_row_inside.csv")
        assert escape("Row 4, column “Host country” (value “XX”)") in page(response)


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


# Permissions -------------------------------------------------------------------------------


class TestPermissions:
    @pytest.mark.parametrize("model_name", list(MODELS))
    def test_editor_may_import_and_export_every_model(self, editor_client, model_name):
        changelist = page(editor_client.get(url(model_name, "changelist")))
        assert links_to(changelist, url(model_name, "import"))
        assert links_to(changelist, url(model_name, "export"))
        import_page = editor_client.get(url(model_name, "import"))
        assert import_page.status_code == 200
        assert 'name="import_file"' in page(import_page)
        assert editor_client.get(url(model_name, "export")).status_code == 200
        exported = editor_client.post(url(model_name, "export"), {"format": EXPORT_CSV})
        assert exported.status_code == 200
        assert exported["Content-Type"] == "text/csv"

    def test_view_only_staff_may_export_but_not_import(self, viewer_client, world):
        MeetingFactory(series=world["series"])
        changelist = page(viewer_client.get(url("meeting", "changelist")))
        assert links_to(changelist, url("meeting", "export"))
        assert not links_to(changelist, url("meeting", "import"))

        exported = viewer_client.post(url("meeting", "export"), {"format": EXPORT_CSV})
        assert exported.status_code == 200
        assert b"City" in b"".join(exported.streaming_content)

        assert viewer_client.get(url("meeting", "import")).status_code == 403
        assert upload(viewer_client, "meetings_good.csv").status_code == 403
        assert viewer_client.post(url("meeting", "process_import"), {}).status_code == 403
        assert not ImportRecord.objects.exists()

    def test_add_without_change_may_not_import(self, django_user_model, world):
        client = logged_in_client(
            user_with_perms(
                django_user_model, "adder", "meetings.view_meeting", "meetings.add_meeting"
            )
        )
        assert client.get(url("meeting", "import")).status_code == 403
        assert upload(client, "meetings_good.csv").status_code == 403
        assert not Meeting.objects.exists()

    def test_staff_without_rights_may_not_export(self, django_user_model):
        client = logged_in_client(make_staff_user(django_user_model, "nobody"))
        assert client.get(url("meeting", "export")).status_code == 403
        assert client.post(url("meeting", "export"), {"format": EXPORT_CSV}).status_code == 403

    @pytest.mark.parametrize("view", ["import", "process_import", "export"])
    def test_anonymous_visitor_is_sent_to_the_login_page(self, client, view):
        response = client.get(url("meeting", view))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


# Export --------------------------------------------------------------------------------------

FORMULA = '=HYPERLINK("http://example.com/x","Click")'


@pytest.fixture
def two_meetings(world):
    hanoi = MeetingFactory(
        series=world["series"], host_country=world["vn"], city="Hanoi", title=FORMULA,
        slug="hanoi-meeting",
    )  # fmt: skip
    bangkok = MeetingFactory(
        series=world["series"], host_country=world["th"], city="Bangkok", published=True,
        slug="bangkok-meeting",
    )  # fmt: skip
    return hanoi, bangkok


def export(client, query, file_format):
    response = client.post(f"{url('meeting', 'export')}?{query}", {"format": file_format})
    # CSV and JSON are streamed, XLSX is not: the whole file either way.
    response.body = b"".join(response.streaming_content) if response.streaming else response.content
    return response


class TestExport:
    def test_changelist_export_link_keeps_the_filters(self, editor_client, two_meetings, world):
        query = f"host_country__id__exact={world['vn'].pk}"
        html = page(editor_client.get(f"{url('meeting', 'changelist')}?{query}"))
        assert f'href="{url("meeting", "export")}?{query}"' in html

    def test_csv_honours_the_filter_and_escapes_formulas(self, editor_client, two_meetings, world):
        response = export(editor_client, f"host_country__id__exact={world['vn'].pk}", EXPORT_CSV)

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv"
        assert response["Content-Disposition"].startswith('attachment; filename="Meeting-')
        assert response.body.startswith(b"\xef\xbb\xbf")  # so Excel reads UTF-8
        text = response.body.decode("utf-8-sig")
        assert "hanoi-meeting" in text and "bangkok-meeting" not in text
        assert '"\'=HYPERLINK(""http://example.com/x"",""Click"")"' in text

    def test_xlsx_honours_the_status_filter_and_escapes_formulas(self, editor_client, two_meetings):
        response = export(editor_client, "status__exact=draft", EXPORT_XLSX)

        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(response.body))
        rows = list(book.active.iter_rows(values_only=True))
        header, body = rows[0], rows[1:]
        assert [row[header.index("Slug")] for row in body] == ["hanoi-meeting"]
        title = book.active.cell(row=2, column=header.index("Title (English)") + 1)
        assert title.value == "'" + FORMULA
        assert title.data_type == "s"  # text, not a formula

    def test_json_honours_the_search(self, editor_client, two_meetings):
        response = export(editor_client, "q=Bangkok", EXPORT_JSON)

        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        rows = json.loads(response.body)
        assert [row["Slug"] for row in rows] == ["bangkok-meeting"]
        assert rows[0]["Publication status"] == "published"

    @pytest.mark.parametrize("file_format", [EXPORT_CSV, EXPORT_JSON])
    def test_csv_and_json_are_streamed_with_queries_per_chunk(
        self, editor_client, two_meetings, file_format, django_assert_max_num_queries
    ):
        response = editor_client.post(url("meeting", "export"), {"format": file_format})
        assert response.status_code == 200 and response.streaming
        with django_assert_max_num_queries(2):  # the rows: no query per row
            body = b"".join(response.streaming_content)
        assert b"hanoi-meeting" in body and b"bangkok-meeting" in body

    def test_json_escapes_formulas_too(self, editor_client, two_meetings):
        rows = json.loads(export(editor_client, "status__exact=draft", EXPORT_JSON).body)
        assert rows[0]["Title (English)"] == "'" + FORMULA


# The import records ---------------------------------------------------------------------------


class TestImportRecordAdmin:
    def test_editors_and_publishers_may_view_import_records(self):
        for name in ["Editor", "Publisher"]:
            codenames = Group.objects.get(name=name).permissions.values_list("codename", flat=True)
            assert "view_importrecord" in codenames
            assert not {"add_importrecord", "change_importrecord", "delete_importrecord"} & set(
                codenames
            )

    def test_editor_sees_the_list_and_the_problems(self, editor_client, editor_user, world):
        upload(editor_client, "meetings_unknown_country.csv")
        record = ImportRecord.objects.get()
        changelist_url = reverse("admin:exchange_importrecord_changelist")

        html = page(editor_client.get(changelist_url))
        assert "meetings_unknown_country.csv" in html
        assert "Refused (nothing written)" in html
        assert '<td class="field-user nowrap">editor</td>' in html

        response = editor_client.get(
            reverse("admin:exchange_importrecord_change", args=[record.pk])
        )
        assert response.status_code == 200
        html = page(response)
        assert escape("Row 3, column “Host country” (value “XX”)") in html
        assert record.file_sha256 in html
        assert '<div class="readonly">editor</div>' in html
        assert 'name="_save"' not in html

    @pytest.mark.parametrize("client_name", ["editor_client", "superuser_client"])
    def test_nobody_adds_changes_or_deletes_an_import_record(self, request, client_name, world):
        client = request.getfixturevalue(client_name)
        upload(client, "meetings_good.csv")
        record = ImportRecord.objects.get()
        change_url = reverse("admin:exchange_importrecord_change", args=[record.pk])
        assert client.get(reverse("admin:exchange_importrecord_add")).status_code == 403
        assert client.post(change_url, {"file_name": "other.csv"}).status_code == 403
        delete_url = reverse("admin:exchange_importrecord_delete", args=[record.pk])
        assert client.post(delete_url, {"post": "yes"}).status_code == 403
        record.refresh_from_db()
        assert record.file_name == "meetings_good.csv"

    def test_view_only_staff_without_the_permission_sees_no_records(self, viewer_client):
        response = viewer_client.get(reverse("admin:exchange_importrecord_changelist"))
        assert response.status_code == 403
