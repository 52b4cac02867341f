"""The record's content in English and Japanese (issue 7, content half).

Each translated field has a column per language (``title_en``, ``title_ja``;
meetings/translation.py, programmes/translation.py). English is required where the field
is, Japanese is optional and falls back to English. The admin edits both side by side and
filters the records still lacking Japanese; import and export carry a column per language
(an English-only file still imports); search finds Japanese text on both databases; the
seed has the Japanese names that are established; every version in the history records
both languages.
"""

import csv
import datetime
import io
import re
import tempfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from core.admin import lacks_japanese
from exchange.files import read_file
from meetings.models import Country, Meeting, MeetingSeries, Participation
from meetings.resources import CountryResource, MeetingResource, ParticipationResource
from programmes.models import Fund, Programme
from search.engine import search
from search.query import is_japanese
from tests.factories import (
    CountryFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
)
from tests.site.test_workflow import admin_import, admin_url, form_data

pytestmark = pytest.mark.django_db


def csv_file(*lines):
    return ("\n".join(lines) + "\n").encode("utf-8")


def run_import(resource_class, data):
    result = resource_class().import_data(read_file(data, "file.csv"), file_name="file.csv")
    assert not result.has_errors(), [error.error for error in result.base_errors]
    assert not result.has_validation_errors(), [row.error_dict for row in result.invalid_rows]
    return result


def stored(model, pk, *columns):
    """The columns as the database has them (no fallback, no language rewriting)."""
    return model.objects.rewrite(False).values_list(*columns).get(pk=pk)


# Fallback and the stored columns ----------------------------------------------------------


def test_a_record_without_japanese_shows_its_english_in_japanese():
    meeting = MeetingFactory(title="Ninth Dialogue", city="Kuala Lumpur", outline="Agreed.")
    meeting.refresh_from_db()
    with translation.override("ja"):
        assert meeting.title == "Ninth Dialogue"
        assert meeting.display_title == "Ninth Dialogue"
        assert meeting.city == "Kuala Lumpur"
        assert meeting.outline == "Agreed."
    assert stored(Meeting, meeting.pk, "title_ja", "city_ja", "outline_ja") == ("", "", "")


def test_each_language_reads_its_own_column():
    country = CountryFactory(name="Viet Nam", name_ja="ベトナム")
    country.refresh_from_db()
    assert country.name == "Viet Nam"
    with translation.override("ja"):
        assert country.name == "ベトナム"
        assert str(country) == "ベトナム"
    assert stored(Country, country.pk, "name_en", "name_ja") == ("Viet Nam", "ベトナム")


def test_writing_the_field_in_japanese_writes_the_japanese_column_only():
    meeting = MeetingFactory(city="Hanoi")
    with translation.override("ja"):
        meeting.city = "ハノイ"
        meeting.save()
    assert stored(Meeting, meeting.pk, "city_en", "city_ja") == ("Hanoi", "ハノイ")


def test_english_is_required_japanese_is_not_in_either_language():
    series = MeetingSeriesFactory()
    for language in ("en", "ja"):
        with translation.override(language):
            meeting = Meeting(
                series=series, kind="dialogue", number=3, start_date=datetime.date(2010, 1, 5),
                host_country=CountryFactory(), city_en="", city_ja="ハノイ",
            )  # fmt: skip
            with pytest.raises(ValidationError) as problem:
                meeting.full_clean()
            assert "city_en" in problem.value.message_dict
            assert "city_ja" not in problem.value.message_dict
            meeting.city_en, meeting.city_ja = "Hanoi", ""
            meeting.full_clean()


def test_records_without_a_japanese_name_do_not_clash_on_its_unique_column():
    """An empty unique Japanese name is NULL, so any number of records can lack one; a
    Japanese name two records share is refused, as an English one is."""
    first, second = CountryFactory(), CountryFactory()
    assert stored(Country, first.pk, "name_ja") == (None,)
    assert stored(Country, second.pk, "name_ja") == (None,)
    first.name_ja = "タイ"
    first.save()
    second.name_ja = "タイ"
    with pytest.raises(ValidationError) as problem:
        second.full_clean()
    assert "name_ja" in problem.value.message_dict


# Derived titles and slugs stay English-based ---------------------------------------------


