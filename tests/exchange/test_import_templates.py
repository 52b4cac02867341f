"""Empty import templates and the accepted values, on the admin's Import pages: each
kind's CSV and XLSX template downloads with exactly the import's columns, headed in the
page's language; a template filled in with a row goes back in, headed in English or in
Japanese; the XLSX offers the closed columns' values (data validation); the Import page
lists what each column accepts without a query per record; a Japanese-headed file with a
header that names nothing is refused with the accepted names in the page's language.
"""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from exchange.blanks import LIST_LIMIT
from exchange.registry import resources
from meetings.models import Meeting, Participation
from tests.exchange.admin_helpers import CSV, MODELS, XLSX, confirm, page, snapshot, upload
from tests.factories import MeetingFactory, OrganisationFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("temporary_folder")]

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The meetings' import in Japanese, as a Japanese editor reads it (a Publisher's: with the
# publication columns).
MEETING_HEADERS_JA = [
    "スラッグ", "シリーズ", "種別", "シリーズ内の回次", "名称（英語）", "名称（日本語）", "開始日",
    "終了日", "会場（英語）", "会場（日本語）", "都市（英語）", "都市（日本語）", "主催国",
    "概要（英語）", "概要（日本語）", "公開状態", "公開日時",
]  # fmt: skip


