"""/api/v1/: the open-data API's addresses (outside the languages: both are in every answer)."""

from django.urls import path

from .views_popolo import PopoloView

app_name = "api"

urlpatterns = [
    path("popolo.json", PopoloView.as_view(), name="popolo"),
]