def test_a_derived_title_and_slug_are_english_whatever_the_language():
    series = MeetingSeriesFactory(short_name_ja="")
    meeting = MeetingFactory.build(series=series, host_country=CountryFactory(), number=9,
                                   title="", slug="")  # fmt: skip
    with translation.override("ja"):
        meeting.save()  # saved from a Japanese page
    assert stored(Meeting, meeting.pk, "title_en", "title_ja") == ("Ninth Dialogue", "")
    assert meeting.slug == "ninth-dialogue-2011"
    assert str(meeting).startswith("Ninth Dialogue (")
    with translation.override("ja"):
        assert meeting.display_title == "Ninth Dialogue"  # no Japanese: the English
        assert str(meeting).startswith("Ninth Dialogue (")


def test_a_series_with_a_japanese_name_gives_numbered_dialogues_a_japanese_title():
    series = MeetingSeriesFactory(short_name_ja="日ASEAN環境協力対話")
    meeting = MeetingFactory(series=series, number=9, title="")
    ministerial = MeetingFactory(series=series, kind="ministerial", number=None, title="")
    assert stored(Meeting, meeting.pk, "title_en", "title_ja") == (
        "Ninth Dialogue",
        "第9回日ASEAN環境協力対話",
    )
    # "Ministerial Dialogue" has no Japanese form that can be derived cleanly.
    assert stored(Meeting, ministerial.pk, "title_en", "title_ja") == ("Ministerial Dialogue", "")
    with translation.override("ja"):
        meeting.refresh_from_db()
        assert meeting.display_title == "第9回日ASEAN環境協力対話"


def test_correcting_the_number_corrects_both_derived_titles_but_not_a_typed_one():
    series = MeetingSeriesFactory(short_name_ja="日ASEAN環境協力対話")
    derived = MeetingFactory(series=series, number=9, title="")
    typed = MeetingFactory(series=series, number=11, title="", title_ja="特別な対話")
    for meeting in (derived, typed):
        meeting = Meeting.objects.get(pk=meeting.pk)
        meeting.number += 1
        meeting.save()
    assert stored(Meeting, derived.pk, "title_en", "title_ja") == (
        "Tenth Dialogue",
        "第10回日ASEAN環境協力対話",
    )
    assert stored(Meeting, typed.pk, "title_en", "title_ja") == ("Twelfth Dialogue", "特別な対話")


# The admin: both languages on one form, and the "Japanese translation" filter ------------


def test_the_meeting_form_has_both_languages_side_by_side_and_saves_both(editor_client):
    meeting = MeetingFactory(title="Ninth Dialogue", city="Kuala Lumpur")
    url = admin_url("meeting", "change", meeting.pk)
    response = editor_client.get(url)
    page = response.content.decode()
    # One form row holds a field's two languages.
    for name in ("title", "venue", "city", "outline"):
        assert re.search(rf'class="form-row[^"]*field-{name}_en field-{name}_ja', page), name
        assert f'name="{name}_en"' in page and f'name="{name}_ja"' in page
    assert 'name="participations-__prefix__-title_ja"' in page  # the inline too
    assert 'name="title"' not in page  # the field's own column is not edited

    data = form_data(response) | {"title_ja": "第9回対話", "city_ja": "クアラルンプール"}
    assert editor_client.post(url, data).status_code == 302
    assert stored(Meeting, meeting.pk, "title_en", "title_ja", "city_en", "city_ja") == (
        "Ninth Dialogue",
        "第9回対話",
        "Kuala Lumpur",
        "クアラルンプール",
    )


@pytest.mark.parametrize(
    "model_name, fields",
    [
        ("country", ["name"]),
        ("organisation", ["name"]),
        ("meetingseries", ["name", "short_name", "description"]),
        ("participation", ["title"]),
        ("theme", ["name"]),
        ("fund", ["name", "description"]),
        ("programme", ["name", "other_names", "summary", "description"]),
    ],
)
def test_every_translated_record_has_both_languages_on_its_form(
    superuser_client, model_name, fields
):
    app = "programmes" if model_name in ("theme", "fund", "programme") else "meetings"
    page = superuser_client.get(reverse(f"admin:{app}_{model_name}_add")).content.decode()
    for name in fields:
        assert re.search(rf'class="form-row[^"]*field-{name}_en field-{name}_ja', page), name
    assert "modeltranslation" not in page  # no tabs script: nothing the CSP would refuse


