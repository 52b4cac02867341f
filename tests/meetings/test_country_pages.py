"""The countries' public pages: the list of countries and each country's own page.

A country is not publishable, but its pages may show no draft meeting or draft programme;
their query counts are pinned and must not grow with the record.
"""

import datetime
import re

import pytest
from django.core.management import call_command

from core.models import PublicationStatus
from meetings.models import Country, Participation, Person
from programmes.models import Programme
from tests.factories import (
    LETTERS,
    CountryFactory,
    MeetingFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
)
from tests.meetings.bulk_rows import an_hour_ago, bulk_participations, bulk_published_meetings
from tests.meetings.page_reading import card_titles, get_page, section

pytestmark = pytest.mark.django_db

# What each page may cost, whatever the size of the record (see the query-count tests):
# the first view after a change, which counts the record's meetings per country and
# series again (three queries, once per content version: core.derived).
COUNTRY_LIST_MAX_QUERIES = 1 + 3
COUNTRY_DETAIL_MAX_QUERIES = 6 + 3


def link_texts(html):
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', html)


def country_row(page, country):
    """(hosted, attended) as the countries list shows them for ``country``."""
    row = re.search(
        rf'<a href="/countries/{country.slug}/">{re.escape(country.name)}</a></th>\s*'
        r"<td>(\d+)</td>\s*<td>(\d+)</td>",
        page,
    )
    assert row, f"no row for {country}"
    return int(row.group(1)), int(row.group(2))


# The countries list -----------------------------------------------------------------------


class TestCountryList:
    def test_asean_members_then_the_others(self, client):
        CountryFactory(name="Viet Nam", is_asean_member=True)
        CountryFactory(name="Japan", is_asean_member=False)
        CountryFactory(name="Brunei Darussalam", is_asean_member=True)
        page = get_page(client, "/countries/")
        assert link_texts(section(page, "asean-heading")) == ["Brunei Darussalam", "Viet Nam"]
        assert link_texts(section(page, "others-heading")) == ["Japan"]
        assert page.index("ASEAN member states") < page.index("Other countries")

    def test_each_country_links_to_its_page(self, client):
        CountryFactory(name="Lao PDR", slug="lao-pdr")
        assert '<a href="/countries/lao-pdr/">Lao PDR</a>' in get_page(client, "/countries/")

    def test_counts_published_meetings_hosted_and_attended(self, client):
        country = CountryFactory(name="Indonesia")
        MeetingFactory(published=True, host_country=country)
        MeetingFactory(published=True, host_country=country)
        MeetingFactory(host_country=country)  # draft
        MeetingFactory(scheduled=True, host_country=country)
        attended = MeetingFactory(published=True)
        # Two delegates at one meeting: one meeting attended.
        ParticipationFactory(meeting=attended, country=country)
        ParticipationFactory(meeting=attended, country=country)
        ParticipationFactory(meeting=MeetingFactory(published=True), country=country)
        ParticipationFactory(meeting=MeetingFactory(), country=country)  # draft
        ParticipationFactory(meeting=MeetingFactory(scheduled=True), country=country)
        page = get_page(client, "/countries/")
        # Attended: the two it hosted and the two where its delegation is named.
        assert country_row(page, country) == (2, 4)

    def test_a_country_with_nothing_shows_zeros(self, client):
        country = CountryFactory(name="Republic of Korea")
        assert country_row(get_page(client, "/countries/"), country) == (0, 0)

    def test_the_same_queries_for_5_and_500_rows(self, client, django_assert_max_num_queries):
        def add(count):
            used = set(Country.objects.values_list("code", flat=True))
            codes = [a + b for a in LETTERS for b in LETTERS if a + b not in used][:count]
            countries = Country.objects.bulk_create(
                Country(code=code, name=f"Bulkland {code}", slug=f"bulkland-{code.lower()}")
                for code in codes
            )
            meetings = bulk_published_meetings(count, host_country=countries[0])
            bulk_participations(meetings, country=countries[-1])
            return countries

        small_countries = add(5)
        with django_assert_max_num_queries(COUNTRY_LIST_MAX_QUERIES) as small:
            page = get_page(client, "/countries/")
        assert country_row(page, small_countries[0]) == (5, 5)  # a host attends

        large_countries = add(500)
        with django_assert_max_num_queries(COUNTRY_LIST_MAX_QUERIES) as large:
            page = get_page(client, "/countries/")
        assert country_row(page, large_countries[0]) == (500, 500)
        assert country_row(page, large_countries[-1]) == (0, 500)
        assert page.count('<th scope="row">') == 505
        assert len(large.captured_queries) == len(small.captured_queries)


