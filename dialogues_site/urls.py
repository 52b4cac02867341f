"""The site's URLs: each app's under /, Japanese under /ja/; the admin, health, sitemaps."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from meetings.urls import country_urls, organisation_urls, person_urls

from . import health, views
from .sitemaps import SITEMAPS

# For machines, at one address each, outside the languages.
urlpatterns = [
    # The sitemap index and its paged sections (dialogues_site/sitemaps.py).
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.RobotsTxtView.as_view(), name="robots_txt"),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", include("api.urls")),
]

# The public site and the admin in each language: English at these paths, Japanese under
# /ja/ (the prefix sets the language; an unprefixed path is always English).
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("meetings/", include("meetings.urls")),
    path("programmes/", include("programmes.urls")),
    path("documents/", include("documents.urls")),
    path("countries/", include(country_urls)),
    path("people/", include(person_urls)),
    path("organisations/", include(organisation_urls)),
    path("search/", include("search.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
    prefix_default_language=False,
)

# A database or Redis outage raised outside a view (in a middleware) is the 503 page too.
handler500 = "dialogues_site.middleware.server_error"
