"""Import and export carry a column per language ("Title (English)", "Title
(Japanese)"): an English-only file of before still imports and leaves the Japanese as it
was, English stays required for a new row, an export goes back in with both languages,
and the admin's import preview and confirm take Japanese.
"""

import csv
import io
import tempfile

import pytest

from exchange.files import read_file
from meetings.models import Country, Meeting, MeetingSeries
from meetings.resources import CountryResource, MeetingResource, ParticipationResource
from tests.admin_forms import admin_import
from tests.factories import (
    CountryFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ParticipationFactory,
)
from tests.site.i18n_helpers import stored

pytestmark = pytest.mark.django_db


def csv_file(*lines):
    return ("\n".join(lines) + "\n").encode("utf-8")


def run_import(resource_class, data):
    result = resource_class().import_data(read_file(data, "file.csv"), file_name="file.csv")
    assert not result.has_errors(), [error.error for error in result.base_errors]
    assert not result.has_validation_errors(), [row.error_dict for row in result.invalid_rows]
    return result


# Import and export: a column per language -------------------------------------------------


@pytest.fixture
def world():
    CountryFactory(code="VN", name="Viet Nam", slug="viet-nam")
    MeetingSeriesFactory(slug="jad", short_name="Japan-ASEAN Dialogue", short_name_ja="")


def test_the_headers_name_each_language():
    headers = MeetingResource().export_headers()
    assert headers[4:6] == ["Title (English)", "Title (Japanese)"]
    assert "Outline (Japanese)" in headers and "Title" not in headers
    assert CountryResource().export_headers()[:3] == [
        "ISO code",
        "Name (English)",
        "Name (Japanese)",
    ]


def test_an_english_only_file_of_before_still_imports(world):
    meeting = MeetingFactory(
        slug="m1", series=MeetingSeries.objects.get(slug="jad"), end_date=None,
        title="Old", title_ja="古い題", city="Hanoi", city_ja="ハノイ",
    )  # fmt: skip
    data = csv_file(
        "Slug,Series,Kind,Number in the series,Title,Start date,City,Host country",
        "m1,jad,dialogue,4,Fourth Dialogue,2010-08,Ha Noi,VN",
        "m2,jad,dialogue,5,,2011-09,Bandar Seri Begawan,VN",
    )
    result = run_import(MeetingResource, data)
    assert result.totals["update"] == 1 and result.totals["new"] == 1
    # The English columns are the file's; the Japanese ones are left as they were.
    assert stored(Meeting, meeting.pk, "title_en", "title_ja", "city_en", "city_ja") == (
        "Fourth Dialogue",
        "古い題",
        "Ha Noi",
        "ハノイ",
    )
    new = Meeting.objects.get(slug="m2")
    assert stored(Meeting, new.pk, "title_en", "city_en", "city_ja") == (
        "Fifth Dialogue",
        "Bandar Seri Begawan",
        "",
    )


def test_lower_case_field_names_are_read_as_english_too(world):
    run_import(CountryResource, csv_file("code,name,slug", "TH,Thailand,thailand"))
    assert stored(Country, Country.objects.get(code="TH").pk, "name_en", "name_ja") == (
        "Thailand",
        None,
    )


def test_a_file_with_both_languages_imports_both(world):
    data = csv_file(
        "Slug,Series,Kind,Number in the series,Title (English),Title (Japanese),Start date,"
        "City (English),City (Japanese),Host country,Outline (English),Outline (Japanese)",
        "m1,jad,dialogue,1,First Dialogue,第1回,2008-03,Hanoi,ハノイ,VN,Agreed.,合意した。",
    )
    run_import(MeetingResource, data)
    meeting = Meeting.objects.get(slug="m1")
    assert stored(Meeting, meeting.pk, "title_ja", "city_ja", "outline_ja") == (
        "第1回",
        "ハノイ",
        "合意した。",
    )
    # The versions written with the import have both languages too.
    version = meeting.history.get()
    assert (version.title_en, version.title_ja, version.city_ja) == (
        "First Dialogue",
        "第1回",
        "ハノイ",
    )


def test_the_attribute_names_are_headers_too(world):
    run_import(CountryResource, csv_file("code,name_en,name_ja,slug", "TH,Thailand,タイ,thailand"))
    assert Country.objects.get(code="TH").name_ja == "タイ"


def test_an_empty_japanese_cell_clears_the_japanese_and_english_stays_required(world):
    country = Country.objects.get(code="VN")
    country.name_ja = "ベトナム"
    country.save()
    run_import(CountryResource, csv_file("ISO code,Name (English),Name (Japanese),Slug",
                                         "VN,Viet Nam,,viet-nam"))  # fmt: skip
    assert stored(Country, country.pk, "name_ja") == (None,)
    result = CountryResource().import_data(
        read_file(csv_file("ISO code,Name (English),Name (Japanese),Slug", "TH,,タイ,thailand"))
    )
    assert result.has_validation_errors()
    assert "Name (English)" in result.invalid_rows[0].error_dict


def test_english_is_a_required_column_for_a_new_row(world):
    result = CountryResource().import_data(
        read_file(csv_file("ISO code,Name (Japanese),Slug", "TH,タイ,thailand"))
    )
    assert "Missing required column(s): Name (English)" in str(result.base_errors[0].error)


def test_the_export_has_both_languages_and_goes_back_in(world):
    series = MeetingSeries.objects.get(slug="jad")
    meeting = MeetingFactory(slug="m1", series=series, title="First", title_ja="第1回",
                             city="Hanoi", city_ja="ハノイ", venue="", outline="")  # fmt: skip
    ParticipationFactory(meeting=meeting, order=1, title="Minister", title_ja="大臣")
    header, row = list(MeetingResource().iter_rows(Meeting.objects.filter(pk=meeting.pk)))
    cells = dict(zip(header, row, strict=True))
    assert (cells["Title (English)"], cells["Title (Japanese)"]) == ("First", "第1回")
    assert (cells["City (English)"], cells["City (Japanese)"]) == ("Hanoi", "ハノイ")
    header, row = list(ParticipationResource().iter_rows())
    cells = dict(zip(header, row, strict=True))
    assert cells["Title held at the time (Japanese)"] == "大臣"

    # Exported, changed in both languages, imported back: both columns come in.
    exported = list(MeetingResource().iter_rows(Meeting.objects.filter(pk=meeting.pk)))
    exported[1][header_index(exported, "Title (Japanese)")] = "第一回"
    run_import(MeetingResource, rows_as_csv(exported))
    assert stored(Meeting, meeting.pk, "title_en", "title_ja") == ("First", "第一回")


def header_index(rows, name):
    return rows[0].index(name)


def rows_as_csv(rows):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def test_the_admin_import_preview_and_confirm_with_japanese(
    editor_client, world, tmp_path, monkeypatch
):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    data = csv_file(
        "Slug,Series,Kind,Number in the series,Title (English),Title (Japanese),Start date,"
        "City (English),Host country",
        "m9,jad,dialogue,9,Ninth Dialogue,第9回日ASEAN環境協力対話,2015-09-11,Kuala Lumpur,VN",
    )
    assert admin_import(editor_client, "meeting", data, "meetings.csv").status_code == 302
    meeting = Meeting.objects.get(slug="m9")
    assert meeting.title_ja == "第9回日ASEAN環境協力対話"
    assert meeting.history.get().history_user.username == "editor"
