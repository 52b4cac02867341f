"""/api/v1/popolo.json: the Popolo export, built once per content version (api/popolo.py)
and served from the shared cache with the version's ETag and Last-Modified (a 304 when the
client's copy is current, before anything is read). Throttled like every API view."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from dialogues_site import page_cache

from .popolo import popolo_bytes


def current_version():
    """The page cache's content version ({"token", "since"}); a new one if Redis is away."""
    cached = (
        page_cache.safely(cache.get_many, [page_cache.VERSION_KEY, page_cache.NEXT_PUBLISH_KEY])
        or {}
    )
    version, _next_publish = page_cache.current_state(cached, timezone.now())
    return version


def base_url(request):
    """The site's address for the export's links: the request's host when it is one of the
    site's own names, else the first of them (so a stray Host header neither appears in
    the links nor makes a new cache entry)."""
    if page_cache.storable_host(request):
        host = request.get_host()
    else:
        names = [name for name in settings.ALLOWED_HOSTS if name != "*" and name[0] != "."]
        host = names[0] if names else "localhost"
    return f"{request.scheme}://{host}/"


class PopoloView(APIView):
    """The whole published record as Popolo JSON (docs/api-popolo.md)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    def get(self, request, *args, **kwargs):
        version = current_version()
        site = base_url(request)
        etag = page_cache.version_etag(version, f"popolo {site}")
        last_modified = int(version["since"].timestamp())
        answer = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if answer is None:
            answer = HttpResponse(popolo_bytes(site), content_type="application/json")
        answer["ETag"] = etag
        answer["Last-Modified"] = http_date(last_modified)
        patch_cache_control(
            answer, public=True, max_age=getattr(settings, "PAGE_CACHE_MAX_AGE", 60)
        )
        return answer
