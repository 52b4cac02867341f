from django.views.generic import TemplateView

from meetings.models import Meeting, MeetingSeries
from programmes.models import Programme


class HomeView(TemplateView):
    """The series introduction, the latest meetings and the programmes."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["series_list"] = MeetingSeries.objects.all()
        context["latest_meetings"] = Meeting.objects.published().select_related("host_country")[:5]
        context["programmes"] = Programme.objects.published()[:10]
        return context


class SearchView(TemplateView):
    """(Stub.) One search across meetings, programmes, people and organisations."""

    template_name = "search.html"
