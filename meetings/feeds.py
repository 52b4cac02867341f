"""Subscriptions to the meetings: an Atom feed and iCalendar (RFC 5545) calendars.

Like every public view they start from ``Meeting.objects.published()``: a draft or a
scheduled meeting is in no feed and no calendar, and its own .ics is a 404.

They speak the language of their address, like the pages: /ja/meetings/feed/ is a
Japanese feed (xml:lang="ja", Japanese titles, links to the Japanese pages), and a
calendar's texts carry their language (LANGUAGE=ja on SUMMARY, LOCATION, DESCRIPTION).

A feed or a calendar of the list's filters (the list's query string) is named after them,
in the page's language (``filter_title``): "ASEAN+3 Environment Ministers Meeting:
meetings" for a series, the other filters in brackets as the list's chips say them.

Each covers a bounded window, whatever the record holds, filtered or not: the feed the
FEED_MAX_ITEMS meetings most recently published, a calendar at most CALENDAR_MAX_EVENTS
meetings (see ``calendar_window``). Both say so in their own text (the feed's subtitle,
the calendar's DESCRIPTION and X-WR-CALDESC) and where the rest is: calendars filtered
like the meetings list, and the list's CSV and JSON downloads, which stay complete.
"""

import copy
import datetime
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views import View
from icalendar import Calendar, Event, vText

from core.dates import DatePrecision, period
from core.derived import per_version
from core.paths import with_query
from core.text import outline_text, render_markdown
from core.views import FilteredListView
from exchange.downloads import download_urls

from .filters import MeetingFilter
from .models import Meeting

# A feed reader polls often and shows what is new: the latest 50 published are plenty.
FEED_MAX_ITEMS = 50
# A calendar app downloads the whole file again on every refresh. Each event carries its
# meeting's outline (0.8-1.3 KB an event), so 100 events keep a refresh near 80-130 KB,
# under the site's 150 KB page bound; 100 meetings are years of a series, and the
# calendar of a series or a country is a filter away (see calendar_window for which).
CALENDAR_MAX_EVENTS = 100


# What other apps add to the feed's entries, without the meetings importing them (the
# documents app adds a meeting's published documents): functions called once with the
# feed's meetings and the request, each returning {meeting pk: (HTML to append, when it
# last changed)}.
ENTRY_ADDITIONS = []


def host_name(request):
    """The site's host name without a port, for UIDs and tag URIs."""
    domain, _port = split_domain_port(request.get_host())
    return domain or "localhost"


# Characters XML 1.0 cannot carry (a form accepts them, e.g. Word's manual line break
# \x0b): one of them would make the whole feed fail.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_safe(text):
    cleaned = XML_INVALID.sub(" ", str(text))
    return mark_safe(cleaned) if hasattr(text, "__html__") else cleaned  # noqa: S308


def site_name():
    """The site's name in the current language (its msgid: SITE_NAME)."""
    return _(settings.SITE_NAME)


def meetings_title():
    return _("%(site)s: meetings") % {"site": site_name()}


# Filters that do not change which meetings a feed or calendar holds, or said otherwise.
UNNAMED_FILTERS = {"series", "ordering", "year_from", "year_to"}


def filter_title(filterset):
    """The name of a feed or calendar of ``filterset``'s meetings, in the current
    language: "<series>: meetings" for a series (else the site's name), then the other
    filters in use, each "label: value" as the list's chips show it. Unfiltered (or
    invalid): ``meetings_title()``."""
    if not filterset.is_bound or not filterset.is_valid():
        return meetings_title()
    form, data = filterset.form, filterset.form.cleaned_data
    parts = [
        _("%(label)s: %(value)s")
        % {"label": field.label, "value": FilteredListView.display_value(form[name], data[name])}
        for name, field in form.fields.items()
        if name not in UNNAMED_FILTERS and data.get(name) not in (None, "", [], ())
    ]
    years = year_range(data.get("year_from"), data.get("year_to"))
    if years:
        parts.append(years)
    series = data.get("series")
    if not series and not parts:
        return meetings_title()
    subject = series.name if series else site_name()
    if not parts:
        return _("%(series)s: meetings") % {"series": subject}
    return _("%(series)s: meetings (%(filters)s)") % {
        "series": subject,
        "filters": pgettext("between the filters of a name", "; ").join(parts),
    }


