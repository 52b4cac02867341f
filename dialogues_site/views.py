"""The home page: the latest meetings, the programmes and the timeline of the series."""

from collections import defaultdict

from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import translation
from django.views.generic import TemplateView

from meetings.models import Meeting, MeetingSeries
from programmes.models import Programme

from . import timeline


class HomeView(TemplateView):
    """What the dialogue is, a timeline of each series, the latest meetings, the programmes.

    Three queries whatever the size of the record: series, published meetings (the
    latest ``timeline_limit`` of each series for its timeline; the latest five are the
    head of the same list), programmes. A timeline of hundreds of meetings would be
    unreadable and slow to draw (a record of 10,000 meetings made a 4.7 MB page): it
    shows the latest meetings, and links to all of them in the list.
    """

    template_name = "home.html"
    latest_count = 5
    timeline_limit = 40

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        newest_first = (F("start_date").desc(), F("number").desc(), F("pk").desc())
        meetings = list(
            Meeting.objects.published()
            .select_related("host_country", "series")
            .annotate(recency=Window(RowNumber(), partition_by=F("series"), order_by=newest_first))
            .filter(recency__lte=self.timeline_limit)
            .order_by(*newest_first)
        )
        by_series = defaultdict(list)
        for meeting in meetings:
            by_series[meeting.series_id].append(meeting)
        # Only series with a published meeting: a series still in preparation stays hidden.
        context["series_entries"] = [
            {"series": series, "timeline": timeline.build(by_series[series.pk])}
            for series in MeetingSeries.objects.filter(pk__in=list(by_series))
        ]
        context["latest_meetings"] = meetings[: self.latest_count]  # newest first (Meta)
        context["programmes"] = (
            Programme.objects.published()
            .filter(kind=Programme.Kind.PROGRAMME)
            .select_related("fund")
        )
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
