from django.views.generic import ListView

from meetings.models import Meeting
from meetings.publishing import PublishedDetailView


class MeetingListView(ListView):
    """Published meetings, newest first. (Stub: filters to come.)"""

    template_name = "meetings/meeting_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Meeting.objects.published().select_related("series", "host_country")


class MeetingDetailView(PublishedDetailView):
    model = Meeting
    template_name = "meetings/meeting_detail.html"

    def base_queryset(self):
        return Meeting.objects.select_related("series", "host_country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["participations"] = self.object.participations.select_related(
            "person", "organisation", "country"
        )
        return context
