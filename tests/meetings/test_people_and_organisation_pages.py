"""The public pages of a person and of an organisation, with the meetings they attended.

Neither is publishable, but neither page may show a draft meeting; a person seen only in
drafts is a 404. Query counts are pinned and must not grow with the meetings.
"""

import datetime
import re

import pytest
from django.core.management import call_command

from meetings.models import Participation, Person
from tests.factories import (
    CountryFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
)
from tests.meetings.bulk_rows import bulk_participations, bulk_published_meetings
from tests.meetings.page_reading import card_titles, get_page

pytestmark = pytest.mark.django_db

# What each page may cost, whatever the size of the record (see the query-count tests).
PERSON_MAX_QUERIES = 4
# The first view after a change counts every organisation's participations again (one
# query, once per content version: core.derived).
ORGANISATION_MAX_QUERIES = 4 + 1


def text(html):
    """The text of some HTML, tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


# One person -------------------------------------------------------------------------------


class TestPersonPage:
    def test_participations_at_published_meetings_newest_first(self, client):
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
        assert card_titles(page) == ["Ninth Dialogue", "Ministerial Dialogue"]
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
            page = get_page(client, url)
        # The latest ten, and a link to all of them.
        assert card_titles(page)[:2] == ["Bulk Dialogue 495", "Bulk Dialogue 494"]
        assert len(card_titles(page)) == 10
        assert f"All 500 meetings of {person}, in the meetings list" in page
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
        assert card_titles(page) == ["Tenth Dialogue", "First Dialogue"]
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
            page = get_page(client, url)
        assert len(card_titles(page)) == 10
        assert f"All 500 meetings of {organisation.name}, in the meetings list" in page
        assert len(large.captured_queries) == len(small.captured_queries)


def test_seed_record_ministry_page(client):
    call_command("load_seed", verbosity=0)
    page = get_page(client, "/organisations/ministry-of-the-environment-japan/")
    assert card_titles(page) == ["Ministerial Dialogue"]
    assert '<a href="/people/kozo-akino/">Mr. Kozo Akino</a>' in page
    assert "Parliamentary Vice-Minister of the Environment" in page
