"""What the page cache tests read: a small published record with something on every
public page, those pages with the text each shows of it, and a GET as the cache answers
it (status, X-Page-Cache, body). Shared by test_page_cache_* and test_cache_bounds.
"""

from tests.admin_forms import body
from tests.factories import (
    CountryFactory,
    DiscussionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
)


def get(client, url, **headers):
    """(status, X-Page-Cache, body) of a GET."""
    response = client.get(url, **headers)
    return response.status_code, response.get("X-Page-Cache"), body(response)


def make_record():
    """A small published record with something on every public page."""
    country = CountryFactory(name="Viet Nam", slug="viet-nam", code="VN")
    person = PersonFactory(name="Lan Nguyen", slug="lan-nguyen")
    organisation = OrganisationFactory(name="Hanoi Institute", slug="hanoi-institute")
    series = MeetingSeriesFactory(organisers=[organisation])
    meeting = MeetingFactory(
        series=series,
        title="Hanoi Dialogue",
        slug="hanoi-dialogue",
        host_country=country,
        published=True,
    )
    ParticipationFactory(meeting=meeting, person=person, organisation=organisation)
    programme = ProgrammeFactory(
        name="Clean Rivers Programme", slug="clean-rivers", published=True, countries=[country]
    )
    DiscussionFactory(meeting=meeting, programme=programme)
    return {"meeting": meeting, "programme": programme, "series": series}


# What each public page shows of the record (page: (url, text on it)).
PUBLIC_PAGES = {
    "home": ("/", "Hanoi Dialogue"),
    "meetings list": ("/meetings/", "Hanoi Dialogue"),
    "filtered meetings list": ("/meetings/?host=VN&year_from=2000", "Hanoi Dialogue"),
    "meeting": ("/meetings/hanoi-dialogue/", "Lan Nguyen"),
    "meeting calendar event": ("/meetings/hanoi-dialogue/calendar.ics", "Hanoi Dialogue"),
    "calendar": ("/meetings/calendar.ics", "Hanoi Dialogue"),
    "feed": ("/meetings/feed/", "Hanoi Dialogue"),
    "meetings CSV": ("/meetings/download.csv", "hanoi-dialogue"),
    "meetings JSON": ("/meetings/download.json?host=VN", "hanoi-dialogue"),
    "programmes list": ("/programmes/", "Clean Rivers Programme"),
    "programme": ("/programmes/clean-rivers/", "Hanoi Dialogue"),
    "programmes CSV": ("/programmes/download.csv", "clean-rivers"),
    "programmes JSON": ("/programmes/download.json", "clean-rivers"),
    "countries": ("/countries/", "Viet Nam"),
    "country": ("/countries/viet-nam/", "Clean Rivers Programme"),
    "person": ("/people/lan-nguyen/", "Hanoi Dialogue"),
    "organisation": ("/organisations/hanoi-institute/", "Hanoi Dialogue"),
    "search": ("/search/?q=Hanoi", "/meetings/hanoi-dialogue/"),
    "sitemap": ("/sitemap.xml", "http://testserver/"),
    "robots.txt": ("/robots.txt", "Sitemap:"),
}
# Streamed downloads: never kept whole in the shared cache (HTTP caching does the rest).
DOWNLOADS = ["meetings CSV", "meetings JSON", "programmes CSV", "programmes JSON"]
CACHED_PAGES = [name for name in PUBLIC_PAGES if name not in DOWNLOADS]