def year_range(first, last):
    """ "Years: 2010–2015", "From year: 2010", "To year: 2015" or None."""
    if first is not None and last is not None:
        years = (
            str(first)
            if first == last
            else _("%(first)s–%(last)s") % {"first": first, "last": last}
        )
        return _("Years: %(years)s") % {"years": years}
    if first is not None:
        return _("From year: %(year)s") % {"year": first}
    if last is not None:
        return _("To year: %(year)s") % {"year": last}
    return None


def invalid_filters(filterset, message):
    """A 400 in plain text: ``message``, then each filter's errors after its label."""
    form = filterset.form
    problems = [
        _("%(label)s: %(errors)s")
        % {
            "label": form.fields[field].label if field in form.fields else field,
            "errors": " ".join(errors),
        }
        for field, errors in form.errors.items()
    ]
    return HttpResponseBadRequest(
        message + "\n" + "\n".join(problems) + "\n", content_type="text/plain; charset=utf-8"
    )


def meeting_title(meeting):
    """ "Ninth Dialogue, Japan-ASEAN Dialogue": a meeting named with its series."""
    return _("%(title)s, %(series)s") % {
        "title": meeting.display_title,
        "series": meeting.series.short_name,
    }


def meeting_place(meeting):
    return _("%(city)s, %(country)s") % {
        "city": meeting.city,
        "country": meeting.host_country.name,
    }


def meeting_location(meeting):
    """A calendar event's LOCATION: "Venue, City, Country", or "City, Country"."""
    if not meeting.venue:
        return meeting_place(meeting)
    return _("%(venue)s, %(city)s, %(country)s") % {
        "venue": meeting.venue,
        "city": meeting.city,
        "country": meeting.host_country.name,
    }


def where_the_rest_is(request, query):
    """{"list", "csv", "json"}: absolute addresses of the meetings list and of its complete
    downloads, with the filters of ``query`` (a download holds every meeting it selects)."""
    downloads = download_urls("meetings", query)
    return {
        "list": request.build_absolute_uri(reverse("meetings:list")),
        "csv": request.build_absolute_uri(downloads["csv"]),
        "json": request.build_absolute_uri(downloads["json"]),
    }


