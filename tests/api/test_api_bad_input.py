"""Bad query strings give a 400 naming the parameter, never a 500: garbage, huge numbers,
NUL bytes, unknown choices and orderings, hand-made cursors; repeated parameters are
read as the public lists read them (the last value)."""

import base64
import json

import pytest

from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db

HUGE = "9" * 40
NUL = "%00"


def cursor(*key, raw=None):
    text = raw if raw is not None else json.dumps({"k": list(key)})
    return base64.b64encode(text.encode()).decode()


BAD = [
    ("meetings", f"year_from={HUGE}", "year_from"),
    ("meetings", "year_from=abc", "year_from"),
    ("meetings", "year_from=2010&year_to=2000", "year_to"),
    ("meetings", f"q=mangrove{NUL}", "q"),
    ("meetings", f"series=x{NUL}y", "series"),
    ("meetings", f"host={NUL}", "host"),
    ("meetings", "country=ZZZZ", "country"),
    ("meetings", "ordering=sideways", "ordering"),
    ("meetings", f"person={'a' * 5000}", "person"),
    ("meetings", "kind=%E2%80%AE", "kind"),
    ("meetings", "page_size=0", "page_size"),
    ("meetings", f"page_size={HUGE}", "page_size"),
    ("meetings", "page_size=-1", "page_size"),
    ("meetings", "page_size=%EF%BC%95", "page_size"),  # a full-width 5
    ("meetings", "cursor=%%%", "cursor"),
    ("meetings", f"cursor={cursor('not-a-date', 1, 1)}", "cursor"),
    ("meetings", f"cursor={cursor(HUGE + '-01-01', 1, 1)}", "cursor"),
    ("meetings", f"cursor={cursor('2001-01-01')}", "cursor"),  # not the whole key
    ("meetings", f"cursor={cursor('2001-01-01', None, 1)}", "cursor"),
    ("meetings", f"cursor={cursor(raw='p=2001-01-01')}", "cursor"),  # DRF's own form
    ("meetings", f"cursor={cursor(raw='[1, 2]')}", "cursor"),
    ("meetings", "cursor=%E2%82%AC", "cursor"),
    ("participations", f"cursor={cursor('abc')}", "cursor"),
    ("participations", f"cursor={cursor(int(HUGE))}", "cursor"),
    ("programmes", f"cursor={cursor('name' + chr(0))}", "cursor"),
    ("programmes", f"cursor={cursor({'a': 1})}", "cursor"),
    ("documents", f"cursor={cursor('2020-13-45', 1)}", "cursor"),
    ("programmes", "ordering=price", "ordering"),
    ("programmes", "status=bankrupt", "status"),
    ("programmes", f"theme={NUL}", "theme"),
    ("documents", f"year={HUGE}", "year"),
    ("documents", "language=klingon", "language"),
    ("documents", f"meeting={NUL}", "meeting"),
    ("participations", "meeting=no-such-meeting", "meeting"),
    ("participations", "role=emperor", "role"),
    ("discussions", f"programme={NUL}", "programme"),
    ("meetings", "expand=series,%00", "expand"),
]


@pytest.mark.parametrize("endpoint, query, name", BAD)
def test_a_bad_parameter_is_a_400_naming_it(client, record, endpoint, query, name):
    data = get_json(client, f"/api/v1/{endpoint}/?{query}", status=400)
    assert name in data, data


def test_a_draft_meeting_as_a_filter_value_is_refused_like_an_unknown_one(client, record):
    from tests.factories import MeetingFactory

    MeetingFactory(slug="secret-meeting")
    draft = get_json(client, "/api/v1/participations/?meeting=secret-meeting", status=400)
    unknown = get_json(client, "/api/v1/participations/?meeting=no-such", status=400)
    assert draft == unknown


def test_repeated_parameters_read_the_last_value(client, record):
    data = get_json(client, "/api/v1/meetings/?ordering=newest&ordering=oldest")
    assert [m["slug"] for m in data["results"]] == ["third-dialogue", "fourth-dialogue"]


def test_a_cursor_beyond_every_record_is_an_empty_page(client, record):
    data = get_json(client, f"/api/v1/participations/?cursor={cursor(2**31 - 2)}")
    assert data["results"] == [] and data["count"] == 1


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/meetings/no-such-meeting/",
        "/api/v1/countries/vn/",
        "/api/v1/participations/99999999999999999999/",
    ],
)
def test_an_unknown_record_is_a_404(client, record, url):
    assert client.get(url).status_code == 404
