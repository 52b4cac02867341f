"""What the home page derives from the whole record: the series, their timeline, the
latest meetings and the programmes, computed once per content version and language
(core.derived) and kept as the HTML they render to (plain strings, shared between app
servers through the cache). A request between two changes of the record reads them
without a query and without drawing the timeline again.

Four queries when computed, whatever the size of the record: the published meetings
counted per series and year, the series with published meetings, the latest meetings,
the programmes (with their total).
"""

from django.conf import settings
from django.db.models import Count, Window
from django.db.models.functions import ExtractYear
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.derived import per_version
from core.templatetags.display import falls_back
from meetings.models import Meeting, MeetingSeries
from programmes.models import Programme

from . import timeline

MAX_SERIES = 5  # series introduced and drawn; the others are counted and linked
LATEST_COUNT = 5
PROGRAMMES_SHOWN = 6


def meetings_per_year():
    """{series pk: {year: published meetings that began that year}}."""
    counts = {}
    rows = (
        Meeting.objects.published()
        .annotate(year=ExtractYear("start_date"))
        .values_list("series", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for series, year, n in rows:
        counts.setdefault(series, {})[year] = n
    return counts


def series_in_order(counts):
    """The series with a published meeting (a series still in preparation stays hidden):
    the featured one first (the page's heading), then in the editors' order, then the
    most meetings first; a new series never takes over the heading by its size."""
    series = MeetingSeries.objects.filter(pk__in=list(counts))
    return sorted(
        series,
        key=lambda s: (not s.featured, s.order, -sum(counts[s.pk].values()), s.name, s.pk),
    )


def label_of(series):
    """(its short name or else its name, "en" if that is English on a page in another
    language or else "")."""
    field = "short_name" if series.short_name else "name"
    return getattr(series, field), settings.LANGUAGE_CODE if falls_back(series, field) else ""


def render_series():
    counts = meetings_per_year()
    series = series_in_order(counts)
    shown = series[:MAX_SERIES]
    if not shown:
        return ""
    drawn = timeline.build([(*label_of(s), s.slug, counts[s.pk]) for s in shown])
    return render_to_string(
        "includes/home_series.html",
        {"series_shown": shown, "timeline": drawn, "other_series": len(series) - len(shown)},
    )


def render_lists():
    newest_first = ("-start_date", "-number", "-pk")
    latest = (
        Meeting.objects.published()
        .select_related("host_country", "series")
        .order_by(*newest_first)[:LATEST_COUNT]
    )
    programmes = list(
        Programme.objects.published()
        .filter(kind=Programme.Kind.PROGRAMME)
        .select_related("fund")
        .annotate(total=Window(Count("pk")))
        .order_by("name", "pk")[:PROGRAMMES_SHOWN]
    )
    return render_to_string(
        "includes/home_lists.html",
        {
            "latest_meetings": latest,
            "programmes": programmes,
            "programmes_total": programmes[0].total if programmes else 0,
        },
    )


def compute():
    return {"series": render_series(), "lists": render_lists()}


def parts():
    """{"series": HTML, "lists": HTML} of the home page in the current language."""
    rendered = per_version(f"home:{get_language()}", compute)
    # Our own templates' output, escaped when rendered (kept as plain str in the cache).
    return {name: mark_safe(html) for name, html in rendered.items()}  # noqa: S308
