from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.views import View

from .models import Meeting


class MeetingFeed(Feed):
    """(Stub.) Atom feed of published meetings."""

    title = "Meetings"
    link = "/meetings/"
    description = "Meetings"

    def items(self):
        return Meeting.objects.published()[:20]


class MeetingCalendarView(View):
    """(Stub.)"""

    def get(self, request):
        return HttpResponse("", content_type="text/calendar")


class MeetingEventView(View):
    """(Stub.)"""

    def get(self, request, slug):
        return HttpResponse("", content_type="text/calendar")
