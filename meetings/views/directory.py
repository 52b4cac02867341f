from django.views.generic import DetailView, ListView

from meetings.models import Country, Organisation, Person


class CountryListView(ListView):
    """(Stub.)"""

    model = Country
    template_name = "meetings/country_list.html"


class CountryDetailView(DetailView):
    """(Stub.)"""

    model = Country
    template_name = "meetings/country_detail.html"


class PersonDetailView(DetailView):
    """(Stub.)"""

    model = Person
    template_name = "meetings/person_detail.html"


class OrganisationDetailView(DetailView):
    """(Stub.)"""

    model = Organisation
    template_name = "meetings/organisation_detail.html"
