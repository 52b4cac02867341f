"""The 404 page in the site's layout, and a 500 page that depends on nothing that can fail.

pytest-django runs with DEBUG off, so these are the pages the public would get.
"""

import pytest
from django.conf import settings
from django.template.loader import get_template

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_missing_page_is_a_404_in_the_site_layout(client):
    assert settings.DEBUG is False

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert (
        "<title>Page not found | Japan-ASEAN Dialogue on Environmental Cooperation</title>" in page
    )
    assert "<h1>Page not found</h1>" in page
    assert 'class="site-header"' in page and '<main id="main-content">' in page
    assert 'href="/static/css/site.css"' in page
    for link in ('href="/"', 'href="/meetings/"', 'href="/programmes/"'):
        assert link in page
    assert '<form class="filter-form" role="search"' in page
    assert 'action="/search/"' in page and 'id="not-found-q" type="search" name="q"' in page
    assert '<meta name="robots" content="noindex">' in page


def test_a_draft_is_the_same_404(client):
    draft = MeetingFactory(title="Secret Draft Dialogue")

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page not found</h1>" in page
    assert "Secret Draft Dialogue" not in page


def test_500_template_renders_alone(django_assert_num_queries):
    # Django's server_error renders it with no request and no context; nothing may query.
    with django_assert_num_queries(0):
        page = get_template("500.html").render()

    assert "<h1>Something went wrong</h1>" in page
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page
    assert "<title>Server error | Japan-ASEAN Dialogue on Environmental Cooperation</title>" in page
    assert 'href="/"' in page
    assert "{%" not in page and "{{" not in page


def test_an_unexpected_error_shows_the_500_page(client, monkeypatch):
    def broken_search(*args, **kwargs):
        raise RuntimeError("the search engine is down")

    monkeypatch.setattr("dialogues_site.search.search", broken_search)
    client.raise_request_exception = False

    response = client.get("/search/", {"q": "mercury"})

    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Something went wrong</h1>" in page
    assert "the search engine is down" not in page
    assert "Traceback" not in page
