"""The benchmark's URLs: the site's, plus its baseline, the least a Django view can do.

bench/web.py serves with bench/settings.py, which routes here, and compares every public
page with ``/bench/baseline`` answered through the same middleware and settings. The
production URLs never have it: the benchmark sits on top of the site, never inside it.
"""

from importlib import import_module

from django.conf import settings
from django.http import HttpResponse
from django.urls import path

site_urls = import_module(settings.BENCH_SITE_URLCONF)


def baseline(request):
    """A fixed short page: no template, no query."""
    return HttpResponse(b"ok\n", content_type="text/plain; charset=utf-8")


urlpatterns = [
    *site_urls.urlpatterns,
    path("bench/baseline", baseline, name="bench_baseline"),
]

# The site's error views (an outage outside a view is the 503 page) apply here too.
handler400 = getattr(site_urls, "handler400", "django.views.defaults.bad_request")
handler403 = getattr(site_urls, "handler403", "django.views.defaults.permission_denied")
handler404 = getattr(site_urls, "handler404", "django.views.defaults.page_not_found")
handler500 = getattr(site_urls, "handler500", "django.views.defaults.server_error")