class MeetingFeed(Feed):
    """Atom feed of the FEED_MAX_ITEMS most recently published meetings, in the address's
    language (Django's Feed gives the feed the active language); those the list's filters
    select when given its query string (the feed's object is the ``MeetingFilter``),
    named after them."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        queryset = Meeting.objects.published().select_related("series", "host_country")
        return MeetingFilter(request.GET or None, queryset=queryset, request=request)

    def title(self, obj):
        return xml_safe(filter_title(obj))

    def subtitle(self, obj):
        more = _(
            "This feed holds the %(count)s meetings published last. Every meeting is in "
            "the meetings list (%(list)s), in its calendars, which its filters narrow to "
            "a series, a country or years, and in its complete downloads: %(csv)s (CSV) "
            "and %(json)s (JSON)."
        ) % {"count": FEED_MAX_ITEMS, **where_the_rest_is(self.request, self.query(obj))}
        return _("Meetings as they are published in the record.") + " " + more

    @staticmethod
    def query(obj):
        """The filters of the feed's query string, without its order (a feed has its own)."""
        query = (obj.data or QueryDict()).copy()
        query.pop("ordering", None)
        return query

    def author_name(self):
        return site_name()

    def __call__(self, request, *args, **kwargs):
        """The feed is the same for everyone until the record changes: written once per
        content version, language and address (entry ids name the host)."""
        filterset = self.get_object(request)
        if filterset.is_bound:  # a filtered feed: made for its request
            if not filterset.is_valid():
                return invalid_filters(filterset, _("The feed's filters are not valid."))
            return super().__call__(request, *args, **kwargs)
        name = ":".join(["meetings-feed", get_language(), request.build_absolute_uri("/")])

        def written():
            response = super(MeetingFeed, self).__call__(request, *args, **kwargs)
            return response.content, response["Content-Type"], response.get("Last-Modified")

        content, content_type, last_modified = per_version(name, written)
        response = HttpResponse(content, content_type=content_type)
        if last_modified:
            response["Last-Modified"] = last_modified
        return response

    def get_feed(self, obj, request):
        # One Feed instance serves every request; a copy per request can keep the request
        # (for the host name in entry ids) without sharing it between threads.
        feed = copy.copy(self)
        feed.request = request
        return Feed.get_feed(feed, obj, request)

    def link(self, obj):
        return with_query(reverse("meetings:list"), self.query(obj))

    def feed_url(self, obj):
        return with_query(reverse("meetings:feed"), self.query(obj))

    def items(self, obj):
        meetings = list(obj.qs.order_by("-published_at", "-start_date", "-pk")[:FEED_MAX_ITEMS])
        by_pk = {meeting.pk: meeting for meeting in meetings}
        for meeting in meetings:
            meeting.feed_additions = []
        for addition in ENTRY_ADDITIONS:
            for pk, part in addition(meetings, self.request).items():
                by_pk[pk].feed_additions.append(part)
        return meetings

    def item_title(self, item):
        return xml_safe(meeting_title(item))

    def item_description(self, item):
        when_and_where = _("%(date)s, %(place)s") % {
            "date": item.date_display,
            "place": meeting_place(item),
        }
        where = format_html("<p>{}</p>", when_and_where)
        # render_markdown sanitises with nh3: only harmless markup reaches the reader.
        outline = mark_safe(render_markdown(item.outline))  # noqa: S308
        added = mark_safe("".join(html for html, _when in item.feed_additions))  # noqa: S308
        return xml_safe(where + outline + added)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # A document added to the meeting updates its entry: readers show it again.
        return max([item.updated_at, *(when for _html, when in item.feed_additions if when)])

    def item_guid(self, item):
        # A tag URI (RFC 4151) that survives a change of title or slug.
        return f"tag:{host_name(self.request)},{item.created_at:%Y-%m-%d}:meeting-{item.pk}"

    item_guid_is_permalink = False


# --- iCalendar ---------------------------------------------------------------------------


def event_dates(meeting):
    """All-day DTSTART and (exclusive) DTEND: a day-precision meeting runs from its start
    to the day after its end; a month or year is the whole month or year, never a day
    the record does not give."""
    if meeting.date_precision == DatePrecision.DAY:
        first, last = meeting.start_date, meeting.end_date or meeting.start_date
    else:
        first, last = period(meeting.start_date, meeting.date_precision)
    return first, last + datetime.timedelta(days=1)


def meeting_event(meeting, request):
    language = {"LANGUAGE": get_language()}  # the language of its texts
    event = Event()
    start, end = event_dates(meeting)
    event.add("uid", f"meeting-{meeting.pk}@{host_name(request)}")
    event.add("dtstamp", meeting.updated_at)
    event.add("created", meeting.created_at)
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", meeting_title(meeting), parameters=language)
    # A TEXT value: icalendar escapes its commas and semicolons (RFC 5545, 3.3.11).
    event.add("location", meeting_location(meeting), parameters=language)
    description = outline_text(meeting.outline)
    if description:
        event.add("description", description, parameters=language)
    event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
    event.add("transp", "TRANSPARENT")
    return event


