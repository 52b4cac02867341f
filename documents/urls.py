from django.urls import path

from documents import downloads

app_name = "documents"

urlpatterns = [
    path("<slug:slug>/file/", downloads.download, name="download"),
]
