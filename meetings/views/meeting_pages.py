"""The public pages of meetings: the filtered list and a meeting's own page."""

from django.apps import apps
from django.db.models import Prefetch, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.dates import iso_partial
from core.models import PublicationStatus
from core.paths import with_query
from core.text import first_sentence, json_for_script, outline_text
from core.views import FilteredListView, PublishedDetailView
from exchange.downloads import FilteredDownloadView, download_urls
from meetings.filters import NEWEST_FIRST, ORDER_BY, MeetingFilter
from meetings.models import Meeting, Participation
from meetings.resources import MeetingResource

# --- The list and its downloads ----------------------------------------------------------


def listed_meetings():
    """What the list and its downloads filter: published meetings, newest first."""
    return (
        Meeting.objects.published()
        .select_related("series", "host_country")
        .order_by(*ORDER_BY[NEWEST_FIRST])
    )


class MeetingListView(FilteredListView):
    """Published meetings, newest first, filtered by the query string (MeetingFilter)."""

    filterset_class = MeetingFilter
    template_name = "meetings/meeting_list.html"

    def get_queryset(self):
        return listed_meetings()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("ordering", None)  # a calendar has no order
        has_errors = self.filterset.is_bound and bool(self.filterset.form.errors)
        if has_errors:  # the calendar would refuse these filters: offer the whole calendar
            query = QueryDict()
        context["has_errors"] = has_errors
        context["result_count"] = context["paginator"].count
        context["calendar_url"] = with_query(reverse("meetings:calendar"), query)
        context["feed_url"] = with_query(reverse("meetings:feed"), query)
        context["download_urls"] = download_urls("meetings", self.request.GET, not has_errors)
        return context


class MeetingDownloadView(FilteredDownloadView):
    """/meetings/download.csv and .json: every meeting the list's filters select."""

    filterset_class = MeetingFilter
    resource_class = MeetingResource
    filename = "meetings"

    def get_queryset(self):
        return listed_meetings()


# --- A meeting ---------------------------------------------------------------------------


def published_discussions():
    """The meeting's discussions of published programmes, programme joined.

    Discussion lives in programmes, which meetings must not import: the model is looked
    up by name in the app registry.
    """
    discussion_model = apps.get_model("programmes", "Discussion")
    return (
        discussion_model.objects.filter(
            programme__status=PublicationStatus.PUBLISHED,
            programme__published_at__lte=timezone.now(),
        )
        .select_related("programme")
        .order_by("programme__name", "pk")
    )


def digital_document(document, absolute):
    """schema.org DigitalDocument of a document, for a page's JSON-LD."""
    data = {
        "@type": "DigitalDocument",
        "name": document.title,
        "url": absolute(document.download_url) if document.file else document.url,
        "inLanguage": document.language.split("+"),
    }
    if document.file:
        data.update(encodingFormat=document.media_type, contentSize=str(document.size or 0))
    if document.date:
        data["dateCreated"] = iso_partial(document.date, document.date_precision)
    return data


def published_documents(meeting):
    """The meeting's first documents and their number (documents sit above meetings: the
    model is looked up by name, like the discussions)."""
    return apps.get_model("documents", "Document").objects.all().shown_on_page(meeting=meeting)


class MeetingDetailView(PublishedDetailView):
    """A meeting: facts, outline, programmes discussed, participants, its neighbours."""

    model = Meeting
    template_name = "meetings/meeting_detail.html"

    def base_queryset(self):
        participations = Participation.objects.select_related(
            "person", "organisation", "country"
        ).order_by("order", "pk")
        return Meeting.objects.select_related("series", "kind", "host_country").prefetch_related(
            Prefetch("participations", queryset=participations),
            Prefetch("discussions", queryset=published_discussions()),
            "series__organisers",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        url = meeting.get_absolute_url()
        text = outline_text(meeting.outline)
        summary = first_sentence(text) if text else self.fallback_summary(meeting)
        previous_meeting, next_meeting = self.neighbours(meeting)
        documents, documents_total = published_documents(meeting)
        context.update(
            documents=documents,
            documents_total=documents_total,
            documents_query=urlencode({"meeting": meeting.slug}),
            discussions=list(meeting.discussions.all()),
            participant_groups=self.group_by_country(meeting.participations.all()),
            previous_meeting=previous_meeting,
            next_meeting=next_meeting,
            summary=summary,
            canonical_url=self.request.build_absolute_uri(url),
            crumbs=[(_("Meetings"), reverse("meetings:list")), (meeting.display_title, url)],
            json_ld=json_for_script(self.structured_data(meeting, text, documents)),
        )
        return context

    @staticmethod
    def fallback_summary(meeting):
        return _("%(title)s of the %(series)s: %(date)s, %(city)s, %(country)s.") % {
            "title": meeting.display_title,
            "series": meeting.series.name,
            "date": meeting.date_display,
            "city": meeting.city,
            "country": meeting.host_country.name,
        }

    @staticmethod
    def group_by_country(participations):
        """[(country or None, [participations])], countries in the order they first
        appear; those who represented no country come last."""
        groups = {}
        for participation in participations:
            groups.setdefault(participation.country_id, []).append(participation)
        ordered = [(people[0].country, people) for key, people in groups.items() if key]
        if None in groups:
            ordered.append((None, groups[None]))
        return ordered

    @staticmethod
    def neighbours(meeting):
        """The published meetings of the same series just before and just after."""
        same_series = Meeting.objects.published().filter(series_id=meeting.series_id)
        earlier = Q(start_date__lt=meeting.start_date) | Q(
            start_date=meeting.start_date, pk__lt=meeting.pk
        )
        later = Q(start_date__gt=meeting.start_date) | Q(
            start_date=meeting.start_date, pk__gt=meeting.pk
        )
        previous_meeting = same_series.filter(earlier).order_by("-start_date", "-pk").first()
        next_meeting = same_series.filter(later).order_by("start_date", "pk").first()
        return previous_meeting, next_meeting

    def structured_data(self, meeting, text, documents=()):
        """schema.org Event, for search engines (rendered as JSON-LD)."""
        absolute = self.request.build_absolute_uri
        name = _("%(title)s, %(series)s") % {
            "title": meeting.display_title,
            "series": meeting.series.name,
        }
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": name,
            "startDate": iso_partial(meeting.start_date, meeting.date_precision),
        }
        if meeting.end_date:
            data["endDate"] = meeting.end_date.isoformat()
        data.update(
            {
                "eventStatus": "https://schema.org/EventScheduled",
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "location": {
                    "@type": "Place",
                    "name": meeting.venue or meeting.city,
                    "address": {
                        "@type": "PostalAddress",
                        "addressLocality": meeting.city,
                        "addressCountry": meeting.host_country.code,
                    },
                },
                "description": text or self.fallback_summary(meeting),
                "url": absolute(meeting.get_absolute_url()),
                "inLanguage": get_language(),
                "superEvent": {"@type": "EventSeries", "name": meeting.series.name},
            }
        )
        organisers = [
            {
                "@type": "Organization",
                "name": organisation.name,
                "url": absolute(reverse("organisations:detail", args=[organisation.slug])),
            }
            for organisation in meeting.series.organisers.all()
        ]
        if organisers:
            data["organizer"] = organisers
        if documents:
            data["subjectOf"] = [digital_document(d, absolute) for d in documents]
        return data
