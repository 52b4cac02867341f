"""The public URLs of the programmes app: the list, its downloads and the detail pages."""

from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="list"),
    # Before the <slug> pattern.
    path(
        "download.csv", views.ProgrammeDownloadView.as_view(file_format="csv"), name="download_csv"
    ),
    path(
        "download.json",
        views.ProgrammeDownloadView.as_view(file_format="json"),
        name="download_json",
    ),
    path("<slug:slug>/", views.ProgrammeDetailView.as_view(), name="detail"),
]
