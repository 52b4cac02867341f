"""A programme's public page: its facts and the timeline of the meetings that discussed it.

Only published meetings are on the timeline; a draft programme is a 404 to the public and a
preview to editors; the query count is pinned and must not grow with the meetings.
"""

import datetime
import re

import pytest
from django.core.management import call_command

from meetings.models import Country
from programmes.models import Discussion, Programme
from tests.factories import (
    CountryFactory,
    DiscussionFactory,
    FundFactory,
    MeetingFactory,
    ProgrammeFactory,
    ThemeFactory,
)
from tests.meetings.bulk_rows import bulk_published_meetings
from tests.meetings.page_reading import card_titles, get_page, section

pytestmark = pytest.mark.django_db

# What the page may cost, whatever the size of the record (see the query-count test).
DETAIL_MAX_QUERIES = 5  # the programme, themes, countries, timeline, documents


def timeline_items(page):
    """Each entry of the timeline, as text without tags and with single spaces."""
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', page, re.S)
    if not timeline:
        return []
    items = re.findall(r"<li>(.*?)</li>", timeline.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in items]


# One programme ----------------------------------------------------------------------------


class TestProgrammePage:
    def test_the_programme_and_its_facts(self, client):
        biodiversity = ThemeFactory(name="Biodiversity", slug="biodiversity")
        indonesia = CountryFactory(name="Indonesia", slug="indonesia")
        programme = ProgrammeFactory(
            published=True,
            name="ASEAN Heritage Parks Development Programme",
            acronym="AHP",
            other_names="ASEAN Heritage Park Development Programme\nAHP Programme",
            kind=Programme.Kind.PROGRAMME,
            programme_status=Programme.Status.ONGOING,
            fund=FundFactory(name="Japan-ASEAN Integration Fund", acronym="JAIF", slug="jaif"),
            themes=[biodiversity],
            countries=[indonesia],
            start_year=2014,
            end_year=2018,
            summary="Development of the ASEAN Heritage Parks.",
            description="Approved for **JAIF** funding.",
        )
        page = get_page(client, programme.get_absolute_url())
        assert "<h1>ASEAN Heritage Parks Development Programme (AHP)</h1>" in page
        assert "Also called: ASEAN Heritage Park Development Programme; AHP Programme" in page
        assert "<dt>Kind</dt>\n    <dd>Programme</dd>" in page
        assert '<span class="badge badge--status">Ongoing</span>' in page
        assert '<a href="/programmes/?fund=jaif">Japan-ASEAN Integration Fund (JAIF)</a>' in page
        assert '<a href="/programmes/?theme=biodiversity">Biodiversity</a>' in page
        assert '<a href="/countries/indonesia/">Indonesia</a>' in page
        assert "2014–2018" in page
        assert "Development of the ASEAN Heritage Parks." in page
        assert "Approved for <strong>JAIF</strong> funding." in page

    def test_other_names_are_shown(self, client):
        programme = ProgrammeFactory(published=True, other_names="ESC Model Cities\nMCP")
        page = get_page(client, programme.get_absolute_url())
        assert "Also called: ESC Model Cities; MCP" in page

    def test_a_theme_link_lists_the_programme(self, client):
        theme = ThemeFactory(name="Water", slug="water")
        programme = ProgrammeFactory(published=True, name="Irrigation Forum", themes=[theme])
        ProgrammeFactory(published=True, name="Dry Programme")
        page = get_page(client, programme.get_absolute_url())
        link = re.search(r'<a href="([^"]+)">Water</a>', page).group(1)
        assert card_titles(get_page(client, link)) == ["Irrigation Forum"]

    def test_description_markdown_is_sanitised(self, client):
        programme = ProgrammeFactory(
            published=True, description="*Agreed*\n\n<script>alert('x')</script>"
        )
        page = get_page(client, programme.get_absolute_url())
        assert "<em>Agreed</em>" in page
        assert "<script>alert" not in page

    def test_breadcrumbs_title_and_canonical(self, client):
        programme = ProgrammeFactory(
            published=True, name="Clean Asia Initiative", summary="Japan's initiative."
        )
        page = get_page(client, programme.get_absolute_url())
        assert '<li><a href="/programmes/">Programmes</a></li>' in page
        assert '<span aria-current="page">Clean Asia Initiative</span>' in page
        assert "<title>Clean Asia Initiative | " in page
        assert '<meta name="description" content="Japan&#x27;s initiative.">' in page
        assert '<meta property="og:title" content="Clean Asia Initiative">' in page
        assert (
            f'<link rel="canonical" href="http://testserver{programme.get_absolute_url()}">' in page
        )

    def test_unknown_programme_is_404(self, client):
        assert client.get("/programmes/no-such-programme/").status_code == 404