def test_seed_record_countries_list(client):
    call_command("load_seed", verbosity=0)
    page = get_page(client, "/countries/")
    assert "Indonesia" in link_texts(section(page, "asean-heading"))
    assert "Japan" in link_texts(section(page, "others-heading"))
    # A host attends its own meetings: Viet Nam hosted three and was named at a fourth.
    assert country_row(page, Country.objects.get(code="ID")) == (2, 2)
    assert country_row(page, Country.objects.get(code="VN")) == (3, 4)
    assert country_row(page, Country.objects.get(code="JP")) == (0, 7)


# One country ------------------------------------------------------------------------------


class TestCountryPage:
    def test_meetings_hosted_are_published_only_newest_first(self, client):
        country = CountryFactory()
        MeetingFactory(
            published=True,
            host_country=country,
            title="Ministerial Dialogue",
            start_date=datetime.date(2013, 9, 26),
            end_date=None,
        )
        MeetingFactory(
            published=True,
            host_country=country,
            title="Seventh Dialogue",
            start_date=datetime.date(2013, 8, 1),
            end_date=None,
            date_precision="month",
        )
        draft = MeetingFactory(host_country=country, title="Secret Draft Dialogue")
        MeetingFactory(scheduled=True, host_country=country, title="Scheduled Dialogue")
        page = get_page(client, f"/countries/{country.slug}/")
        hosted = section(page, "hosted-heading")
        assert link_texts(hosted) == [
            "Ministerial Dialogue",
            "Seventh Dialogue",
            "All 2 meetings hosted, in the meetings list",
        ]
        assert f'<a href="/meetings/?host={country.code}">All 2 meetings' in hosted
        assert "August 2013" in hosted
        assert "26 September 2013" in hosted
        assert "Secret Draft Dialogue" not in page
        assert draft.get_absolute_url() not in page
        assert "Scheduled Dialogue" not in page

    def test_meetings_attended_once_each_and_never_drafts(self, client):
        country = CountryFactory()
        meeting = MeetingFactory(published=True, title="Fifth Dialogue")
        ParticipationFactory(meeting=meeting, country=country)
        ParticipationFactory(meeting=meeting, country=country)
        ParticipationFactory(meeting=MeetingFactory(published=True), country=CountryFactory())
        ParticipationFactory(meeting=MeetingFactory(title="Draft Dialogue"), country=country)
        page = get_page(client, f"/countries/{country.slug}/")
        assert link_texts(section(page, "attended-heading")) == [
            "Fifth Dialogue",
            "The meeting attended, in the meetings list",
        ]
        assert "Draft Dialogue" not in page

    def test_people_who_represented_it_once_each_with_links(self, client):
        country = CountryFactory()
        delegate = PersonFactory(name="Tri Rismaharini", honorific="Ms.", slug="tri")
        for _ in range(2):
            ParticipationFactory(
                meeting=MeetingFactory(published=True), country=country, person=delegate
            )
        ParticipationFactory(
            meeting=MeetingFactory(published=True),
            country=CountryFactory(),
            person=PersonFactory(name="Someone Else"),
        )
        ParticipationFactory(
            meeting=MeetingFactory(),
            country=country,
            person=PersonFactory(name="Draft Delegate"),
        )
        page = get_page(client, f"/countries/{country.slug}/")
        people = section(page, "people-heading")
        assert '<a href="/people/tri/">Ms. Tri Rismaharini</a>' in people
        assert link_texts(people) == ["Ms. Tri Rismaharini"]
        assert "Draft Delegate" not in page

    def test_published_programmes_only(self, client):
        country = CountryFactory()
        programme = ProgrammeFactory(published=True, name="Heritage Parks", countries=[country])
        ProgrammeFactory(name="Draft Programme Beta", countries=[country])
        ProgrammeFactory(scheduled=True, name="Scheduled Programme", countries=[country])
        ProgrammeFactory(published=True, name="Elsewhere", countries=[CountryFactory()])
        page = get_page(client, f"/countries/{country.slug}/")
        programmes = section(page, "programmes-heading")
        assert card_titles(programmes) == ["Heritage Parks"]
        assert f'href="{programme.get_absolute_url()}"' in programmes
        assert f'<a href="/programmes/?country={country.code}">This programme in the' in programmes
        assert "Draft Programme Beta" not in page
        assert "Scheduled Programme" not in page

    def test_an_empty_country_says_so(self, client):
        country = CountryFactory(name="China", slug="china")
        page = get_page(client, "/countries/china/")
        assert "<h1>China</h1>" in page
        assert "No published meeting was held in China." in page
        assert "takes part in no published programme" in page
        assert f'<abbr title="ISO 3166-1 alpha-2">{country.code}</abbr>' in page

    def test_breadcrumbs(self, client):
        country = CountryFactory(name="Malaysia")
        page = get_page(client, f"/countries/{country.slug}/")
        assert '<li><a href="/countries/">Countries</a></li>' in page
        assert '<span aria-current="page">Malaysia</span>' in page
        assert "<title>Malaysia | " in page

    def test_unknown_country_is_404(self, client):
        assert client.get("/countries/atlantis/").status_code == 404

    def test_the_same_queries_for_5_and_500_rows_and_a_bounded_page(
        self, client, django_assert_max_num_queries
    ):
        country = CountryFactory()

        def add(count):
            hosted = bulk_published_meetings(count, host_country=country)
            people = Person.objects.bulk_create(
                Person(name=f"Bulk Person {p.pk}", slug=f"bulk-person-{p.pk}") for p in hosted
            )
            Participation.objects.bulk_create(
                Participation(meeting=meeting, order=1, person=person, country=country)
                for meeting, person in zip(hosted, people, strict=True)
            )
            published_at = an_hour_ago()
            programmes = Programme.objects.bulk_create(
                Programme(
                    name=f"Bulk Programme {m.pk}",
                    slug=f"bulk-programme-{m.pk}",
                    status=PublicationStatus.PUBLISHED,
                    published_at=published_at,
                )
                for m in hosted
            )
            Programme.countries.through.objects.bulk_create(
                Programme.countries.through(programme=p, country=country) for p in programmes
            )

        url = f"/countries/{country.slug}/"
        add(5)
        with django_assert_max_num_queries(COUNTRY_DETAIL_MAX_QUERIES) as small:
            page = get_page(client, url)
        assert len(link_texts(section(page, "hosted-heading"))) == 5 + 1  # and the list's

        add(495)
        with django_assert_max_num_queries(COUNTRY_DETAIL_MAX_QUERIES) as large:
            page = get_page(client, url)
        # The latest few of each, their totals, and a link to the rest.
        hosted = link_texts(section(page, "hosted-heading"))
        assert hosted[:2] == ["Bulk Dialogue 495", "Bulk Dialogue 494"]
        assert hosted[10:] == ["All 500 meetings hosted, in the meetings list"]
        assert link_texts(section(page, "attended-heading"))[10:] == [
            "All 500 meetings attended, in the meetings list"
        ]
        people = section(page, "people-heading")
        assert len(link_texts(people)) == 20
        assert "500 people in all; the 20 seen most recently:" in people
        programmes = section(page, "programmes-heading")
        assert len(card_titles(programmes)) == 10
        assert "500 programmes in all; the first 10:" in programmes
        assert "All 500 programmes in the filtered list" in programmes
        assert len(large.captured_queries) == len(small.captured_queries)


def test_seed_record_indonesia_page(client):
    call_command("load_seed", verbosity=0)
    page = get_page(client, "/countries/indonesia/")
    assert link_texts(section(page, "hosted-heading")) == [
        "Ministerial Dialogue",
        "Seventh Dialogue",
        "All 2 meetings hosted, in the meetings list",
    ]
    assert link_texts(section(page, "attended-heading")) == [
        "Ministerial Dialogue",
        "Seventh Dialogue",
        "All 2 meetings attended, in the meetings list",
    ]
    assert link_texts(section(page, "people-heading")) == ["Ms. Tri Rismaharini"]
    assert "Kitakyushu-Surabaya Environmental Cooperation" in card_titles(
        section(page, "programmes-heading")
    )