def test_the_programme_form_saves_both_languages(editor_client):
    programme = ProgrammeFactory(name="ASEAN Heritage Parks")
    url = admin_url("programme", "change", programme.pk)
    data = form_data(editor_client.get(url)) | {"name_ja": "ASEAN遺産公園", "summary_ja": "公園"}
    assert editor_client.post(url, data).status_code == 302
    assert stored(Programme, programme.pk, "name_en", "name_ja", "summary_ja") == (
        "ASEAN Heritage Parks",
        "ASEAN遺産公園",
        "公園",
    )


def changelist_names(client, url, query):
    response = client.get(url, {"japanese": query})
    assert response.status_code == 200
    return sorted(str(obj.pk) for obj in response.context["cl"].result_list)


def test_the_filter_lists_the_records_lacking_japanese(superuser_client):
    translated = CountryFactory(name="Viet Nam", name_ja="ベトナム")
    untranslated = CountryFactory(name="Cambodia")
    url = reverse("admin:meetings_country_changelist")
    assert changelist_names(superuser_client, url, "missing") == [str(untranslated.pk)]
    assert changelist_names(superuser_client, url, "present") == [str(translated.pk)]
    page = superuser_client.get(url).content.decode()
    assert "Japanese translation" in page and "?japanese=missing" in page


def test_a_record_lacks_japanese_when_any_field_with_english_has_none():
    complete = MeetingFactory(
        title="A", title_ja="あ", city="B", city_ja="い", venue="", outline="C", outline_ja="う"
    )
    half = MeetingFactory(title="D", title_ja="え", city="E", city_ja="お", venue="", outline="F")
    missing = set(Meeting.objects.filter(lacks_japanese(Meeting)).values_list("pk", flat=True))
    assert half.pk in missing and complete.pk not in missing  # an empty venue needs nothing


def test_the_meeting_changelist_filter(superuser_client):
    complete = MeetingFactory(
        title="A", title_ja="あ", city="B", city_ja="い", venue="", outline=""
    )
    half = MeetingFactory(title="C", title_ja="う", city="D", venue="", outline="")
    url = reverse("admin:meetings_meeting_changelist")
    assert changelist_names(superuser_client, url, "missing") == [str(half.pk)]
    assert changelist_names(superuser_client, url, "present") == [str(complete.pk)]


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


# Search in Japanese (on SQLite and on PostgreSQL) -----------------------------------------


def test_japanese_queries_are_recognised():
    assert is_japanese("ベトナム") and is_japanese("日ASEAN") and is_japanese("ｶﾀｶﾅ")
    assert not is_japanese("Viet Nam") and not is_japanese("Hà Nội")


@pytest.fixture
def viet_nam():
    country = CountryFactory(name="Viet Nam", name_ja="ベトナム")
    hosted = MeetingFactory(published=True, host_country=country, title="Hanoi Dialogue")
    elsewhere = MeetingFactory(published=True, title="Bangkok Dialogue")
    draft = MeetingFactory(host_country=country, title="Draft Dialogue")
    return country, hosted, elsewhere, draft


def test_a_country_in_japanese_finds_the_meetings_it_hosted(viet_nam):
    country, hosted, elsewhere, draft = viet_nam
    for language in ("en", "ja"):
        with translation.override(language):
            hits = search("ベトナム")["meetings"]
            assert [hit.url for hit in hits] == [hosted.get_absolute_url()]  # never the draft
    with translation.override("ja"):
        assert search("ベトナム")["meetings"][0].meta.endswith("ベトナム")


def test_a_japanese_programme_name_finds_the_programme():
    fund = Fund.objects.create(name="Japan-ASEAN Integration Fund", name_ja="日・ASEAN統合基金",
                               acronym="JAIF", slug="jaif")  # fmt: skip
    programme = ProgrammeFactory(published=True, name="Clean Asia Initiative",
                                 name_ja="クリーンアジア・イニシアティブ", fund=fund)  # fmt: skip
    ProgrammeFactory(name="Draft Initiative", name_ja="下書きイニシアティブ")  # a draft
    hits = search("イニシアティブ")["programmes"]
    assert [hit.url for hit in hits] == [programme.get_absolute_url()]
    with translation.override("ja"):
        [hit] = search("クリーンアジア")["programmes"]
    assert hit.title == "クリーンアジア・イニシアティブ"
    assert hits[0].rank > 0


