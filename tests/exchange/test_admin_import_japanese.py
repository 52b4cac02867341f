"""The admin's import under /ja/admin/, as a Japanese editor sees it: every refusal and
row error a whole Japanese sentence (no English words left in it), a Shift_JIS file from
Japanese Excel read when its encoding is chosen and refused with what to do when it is
not, the refused file named and the form keeping its format and encoding, and the
import log never showing a refused attempt's counts as created.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from exchange.models import ImportRecord
from meetings.models import Meeting
from tests.exchange.admin_helpers import CSV, XLSX, fixture, page, snapshot, workbook_bytes
from tests.factories import MeetingFactory
from tests.site.i18n_helpers import MO_PATH, PO_PATH, reload_translations

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("temporary_folder", "compiled_catalogue"),
]

IMPORT = "/ja/admin/meetings/meeting/import/"
CONFIRM = "/ja/admin/meetings/meeting/process_import/"
# What Japanese Excel saves as "CSV (Comma delimited)": Shift_JIS (cp932), no BOM.
JAPANESE_ROWS = (
    "Slug,Series,Kind,Number in the series,Title (English),Title (Japanese),Start date,"
    "City (English),City (Japanese),Host country\r\n"
    "ninth-dialogue-2011,jad,dialogue,9,Ninth Dialogue,第9回日ASEAN環境協力対話①,"
    "2011-07-26,Kuala Lumpur,クアラルンプール,VN\r\n"
)
SHIFT_JIS = JAPANESE_ROWS.encode("cp932")
ENGLISH_WORDS = re.compile(r"\b(?:No|has|the|Row|column|value|file|is|not|was)\b")


@pytest.fixture(scope="module")
def compiled_catalogue():
    """The .mo is build output (make test builds it): built here if missing or stale."""
    if not MO_PATH.exists() or MO_PATH.stat().st_mtime < PO_PATH.stat().st_mtime:
        call_command("compile_translations", locale=["ja"], verbosity=0)
        reload_translations()


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    translation.activate("en")


def upload(client, name, data, file_format=CSV, encoding=None, url=IMPORT):
    form = {
        "resource": "0",
        "format": file_format,
        "import_file": SimpleUploadedFile(name, data, "text/csv"),
    }
    if encoding:
        form["encoding"] = encoding
    return client.post(url, form)


def problems_of(html):
    """The texts the editor reads as refusals: the file field's errors and the list."""
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    return [re.sub(r"<[^>]+>", " ", item).strip() for item in found]


