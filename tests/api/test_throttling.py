"""The API's throttle (api/throttling.py): per client address, as the site decides it
behind its proxies, 429 with Retry-After over the rate, and a cache that fails lets every
request through. Read through /api/v1/popolo.json, an API view like the others."""

import pytest
from django.core.cache import cache

from tests.site.process_helpers import run

pytestmark = pytest.mark.django_db
URL = "/api/v1/popolo.json"


@pytest.fixture(autouse=True)
def three_a_minute(settings):
    settings.API_THROTTLE_RATE = "3/minute"


def statuses(client, count, **headers):
    return [client.get(URL, **headers).status_code for _ in range(count)]


def test_over_the_rate_a_429_with_retry_after(client):
    assert statuses(client, 3) == [200, 200, 200]
    refused = client.get(URL)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_each_address_has_its_own_count(client):
    assert statuses(client, 4, REMOTE_ADDR="192.0.2.1") == [200, 200, 200, 429]
    assert statuses(client, 1, REMOTE_ADDR="192.0.2.2") == [200]


def test_a_forwarded_address_is_believed_only_behind_the_trusted_proxies(client, settings):
    # No proxy configured: a client that invents X-Forwarded-For is still one address.
    invented = [
        client.get(URL, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(4)
    ]
    assert invented == [200, 200, 200, 429]
    # One proxy in front: the address it saw (the last one) is the client's.
    settings.TRUSTED_PROXY_COUNT = 1
    cache.clear()
    proxied = [
        client.get(URL, HTTP_X_FORWARDED_FOR=f"203.0.113.9, 198.51.100.{n}").status_code
        for n in range(4)
    ]
    assert proxied == [200, 200, 200, 200]
    same = statuses(client, 4, HTTP_X_FORWARDED_FOR="203.0.113.{n}, 198.51.100.77")
    assert same == [200, 200, 200, 429]


def test_a_failing_cache_allows_every_request(client, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.api.broken_cache.BrokenCache"}}
    assert statuses(client, 6) == [200] * 6


def test_no_rate_turns_it_off(client, settings):
    settings.API_THROTTLE_RATE = None
    assert statuses(client, 6) == [200] * 6


@pytest.mark.parametrize("rate", ["600", "abc/minute", "10/fortnight", "-1/second"])
def test_a_wrong_rate_stops_the_start_naming_the_variable(rate):
    result = run(["manage.py", "check"], DJANGO_API_THROTTLE_RATE=rate)
    assert result.returncode != 0 and "DJANGO_API_THROTTLE_RATE" in result.stderr


def test_answers_from_the_page_cache_count_too(client):
    """A client's rate is its rate, whether the page cache or a view makes its answers."""
    answers = [client.get("/api/v1/meetings/") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[2]["X-Page-Cache"] == "hit"
    assert answers[3].json()["detail"].startswith("Too many requests")
    assert client.get("/meetings/").status_code == 200  # the pages are not throttled