def test_japanese_text_is_found_by_any_part_and_marked_in_the_snippet():
    meeting = MeetingFactory(
        published=True, outline="Agreed.", outline_ja="水銀に関する水俣条約を議論した。"
    )
    [hit] = search("水俣条約")["meetings"]
    assert hit.url == meeting.get_absolute_url()
    assert "<mark>水俣条約</mark>" in hit.snippet
    assert search("水俣 議論")["meetings"].total == 1  # every part must match
    assert search("水俣 バーゼル")["meetings"].total == 0


def test_titles_held_and_organisations_are_found_in_japanese():
    meeting = MeetingFactory(published=True)
    organisation = OrganisationFactory(name="Ministry of the Environment, Japan", name_ja="環境省")
    person = PersonFactory(name="Kozo Akino")
    ParticipationFactory(
        meeting=meeting, person=person, organisation=organisation,
        title="Parliamentary Vice-Minister", title_ja="環境大臣政務官",
    )  # fmt: skip
    results = search("政務官")
    assert [hit.title for hit in results["people"]] == [str(person)]
    assert "<mark>政務官</mark>" in results["people"][0].snippet
    assert search("環境省")["organisations"].total == 1


def test_a_latin_query_on_a_japanese_page_still_finds_english_text():
    meeting = MeetingFactory(published=True, outline="Delegates visited Surabaya.")
    with translation.override("ja"):
        hits = search("Surabaya")["meetings"]
        assert [hit.url for hit in hits] == [meeting.get_absolute_url()]  # under /ja/


def test_the_search_page_in_japanese(client, viet_nam):
    country, hosted, _elsewhere, _draft = viet_nam
    page = client.get(reverse("search"), {"q": "ベトナム"}).content.decode()
    assert hosted.get_absolute_url() in page
    assert "Draft Dialogue" not in page


def test_search_costs_one_query_per_kind_in_japanese(django_assert_num_queries, viet_nam):
    with django_assert_num_queries(4):
        results = search("ベトナム")
        for hits in results.values():
            list(hits)


# The seed --------------------------------------------------------------------------------


def load_seed():
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    return out.getvalue()


def test_the_seed_has_the_japanese_names_and_stays_idempotent():
    load_seed()
    names = dict(Country.objects.rewrite(False).values_list("code", "name_ja"))
    assert names["VN"] == "ベトナム" and names["LA"] == "ラオス" and names["BN"] == "ブルネイ"
    assert names["JP"] == "日本"
    assert all(names[code] for code in Country.objects.filter(is_asean_member=True)
               .values_list("code", flat=True))  # fmt: skip
    assert Fund.objects.get(slug="jaif").name_ja == "日・ASEAN統合基金"
    series = MeetingSeries.objects.get(slug="japan-asean-dialogue")
    assert series.name_ja == "日ASEAN環境協力対話"
    assert Meeting.objects.get(slug="ninth-dialogue-2015").title_ja == "第9回日ASEAN環境協力対話"
    assert Meeting.objects.get(slug="ministerial-dialogue-2013").title_ja == ""
    # Conservative: a programme without an established Japanese name has none.
    assert Programme.objects.get(slug="minas").name_ja is None
    assert (
        Programme.objects.get(slug="clean-asia-initiative").name_ja
        == "クリーンアジア・イニシアティブ"
    )
    # Outlines and descriptions have no Japanese text: they fall back to English.
    assert not Meeting.objects.exclude(outline_ja="").exists()

    assert "0 created, 0 updated" in load_seed()


def test_the_seed_keeps_an_editors_japanese_and_puts_its_own_back():
    load_seed()
    Programme.objects.filter(slug="minas").update(name_ja="MINAS（編集者の訳）")
    Country.objects.filter(code="VN").update(name_ja="ヴィエトナム")
    assert "0 created, 1 updated" in load_seed()
    assert Programme.objects.get(slug="minas").name_ja == "MINAS（編集者の訳）"
    assert Country.objects.get(code="VN").name_ja == "ベトナム"


