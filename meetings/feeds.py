"""Subscriptions to the meetings: an Atom feed and iCalendar (RFC 5545) calendars.

Like every public view they start from ``Meeting.objects.published()``: a draft or a
scheduled meeting is in no feed and no calendar, and its own .ics is a 404.

They speak the language of their address, like the pages: /ja/meetings/feed/ is a
Japanese feed (xml:lang="ja", Japanese titles, links to the Japanese pages), and a
calendar's texts carry their language (LANGUAGE=ja on SUMMARY, LOCATION, DESCRIPTION).
"""

import copy
import datetime
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse, HttpResponseBadRequest
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from icalendar import Calendar, Event

from core.dates import DatePrecision, period
from core.text import outline_text, render_markdown

from .filters import MeetingFilter
from .models import Meeting

FEED_SIZE = 50


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


class MeetingFeed(Feed):
    """Atom feed of the 50 most recently published meetings, in the address's language
    (Django's Feed gives the feed the active language)."""

    feed_type = Atom1Feed

    def title(self):
        return meetings_title()

    def subtitle(self):
        return _("Meetings as they are published in the record.")

    def author_name(self):
        return site_name()

    def get_feed(self, obj, request):
        # One Feed instance serves every request; a copy per request can keep the request
        # (for the host name in entry ids) without sharing it between threads.
        feed = copy.copy(self)
        feed.request = request
        return Feed.get_feed(feed, obj, request)

    def link(self):
        return reverse("meetings:list")

    def feed_url(self):
        return reverse("meetings:feed")

    def items(self):
        return (
            Meeting.objects.published()
            .select_related("series", "host_country")
            .order_by("-published_at", "-start_date", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return xml_safe(meeting_title(item))

    def item_description(self, item):
        when_and_where = _("%(date)s, %(place)s") % {
            "date": item.date_display,
            "place": meeting_place(item),
        }
        where = format_html("<p>{}</p>", when_and_where)
        # render_markdown sanitises with nh3: only harmless markup reaches the reader.
        return xml_safe(where + mark_safe(render_markdown(item.outline)))  # noqa: S308

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

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
    event.add("location", meeting_place(meeting), parameters=language)
    description = outline_text(meeting.outline)
    if description:
        event.add("description", description, parameters=language)
    event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
    event.add("transp", "TRANSPARENT")
    return event


def calendar_response(request, meetings, name, filename):
    # NAME is not escaped like TEXT values: a line break typed into a title would end
    # the content line (and icalendar refuses it). One line, always.
    name = " ".join(str(name).split())
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name, parameters={"LANGUAGE": get_language()})
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, request))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class MeetingCalendarView(View):
    """All published meetings, or those the list's filters select (same query string)."""

    def get(self, request):
        queryset = (
            Meeting.objects.published()
            .select_related("series", "host_country")
            .order_by("start_date", "pk")
        )
        filterset = MeetingFilter(request.GET or None, queryset=queryset, request=request)
        if filterset.is_bound and not filterset.is_valid():
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
                _("The calendar's filters are not valid.") + "\n" + "\n".join(problems) + "\n",
                content_type="text/plain; charset=utf-8",
            )
        return calendar_response(request, filterset.qs, meetings_title(), "meetings.ics")


class MeetingEventView(View):
    """One published meeting as a calendar event."""

    def get(self, request, slug):
        meeting = get_object_or_404(
            Meeting.objects.published().select_related("series", "host_country"), slug=slug
        )
        return calendar_response(request, [meeting], meeting_title(meeting), f"{meeting.slug}.ics")