class TestTimeline:
    def test_published_meetings_in_date_order_with_precision_stage_and_note(self, client):
        programme = ProgrammeFactory(published=True)
        later = MeetingFactory(
            published=True,
            title="Eighth Dialogue",
            start_date=datetime.date(2014, 8, 1),
            end_date=None,
            date_precision="month",
        )
        earlier = MeetingFactory(
            published=True,
            title="Seventh Dialogue",
            start_date=datetime.date(2013, 8, 1),
            end_date=None,
            date_precision="month",
        )
        DiscussionFactory(
            programme=programme, meeting=later, stage=Discussion.Stage.APPROVED, note="Funded."
        )
        DiscussionFactory(
            programme=programme,
            meeting=earlier,
            stage=Discussion.Stage.CONSIDERED,
            note="A new project.",
        )
        items = timeline_items(get_page(client, programme.get_absolute_url()))
        assert len(items) == 2
        assert items[0].startswith("Seventh Dialogue August 2013")
        assert items[0].endswith("Considered A new project.")
        assert items[1].startswith("Eighth Dialogue August 2014")
        assert items[1].endswith("Approved Funded.")
        assert "1 August" not in " ".join(items)

    def test_stage_is_a_badge_and_the_meeting_a_link(self, client):
        discussion = DiscussionFactory(
            programme=ProgrammeFactory(published=True),
            meeting=MeetingFactory(published=True),
            stage=Discussion.Stage.EVALUATED,
        )
        page = get_page(client, discussion.programme.get_absolute_url())
        assert '<span class="badge badge--stage">Evaluated</span>' in page
        assert f'href="{discussion.meeting.get_absolute_url()}"' in section(
            page, "timeline-heading"
        )

    def test_draft_and_scheduled_meetings_are_left_out(self, client):
        programme = ProgrammeFactory(published=True, name="Model Cities Programme")
        published = MeetingFactory(published=True, title="Published Dialogue Alpha")
        draft = MeetingFactory(title="Secret Draft Dialogue")
        scheduled = MeetingFactory(scheduled=True, title="Scheduled Dialogue Omega")
        for meeting in (published, draft, scheduled):
            DiscussionFactory(programme=programme, meeting=meeting)

        page = get_page(client, programme.get_absolute_url())

        assert [item.split(" ")[0:3] for item in timeline_items(page)] == [
            ["Published", "Dialogue", "Alpha"]
        ]
        assert "Secret Draft Dialogue" not in page
        assert draft.get_absolute_url() not in page
        assert "Scheduled Dialogue Omega" not in page
        assert scheduled.get_absolute_url() not in page

    def test_no_published_meeting_yet(self, client):
        programme = ProgrammeFactory(published=True)
        DiscussionFactory(programme=programme, meeting=MeetingFactory(title="Draft Dialogue"))
        page = get_page(client, programme.get_absolute_url())
        assert timeline_items(page) == []
        assert "No published meeting has discussed it yet." in page


class TestDraftProgramme:
    def test_draft_programme_is_404(self, client):
        assert client.get(ProgrammeFactory().get_absolute_url()).status_code == 404

    def test_scheduled_programme_is_404(self, client):
        programme = ProgrammeFactory(scheduled=True)
        assert client.get(programme.get_absolute_url()).status_code == 404

    def test_editor_previews_a_draft_with_a_banner_and_no_caching(self, client, editor_client):
        programme = ProgrammeFactory(name="Draft Programme Beta")
        response = editor_client.get(programme.get_absolute_url())
        assert response.status_code == 200
        page = response.content.decode()
        assert "<h1>Draft Programme Beta" in page
        assert '<div class="draft-banner" role="status"><strong>Draft preview.</strong>' in page
        assert '<meta name="robots" content="noindex, nofollow">' in page
        cache_control = response.headers["Cache-Control"]
        assert "no-cache" in cache_control
        assert "no-store" in cache_control
        assert "private" in cache_control
        # The public still gets nothing.
        assert client.get(programme.get_absolute_url()).status_code == 404

    def test_editor_sees_a_published_programme_without_the_banner(self, editor_client):
        programme = ProgrammeFactory(published=True)
        response = editor_client.get(programme.get_absolute_url())
        assert "draft-banner" not in response.content.decode()
        assert "no-store" not in response.headers.get("Cache-Control", "")

    def test_a_preview_shows_the_timeline_the_public_will_see(self, editor_client):
        programme = ProgrammeFactory()
        DiscussionFactory(programme=programme, meeting=MeetingFactory(title="Draft Dialogue X"))
        DiscussionFactory(
            programme=programme, meeting=MeetingFactory(published=True, title="Public Dialogue")
        )
        page = editor_client.get(programme.get_absolute_url()).content.decode()
        assert "Public Dialogue" in page
        assert "Draft Dialogue X" not in page


class TestDetailQueryCount:
    def add_discussions(self, programme, count):
        meetings = bulk_published_meetings(count)
        Discussion.objects.bulk_create(
            Discussion(meeting=m, programme=programme, stage=Discussion.Stage.PROGRESS_REPORTED)
            for m in meetings
        )
        Programme.countries.through.objects.bulk_create(
            Programme.countries.through(programme=programme, country=m.host_country)
            for m in meetings[:1]
        )

    def test_the_same_queries_for_5_and_500_meetings(self, client, django_assert_max_num_queries):
        programme = ProgrammeFactory(published=True, themes=[ThemeFactory(), ThemeFactory()])
        self.add_discussions(programme, 5)
        with django_assert_max_num_queries(DETAIL_MAX_QUERIES) as small:
            page = get_page(client, programme.get_absolute_url())
        assert len(timeline_items(page)) == 5

        self.add_discussions(programme, 495)
        with django_assert_max_num_queries(DETAIL_MAX_QUERIES) as large:
            page = get_page(client, programme.get_absolute_url())
        assert len(timeline_items(page)) == 500
        assert len(large.captured_queries) == len(small.captured_queries)
        assert Country.objects.filter(programmes=programme).count() == 2


def test_seed_record_heritage_parks_timeline(client):
    call_command("load_seed", verbosity=0)
    page = get_page(client, "/programmes/asean-heritage-parks-development-programme/")
    assert "<h1>ASEAN Heritage Parks Development Programme</h1>" in page
    assert "Also called: ASEAN Heritage Park Development Programme" in page
    items = timeline_items(page)
    assert len(items) == 2
    assert items[0].startswith("Seventh Dialogue August 2013, Jakarta")
    assert "Considered Considered as a new project." in items[0]
    assert items[1].startswith("Eighth Dialogue August 2014, Viangchan")
    assert "Approved ASEAN countries expressed appreciation" in items[1]
