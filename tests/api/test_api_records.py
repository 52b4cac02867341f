"""What an API answer says of a record: natural keys, absolute API and page addresses,
both languages as stored (a missing translation is null, never the English), dates at
their precision, related records linked and embedded on ``?expand=``."""

import pytest

from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db

BASE = "http://testserver/api/v1"


def test_a_meeting_reads_with_its_keys_links_languages_and_precision(client, record):
    meeting = record["meeting"]
    meeting.title_ja = "第3回対話"
    meeting.save()
    data = get_json(client, "/api/v1/meetings/third-dialogue/")
    assert data["slug"] == "third-dialogue"
    assert data["url"] == f"{BASE}/meetings/third-dialogue/"
    assert data["html_url"] == "http://testserver/meetings/third-dialogue/"
    assert data["title"] == {"en": "Third Dialogue", "ja": "第3回対話"}
    assert data["venue"] == {"en": "Conference Centre", "ja": None}  # not the fallback
    assert (data["date"], data["date_precision"]) == ("2008-03", "month")
    assert data["series"] == {"slug": "dialogue", "url": f"{BASE}/series/dialogue/"}
    assert data["host_country"] == {"code": "VN", "url": f"{BASE}/countries/VN/"}


def test_a_japanese_page_does_not_change_the_answer(client, record):
    english = get_json(client, "/api/v1/meetings/third-dialogue/")
    japanese = get_json(client, "/api/v1/meetings/third-dialogue/", HTTP_ACCEPT_LANGUAGE="ja")
    assert english == japanese


def test_expand_embeds_the_related_records(client, record):
    data = get_json(client, "/api/v1/meetings/third-dialogue/?expand=series,host_country")
    assert data["series"]["name"] == {"en": "The Dialogue", "ja": None}
    assert data["series"]["organisers"] == [
        {"slug": "monre", "url": f"{BASE}/organisations/monre/"}
    ]  # one level only
    assert data["host_country"]["html_url"] == "http://testserver/countries/viet-nam/"
    participation = get_json(
        client, f"/api/v1/participations/{record['participation'].pk}/?expand=person"
    )
    assert participation["person"]["name"] == {"en": "Nguyen Van A", "ja": None}
    assert participation["organisation"] == {"slug": "monre", "url": f"{BASE}/organisations/monre/"}


@pytest.mark.parametrize(
    "url, wrong",
    [
        ("/api/v1/meetings/?expand=participants", "participants"),
        ("/api/v1/meetings/third-dialogue/?expand=series,nonsense", "nonsense"),
        ("/api/v1/people/?expand=country", "country"),
    ],
)
def test_an_unknown_expand_is_a_400_naming_it(client, record, url, wrong):
    data = get_json(client, url, status=400)
    assert wrong in data["expand"][0]


def test_records_without_a_page_have_no_html_url(client, record):
    theme = get_json(client, "/api/v1/themes/biodiversity/")
    assert theme["html_url"] is None
    discussion = get_json(client, f"/api/v1/discussions/{record['discussion'].pk}/")
    assert discussion["html_url"] is None
    assert discussion["programme"]["url"] == f"{BASE}/programmes/mangroves/"


def test_every_kind_is_found_by_its_natural_key(client, record):
    keys = {
        "series/dialogue": "dialogue",
        "people/nguyen-van-a": "nguyen-van-a",
        "organisations/monre": "monre",
        "countries/VN": "VN",
        "programmes/mangroves": "mangroves",
        "themes/biodiversity": "biodiversity",
        f"funds/{record['programme'].fund.slug}": record["programme"].fund.slug,
        "documents/agenda": "agenda",
        f"participations/{record['participation'].pk}": record["participation"].pk,
    }
    for path, key in keys.items():
        data = get_json(client, f"/api/v1/{path}/")
        assert key in data.values(), path
        assert data["url"] == f"{BASE}/{path}/"


def test_a_programme_lists_its_themes_and_countries(client, record):
    data = get_json(client, "/api/v1/programmes/mangroves/?expand=themes")
    assert data["themes"][0]["name"] == {"en": "Biodiversity", "ja": None}
    assert data["countries"] == [{"code": "VN", "url": f"{BASE}/countries/VN/"}]
    assert data["other_names"] == {"en": None, "ja": None}


def test_a_document_says_its_date_at_its_precision_and_where_it_is(client, record):
    data = get_json(client, "/api/v1/documents/agenda/")
    assert (data["date"], data["date_precision"]) == ("2008-03", "month")
    assert data["html_url"] == "https://example.org/agenda.pdf"
    assert data["meeting"]["slug"] == "third-dialogue"
    assert "text" not in data


def test_a_list_pages_with_a_cursor_and_counts_the_whole(client, record):
    first = get_json(client, "/api/v1/meetings/?page_size=1")
    assert first["count"] == 2
    assert [m["slug"] for m in first["results"]] == ["fourth-dialogue"]
    assert first["previous"] is None and "cursor=" in first["next"]
    second = get_json(client, first["next"].removeprefix("http://testserver"))
    assert [m["slug"] for m in second["results"]] == ["third-dialogue"]
    assert second["next"] is None and second["count"] == 2
    oldest = get_json(client, "/api/v1/meetings/?ordering=oldest&page_size=1")
    assert [m["slug"] for m in oldest["results"]] == ["third-dialogue"]


def test_the_answer_is_json_whatever_the_client_accepts(client, record):
    response = client.get("/api/v1/meetings/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert client.get("/api/v1/meetings/?format=xml").status_code == 404
