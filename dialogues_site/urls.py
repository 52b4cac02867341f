import os

from django.contrib import admin
from django.urls import include, path

from .views import HomeView

# The admin's path is a setting of the deployment, not of the code (default /admin/).
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("meetings/", include("meetings.urls")),
    path("programmes/", include("programmes.urls")),
    path(ADMIN_PATH, admin.site.urls),
]
