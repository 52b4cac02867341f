"""The admin's "Import a whole record": a second series with its meetings, people,
organisations, programmes and discussions in one workbook, previewed then confirmed in
one transaction; sheets in any order; every mistake named by sheet, row and column with
nothing written; the same permissions and import log as the per-kind import.
"""

import io
import zipfile

import openpyxl
import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from core.models import PublicationStatus
from exchange.models import ImportRecord
from meetings.models import Meeting, MeetingSeries, Organisation, Participation, Person
from programmes.models import Discussion, Programme
from tests.conftest import logged_in_client
from tests.exchange.admin_helpers import page, snapshot, user_with_perms

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("temporary_folder", "world")]

URL = "admin:exchange_importrecord_import_workbook"
# The preview of seven sheets: per sheet, the engine's reads and bulk writes, its
# history, the search index's refresh and its line in the import log; none per row (the
# documents' sheet and their search entries, renewed with the meetings', add four).
PREVIEW_QUERIES = 99

SHEETS = {
    "series": [
        ["Slug", "Name (English)", "Short name (English)"],
        ["apt-emm", "ASEAN+3 Environment Ministers Meeting", "APT EMM"],
    ],
    "organisations": [
        ["Slug", "Name (English)", "Acronym", "Country"],
        ["asean-secretariat", "ASEAN Secretariat", "ASEC", "VN"],
    ],
    "people": [["Slug", "Name"], ["kao-kim-hourn", "Kao Kim Hourn"]],
    "meetings": [
        ["Slug", "Series", "Number in the series", "Start date", "City (English)", "Host country"],
        ["apt-emm-1", "apt-emm", 1, "2002-11", "Vientiane", "VN"],
        ["apt-emm-2", "apt-emm", 2, "2017-09-13", "Bangkok", "TH"],
    ],
    "participations": [
        ["Meeting", "Display order", "Person", "Organisation", "Role"],
        ["apt-emm-1", 1, "kao-kim-hourn", "asean-secretariat", "chair"],
    ],
    "programmes": [
        ["Slug", "Name (English)", "Acronym", "Themes", "Fund"],
        ["eco-schools", "ASEAN Eco-schools", "AES", "water", "jaif"],
    ],
    "discussions": [
        ["Meeting", "Programme", "Stage"],
        ["apt-emm-2", "eco-schools", "approved"],
    ],
}


def workbook(sheets=SHEETS, names=None):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for key, rows in sheets.items():
        sheet = book.create_sheet((names or {}).get(key, key))
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data, name="apt-emm.xlsx", url=None):
    return client.post(url or reverse(URL), {"import_file": SimpleUploadedFile(name, data)})


def confirm(client, preview, url=None, **kwargs):
    form = preview.context["confirm_form"]
    return client.post(url or reverse(URL), {**form.initial, "confirm": "1"}, **kwargs)


def second_series_exists():
    return (
        MeetingSeries.objects.filter(slug="apt-emm").exists()
        and Meeting.objects.filter(series__slug="apt-emm").count() == 2
        and Person.objects.filter(slug="kao-kim-hourn").exists()
        and Organisation.objects.filter(slug="asean-secretariat").exists()
        and Participation.objects.filter(meeting__slug="apt-emm-1").count() == 1
        and Programme.objects.filter(slug="eco-schools").exists()
        and Discussion.objects.filter(meeting__slug="apt-emm-2").count() == 1
    )