def selected(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.search(r'<option value="([^"]*)" selected>', select).group(1)


class TestJapaneseRefusals:
    def test_a_shift_jis_file_without_the_choice_is_refused_in_japanese(self, editor_client, world):
        before = snapshot()
        response = upload(editor_client, "会合.csv", SHIFT_JIS)

        html = page(response)
        [refusal] = problems_of(html)
        assert refusal == escape(
            "ファイル 会合.csv は受け付けられませんでした：ファイルの2行目がUTF-8の"
            "テキストではありません。日本語版ExcelでCSVとして保存したファイルなら、"
            "文字コードで「Shift_JIS（日本語版Excel）」を選んで、もう一度アップロードして"
            "ください。または、Excelで「CSV UTF-8」かXLSXとして保存し直してください。"
        )
        assert "confirm_form" not in response.context
        assert snapshot() == before
        # The form offers the choice the message names, and keeps what was chosen.
        assert '<label for="id_encoding">文字コード:</label>' in html
        assert '<option value="shift_jis">Shift_JIS（日本語版Excel）</option>' in html
        assert selected(html, "format") == CSV

    def test_a_wrong_country_code_is_a_row_error_wholly_in_japanese(self, editor_client, world):
        response = upload(editor_client, "meetings.csv", fixture("meetings_unknown_country.csv"))

        html = page(response)
        assert problems_of(html) == [
            "3行目、列「主催国」（値「XX」）：コードが「XX」の国はありません。"
        ]
        assert ENGLISH_WORDS.search(problems_of(html)[0]) is None
        assert "ファイル meetings.csv は受け付けられませんでした。" in html
        assert ImportRecord.objects.get().problems == problems_of(html)[0]

    def test_a_file_missing_a_column_is_refused_in_japanese(self, editor_client, world):
        response = upload(editor_client, "meetings.csv", fixture("meetings_missing_column.csv"))

        [refusal] = problems_of(page(response))
        assert refusal == "ファイル：必須の列がありません：主催国。"

    def test_a_file_over_the_size_limit_is_refused_in_japanese(
        self, editor_client, world, settings
    ):
        settings.IMPORT_MAX_BYTES = 200
        data = fixture("meetings_good.csv") * 2
        response = upload(editor_client, "big.csv", data)

        html = page(response)
        [refusal] = problems_of(html)
        assert refusal == (
            f"ファイル big.csv は受け付けられませんでした：ファイルのサイズは{len(data)}"
            "バイトで、上限は200バイトです。小さなファイルに分けてください。"
        )
        assert selected(html, "format") == CSV
        assert ImportRecord.objects.get().outcome == ImportRecord.Outcome.REFUSED

    def test_the_form_keeps_the_format_and_encoding_of_a_refused_file(self, editor_client, world):
        response = upload(
            editor_client, "meetings.xlsx", fixture("meetings_good.csv"), XLSX, "shift_jis"
        )

        html = page(response)
        [refusal] = problems_of(html)
        assert refusal == escape(
            "ファイル meetings.xlsx は受け付けられませんでした：ファイルはXLSXとして"
            "送られましたが、中身はXLSXブックではありません。"
        )
        assert selected(html, "format") == XLSX
        assert selected(html, "encoding") == "shift_jis"


class TestShiftJIS:
    def test_upload_preview_and_confirm_of_a_shift_jis_file(self, editor_client, world):
        preview = upload(editor_client, "会合.csv", SHIFT_JIS, encoding="shift_jis")

        html = page(preview)
        assert "<td>第9回日ASEAN環境協力対話①</td>" in html
        assert "<td>クアラルンプール</td>" in html
        assert "作成1件、更新0件、変更なし0件。" in html
        assert not Meeting.objects.exists()  # a preview writes nothing

        form = preview.context["confirm_form"]
        done = editor_client.post(CONFIRM, dict(form.initial), follow=True)

        assert "インポートしました：会合.csv（会合）、作成1件、更新0件、変更なし0件。" in page(done)
        meeting = Meeting.objects.get(slug="ninth-dialogue-2011")
        assert meeting.title_ja == "第9回日ASEAN環境協力対話①"
        assert meeting.city_ja == "クアラルンプール"
        assert ImportRecord.objects.filter(outcome=ImportRecord.Outcome.IMPORTED).count() == 1

    def test_a_confirmation_refused_keeps_the_format_and_encoding(self, editor_client, world):
        preview = upload(editor_client, "会合.csv", SHIFT_JIS, encoding="shift_jis")
        # Meanwhile someone records the Ninth Dialogue by hand, under another slug.
        MeetingFactory(series=world["series"], number=9, slug="the-ninth", end_date=None)

        form = preview.context["confirm_form"]
        html = page(editor_client.post(CONFIRM, dict(form.initial)))

        assert "プレビューの後に記録が変更されました。" in html
        assert "この値はすでに別の記録で使われています。" in html
        assert "ファイル 会合.csv は受け付けられませんでした。" in html
        assert selected(html, "format") == CSV
        assert selected(html, "encoding") == "shift_jis"
        assert Meeting.objects.get().slug == "the-ninth"

    def test_a_utf8_file_said_to_be_shift_jis_is_refused_not_garbled(self, editor_client, world):
        response = upload(
            editor_client, "会合.csv", JAPANESE_ROWS.encode("utf-8"), encoding="shift_jis"
        )

        [refusal] = problems_of(page(response))
        assert refusal == escape(
            "ファイル 会合.csv は受け付けられませんでした：このファイルはShift_JISではなく"
            "UTF-8のテキストです。文字コードで「UTF-8」を選んで、もう一度アップロードして"
            "ください。"
        )
        assert not Meeting.objects.exists()

    def test_bytes_shift_jis_cannot_hold_are_refused_with_their_line(self, editor_client, world):
        data = SHIFT_JIS + b"tenth,jad,dialogue,10,Tenth,\x85\x40,2012,Hanoi,,VN\r\n"

        response = upload(editor_client, "会合.csv", data, encoding="shift_jis")

        [refusal] = problems_of(page(response))
        assert "ファイルの3行目がShift_JISのテキストではありません。" in refusal
        assert not Meeting.objects.exists()

    def test_the_encoding_is_only_for_csv(self, editor_client, world):
        """An XLSX workbook has its own encoding: the choice leaves it alone."""
        rows = [line.split(",") for line in JAPANESE_ROWS.strip().split("\r\n")]
        response = upload(
            editor_client, "会合.xlsx", workbook_bytes(rows), XLSX, encoding="shift_jis"
        )
        assert "<td>第9回日ASEAN環境協力対話①</td>" in page(response)


class TestImportLog:
    """A refused attempt (or a dry run) wrote nothing: its counts never read as created."""

    @pytest.fixture
    def refused(self, editor_client, world):
        # Two rows without problems (to create) and one with a wrong country code.
        data = fixture("meetings_good.csv").replace(b"Tokyo,TH", b"Tokyo,XX")
        upload(editor_client, "meetings.csv", data, url=reverse("admin:meetings_meeting_import"))
        return ImportRecord.objects.get()

    def cells(self, html, record):
        row = re.search(rf"<tr>.*?/importrecord/{record.pk}/change/.*?</tr>", html, re.S).group(0)
        return dict(re.findall(r'<td class="field-(\w+)[^"]*">(.*?)</td>', row))

    def test_the_changelist_shows_what_would_have_been_written(self, editor_client, refused):
        assert (refused.outcome, refused.created) == (ImportRecord.Outcome.REFUSED, 3)

        english = page(editor_client.get(reverse("admin:exchange_importrecord_changelist")))
        cells = self.cells(english, refused)
        assert cells["written"] == "Nothing"
        assert cells["not_written"] == "would have created 3, updated 0, left 0 unchanged"
        assert cells["invalid"] == "1"
        assert "3 created" not in english and ">Created<" not in english

        japanese = page(editor_client.get("/ja/admin/exchange/importrecord/"))
        cells = self.cells(japanese, refused)
        assert cells["written"] == "なし"
        assert cells["not_written"] == "作成3件、更新0件、変更なし0件になるはずでした"

    def test_the_detail_page_shows_what_would_have_been_written(self, editor_client, refused):
        url = reverse("admin:exchange_importrecord_change", args=[refused.pk])
        english = page(editor_client.get(url))
        assert re.search(
            r"<label>Written:</label>\s*<div class=\"readonly\">Nothing</div>", english
        )
        assert "would have created 3, updated 0, left 0 unchanged" in english
        assert "<label>Created:</label>" not in english

        japanese = page(editor_client.get(f"/ja/admin/exchange/importrecord/{refused.pk}/change/"))
        assert re.search(r"<label>書き込み:</label>\s*<div class=\"readonly\">なし</div>", japanese)
        assert "作成3件、更新0件、変更なし0件になるはずでした" in japanese
        assert "3行目" not in japanese  # the problem was worded in English, where it happened
        assert "Row 5, column “Host country” (value “XX”)" in japanese

    def test_an_import_shows_what_it_wrote(self, editor_client, world):
        preview = upload(editor_client, "meetings.csv", fixture("meetings_good.csv"))
        editor_client.post(CONFIRM, dict(preview.context["confirm_form"].initial))
        imported = ImportRecord.objects.get(outcome=ImportRecord.Outcome.IMPORTED)
        dry_run = ImportRecord.objects.get(outcome=ImportRecord.Outcome.DRY_RUN)

        html = page(editor_client.get("/ja/admin/exchange/importrecord/"))
        assert self.cells(html, imported)["written"] == "作成4件、更新0件、変更なし0件"
        assert self.cells(html, imported)["not_written"] == "–"
        assert self.cells(html, dry_run)["written"] == "なし"
        assert self.cells(html, dry_run)["not_written"] == (
            "作成4件、更新0件、変更なし0件になるはずでした"
        )

    def test_the_kind_of_records_is_stored_in_english_and_shown_in_each_language(
        self, editor_client, world
    ):
        upload(editor_client, "meetings.csv", fixture("meetings_unknown_country.csv"))
        record = ImportRecord.objects.get()
        assert record.model == "meetings"  # imported under /ja/admin/, filtered as one kind

        japanese = page(editor_client.get("/ja/admin/exchange/importrecord/?model=meetings"))
        assert self.cells(japanese, record)["records"] == "会合"
        assert '<a href="?model=meetings">会合</a>' in japanese
        english = page(editor_client.get("/admin/exchange/importrecord/"))
        assert self.cells(english, record)["records"] == "meetings"
