"""/documents/: the list of documents, their feed, and each file's download."""

from django.urls import path

from . import downloads, views
from .feeds import DocumentFeed

app_name = "documents"

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("feed/", DocumentFeed(), name="feed"),
    path("<slug:slug>/file/", downloads.download, name="download"),
]