class TestOneUpload:
    def test_preview_then_confirm_writes_the_whole_series(self, editor_client, editor_user):
        before = snapshot()

        preview = upload(editor_client, workbook())

        assert preview.status_code == 200
        html = page(preview)
        assert "8 to create, 0 to update, 0 unchanged." in html
        assert "Meetings (sheet “meetings”)" in html
        assert ">Vientiane<" in html and ">2002-11<" in html
        assert snapshot() == before  # the preview wrote nothing
        assert {r.outcome for r in ImportRecord.objects.all()} == {ImportRecord.Outcome.DRY_RUN}

        response = confirm(editor_client, preview, follow=True)

        assert response.redirect_chain[-1][0] == reverse("admin:exchange_importrecord_changelist")
        assert "Imported apt-emm.xlsx in one transaction: 8 created" in page(response)
        assert second_series_exists()
        # An editor may not publish: the new records are drafts, as on the per-kind import.
        assert Meeting.objects.get(slug="apt-emm-1").status == PublicationStatus.DRAFT
        imported = ImportRecord.objects.filter(outcome=ImportRecord.Outcome.IMPORTED)
        assert sorted(r.file_name for r in imported) == sorted(
            f"apt-emm.xlsx/{key}" for key in SHEETS
        )
        assert all(r.user == editor_user and r.source == "admin" for r in imported)
        meeting = Meeting.objects.get(slug="apt-emm-1")
        entry = LogEntry.objects.get(content_type__model="meeting", object_id=str(meeting.pk))
        assert entry.action_flag == ADDITION and entry.user == editor_user
        assert entry.get_change_message() == "Imported from apt-emm.xlsx/meetings."

    def test_confirmed_twice_writes_once(self, editor_client):
        preview = upload(editor_client, workbook())
        confirm(editor_client, preview)
        again = confirm(editor_client, preview, follow=True)
        assert "no longer available" in page(again)
        assert Meeting.objects.filter(series__slug="apt-emm").count() == 2

    def test_sheets_in_the_wrong_order_and_named_otherwise(self, editor_client):
        backwards = dict(reversed(SHEETS.items()))
        names = {"meetings": "05-meetings", "people": "People", "discussions": "議論"}

        preview = upload(editor_client, workbook(backwards, names))

        assert "Meetings (sheet “05-meetings”)" in page(preview)
        confirm(editor_client, preview)
        assert second_series_exists()

    def test_the_backup_zip_is_accepted(self, editor_client, tmp_path):
        call_command("export_site", str(tmp_path / "site.zip"), stdout=io.StringIO())
        preview = upload(editor_client, (tmp_path / "site.zip").read_bytes(), "site.zip")
        html = page(preview)
        assert "Countries (sheet “01-countries.csv”)" in html
        # world: the whole record, 5 records and the 8 meeting kinds of the migration
        assert "0 to create, 0 to update, 13 unchanged." in html

    def test_the_command_reads_a_workbook_too(self, tmp_path):
        (tmp_path / "apt-emm.xlsx").write_bytes(workbook(dict(reversed(SHEETS.items()))))
        call_command("import_site", str(tmp_path / "apt-emm.xlsx"), stdout=io.StringIO())
        assert second_series_exists()


class TestMistakes:
    def test_three_mistakes_each_named_and_nothing_written(self, editor_client):
        sheets = dict(SHEETS)
        sheets["meetings"] = [
            SHEETS["meetings"][0],
            ["apt-emm-1", "apt-emm", 1, "2002-11", "Vientiane", "BRN"],
            ["apt-emm-2", "apt-emm", 2, "13/09/2017", "Bangkok", "TH"],
        ]
        sheets["participations"] = [
            SHEETS["participations"][0],
            ["apt-emm-1", 1, "nobody-of-that-name", "", "chair"],
        ]
        before = snapshot()

        response = upload(editor_client, workbook(sheets))

        html = page(response)
        assert "Sheet meetings, row 2, column “Host country” (value “BRN”)" in html
        assert "No country has the code “BRN”." in html
        assert "Sheet meetings, row 3, column “Start date” (value “13/09/2017”)" in html
        assert "Sheet participations, row 2, column “Person” (value “nobody-of-that-name”)" in (
            html
        )
        assert "confirm_form" not in response.context
        assert snapshot() == before
        records = ImportRecord.objects.all()
        assert len(records) == len(SHEETS)
        assert {r.outcome for r in records} == {ImportRecord.Outcome.REFUSED}
        assert (
            "another sheet of the file was refused"
            in records.get(file_name="apt-emm.xlsx/people").problems
        )

    def test_a_sheet_that_is_no_kind_of_record(self, editor_client):
        response = upload(editor_client, workbook({**SHEETS, "Widgets": [["Slug"], ["x"]]}))
        assert "Not a kind of record: “Widgets”." in page(response)
        assert not MeetingSeries.objects.filter(slug="apt-emm").exists()
        assert ImportRecord.objects.get().outcome == ImportRecord.Outcome.REFUSED

    def test_not_a_workbook(self, editor_client):
        response = upload(editor_client, b"Slug\nx\n", "meetings.csv")
        assert "use the Import page of its records" in page(response)
        assert ImportRecord.objects.get().outcome == ImportRecord.Outcome.REFUSED

    def test_over_the_size_limit(self, editor_client, settings):
        settings.IMPORT_MAX_BYTES = 1000
        response = upload(editor_client, workbook())
        assert "the limit is 1000 bytes" in page(response)
        assert ImportRecord.objects.get().outcome == ImportRecord.Outcome.REFUSED

    def test_a_zip_that_is_not_a_backup(self, editor_client):
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w") as archive:
            archive.writestr("notes.csv", "a\n1\n")
        response = upload(editor_client, data.getvalue(), "notes.zip")
        assert "Not a kind of record: “notes.csv”." in page(response)

    def test_a_damaged_zip(self, editor_client):
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("04-series.csv", "Slug,Name (English)\n" + "x,y\n" * 200)
        damaged = bytearray(data.getvalue())
        damaged[60:70] = b"\xff" * 10  # inside the compressed data: its CRC fails
        response = upload(editor_client, bytes(damaged), "damaged.zip")
        assert response.status_code == 200
        assert "Sheet 04-series.csv: This file of the archive could not be unpacked." in page(
            response
        )
        assert not MeetingSeries.objects.filter(slug="x").exists()


