"""The directory's public pages: countries, people and organisations.

None of them is publishable, but none may show a draft meeting or a draft programme.
"""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import PublicationStatus
from meetings.models import Country, Meeting, Participation, Person
from programmes.models import Programme
from tests.factories import (
    LETTERS,
    CountryFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

# What each page may cost, whatever the size of the record (see the query-count tests).
COUNTRY_LIST_MAX_QUERIES = 1
COUNTRY_DETAIL_MAX_QUERIES = 5
PERSON_MAX_QUERIES = 2
ORGANISATION_MAX_QUERIES = 3


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def section(page, heading_id):
    """The HTML of the section labelled by ``heading_id``."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', page, re.S)
    assert match, f"no section labelled {heading_id}"
    return match.group(1)


def text(html):
    """The text of some HTML, tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def link_texts(html):
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', html)


def card_titles(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def country_row(page, country):
    """(hosted, attended) as the countries list shows them for ``country``."""
    row = re.search(
        rf'<a href="/countries/{country.slug}/">{re.escape(country.name)}</a></th>\s*'
        r"<td>(\d+)</td>\s*<td>(\d+)</td>",
        page,
    )
    assert row, f"no row for {country}"
    return int(row.group(1)), int(row.group(2))


def an_hour_ago():
    return timezone.now() - datetime.timedelta(hours=1)


def bulk_published_meetings(count, host_country=None):
    """``count`` published meetings written in one query (for the query-count tests)."""
    series = MeetingSeriesFactory()
    host_country = host_country or CountryFactory()
    published_at = an_hour_ago()
    return Meeting.objects.bulk_create(
        Meeting(
            series=series,
            kind=Meeting.Kind.DIALOGUE,
            number=index + 1,
            title=f"Bulk Dialogue {index + 1}",
            slug=f"{series.slug}-bulk-{index + 1}",
            start_date=datetime.date(2000, 1, 1) + datetime.timedelta(days=index),
            city="Bulk City",
            host_country=host_country,
            status=PublicationStatus.PUBLISHED,
            published_at=published_at,
        )
        for index in range(count)
    )


def bulk_participations(meetings, **fields):
    return Participation.objects.bulk_create(
        Participation(
            meeting=meeting, order=1, role=Participation.Role.DELEGATE, title="Director", **fields
        )
        for meeting in meetings
    )


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
    def test_meetings_hosted_are_published_only_and_in_date_order(self, client):
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
        assert link_texts(hosted) == ["Seventh Dialogue", "Ministerial Dialogue"]
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
        assert link_texts(section(page, "attended-heading")) == ["Fifth Dialogue"]
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

    def test_the_same_queries_for_5_and_500_rows(self, client, django_assert_max_num_queries):
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
        assert len(link_texts(section(page, "hosted-heading"))) == 5

        add(495)
        with django_assert_max_num_queries(COUNTRY_DETAIL_MAX_QUERIES) as large:
            page = get_page(client, url)
        assert len(link_texts(section(page, "hosted-heading"))) == 500
        assert len(link_texts(section(page, "attended-heading"))) == 500
        assert len(link_texts(section(page, "people-heading"))) == 500
        assert len(card_titles(section(page, "programmes-heading"))) == 500
        assert len(large.captured_queries) == len(small.captured_queries)


def test_seed_record_indonesia_page(client):
    call_command("load_seed", verbosity=0)
    page = get_page(client, "/countries/indonesia/")
    assert link_texts(section(page, "hosted-heading")) == [
        "Seventh Dialogue",
        "Ministerial Dialogue",
    ]
    assert link_texts(section(page, "attended-heading")) == [
        "Seventh Dialogue",
        "Ministerial Dialogue",
    ]
    assert link_texts(section(page, "people-heading")) == ["Ms. Tri Rismaharini"]
    assert "Kitakyushu-Surabaya Environmental Cooperation" in card_titles(
        section(page, "programmes-heading")
    )


# One person -------------------------------------------------------------------------------


class TestPersonPage:
    def test_participations_at_published_meetings_in_date_order(self, client):
        person = PersonFactory(name="Kozo Akino", honorific="Mr.")
        japan = CountryFactory(name="Japan", slug="japan")
        ministry = OrganisationFactory(name="Ministry of the Environment", acronym="MOEJ")
        ParticipationFactory(
            person=person,
            meeting=MeetingFactory(
                published=True,
                title="Ninth Dialogue",
                start_date=datetime.date(2015, 9, 11),
                end_date=None,
            ),
            role=Participation.Role.HEAD_OF_DELEGATION,
            title="Minister",
            country=japan,
            organisation=ministry,
        )
        ParticipationFactory(
            person=person,
            meeting=MeetingFactory(
                published=True,
                title="Ministerial Dialogue",
                start_date=datetime.date(2013, 9, 26),
                end_date=None,
            ),
            role=Participation.Role.SPEAKER,
            title="Parliamentary Vice-Minister of the Environment",
            country=japan,
            organisation=ministry,
        )
        page = get_page(client, f"/people/{person.slug}/")
        assert "<h1>Mr. Kozo Akino</h1>" in page
        assert card_titles(page) == ["Ministerial Dialogue", "Ninth Dialogue"]
        cards = text(page)
        assert (
            "Ministerial Dialogue 26 September 2013" in cards
            and "Role Speaker / presenter Title Parliamentary Vice-Minister of the Environment "
            "Representing Japan Organisation Ministry of the Environment (MOEJ)"
            in cards
        )
        assert "Role Head of delegation Title Minister" in cards
        assert '<a href="/countries/japan/">Japan</a>' in page
        assert f'<a href="/organisations/{ministry.slug}/">' in page

    def test_draft_meetings_are_left_out(self, client):
        person = PersonFactory()
        ParticipationFactory(person=person, meeting=MeetingFactory(published=True, title="Open"))
        draft = MeetingFactory(title="Secret Draft Dialogue")
        ParticipationFactory(person=person, meeting=draft, title="Secret Title")
        ParticipationFactory(
            person=person, meeting=MeetingFactory(scheduled=True, title="Scheduled Dialogue")
        )
        page = get_page(client, f"/people/{person.slug}/")
        assert card_titles(page) == ["Open"]
        assert "Secret Draft Dialogue" not in page
        assert "Secret Title" not in page
        assert draft.get_absolute_url() not in page
        assert "Scheduled Dialogue" not in page

    def test_a_person_only_in_drafts_is_404(self, client):
        person = PersonFactory()
        ParticipationFactory(person=person, meeting=MeetingFactory())
        ParticipationFactory(person=person, meeting=MeetingFactory(scheduled=True))
        assert client.get(f"/people/{person.slug}/").status_code == 404

    def test_a_person_in_no_meeting_is_404(self, client):
        assert client.get(f"/people/{PersonFactory().slug}/").status_code == 404

    def test_the_same_queries_for_5_and_500_meetings(self, client, django_assert_max_num_queries):
        person = PersonFactory()
        organisation = OrganisationFactory()
        country = CountryFactory()
        url = f"/people/{person.slug}/"
        bulk_participations(
            bulk_published_meetings(5), person=person, organisation=organisation, country=country
        )
        with django_assert_max_num_queries(PERSON_MAX_QUERIES) as small:
            assert len(card_titles(get_page(client, url))) == 5

        bulk_participations(
            bulk_published_meetings(495), person=person, organisation=organisation, country=country
        )
        with django_assert_max_num_queries(PERSON_MAX_QUERIES) as large:
            assert len(card_titles(get_page(client, url))) == 500
        assert len(large.captured_queries) == len(small.captured_queries)


def test_seed_record_kozo_akino_page(client):
    call_command("load_seed", verbosity=0)
    page = get_page(client, "/people/kozo-akino/")
    assert "<h1>Mr. Kozo Akino</h1>" in page
    assert card_titles(page) == ["Ministerial Dialogue"]
    assert "Parliamentary Vice-Minister of the Environment" in page
    assert "26 September 2013, Surabaya (Indonesia)" in page


# One organisation -------------------------------------------------------------------------


class TestOrganisationPage:
    def test_facts_and_participations_at_published_meetings(self, client):
        japan = CountryFactory(name="Japan", slug="japan")
        ministry = OrganisationFactory(
            name="Ministry of the Environment, Japan", acronym="MOEJ", country=japan
        )
        MeetingSeriesFactory(name="Japan-ASEAN Dialogue Series", organisers=[ministry])
        person = PersonFactory(name="Kozo Akino", honorific="Mr.", slug="kozo-akino")
        ParticipationFactory(
            organisation=ministry,
            person=person,
            country=japan,
            meeting=MeetingFactory(
                published=True,
                title="Tenth Dialogue",
                start_date=datetime.date(2016, 8, 1),
                end_date=None,
            ),
            title="Director",
        )
        ParticipationFactory(
            organisation=ministry,
            person=None,
            country=japan,
            meeting=MeetingFactory(
                published=True,
                title="First Dialogue",
                start_date=datetime.date(2008, 3, 1),
                end_date=None,
            ),
            role=Participation.Role.SPEAKER,
        )
        ParticipationFactory(
            organisation=ministry, meeting=MeetingFactory(title="Secret Draft Dialogue")
        )
        page = get_page(client, f"/organisations/{ministry.slug}/")
        assert "<h1>Ministry of the Environment, Japan (MOEJ)</h1>" in page
        assert "Organises Japan-ASEAN Dialogue Series" in text(page)
        assert card_titles(page) == ["First Dialogue", "Tenth Dialogue"]
        assert '<a href="/people/kozo-akino/">Mr. Kozo Akino</a>' in page
        assert '<a href="/countries/japan/">Japan</a>' in page
        assert "Secret Draft Dialogue" not in page

    def test_only_draft_participations_still_a_page_but_nothing_from_drafts(self, client):
        organisation = OrganisationFactory(name="City of Kitakyushu")
        ParticipationFactory(
            organisation=organisation,
            person=PersonFactory(name="Draft Delegate"),
            meeting=MeetingFactory(title="Secret Draft Dialogue"),
        )
        page = get_page(client, f"/organisations/{organisation.slug}/")
        assert "<h1>City of Kitakyushu" in page
        assert card_titles(page) == []
        assert "No published meeting records City of Kitakyushu taking part yet." in page
        assert "Secret Draft Dialogue" not in page
        assert "Draft Delegate" not in page

    def test_unknown_organisation_is_404(self, client):
        assert client.get("/organisations/no-such-body/").status_code == 404

    def test_the_same_queries_for_5_and_500_meetings(self, client, django_assert_max_num_queries):
        organisation = OrganisationFactory()
        MeetingSeriesFactory(organisers=[organisation])
        url = f"/organisations/{organisation.slug}/"

        def add(count):
            meetings = bulk_published_meetings(count)
            people = Person.objects.bulk_create(
                Person(name=f"Bulk Person {m.pk}", slug=f"bulk-person-{m.pk}") for m in meetings
            )
            Participation.objects.bulk_create(
                Participation(
                    meeting=m, order=1, person=p, organisation=organisation, country=m.host_country
                )
                for m, p in zip(meetings, people, strict=True)
            )

        add(5)
        with django_assert_max_num_queries(ORGANISATION_MAX_QUERIES) as small:
            assert len(card_titles(get_page(client, url))) == 5
        add(495)
        with django_assert_max_num_queries(ORGANISATION_MAX_QUERIES) as large:
            assert len(card_titles(get_page(client, url))) == 500
        assert len(large.captured_queries) == len(small.captured_queries)


def test_seed_record_ministry_page(client):
    call_command("load_seed", verbosity=0)
    page = get_page(client, "/organisations/ministry-of-the-environment-japan/")
    assert card_titles(page) == ["Ministerial Dialogue"]
    assert '<a href="/people/kozo-akino/">Mr. Kozo Akino</a>' in page
    assert "Parliamentary Vice-Minister of the Environment" in page
