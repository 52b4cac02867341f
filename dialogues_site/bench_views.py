"""The benchmark's baseline: the least a Django view can do, through the site's own
middleware and settings (bench/web.py compares every public page with it).

Routed only when the environment says DJANGO_BENCH_BASELINE=1 (dialogues_site/urls.py),
so a deployment never exposes it.
"""

from django.http import HttpResponse


def baseline(request):
    """A fixed short page: no template, no query."""
    return HttpResponse(b"ok\n", content_type="text/plain; charset=utf-8")
