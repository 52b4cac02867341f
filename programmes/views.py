from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from meetings.models import Meeting

from .models import Discussion, Programme


class ProgrammeListView(ListView):
    template_name = "programmes/programme_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Programme.objects.published().select_related("fund")


class ProgrammeDetailView(DetailView):
    template_name = "programmes/programme_detail.html"

    def get_queryset(self):
        # The timeline lists only published meetings: drafts never leak through a programme.
        timeline = Discussion.objects.filter(
            meeting__in=Meeting.objects.published()
        ).select_related("meeting")
        return (
            Programme.objects.published()
            .select_related("fund")
            .prefetch_related("themes", "countries", Prefetch("discussions", queryset=timeline))
        )
