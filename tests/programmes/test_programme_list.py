"""The public list of programmes at /programmes/: cards, filters, ordering, pages.

Drafts stay hidden whatever the filters; bad query-string input is a form error, never a
500; the query count is pinned and must not grow with the programmes.
"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import PublicationStatus, content_changed
from programmes.models import Programme
from tests.factories import CountryFactory, FundFactory, ProgrammeFactory, ThemeFactory
from tests.meetings.page_reading import card_titles, get_page

pytestmark = pytest.mark.django_db

LIST_URL = "/programmes/"
# What the page may cost, whatever the size of the record (see the query-count test).
LIST_MAX_QUERIES = 8


# The programmes list ----------------------------------------------------------------------


class TestProgrammeList:
    def test_a_card_shows_what_a_reader_needs_to_choose(self, client):
        programme = ProgrammeFactory(
            published=True,
            name="ASEAN Heritage Parks Development Programme",
            acronym="AHP",
            kind=Programme.Kind.INITIATIVE,
            programme_status=Programme.Status.PENDING_FUNDING,
            fund=FundFactory(name="Japan-ASEAN Integration Fund", acronym="JAIF"),
            summary="Development of the ASEAN Heritage Parks.",
        )
        page = get_page(client, LIST_URL)
        assert f'href="{programme.get_absolute_url()}"' in page
        assert "ASEAN Heritage Parks Development Programme</a> (AHP)" in page
        assert "Initiative" in page
        assert (
            '<span class="badge badge--status"><span class="visually-hidden">Status: </span>'
            "Pending funding</span>"
        ) in page
        assert "Fund: Japan-ASEAN Integration Fund (JAIF)" in page
        assert "Development of the ASEAN Heritage Parks." in page
        assert "1 programme</h2>" in page

    def test_drafts_and_scheduled_programmes_are_not_listed(self, client):
        ProgrammeFactory(published=True, name="Published Programme Alpha")
        draft = ProgrammeFactory(name="Draft Programme Beta")
        scheduled = ProgrammeFactory(scheduled=True, name="Scheduled Programme Gamma")
        page = get_page(client, LIST_URL)
        assert card_titles(page) == ["Published Programme Alpha"]
        assert "Draft Programme Beta" not in page
        assert draft.get_absolute_url() not in page
        assert "Scheduled Programme Gamma" not in page
        assert scheduled.get_absolute_url() not in page
        assert "1 programme</h2>" in page

    def test_drafts_stay_hidden_whatever_the_filters(self, client):
        theme = ThemeFactory(slug="biodiversity")
        ProgrammeFactory(published=True, name="Published Programme Alpha", themes=[theme])
        ProgrammeFactory(name="Draft Programme Beta", themes=[theme])
        page = get_page(client, LIST_URL, {"theme": "biodiversity", "q": "Programme"})
        assert card_titles(page) == ["Published Programme Alpha"]

    def test_an_empty_record_says_so(self, client):
        page = get_page(client, LIST_URL)
        assert "No programmes have been published yet." in page
        assert "0 programmes</h2>" in page

    def test_the_filter_form_sits_in_the_filter_panel(self, client):
        page = get_page(client, LIST_URL)
        assert '<div class="filter-layout">' in page
        assert '<aside class="filter-panel"' in page
        for name in ("q", "theme", "fund", "status", "country", "kind", "ordering"):
            assert f'name="{name}"' in page


class TestProgrammeFilters:
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("name", "Heritage Parks Programme"),
            ("acronym", "AHPDP"),
            ("other_names", "First name\nHeritage Park Development"),
            ("summary", "Protects the heritage parks of ASEAN."),
            ("description", "The *heritage* parks programme."),
        ],
    )
    def test_search_looks_in_names_and_texts(self, client, field, value):
        matching = ProgrammeFactory(published=True, **{"name": "Matching Programme", field: value})
        ProgrammeFactory(published=True, name="Other Programme", acronym="OP")
        page = get_page(client, LIST_URL, {"q": "ahpdp" if field == "acronym" else "heritage"})
        assert card_titles(page) == [matching.name]

    def test_search_needs_every_word_somewhere(self, client):
        ProgrammeFactory(published=True, name="ASEAN Biodiversity Programme", acronym="")
        ProgrammeFactory(published=True, name="ASEAN Cities Programme", acronym="")
        ProgrammeFactory(
            published=True, name="Biodiversity Centre", acronym="", summary="For ASEAN."
        )
        page = get_page(client, LIST_URL, {"q": "asean  biodiversity"})
        assert card_titles(page) == ["ASEAN Biodiversity Programme", "Biodiversity Centre"]

    def test_theme_by_slug(self, client):
        biodiversity = ThemeFactory(name="Biodiversity", slug="biodiversity")
        ProgrammeFactory(published=True, name="Parks Programme", themes=[biodiversity])
        ProgrammeFactory(published=True, name="Cities Programme", themes=[ThemeFactory()])
        ProgrammeFactory(published=True, name="Themeless Programme")
        page = get_page(client, LIST_URL, {"theme": "biodiversity"})
        assert card_titles(page) == ["Parks Programme"]
        assert "Theme: Biodiversity" in page  # the active-filter chip

    def test_fund_by_slug(self, client):
        jaif = FundFactory(slug="jaif")
        ProgrammeFactory(published=True, name="Funded Programme", fund=jaif)
        ProgrammeFactory(published=True, name="Other Fund Programme")
        ProgrammeFactory(published=True, name="Unfunded Programme", fund=None)
        page = get_page(client, LIST_URL, {"fund": "jaif"})
        assert card_titles(page) == ["Funded Programme"]

    def test_status_is_the_programmes_own_status(self, client):
        ProgrammeFactory(
            published=True, name="Completed Programme", programme_status=Programme.Status.COMPLETED
        )
        ProgrammeFactory(
            published=True, name="Ongoing Programme", programme_status=Programme.Status.ONGOING
        )
        ProgrammeFactory(published=True, name="Unstated Programme", programme_status="")
        page = get_page(client, LIST_URL, {"status": "completed"})
        assert card_titles(page) == ["Completed Programme"]
        assert "Status: Completed" in page

    def test_country_by_iso_code(self, client):
        indonesia = CountryFactory(code="ID", name="Indonesia")
        ProgrammeFactory(published=True, name="Surabaya Programme", countries=[indonesia])
        ProgrammeFactory(published=True, name="Elsewhere Programme", countries=[CountryFactory()])
        page = get_page(client, LIST_URL, {"country": "ID"})
        assert card_titles(page) == ["Surabaya Programme"]
        assert "Country: Indonesia" in page

    def test_kind(self, client):
        ProgrammeFactory(published=True, name="A Forum", kind=Programme.Kind.FORUM)
        ProgrammeFactory(published=True, name="A Programme", kind=Programme.Kind.PROGRAMME)
        page = get_page(client, LIST_URL, {"kind": "forum"})
        assert card_titles(page) == ["A Forum"]

    def test_filters_combine(self, client):
        theme = ThemeFactory(slug="biodiversity")
        fund = FundFactory(slug="jaif")
        country = CountryFactory(code="LA")
        matching = {
            "published": True,
            "themes": [theme],
            "fund": fund,
            "countries": [country, CountryFactory()],
            "kind": Programme.Kind.PROGRAMME,
            "programme_status": Programme.Status.ONGOING,
            "summary": "Heritage parks.",
        }
        ProgrammeFactory(name="Matches Everything", **matching)
        for name, difference in [
            ("Other Theme", {"themes": [ThemeFactory()]}),
            ("Other Fund", {"fund": FundFactory()}),
            ("Other Country", {"countries": [CountryFactory()]}),
            ("Other Kind", {"kind": Programme.Kind.FORUM}),
            ("Other Status", {"programme_status": Programme.Status.COMPLETED}),
            ("Other Words", {"summary": "Cities."}),
            ("A Draft", {"published": False}),
        ]:
            ProgrammeFactory(name=name, **{**matching, **difference})
        query = {
            "theme": "biodiversity",
            "fund": "jaif",
            "country": "LA",
            "kind": "programme",
            "status": "ongoing",
            "q": "heritage",
        }
        page = get_page(client, LIST_URL, query)
        assert card_titles(page) == ["Matches Everything"]
        assert "1 programme</h2>" in page

    def test_a_chip_removes_its_own_filter_only(self, client):
        theme = ThemeFactory(name="Biodiversity", slug="biodiversity")
        ProgrammeFactory(published=True, name="Parks", themes=[theme], kind="programme")
        ProgrammeFactory(published=True, name="Forum", themes=[theme], kind="forum")
        page = get_page(client, LIST_URL, {"theme": "biodiversity", "kind": "forum"})
        assert card_titles(page) == ["Forum"]
        assert 'href="/programmes/?kind=forum" aria-label="Remove filter Theme: Biodiversity"' in (
            page
        )
        assert (
            'href="/programmes/?theme=biodiversity" aria-label="Remove filter Kind: Forum"' in page
        )

    def test_no_match_offers_to_clear_the_filters(self, client):
        ProgrammeFactory(published=True, name="A Programme", kind=Programme.Kind.PROGRAMME)
        page = get_page(client, LIST_URL, {"kind": "agreement"})
        assert card_titles(page) == []
        assert "No programme matches these filters." in page
        assert '<a href="/programmes/">Clear all filters</a>' in page
        assert "0 programmes</h2>" in page


class TestOrdering:
    def test_by_name_by_default(self, client):
        for name in ("Beta Programme", "Gamma Programme", "Alpha Programme"):
            ProgrammeFactory(published=True, name=name)
        page = get_page(client, LIST_URL)
        assert card_titles(page) == ["Alpha Programme", "Beta Programme", "Gamma Programme"]

    def test_by_name_descending(self, client):
        for name in ("Beta Programme", "Gamma Programme", "Alpha Programme"):
            ProgrammeFactory(published=True, name=name)
        page = get_page(client, LIST_URL, {"ordering": "-name"})
        assert card_titles(page) == ["Gamma Programme", "Beta Programme", "Alpha Programme"]
        assert "Sort by: Name, Z to A" in page

    def test_ordering_and_a_filter_together(self, client):
        theme = ThemeFactory(slug="water")
        for name in ("Beta", "Alpha", "Gamma"):
            ProgrammeFactory(published=True, name=f"{name} Water", themes=[theme])
        ProgrammeFactory(published=True, name="Delta Dry")
        page = get_page(client, LIST_URL, {"ordering": "-name", "theme": "water"})
        assert card_titles(page) == ["Gamma Water", "Beta Water", "Alpha Water"]


class TestPagination:
    def test_twenty_a_page_and_the_links_keep_the_filters(self, client):
        theme = ThemeFactory(slug="biodiversity")
        for number in range(25):
            ProgrammeFactory(published=True, name=f"Parks Programme {number:02}", themes=[theme])
        for number in range(3):
            ProgrammeFactory(published=True, name=f"Cities Programme {number}")

        first = get_page(client, LIST_URL, {"theme": "biodiversity"})
        assert len(card_titles(first)) == 20
        assert "25 programmes" in first
        assert "Page 1 of 2" in first
        assert 'rel="next" href="?theme=biodiversity&amp;page=2"' in first

        second = get_page(client, LIST_URL, {"theme": "biodiversity", "page": "2"})
        assert card_titles(second) == [f"Parks Programme {n}" for n in range(20, 25)]
        assert "Cities Programme" not in second
        assert 'rel="prev" href="?theme=biodiversity&amp;page=1"' in second

    def test_a_single_page_has_no_pagination(self, client):
        ProgrammeFactory(published=True)
        assert 'class="pagination"' not in get_page(client, LIST_URL)


class TestInvalidInput:
    @pytest.mark.parametrize(
        ("param", "value"),
        [
            ("theme", "no-such-theme"),
            ("fund", "no-such-fund"),
            ("country", "XX"),
            ("country", "'; DROP TABLE programmes_programme; --"),
            ("status", "abandoned"),
            ("kind", "conspiracy"),
            ("ordering", "created_at"),
            ("q", "x" * 201),
        ],
    )
    def test_bad_input_is_a_form_error_not_a_500(self, client, param, value):
        ProgrammeFactory(published=True, name="Published Programme Alpha")
        response = client.get(LIST_URL, {param: value})
        assert response.status_code == 200
        page = response.content.decode()
        assert 'class="field field--error"' in page
        assert f'<p class="field__error" id="id_{param}-error">' in page
        assert 'aria-invalid="true"' in page
        assert "Some filters could not be used" in page
        # Strict: an invalid filter lists nothing rather than everything.
        assert card_titles(page) == []

    def test_a_valid_filter_beside_an_invalid_one_keeps_its_value(self, client):
        ProgrammeFactory(published=True, themes=[ThemeFactory(slug="biodiversity")])
        page = get_page(client, LIST_URL, {"theme": "biodiversity", "country": "XX"})
        assert '<option value="biodiversity" selected>' in page
        assert 'id="id_country-error"' in page


class TestListQueryCount:
    def make_programmes(self, count, theme, country, fund):
        """``count`` published programmes of the theme, country and fund, in bulk."""
        published_at = timezone.now() - datetime.timedelta(hours=1)
        start = Programme.objects.count()
        programmes = Programme.objects.bulk_create(
            Programme(
                name=f"Bulk Programme {start + index:04}",
                slug=f"bulk-programme-{start + index}",
                summary="A programme made in bulk.",
                fund=fund,
                programme_status=Programme.Status.ONGOING,
                status=PublicationStatus.PUBLISHED,
                published_at=published_at,
            )
            for index in range(count)
        )
        Programme.themes.through.objects.bulk_create(
            Programme.themes.through(programme=p, theme=theme) for p in programmes
        )
        Programme.countries.through.objects.bulk_create(
            Programme.countries.through(programme=p, country=country) for p in programmes
        )
        content_changed()  # bulk writes send no signals: tell the page cache, as imports do

    def test_the_same_queries_for_5_and_500_programmes(self, client, django_assert_max_num_queries):
        theme, country, fund = ThemeFactory(slug="t"), CountryFactory(code="TT"), FundFactory()
        query = {"theme": "t", "country": "TT", "q": "bulk", "page": "1"}
        self.make_programmes(5, theme, country, fund)
        with django_assert_max_num_queries(LIST_MAX_QUERIES) as small:
            page = get_page(client, LIST_URL, query)
        assert "5 programmes" in page

        self.make_programmes(495, theme, country, fund)
        with django_assert_max_num_queries(LIST_MAX_QUERIES) as large:
            page = get_page(client, LIST_URL, query)
        assert "500 programmes" in page
        assert len(card_titles(page)) == 20
        assert len(large.captured_queries) == len(small.captured_queries)


def test_seed_record_list_filtered_by_theme(client):
    call_command("load_seed", verbosity=0)
    page = get_page(client, LIST_URL, {"theme": "biodiversity"})
    assert card_titles(page) == [
        "ASEAN Biodiversity Capacity Building Programme",
        "ASEAN Heritage Parks Development Programme",
    ]
    assert "Theme: Biodiversity" in page
