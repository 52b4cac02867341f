"""The home page, robots.txt."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.views.generic import TemplateView

from . import home


class HomeView(TemplateView):
    """What the dialogue is, the timeline of its series, the latest meetings, the programmes.

    All of it derives from the whole record and is rendered once per content version and
    language (``dialogues_site.home``): a request between two changes makes no query for
    it, and the page's size does not grow with the record.
    """

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["home"] = home.parts()
        return context


class RobotsTxtView(TemplateView):
    """robots.txt: crawl everything but search results; where the sitemap is."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The admin is not listed: its path may be kept unguessable, and it asks for a
        # login anyway.
        # Search results in every language (/search/, /ja/search/).
        context["disallowed"] = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                context["disallowed"].append(reverse("search"))
        context["sitemap_url"] = self.request.build_absolute_uri(reverse("sitemap"))
        return context