def in_language(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def template_url(model_name, file_format, language="en"):
    return in_language(
        language, f"admin:{MODELS[model_name]}_{model_name}_import_template", file_format
    )


def import_url(model_name, language="en"):
    return in_language(language, f"admin:{MODELS[model_name]}_{model_name}_import")


def workbook_url(language="en"):
    return in_language(language, "admin:exchange_importrecord_workbook_template")


def csv_headers(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    return next(csv.reader(io.StringIO(text[1:])))


def xlsx_book(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def first_row(sheet):
    return [cell.value for cell in next(sheet.iter_rows(max_row=1))]


def key_of(model_name):
    """The backup key of a kind ("meetings" for "meeting")."""
    return next(k for k, r in resources().items() if r._meta.model._meta.model_name == model_name)


def import_column_names(model_name):
    return [column.column_name for column in resources()[key_of(model_name)]().import_columns()]


def validation_values(book, sheet, header):
    """The values Excel offers in the column headed ``header``, read from the list the
    column's validation refers to."""
    letter = openpyxl.utils.get_column_letter(first_row(sheet).index(header) + 1)
    for validation in sheet.data_validations.dataValidation:
        if any(f"{letter}2" in str(ranges) for ranges in validation.sqref.ranges):
            assert validation.type == "list"
            sheet_name, cells = validation.formula1.lstrip("=").split("!")
            rows = book[sheet_name.strip("'")][cells.replace("$", "")]
            return [row[0].value for row in rows], validation.errorStyle
    return None


# Each kind's templates -------------------------------------------------------------------


@pytest.mark.parametrize("model_name", list(MODELS))
def test_each_template_has_exactly_the_imports_columns(publisher_client, model_name):
    response = publisher_client.get(template_url(model_name, "csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    key = key_of(model_name)
    assert response["Content-Disposition"] == f'attachment; filename="{key}-template-en.csv"'
    assert csv_headers(response) == import_column_names(model_name)

    response = publisher_client.get(template_url(model_name, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="{key}-template-en.xlsx"'
    book = xlsx_book(response)
    assert book.sheetnames == [key, "README", "Lists"]
    assert first_row(book.worksheets[0]) == import_column_names(model_name)


@pytest.mark.parametrize("model_name", list(MODELS))
def test_japanese_templates_are_headed_in_japanese(publisher_client, model_name):
    csv_response = publisher_client.get(template_url(model_name, "csv", "ja"))
    xlsx_response = publisher_client.get(template_url(model_name, "xlsx", "ja"))

    headers = csv_headers(csv_response)
    assert "-template-ja.csv" in csv_response["Content-Disposition"]
    assert first_row(xlsx_book(xlsx_response).worksheets[0]) == headers
    assert len(headers) == len(import_column_names(model_name))
    # Translated, all of them (the site's catalogue has a Japanese name for every column).
    assert set(headers).isdisjoint(import_column_names(model_name))


def test_the_meetings_template_in_japanese(publisher_client):
    response = publisher_client.get(template_url("meeting", "csv", "ja"))

    assert csv_headers(response) == MEETING_HEADERS_JA


def test_an_editors_template_leaves_out_what_they_may_not_import(editor_client):
    response = editor_client.get(template_url("meeting", "csv"))

    assert response.status_code == 200
    headers = csv_headers(response)
    assert "Start date" in headers
    assert "Publication status" not in headers and "Publish time" not in headers


def test_only_importers_get_templates(viewer_client):
    assert viewer_client.get(template_url("meeting", "csv")).status_code == 403
    assert viewer_client.get(workbook_url()).status_code == 403


def test_an_unknown_template_format_is_not_found(editor_client):
    assert editor_client.get(template_url("meeting", "json")).status_code == 404


# A template filled in goes back in ----------------------------------------------------------

MEETING_ROW = {
    "Slug": "langkawi-2025",
    "Series": "jad",
    "Kind": "ministerial",
    "Title (English)": "ASEAN-Japan Ministerial Dialogue",
    "Title (Japanese)": "日ASEAN環境気候変動閣僚対話",
    "Start date": "2025-09-03",
    "End date": "2025-09-04",
    "City (English)": "Langkawi",
    "Host country": "VN",
}


def filled_row(headers, language):
    """The meeting row under ``headers`` (the template's, in ``language``)."""
    with translation.override(language):
        english = import_column_names("meeting")
    return [MEETING_ROW.get(english[headers.index(header)], "") for header in headers]


def confirm_in(client, preview, language):
    with translation.override(language):
        return confirm(client, preview)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_filled_csv_template_imports(editor_client, world, language):
    headers = csv_headers(editor_client.get(template_url("meeting", "csv", language)))
    out = io.StringIO()
    csv.writer(out).writerows([headers, filled_row(headers, language)])

    with translation.override(language):
        preview = upload(editor_client, "meetings-template.csv", out.getvalue().encode())
    assert preview.status_code == 200
    assert "confirm_form" in preview.context, preview.context.get("problems")
    confirm_in(editor_client, preview, language)

    meeting = Meeting.objects.get(slug="langkawi-2025")
    assert meeting.title_ja == "日ASEAN環境気候変動閣僚対話"
    assert meeting.city_en == "Langkawi" and meeting.host_country.code == "VN"
    assert str(meeting.start_date) == "2025-09-03" and meeting.date_precision == "day"


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_filled_xlsx_template_imports(editor_client, world, language):
    book = xlsx_book(editor_client.get(template_url("meeting", "xlsx", language)))
    sheet = book.worksheets[0]
    sheet.append(filled_row(first_row(sheet), language))
    out = io.BytesIO()
    book.save(out)

    with translation.override(language):
        preview = upload(editor_client, "meetings-template.xlsx", out.getvalue(), XLSX)
    assert "confirm_form" in preview.context, preview.context.get("problems")
    confirm_in(editor_client, preview, language)

    assert Meeting.objects.get(slug="langkawi-2025").title_en == MEETING_ROW["Title (English)"]


def test_a_japanese_header_may_be_typed_half_width(editor_client, world):
    data = "スラッグ,シリーズ,種別,開始日,都市(英語),主催国,名称 (日本語)\n"
    data += "x-2025,jad,other,2025,Hanoi,VN,会合\n"

    preview = upload(editor_client, "half-width.csv", data.encode())

    assert "confirm_form" in preview.context, preview.context.get("problems")


def test_a_role_may_be_written_as_its_japanese_label(editor_client, world):
    meeting = MeetingFactory(slug="ninth", series=world["series"], host_country=world["vn"])
    data = "会合,表示順,代表した国,役割\nninth,1,VN,共同議長\n"

    preview = upload(editor_client, "roles.csv", data.encode(), CSV, "participation")
    assert "confirm_form" in preview.context, preview.context.get("problems")
    confirm(editor_client, preview, "participation")

    assert Participation.objects.get(meeting=meeting).role == "co_chair"


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [("ja", "開始日", "Start date"), ("en", "Start date", "開始日")],
)
def test_an_unknown_header_lists_the_accepted_names_in_the_pages_language(
    editor_client, world, language, expected, absent
):
    before = snapshot()
    data = "スラッグ,シリーズ,開始日,都市（英語）,主催国,色\nx-2025,jad,2025,Hanoi,VN,赤\n"

    with translation.override(language):
        response = upload(editor_client, "unknown.csv", data.encode())

    problems = " ".join(response.context["problems"])
    assert "色" in problems
    assert expected in problems and absent not in problems
    assert snapshot() == before


# The XLSX's lists -----------------------------------------------------------------------


def test_the_xlsx_offers_the_values_of_closed_columns(publisher_client, world):
    book = xlsx_book(publisher_client.get(template_url("meeting", "xlsx")))
    sheet = book["meetings"]

    assert validation_values(book, sheet, "Publication status") == (
        ["draft", "published"],
        "stop",
    )
    assert validation_values(book, sheet, "Host country") == (["TH", "VN"], "stop")
    assert validation_values(book, sheet, "Series") == (["jad"], "stop")
    assert validation_values(book, sheet, "City (English)") is None  # open text
    note = sheet["P1"].comment.text
    assert "Publication status" in note and "draft (Draft)" in note


def test_several_keys_in_a_cell_are_offered_but_not_enforced(publisher_client, world):
    book = xlsx_book(publisher_client.get(template_url("programme", "xlsx", "ja")))
    sheet = book["programmes"]

    assert validation_values(book, sheet, "テーマ") == (["water"], "warning")
    roles = xlsx_book(publisher_client.get(template_url("participation", "xlsx", "ja")))
    values, style = validation_values(roles, roles["participations"], "役割")
    assert "co_chair" in values and style == "stop"
    assert "co_chair (共同議長)" in " ".join(
        str(cell.value) for row in roles["README"].iter_rows() for cell in row
    )


# The Import page ---------------------------------------------------------------------------


def test_the_import_page_links_the_templates(editor_client):
    html = page(editor_client.get(import_url("participation")))

    assert template_url("participation", "csv") in html
    assert template_url("participation", "xlsx") in html
    assert workbook_url() in html


@pytest.mark.parametrize(
    ("language", "role", "country"),
    [("en", "Co-chair", "Viet Nam"), ("ja", "共同議長", "ベトナム")],
)
def test_the_import_page_lists_the_accepted_values(editor_client, world, language, role, country):
    world["vn"].name_ja = "ベトナム"
    world["vn"].save()

    html = page(editor_client.get(import_url("participation", language)))

    assert f"<li><code>co_chair</code> {role}</li>" in html
    assert f"<li><code>VN</code> {country}</li>" in html


def test_long_lists_are_not_listed_but_found(editor_client, world):
    PersonFactory.create_batch(LIST_LIMIT + 1)

    html = page(editor_client.get(import_url("participation")))

    assert f"More than {LIST_LIMIT} people" in html
    assert reverse("admin:meetings_person_export") in html
    assert "delegate-number" not in html


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_import_pages_queries_do_not_grow_with_the_record(
    editor_client, world, django_assert_num_queries, language
):
    def count():
        with django_assert_num_queries(IMPORT_PAGE_QUERIES):
            response = editor_client.get(import_url("participation", language))
        assert response.status_code == 200

    MeetingFactory(series=world["series"], host_country=world["vn"])
    count()
    MeetingFactory.create_batch(LIST_LIMIT + 5, series=world["series"], host_country=world["vn"])
    PersonFactory.create_batch(LIST_LIMIT + 5)
    OrganisationFactory.create_batch(LIST_LIMIT + 5)
    count()


# Session, user, their two permission reads, and one read of each table a participation
# names (meetings, countries, people, organisations): at most LIST_LIMIT + 1 rows each.
IMPORT_PAGE_QUERIES = 8


# The whole record in one workbook -------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_whole_record_workbook(publisher_client, world, language):
    response = publisher_client.get(workbook_url(language))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    expected_name = f"record-template-{language}.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{expected_name}"'
    book = xlsx_book(response)
    assert book.sheetnames == [*resources(), "README", "Lists"]
    assert book.active.title == "README"
    with translation.override(language):
        for key, resource_class in resources().items():
            headers = csv_headers(publisher_client.get(template_url(
                resource_class._meta.model._meta.model_name, "csv", language
            )))  # fmt: skip
            assert first_row(book[key]) == headers
    readme = "\n".join(str(row[0].value) for row in book["README"].iter_rows(max_col=1))
    order = [readme.index(f"{number}. {key}: ") for number, key in enumerate(resources(), 1)]
    assert order == sorted(order)
    # A reference may name a record the workbook itself adds: the list warns only.
    assert validation_values(book, book["meetings"], first_row(book["meetings"])[1]) == (
        ["jad"],
        "warning",
    )


def test_the_workbook_has_the_sheets_an_editor_may_import(editor_client):
    book = xlsx_book(editor_client.get(workbook_url()))

    assert "Publication status" not in first_row(book["meetings"])
    assert "Start date" in first_row(book["meetings"])


def test_a_reference_to_an_empty_table_says_so(editor_client):
    html = page(editor_client.get(import_url("participation", "ja")))

    assert "まだありません。" in html


def test_a_keys_form_help_is_left_out(editor_client):
    html = page(editor_client.get(import_url("meeting")))

    # The form derives an empty slug; an import needs it.
    assert "Leave empty to derive it from title and year" not in html
    assert "Empty for a meeting outside the numbered sequence" in html


def test_modeltranslations_own_headers_are_read(editor_client, world):
    data = "slug,series,kind,Start date,City [en],Host country,Title [en],Title [ja]\n"
    data += "x-2025,jad,other,2025,Hanoi,VN,A meeting,会合\n"

    preview = upload(editor_client, "brackets.csv", data.encode())
    confirm(editor_client, preview)

    assert Meeting.objects.get(slug="x-2025").title_ja == "会合"


def test_the_workbooks_queries_do_not_grow_with_the_record(
    publisher_client, world, django_assert_num_queries
):
    with django_assert_num_queries(WORKBOOK_QUERIES):
        assert publisher_client.get(workbook_url("ja")).status_code == 200
    MeetingFactory.create_batch(LIST_LIMIT + 5, series=world["series"], host_country=world["vn"])
    PersonFactory.create_batch(LIST_LIMIT + 5)
    with django_assert_num_queries(WORKBOOK_QUERIES):
        assert publisher_client.get(workbook_url("ja")).status_code == 200


# Session, user, permissions (2), and one read of each table a reference names:
# countries, organisations, people, series, meetings, themes, funds, programmes.
WORKBOOK_QUERIES = 13
