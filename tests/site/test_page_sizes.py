"""No public page grows with the record (issue 13): every page, measured on the record the
demo generator writes at two sizes (ten times apart), keeps its number of queries and
about its size, and stays under PAGE_BYTES_LIMIT. The detail pages measured are the
biggest of their kind (the country hosting most, the busiest person and organisation).

Downloads are left out (they stream the whole selection, by design), and so are the
sitemap's section pages (bounded by their own limit of 1,000 addresses a page).
"""

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus, content_changed
from meetings.models import Country, Meeting, Organisation, Person
from programmes.models import Programme
from seed import demo_data

pytestmark = pytest.mark.django_db

# The smaller record already fills the windows of the feed (50) and the calendars (100).
SMALL = demo_data.Sizes(series=3, meetings=150, participations=750, programmes=15, discussions=300)
LARGE = demo_data.Sizes(
    series=3, meetings=1500, participations=7500, programmes=150, discussions=3000
)
PAGE_BYTES_LIMIT = 150 * 1024
# Longer names and bigger numbers may add a little; the record itself must not.
GROWTH_FACTOR = 1.2
GROWTH_SLACK = 6 * 1024


def busiest(queryset, relation):
    published = Q(**{f"{relation}__meeting__status": PublicationStatus.PUBLISHED})
    return queryset.annotate(n=Count(relation, filter=published)).order_by("-n", "pk").first()


def public_pages():
    """{name: address} of every public page kind, with the biggest records of the moment."""
    meeting = Meeting.objects.published().annotate(n=Count("participations")).order_by("-n")[0]
    programme = Programme.objects.published().annotate(n=Count("discussions")).order_by("-n")[0]
    country = Country.objects.annotate(n=Count("meetings_hosted")).order_by("-n", "pk").first()
    person = busiest(Person.objects.all(), "participations")
    organisation = busiest(Organisation.objects.all(), "participations")
    pages = {
        "home": "/",
        "home (ja)": "/ja/",
        "meetings list": "/meetings/",
        "meetings list, page 2": "/meetings/?page=2",
        "meetings list, a country": f"/meetings/?country={country.code}",
        "meetings list (ja)": "/ja/meetings/",
        "a meeting": meeting.get_absolute_url(),
        "programmes list": "/programmes/",
        "a programme": programme.get_absolute_url(),
        "countries list": "/countries/",
        "a country": country.get_absolute_url(),
        "a country (ja)": "/ja" + country.get_absolute_url(),
        "a person": person.get_absolute_url(),
        "an organisation": organisation.get_absolute_url(),
        "search": "/search/?q=dialogue",
        "meetings feed": "/meetings/feed/",
        "meetings calendar": "/meetings/calendar.ics",
        "sitemap index": "/sitemap.xml",
    }
    return pages


def measure(client):
    figures = {}
    for name, address in public_pages().items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200, (name, address, response.status_code)
        body = b"".join(response) if response.streaming else response.content
        figures[name] = (len(body), len(queries))
    return figures


def test_no_public_page_grows_with_the_record(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every page rendered from the database
    # Bulk writes say that the record changed, as generate_demo_data does: what derives
    # from the whole record is worked out again.
    demo_data.generate(SMALL, seed=7)
    content_changed()
    small = measure(client)
    demo_data.clear()
    demo_data.generate(LARGE, seed=7)
    content_changed()
    large = measure(client)

    problems = []
    for name, (size, queries) in large.items():
        small_size, small_queries = small[name]
        if size > PAGE_BYTES_LIMIT:
            problems.append(f"{name}: {size:,} bytes, over {PAGE_BYTES_LIMIT:,}")
        if size > small_size * GROWTH_FACTOR + GROWTH_SLACK:
            problems.append(f"{name}: {small_size:,} -> {size:,} bytes for 10x the record")
        if queries > small_queries:
            problems.append(f"{name}: {small_queries} -> {queries} queries for 10x the record")
    assert problems == [], "\n".join(problems)
