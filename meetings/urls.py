"""The public URLs of the meetings app: the list, feeds, downloads and detail pages, and
the country, person and organisation pages (mounted by dialogues_site/urls.py)."""

from django.urls import path

from . import feeds, views
from .views.meeting_pages import MeetingDownloadView

app_name = "meetings"
urlpatterns = [
    path("", views.MeetingListView.as_view(), name="list"),
    path("feed/", feeds.MeetingFeed(), name="feed"),
    path("calendar.ics", feeds.MeetingCalendarView.as_view(), name="calendar"),
    # Before the <slug> patterns, like every fixed path of the app.
    path("download.csv", MeetingDownloadView.as_view(file_format="csv"), name="download_csv"),
    path("download.json", MeetingDownloadView.as_view(file_format="json"), name="download_json"),
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
