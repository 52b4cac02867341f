from django.urls import path

from . import feeds, views

app_name = "meetings"
urlpatterns = [
    path("", views.MeetingListView.as_view(), name="list"),
    path("feed/", feeds.MeetingFeed(), name="feed"),
    path("calendar.ics", feeds.MeetingCalendarView.as_view(), name="calendar"),
    path("<slug:slug>/", views.MeetingDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", feeds.MeetingEventView.as_view(), name="ics"),
]

# The directory of who took part lives in this app too; each gets its own namespace,
# mounted by the root URLconf at /countries/, /people/ and /organisations/.
country_urls = (
    [
        path("", views.CountryListView.as_view(), name="list"),
        path("<slug:slug>/", views.CountryDetailView.as_view(), name="detail"),
    ],
    "countries",
)
person_urls = ([path("<slug:slug>/", views.PersonDetailView.as_view(), name="detail")], "people")
organisation_urls = (
    [path("<slug:slug>/", views.OrganisationDetailView.as_view(), name="detail")],
    "organisations",
)