def test_japanese_in_the_seed_shows_in_japanese():
    load_seed()
    with translation.override("ja"):
        meeting = Meeting.objects.select_related("host_country").get(slug="first-dialogue-2008")
        assert meeting.display_title == "第1回日ASEAN環境協力対話"
        assert meeting.host_country.name == "ベトナム"
        assert meeting.city == "Hanoi"  # no Japanese city in the seed: English


# History ------------------------------------------------------------------------------------


def test_a_japanese_edit_is_a_version_with_its_change(editor_client, editor_user):
    meeting = MeetingFactory(title="Ninth Dialogue")
    url = admin_url("meeting", "change", meeting.pk)
    data = form_data(editor_client.get(url)) | {"title_ja": "第9回対話"}
    assert editor_client.post(url, data).status_code == 302

    version = meeting.history.first()
    assert (version.history_user, version.title_en, version.title_ja) == (
        editor_user,
        "Ninth Dialogue",
        "第9回対話",
    )
    delta = version.diff_against(version.prev_record, excluded_fields=["updated_at", "title"])
    assert delta.changed_fields == ["title_ja"]
    page = editor_client.get(admin_url("meeting", "history", meeting.pk)).content.decode()
    assert "第9回対話" in page
    # Listed under the Japanese column only, not again under the field's own column.
    assert "<strong>Title [ja]:</strong> <del></del> → <ins>第9回対話</ins>" in page
    assert "<strong>Title:</strong>" not in page


def test_restoring_a_version_brings_back_both_languages(editor_client):
    meeting = MeetingFactory(title="Ninth Dialogue", title_ja="第9回")
    first = meeting.history.first()
    url = admin_url("meeting", "change", meeting.pk)
    data = form_data(editor_client.get(url)) | {"title_en": "Renamed", "title_ja": "改名"}
    assert editor_client.post(url, data).status_code == 302
    restore_url = admin_url("meeting", "simple_history", meeting.pk, first.pk)
    response = editor_client.get(restore_url)
    assert editor_client.post(restore_url, form_data(response)).status_code == 302
    assert stored(Meeting, meeting.pk, "title_en", "title_ja") == ("Ninth Dialogue", "第9回")


def test_history_tables_have_the_language_columns():
    for model, names in (
        (Meeting, ["title", "outline", "venue", "city"]),
        (Participation, ["title"]),
        (Programme, ["name", "other_names", "summary", "description"]),
    ):
        columns = {field.name for field in model.history.model._meta.fields}
        for name in names:
            assert {f"{name}_en", f"{name}_ja"} <= columns, (model, name)
        # Many versions of one record: never unique, in any language.
        assert not any(field.unique for field in model.history.model._meta.fields if
                       field.name.startswith("name_"))  # fmt: skip


# The migration keeps an existing record -------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_the_existing_text_into_the_english_columns():
    executor = MigrationExecutor(connection)
    before = [("meetings", "0006_history"), ("programmes", "0003_history")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    country = old.get_model("meetings", "Country").objects.create(
        code="VN", name="Viet Nam", slug="viet-nam"
    )
    series = old.get_model("meetings", "MeetingSeries").objects.create(
        name="Japan-ASEAN Dialogue on Environmental Cooperation", short_name="JAD", slug="jad"
    )
    old.get_model("meetings", "Meeting").objects.create(
        series=series, kind="dialogue", number=1, title="First Dialogue", slug="first",
        start_date=datetime.date(2008, 3, 1), date_precision="month", city="Hanoi",
        host_country=country, outline="Agreed.", status="draft",
    )  # fmt: skip
    old.get_model("programmes", "Programme").objects.create(
        name="Clean Asia Initiative", slug="cai", summary="An initiative.", status="draft"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    meeting = Meeting.objects.get(slug="first")
    assert stored(Meeting, meeting.pk, "title_en", "city_en", "outline_en", "title_ja") == (
        "First Dialogue",
        "Hanoi",
        "Agreed.",
        "",
    )
    assert stored(Country, Country.objects.get(code="VN").pk, "name_en", "name_ja") == (
        "Viet Nam",
        None,
    )
    programme = Programme.objects.get(slug="cai")
    assert (programme.name_en, programme.summary_en) == ("Clean Asia Initiative", "An initiative.")
    with translation.override("ja"):
        assert Meeting.objects.get(slug="first").title == "First Dialogue"
