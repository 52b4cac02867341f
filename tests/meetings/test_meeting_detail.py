"""A meeting's public page: its facts, programmes, participants, head tags and JSON-LD.

Drafts and scheduled meetings are 404 to the public and a preview to editors; the query
count is pinned and must not grow with the participants.
"""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import PublicationStatus
from meetings.models import Country, Meeting, Organisation, Participation, Person
from programmes.models import Discussion, Programme
from tests.factories import (
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
)
from tests.meetings.bulk_rows import bulk_meetings
from tests.meetings.page_reading import page_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("factory_country_codes_start_at_aa"),
]

D = datetime.date
DETAIL_MAX_QUERIES = 7  # 6, and the first documents with their number


# --- Reading the page the way a user does ---------------------------------------------


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page_of(response), re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


def meta_content(page, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)
    return match.group(1) if match else None


# --- A meeting's page ------------------------------------------------------------------


class TestMeetingDetail:
    def test_facts_at_their_precision(self, client, record):
        page = page_of(client.get("/meetings/first-dialogue-2008/"))
        assert "<h1>First Dialogue</h1>" in page
        assert "<dt>Date</dt><dd>March 2008</dd>" in page
        assert "1 March 2008" not in page
        assert "<dd>Hanoi</dd>" in page
        assert '<a href="/countries/viet-nam/">Viet Nam</a>' in page
        assert "Japan-ASEAN Dialogue on Environmental Cooperation" in page

    def test_venue_and_day_range(self, client, record):
        MeetingFactory(
            published=True,
            slug="long-meeting",
            venue="Shangri-La Hotel",
            start_date=D(2014, 6, 30),
            end_date=D(2014, 7, 2),
        )
        page = page_of(client.get("/meetings/long-meeting/"))
        assert "<dd>30 June – 2 July 2014</dd>" in page
        assert "<dd>Shangri-La Hotel</dd>" in page

    def test_outline_is_rendered_markdown_and_sanitised(self, client, record):
        MeetingFactory(
            published=True,
            slug="markdown-meeting",
            outline='Some **bold** words.\n\n<script>alert(1)</script><a href="javascript:x">x</a>',
        )
        page = page_of(client.get("/meetings/markdown-meeting/"))
        assert "<strong>bold</strong>" in page
        assert "<script>alert(1)</script>" not in page
        assert "javascript:" not in page

    def test_programmes_discussed_with_their_stage_and_only_published(self, client, record):
        page = page_of(client.get("/meetings/ministerial-dialogue-2013/"))
        section = page[page.index('id="programmes-heading"') :]
        assert '<a href="/programmes/model-cities/">Model Cities Programme</a>' in section
        assert '<span class="badge badge--stage">Progress reported</span>' in section
        assert "Reported." in section
        assert "Secret Wetlands Programme" not in page
        assert "Hush." not in page

    def test_participants_are_grouped_by_the_country_they_represented(self, client, record):
        meeting = MeetingFactory(published=True, slug="grouped")
        japan = Country.objects.get(code="JP")
        indonesia = Country.objects.get(code="ID")

        def person(name, country, order, **kwargs):
            return ParticipationFactory(
                meeting=meeting,
                person=PersonFactory(name=name, honorific="", slug=name.lower().replace(" ", "-")),
                organisation=kwargs.pop("organisation", None),
                country=country,
                order=order,
                **kwargs,
            )

        person("Aiko Tanaka", japan, 1, title="Director-General", role="head_of_delegation")
        person("Budi Santoso", indonesia, 2, title="Deputy Minister", role="delegate")
        person("Chie Sato", japan, 3, title="Adviser", role="delegate")
        ParticipationFactory(
            meeting=meeting,
            person=None,
            organisation=OrganisationFactory(
                name="ASEAN Secretariat", acronym="", slug="asec", country=None
            ),
            country=None,
            order=4,
            title="",
            role="observer",
        )
        page = page_of(client.get("/meetings/grouped/"))
        section = page[page.index('id="participants-heading"') :]
        headings = re.findall(r"<h3>(.*?)</h3>", section)
        assert headings == [
            '<a href="/countries/japan/">Japan</a>',
            '<a href="/countries/indonesia/">Indonesia</a>',
            "Other participants",
        ]
        japan_part, indonesia_part, others = re.split(r"<h3>.*?</h3>", section)[1:4]
        assert "Aiko Tanaka" in japan_part and "Chie Sato" in japan_part
        assert "Budi Santoso" not in japan_part
        assert "Budi Santoso" in indonesia_part and "Deputy Minister" in indonesia_part
        assert "Head of delegation" in japan_part and "Director-General" in japan_part
        assert '<a href="/people/aiko-tanaka/">Aiko Tanaka</a>' in japan_part
        assert '<a href="/organisations/asec/">ASEAN Secretariat</a>' in others
        assert "Observer" in others

    def test_participant_with_person_organisation_and_note(self, client, record):
        page = page_of(client.get("/meetings/first-dialogue-2008/"))
        section = page[page.index('id="participants-heading"') :]
        assert '<a href="/countries/japan/">Japan</a>' in section
        assert '<a href="/people/kozo-akino/">Mr. Kozo Akino</a>, Parliamentary Vice-Minister' in (
            section
        )
        assert '<a href="/organisations/moej/">Ministry of the Environment, Japan (MOEJ)</a>' in (
            section
        )
        assert "Speaker / presenter" in section

    def test_previous_and_next_of_the_same_series_published_only(self, client, record):
        page = page_of(client.get("/meetings/third-dialogue-2009/"))
        assert '<a rel="prev" href="/meetings/first-dialogue-2008/">' in page
        # Not the draft of 2012, which lies in between.
        assert '<a rel="next" href="/meetings/ministerial-dialogue-2013/">' in page
        assert "draft-dialogue-2012" not in page
        first = page_of(client.get("/meetings/first-dialogue-2008/"))
        assert 'rel="prev"' not in first
        assert '<a rel="next" href="/meetings/third-dialogue-2009/">' in first
        # The last of its series: the scheduled meeting and another series' do not count.
        last = page_of(client.get("/meetings/ministerial-dialogue-2013/"))
        assert 'rel="next"' not in last
        assert "scheduled-dialogue-2014" not in last
        assert "bangkok-meeting-2015" not in last

    def test_breadcrumbs(self, client, record):
        page = page_of(client.get("/meetings/first-dialogue-2008/"))
        crumbs = page[page.index('<nav class="breadcrumbs"') :]
        crumbs = crumbs[: crumbs.index("</nav>")]
        assert '<li><a href="/meetings/">Meetings</a></li>' in crumbs
        assert '<span aria-current="page">First Dialogue</span>' in crumbs

    def test_head_tags(self, client, record):
        page = page_of(client.get("/meetings/first-dialogue-2008/"))
        assert "<title>First Dialogue, Japan-ASEAN Dialogue | " in page
        # The first sentence of the outline, without its Markdown.
        description = "Participating countries agreed to exchange views."
        assert meta_content(page, "name", "description") == description
        assert meta_content(page, "property", "og:description") == description
        assert meta_content(page, "property", "og:title") == "First Dialogue, Japan-ASEAN Dialogue"
        assert meta_content(page, "property", "og:type") == "article"
        assert '<link rel="canonical" href="http://testserver/meetings/first-dialogue-2008/">' in (
            page
        )

    def test_canonical_url_drops_the_query_string(self, client, record):
        page = page_of(client.get("/meetings/first-dialogue-2008/?utm_source=x"))
        assert '<link rel="canonical" href="http://testserver/meetings/first-dialogue-2008/">' in (
            page
        )

    def test_meta_description_without_outline(self, client, record):
        MeetingFactory(
            published=True, slug="quiet", title="Quiet Meeting", outline="", city="Vientiane"
        )
        description = meta_content(page_of(client.get("/meetings/quiet/")), "name", "description")
        assert description.startswith("Quiet Meeting of the ")
        assert "Vientiane" in description

    def test_links_to_its_calendar_file(self, client, record):
        page = page_of(client.get("/meetings/first-dialogue-2008/"))
        assert 'href="/meetings/first-dialogue-2008/calendar.ics"' in page

    def test_json_ld_event_for_a_month_precision_meeting(self, client, record):
        data = json_ld(client.get("/meetings/first-dialogue-2008/"))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Event"
        assert data["name"].startswith("First Dialogue")
        assert data["startDate"] == "2008-03"
        assert "endDate" not in data
        assert data["location"]["@type"] == "Place"
        assert data["location"]["address"]["addressLocality"] == "Hanoi"
        assert data["location"]["address"]["addressCountry"] == "VN"
        assert data["url"] == "http://testserver/meetings/first-dialogue-2008/"
        assert data["description"].startswith("Participating countries agreed to exchange views.")
        assert "**" not in data["description"]
        assert [o["name"] for o in data["organizer"]] == ["Ministry of the Environment, Japan"]
        assert data["eventStatus"] == "https://schema.org/EventScheduled"
        assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"

    @pytest.mark.parametrize(
        ("precision", "start", "end", "start_iso", "end_iso"),
        [
            ("year", D(2015, 1, 1), None, "2015", None),
            ("day", D(2011, 7, 26), D(2011, 7, 28), "2011-07-26", "2011-07-28"),
            ("day", D(2013, 9, 26), None, "2013-09-26", None),
        ],
    )
    def test_json_ld_dates_at_their_precision(
        self, client, db, precision, start, end, start_iso, end_iso
    ):
        MeetingFactory(
            published=True, slug="dated", date_precision=precision, start_date=start, end_date=end
        )
        data = json_ld(client.get("/meetings/dated/"))
        assert data["startDate"] == start_iso
        assert data.get("endDate") == end_iso

    def test_a_hostile_outline_cannot_break_out_of_the_json_ld(self, client, db):
        hostile = "</script><script>alert(1)</script>"
        MeetingFactory(
            published=True,
            slug="hostile",
            title=f"Evil {hostile}",
            city=f"Town {hostile}",
            outline=f"Beware `{hostile}` & <b>friends</b>.\n\n{hostile}",
        )
        response = client.get("/meetings/hostile/")
        page = page_of(response)
        # The only script element is the JSON-LD one: nothing closed it early.
        assert page.count("<script") == 1
        assert page.count("</script>") == 1
        assert "<script>alert(1)" not in page
        data = json_ld(response)
        # The text survived intact, escaped, inside the JSON.
        assert hostile in data["name"]
        assert hostile in data["description"]
        assert hostile in data["location"]["address"]["addressLocality"]
        block = page[page.index('type="application/ld+json">') : page.index("</script>")]
        assert "\\u003C/script\\u003E" in block
        assert "&" not in block.replace("\\u0026", "")

    def test_drafts_and_scheduled_meetings_are_404_to_the_public(self, client, record):
        assert client.get("/meetings/draft-dialogue-2012/").status_code == 404
        assert client.get("/meetings/scheduled-dialogue-2014/").status_code == 404

    def test_a_signed_in_user_without_rights_gets_404_too(self, client, record, django_user_model):
        user = django_user_model.objects.create_user(username="reader", password="a-long-pw-1")
        client.force_login(user)
        assert client.get("/meetings/draft-dialogue-2012/").status_code == 404

    def test_an_editor_previews_a_draft_with_a_banner_and_no_cache(self, editor_client, record):
        response = editor_client.get("/meetings/draft-dialogue-2012/")
        page = page_of(response)
        assert "<h1>Draft Dialogue</h1>" in page
        assert '<div class="draft-banner" role="status"><strong>Draft preview.</strong>' in page
        assert "no-cache" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert '<meta name="robots" content="noindex, nofollow">' in page
        # A published page is not marked as a preview.
        published = editor_client.get("/meetings/first-dialogue-2008/")
        assert "Draft preview." not in page_of(published)
        assert "no-cache" not in published.get("Cache-Control", "")

    def test_query_count_is_pinned(self, client, record, django_assert_max_num_queries):
        with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
            page_of(client.get("/meetings/ministerial-dialogue-2013/"))


