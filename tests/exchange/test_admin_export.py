"""Export from the editors' admin: the changelist's filters, status and search carry into
the file; CSV, XLSX and JSON escape spreadsheet formulas; CSV and JSON are streamed with
a query per chunk, never per row.
"""

import io
import json

import openpyxl
import pytest

from tests.exchange.admin_helpers import EXPORT_CSV, EXPORT_JSON, EXPORT_XLSX, page, url
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

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
