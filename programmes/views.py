"""Public pages of the programmes: the filtered list and each programme with its timeline."""

from django.apps import apps
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.views import FilteredListView, PublishedDetailView
from exchange.downloads import FilteredDownloadView, download_urls
from meetings.models import Meeting

from .filters import ProgrammeFilter
from .models import Discussion, Programme
from .resources import ProgrammeResource


def listed_programmes():
    """What the list and its downloads filter: published programmes, by name."""
    return Programme.objects.published().select_related("fund")


class ProgrammeListView(FilteredListView):
    """Published programmes, filtered by the query string (``ProgrammeFilter``)."""

    filterset_class = ProgrammeFilter
    template_name = "programmes/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return listed_programmes()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = [(_("Programmes"), None)]
        valid = not self.filterset.is_bound or self.filterset.is_valid()
        context["download_urls"] = download_urls("programmes", self.request.GET, valid)
        return context


class ProgrammeDownloadView(FilteredDownloadView):
    """/programmes/download.csv and .json: every programme the list's filters select."""

    filterset_class = ProgrammeFilter
    resource_class = ProgrammeResource
    filename = "programmes"

    def get_queryset(self):
        return listed_programmes()


class ProgrammeDetailView(PublishedDetailView):
    """One programme and its timeline: what each published meeting said of it.

    Editors previewing a draft programme see the same timeline as the public will, so the
    timeline never lists a draft or scheduled meeting, even in a preview.
    """

    model = Programme
    template_name = "programmes/programme_detail.html"

    def base_queryset(self):
        timeline = (
            Discussion.objects.filter(meeting__in=Meeting.objects.published())
            .select_related("meeting__series")
            .order_by("meeting__start_date", "meeting__number", "meeting__pk")
        )
        return Programme.objects.select_related("fund").prefetch_related(
            "themes",
            "countries",
            Prefetch("discussions", queryset=timeline, to_attr="timeline"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = [
            (_("Programmes"), reverse("programmes:list")),
            (self.object.name, None),
        ]
        # Documents sit above programmes: the model is looked up by name.
        documents = apps.get_model("documents", "Document").objects.all()
        context["documents"], context["documents_total"] = documents.shown_on_page(
            programme=self.object
        )
        context["documents_query"] = urlencode({"programme": self.object.slug})
        return context