class TestWhoMay:
    def test_a_kind_the_user_may_not_import_refuses_the_file(self, django_user_model):
        codenames = [
            f"{app}.{action}_{model}"
            for app, model in [
                ("meetings", "meetingseries"), ("meetings", "organisation"),
                ("meetings", "person"), ("meetings", "participation"),
                ("programmes", "programme"), ("programmes", "discussion"),
            ]
            for action in ("add", "change", "view")
        ] + ["meetings.view_meeting"]  # fmt: skip
        client = logged_in_client(user_with_perms(django_user_model, "partial", *codenames))
        before = snapshot()

        response = upload(client, workbook())

        assert response.status_code == 403
        assert "You may not import Meetings" in page(response)
        assert snapshot() == before
        record = ImportRecord.objects.get()
        assert record.file_name == "apt-emm.xlsx/meetings"
        assert record.outcome == ImportRecord.Outcome.REFUSED

    def test_nobody_without_import_rights_sees_the_page(self, viewer_client):
        assert viewer_client.get(reverse(URL)).status_code == 403

    def test_the_import_log_and_the_index_link_to_it(self, editor_client, viewer_client):
        changelist = reverse("admin:exchange_importrecord_changelist")
        assert f'href="{reverse(URL)}"' in page(editor_client.get(changelist))
        assert f'href="{reverse(URL)}"' in page(editor_client.get(reverse("admin:index")))
        assert f'href="{reverse(URL)}"' not in page(viewer_client.get(reverse("admin:index")))

    def test_only_publishers_publish_by_import(self, editor_client, publisher_client):
        sheets = {
            "series": SHEETS["series"],
            "meetings": [
                [*SHEETS["meetings"][0], "Publication status"],
                [*SHEETS["meetings"][1], "published"],
            ],
        }
        assert "Publication status" in page(editor_client.get(reverse(URL)))  # ignored
        confirm(editor_client, upload(editor_client, workbook(sheets)))
        assert Meeting.objects.get(slug="apt-emm-1").status == PublicationStatus.DRAFT

        confirm(publisher_client, upload(publisher_client, workbook(sheets)))
        assert Meeting.objects.get(slug="apt-emm-1").status == PublicationStatus.PUBLISHED


def test_the_page_in_japanese(editor_client):
    with translation.override("ja"):
        url = reverse(URL)
    assert url.startswith("/ja/admin/")
    assert "記録全体のインポート" in page(editor_client.get(url))
    sheets = {**SHEETS, "meetings": [SHEETS["meetings"][0], SHEETS["meetings"][1][:5] + ["BRN"]]}

    refused = upload(editor_client, workbook(sheets), url=url)

    assert "シート meetings、2 行目、列「主催国」(値「BRN」)" in page(refused)
    preview = upload(editor_client, workbook(), url=url)
    assert "作成8件" in page(preview)
    confirm(editor_client, preview, url=url)
    assert second_series_exists()


def bigger(count):
    """The workbook with ``count`` meetings, each with a participation and a discussion."""
    sheets = dict(SHEETS)
    sheets["meetings"] = [SHEETS["meetings"][0]] + [
        [f"apt-emm-{n}", "apt-emm", n, f"{2000 + n}-11", "Vientiane", "VN"]
        for n in range(1, count + 1)
    ]
    sheets["participations"] = [SHEETS["participations"][0]] + [
        [f"apt-emm-{n}", 1, "kao-kim-hourn", "asean-secretariat", "chair"]
        for n in range(1, count + 1)
    ]
    sheets["discussions"] = [SHEETS["discussions"][0]] + [
        [f"apt-emm-{n}", "eco-schools", "approved"] for n in range(1, count + 1)
    ]
    return workbook(sheets)


@pytest.mark.parametrize("count", [2, 20])
def test_the_preview_does_not_query_per_row(editor_client, count, django_assert_num_queries):
    data = bigger(count)
    editor_client.get(reverse(URL))  # the session and the user, read once
    with django_assert_num_queries(PREVIEW_QUERIES):
        response = upload(editor_client, data)
    assert f"{3 * count + 4} to create" in page(response)
