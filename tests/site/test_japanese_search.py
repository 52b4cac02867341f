"""Search in Japanese, on SQLite and on PostgreSQL: a Japanese name finds its country's
meetings and its programme, Japanese text is found by any part and marked in the
snippet, a Latin query on a Japanese page still finds English, and never a draft.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from programmes.models import Fund
from search.engine import search
from search.query import is_japanese
from tests.factories import (
    CountryFactory,
    MeetingFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
)
from tests.search.budget import search_queries

pytestmark = pytest.mark.django_db


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


def test_search_costs_a_fixed_number_of_queries_in_japanese(django_assert_num_queries, viet_nam):
    with django_assert_num_queries(search_queries(kinds_found=1)):  # meetings
        results = search("ベトナム")
        for hits in results.values():
            list(hits)


def test_a_japanese_word_of_two_characters_is_found(client):
    """環境 has no trigram (PostgreSQL answers it from the entries' bigrams), on every
    database; a word of one character still matches (without an index)."""
    found = MeetingFactory(published=True, title="Tokyo Dialogue", outline_ja="環境協力の会合。")
    MeetingFactory(published=True, title="Hanoi Dialogue", outline_ja="会合。")
    MeetingFactory(title="Draft Dialogue", outline_ja="環境。")  # a draft: never found
    for word in ("環境", "環境協力", "境協", "環"):
        assert [hit.url for hit in search(word)["meetings"]] == [found.get_absolute_url()], word
    assert len(search("会合")["meetings"]) == 2
    assert search("環境 会合")["meetings"].total == 1  # every word
    assert search("協環")["meetings"].total == 0  # the pairs in the word's order
    # The meetings list's text box reads the same index (inside a subquery there).
    listed = client.get("/ja/meetings/", {"q": "環境"}).content.decode()
    assert found.get_absolute_url().removeprefix("/") in listed
    assert "Hanoi Dialogue" not in listed and "Draft Dialogue" not in listed
