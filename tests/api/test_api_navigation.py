"""Finding one's way in the API: /api/v1/ names every list, the schema and the docs; every
record names the lists of its related records, and those lists hold exactly them."""

from tests.api.conftest import get_json

PREFIX = "http://testserver/api/v1/"


def test_the_root_names_every_list_the_schema_and_the_docs(client, db):
    root = get_json(client, "/api/v1/")
    names = "series meetings participations people organisations countries programmes"
    for name in (names + " discussions themes funds documents").split():
        assert root[name] == f"{PREFIX}{name}/"
        assert get_json(client, root[name])["results"] == []
    assert root["schema"] == f"{PREFIX}schema/" and root["docs"] == f"{PREFIX}docs/"


def keys(client, url, key):
    return [item[key] for item in get_json(client, url)["results"]]


def test_each_record_lists_its_related_records(client, record):
    meeting = get_json(client, "/api/v1/meetings/third-dialogue/")["lists"]
    assert meeting == {
        "participations": f"{PREFIX}participations/?meeting=third-dialogue",
        "discussions": f"{PREFIX}discussions/?meeting=third-dialogue",
        "documents": f"{PREFIX}documents/?meeting=third-dialogue",
    }
    assert keys(client, meeting["participations"], "id") == [record["participation"].pk]
    assert keys(client, meeting["discussions"], "id") == [record["discussion"].pk]
    assert keys(client, meeting["documents"], "slug") == ["agenda"]
    later = get_json(client, "/api/v1/meetings/fourth-dialogue/")["lists"]
    assert keys(client, later["participations"], "id") == []

    expected = {
        "/api/v1/countries/VN/": {"meetings": ["third-dialogue"], "participations": [1]},
        "/api/v1/organisations/monre/": {"meetings": ["third-dialogue"], "participations": [1]},
        "/api/v1/people/nguyen-van-a/": {"meetings": ["third-dialogue"], "participations": [1]},
        "/api/v1/series/dialogue/": {"meetings": ["fourth-dialogue", "third-dialogue"]},
        "/api/v1/programmes/mangroves/": {"discussions": [1], "documents": []},
    }
    for url, lists in expected.items():
        found = get_json(client, url)["lists"]
        assert set(found) == set(lists), url
        for name, wanted in lists.items():
            key = "slug" if name in ("meetings", "documents") else "id"
            got = keys(client, found[name], key)
            assert len(got) == len(wanted) and (key == "id" or got == wanted), (url, name, got)
