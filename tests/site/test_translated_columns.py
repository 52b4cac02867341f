"""The record's content in two languages, at the model: each translated field has a
column per language (``title_en``, ``title_ja``), English required where the field is,
Japanese optional and falling back to English; derived titles and slugs stay English
(with a Japanese title where the series has a Japanese name); the seed carries the
established Japanese names; the migration copied the existing text into English.
"""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from meetings.models import Country, Meeting, MeetingSeries
from programmes.models import Fund, Programme
from tests.factories import CountryFactory, MeetingFactory, MeetingSeriesFactory, kind_named
from tests.site.i18n_helpers import stored

pytestmark = pytest.mark.django_db


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
                series=series, kind=kind_named("dialogue"), number=3,
                start_date=datetime.date(2010, 1, 5),
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
    ministerial = MeetingFactory(
        series=series, kind=kind_named("ministerial"), number=None, title=""
    )
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