def calendar_window(meetings, today):
    """At most CALENDAR_MAX_EVENTS of ``meetings``, by date: the upcoming ones (starting
    today or later) and then the most recent past ones; one query.

    Why this window: a subscriber's calendar app shows what is coming and what just
    happened; an archive's older years are looked up on the site, not scrolled to in a
    calendar. When more meetings are to come than the window holds, it keeps the nearest
    ones: every meeting before the date of the first one left out (so never a later
    meeting in place of a sooner one), and fills what is left with the latest past.

    The SQL reads the list's index on the start date from the newest, however big the
    record: the horizon (that first date left out, or none) is a subquery.
    """
    upcoming = meetings.filter(start_date__gte=today).order_by("start_date")
    first_left_out = upcoming.values("start_date")[CALENDAR_MAX_EVENTS : CALENDAR_MAX_EVENTS + 1]
    horizon = Coalesce(Subquery(first_left_out), Value(datetime.date.max))
    latest = meetings.filter(start_date__lt=horizon).order_by("-start_date", "-number", "-pk")
    return list(latest[:CALENDAR_MAX_EVENTS])[::-1]  # oldest first, like a calendar


def calendar_description(request, query):
    """What a calendar of the meetings list holds, and where the other meetings are."""
    return _(
        "This calendar holds at most %(count)s meetings: those to come and the latest "
        "past ones. For other meetings, subscribe to a calendar narrowed by the filters "
        "of the meetings list (%(list)s), for example to a series, a country or years, "
        "or download every meeting these filters select: %(csv)s (CSV) or %(json)s (JSON)."
    ) % {"count": CALENDAR_MAX_EVENTS, **where_the_rest_is(request, query)}


def calendar_ical(request, meetings, name, description=""):
    """The calendar of ``meetings`` as iCalendar bytes."""
    # NAME is not escaped like TEXT values: a line break typed into a title would end
    # the content line (and icalendar refuses it). One line, always.
    name = " ".join(str(name).split())
    language = {"LANGUAGE": get_language()}
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name, parameters=language)
    calendar.add("x-wr-calname", name)
    if description:  # RFC 7986's DESCRIPTION, and the X-WR-CALDESC most apps read
        calendar.add("description", description, parameters=language)
        calendar.add("x-wr-caldesc", vText(description))  # TEXT: commas escaped
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, request))
    return calendar.to_ical()


def calendar_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meetings_calendar(request, meetings, name=None):
    return calendar_ical(
        request,
        calendar_window(meetings, timezone.localdate()),
        name or meetings_title(),
        calendar_description(request, request.GET),
    )


class MeetingCalendarView(View):
    """Published meetings, all or those the list's filters select (same query string),
    within the window of ``calendar_window``.

    The calendar without a filter, the one most subscribe to, derives from the whole
    record: it is made once per content version (and day, language and address) and
    kept with core.derived; a filtered one is made for its request.
    """

    def get(self, request):
        queryset = Meeting.objects.published().select_related("series", "host_country")
        filterset = MeetingFilter(request.GET or None, queryset=queryset, request=request)
        if not filterset.is_bound:
            name = ":".join(
                [
                    "meetings-calendar",
                    get_language(),
                    request.build_absolute_uri("/"),  # UIDs and links name the host
                    timezone.localdate().isoformat(),  # the window moves with the days
                ]
            )
            content = per_version(name, lambda: meetings_calendar(request, filterset.qs))
            return calendar_response(content, "meetings.ics")
        if not filterset.is_valid():
            return invalid_filters(filterset, _("The calendar's filters are not valid."))
        content = meetings_calendar(request, filterset.qs, filter_title(filterset))
        return calendar_response(content, "meetings.ics")


class MeetingEventView(View):
    """One published meeting as a calendar event."""

    def get(self, request, slug):
        meeting = get_object_or_404(
            Meeting.objects.published().select_related("series", "host_country"), slug=slug
        )
        content = calendar_ical(request, [meeting], meeting_title(meeting))
        return calendar_response(content, f"{meeting.slug}.ics")
