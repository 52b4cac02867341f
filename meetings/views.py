from django.views.generic import DetailView, ListView

from .models import Meeting


class MeetingListView(ListView):
    """Published meetings, newest first (filters come with the public-site issue)."""

    template_name = "meetings/meeting_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Meeting.objects.published().select_related("series", "host_country")


class MeetingDetailView(DetailView):
    template_name = "meetings/meeting_detail.html"

    def get_queryset(self):
        return Meeting.objects.published().select_related("series", "host_country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["participations"] = self.object.participations.select_related(
            "person", "organisation", "country"
        )
        return context
