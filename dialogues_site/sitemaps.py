"""The sitemap (/sitemap.xml): the site's lists and every public record, published only,
each at its English and its Japanese address (with hreflang alternates between them).

Drafts and scheduled records never appear: meetings and programmes come from
``published()``, and a person or an organisation appears only once they took part in a
published meeting. Each section costs a count and a page query, whatever the record's size.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from meetings.models import Country, Meeting, Organisation, Participation, Person
from programmes.models import Programme


class BilingualSitemap(Sitemap):
    """Each item once per language (/… and /ja/…), each entry listing all languages'
    addresses and the x-default (the English one)."""

    i18n = True
    alternates = True
    x_default = True


def published_participations():
    return Participation.objects.filter(meeting__in=Meeting.objects.published().values("pk"))


class StaticViewSitemap(BilingualSitemap):
    """The home page and the lists."""

    priority = 0.8
    changefreq = "monthly"

    def items(self):
        return ["home", "meetings:list", "programmes:list", "countries:list"]

    def location(self, item):
        return reverse(item)


class MeetingSitemap(BilingualSitemap):
    changefreq = "yearly"

    def items(self):
        return Meeting.objects.published().only("slug", "updated_at").order_by("-start_date", "pk")

    def lastmod(self, meeting):
        return meeting.updated_at


class ProgrammeSitemap(BilingualSitemap):
    changefreq = "yearly"

    def items(self):
        return Programme.objects.published().only("slug", "updated_at").order_by("name")

    def lastmod(self, programme):
        return programme.updated_at


class CountrySitemap(BilingualSitemap):
    changefreq = "yearly"

    def items(self):
        return Country.objects.only("slug").order_by("name")

    def location(self, country):
        return reverse("countries:detail", kwargs={"slug": country.slug})


class PersonSitemap(BilingualSitemap):
    """People who took part in at least one published meeting."""

    changefreq = "yearly"

    def items(self):
        took_part = published_participations().filter(person=OuterRef("pk"))
        return Person.objects.filter(Exists(took_part)).only("slug").order_by("name", "pk")

    def location(self, person):
        return reverse("people:detail", kwargs={"slug": person.slug})


class OrganisationSitemap(BilingualSitemap):
    """Organisations that took part in at least one published meeting."""

    changefreq = "yearly"

    def items(self):
        took_part = published_participations().filter(organisation=OuterRef("pk"))
        return Organisation.objects.filter(Exists(took_part)).only("slug").order_by("name", "pk")

    def location(self, organisation):
        return reverse("organisations:detail", kwargs={"slug": organisation.slug})


SITEMAPS = {
    "pages": StaticViewSitemap,
    "meetings": MeetingSitemap,
    "programmes": ProgrammeSitemap,
    "countries": CountrySitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
}
