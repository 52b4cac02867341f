"""The sitemap: an index (/sitemap.xml) of paged sections (/sitemap-<section>.xml?p=N),
every public record at its English and Japanese address (with hreflang alternates).

Bounded whatever the record's size: a page holds at most ``LIMIT`` addresses and reads
only its own rows (``PagedSitemap`` counts in SQL and reads one slice; Django's i18n
sitemap would read the whole table per page). Drafts and scheduled records never
appear: meetings and programmes come from ``published()``; a person or an organisation
only once they took part in a published meeting.
"""

from math import ceil

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.urls import reverse

from documents.models import Document
from meetings.models import Country, Meeting, Organisation, Participation, Person
from programmes.models import Programme

# Addresses per page: 500 records in two languages. An address with its alternates, last
# modification and change frequency is about 500 bytes of XML (1,100 with the longest
# slugs): a page is 0.5 MB, at most 1.1 MB.
LIMIT = 1000


class LanguagePairs:
    """The (item, language) pairs of ``items`` (a queryset or a list), item by item, for
    a Paginator: ``count()`` is one COUNT query, a slice reads only the records it needs.
    Every item is in the same languages (``get_languages_for_item`` is not consulted)."""

    def __init__(self, items, languages):
        self.items = items
        self.languages = list(languages)

    def count(self):
        records = self.items.count() if isinstance(self.items, QuerySet) else len(self.items)
        return records * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("LanguagePairs only takes a slice of consecutive pairs.")
        size = len(self.languages)
        start, stop = key.start or 0, key.stop
        if start < 0 or stop is None or stop < start:
            raise ValueError("LanguagePairs takes a slice with a start and a stop.")
        first, last = start // size, ceil(stop / size)
        pairs = [(item, code) for item in self.items[first:last] for code in self.languages]
        offset = first * size
        return pairs[start - offset : stop - offset]


class PagedSitemap(Sitemap):
    """Each item once per language (/… and /ja/…), each entry listing all languages'
    addresses and the x-default (the English one); a page reads only its own rows."""

    i18n = True
    alternates = True
    x_default = True
    limit = LIMIT

    @property
    def paginator(self):
        return Paginator(LanguagePairs(self.items(), self._languages()), self.limit)

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item: the whole table, for the index.
        return None


class DatedSitemap(PagedSitemap):
    """A published record carrying its last modification (``updated_at``)."""

    def lastmod(self, record):
        return record.updated_at

    def get_latest_lastmod(self):
        return self.items().order_by().aggregate(latest=Max("updated_at"))["latest"]


class StaticViewSitemap(PagedSitemap):
    """The home page and the lists."""

    priority = 0.8
    changefreq = "monthly"

    def items(self):
        return ["home", "meetings:list", "programmes:list", "countries:list"]

    def location(self, item):
        return reverse(item)


class MeetingSitemap(DatedSitemap):
    changefreq = "yearly"

    def items(self):
        return Meeting.objects.published().only("slug", "updated_at").order_by("-start_date", "pk")


class ProgrammeSitemap(DatedSitemap):
    changefreq = "yearly"

    def items(self):
        return Programme.objects.published().only("slug", "updated_at").order_by("name", "pk")


class CountrySitemap(PagedSitemap):
    changefreq = "yearly"

    def items(self):
        return Country.objects.only("slug").order_by("name", "pk")

    def location(self, country):
        return reverse("countries:detail", kwargs={"slug": country.slug})


class PersonSitemap(PagedSitemap):
    """People who took part in at least one published meeting."""

    changefreq = "yearly"

    def items(self):
        took_part = Participation.objects.published().filter(person=OuterRef("pk"))
        return Person.objects.filter(Exists(took_part)).only("slug").order_by("name", "pk")

    def location(self, person):
        return reverse("people:detail", kwargs={"slug": person.slug})


class OrganisationSitemap(PagedSitemap):
    """Organisations that took part in at least one published meeting."""

    changefreq = "yearly"

    def items(self):
        took_part = Participation.objects.published().filter(organisation=OuterRef("pk"))
        return Organisation.objects.filter(Exists(took_part)).only("slug").order_by("name", "pk")

    def location(self, organisation):
        return reverse("organisations:detail", kwargs={"slug": organisation.slug})


class DocumentSitemap(DatedSitemap):
    """Published documents with a stored file: their download addresses."""

    changefreq = "yearly"

    def items(self):
        return (
            Document.objects.published()
            .exclude(file="")
            .only("slug", "updated_at")
            .order_by("-published_at", "pk")
        )

    def location(self, document):
        return document.download_url


SITEMAPS = {
    "pages": StaticViewSitemap,
    "meetings": MeetingSitemap,
    "programmes": ProgrammeSitemap,
    "countries": CountrySitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
    "documents": DocumentSitemap,
}