def crowd(meeting, people, programmes):
    """``people`` participations and ``programmes`` discussions, in a few queries."""
    n = Person.objects.count()
    persons = Person.objects.bulk_create(
        Person(name=f"Crowd {n + i}", slug=f"crowd-{n + i}") for i in range(people)
    )
    countries = Country.objects.bulk_create(
        Country(
            code=f"Q{chr(65 + (n + i) % 26)}", name=f"Crowdland {n}-{i}", slug=f"crowdland-{n}-{i}"
        )
        for i in range(min(people, 5))
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Crowd Org {n + i}", slug=f"crowd-org-{n + i}") for i in range(5)
    )
    Participation.objects.bulk_create(
        Participation(
            meeting=meeting,
            person=person,
            organisation=organisations[i % 5],
            country=countries[i % len(countries)],
            title="Delegate",
            order=i,
        )
        for i, person in enumerate(persons)
    )
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    made = Programme.objects.bulk_create(
        Programme(
            name=f"Crowd Programme {meeting.pk}-{i}",
            slug=f"crowd-programme-{meeting.pk}-{i}",
            status=PublicationStatus.PUBLISHED,
            published_at=an_hour_ago,
        )
        for i in range(programmes)
    )
    Discussion.objects.bulk_create(
        Discussion(meeting=meeting, programme=programme, stage="approved") for programme in made
    )


def test_detail_queries_are_the_same_for_few_and_many_participants(
    client, django_assert_max_num_queries
):
    organisers = [OrganisationFactory(country=None), OrganisationFactory(country=None)]
    series = MeetingSeriesFactory(organisers=organisers)
    host = Country.objects.create(code="BQ", name="Bulkland", slug="bulkland")
    bulk_meetings(5, series, host)
    small, big = Meeting.objects.order_by("start_date")[1:3]
    crowd(small, people=5, programmes=5)
    with CaptureQueriesContext(connection) as few:
        page_of(client.get(small.get_absolute_url()))
    crowd(big, people=500, programmes=200)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = page_of(client.get(big.get_absolute_url()))
    assert page.count('href="/people/crowd-') == 500
    assert page.count('class="badge badge--stage"') == 200
    assert len(few.captured_queries) <= DETAIL_MAX_QUERIES
