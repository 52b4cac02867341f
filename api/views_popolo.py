"""/api/v1/popolo.json: the Popolo export, built once per content version (api/popolo.py)
and served from the shared cache with an ETag of the version and a Last-Modified of when
it was built (a 304 when the client's copy is current). Throttled like every API view."""

import hashlib

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.http.request import split_domain_port
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from core.derived import current_version

from .popolo import BeingBuilt, popolo_document

RETRY_SECONDS = 30


def site_names():
    return [name for name in settings.ALLOWED_HOSTS if name != "*" and not name.startswith(".")]


def base_url(request):
    """The site's address for the export's links: the request's host when it is one of the
    site's own names (exactly, with no port or the server's), else the first of them: a
    stray Host header neither appears in the links nor makes a new cache entry."""
    host = request.get_host()
    domain, port = split_domain_port(host)
    names = site_names() or ["localhost"]
    if domain not in names or port not in ("", request.META.get("SERVER_PORT", "")):
        host = names[0]
    return f"{request.scheme}://{host}/"


class PopoloView(APIView):
    """The whole published record as Popolo JSON (docs/api-popolo.md)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        summary="The whole published record as Popolo JSON",
        description="persons, organizations, memberships, events, areas and the x_ "
        "extensions (docs/api-popolo.md); built once per content version; 503 with "
        "Retry-After while it is being built.",
        responses={200: OpenApiTypes.OBJECT, 503: OpenApiTypes.OBJECT},
    )
    def get(self, request, *args, **kwargs):
        site = base_url(request)
        digest = hashlib.blake2b(f"{current_version()} {site}".encode(), digest_size=16)
        etag = f'W/"{digest.hexdigest()}"'
        try:
            built_at, content = popolo_document(site)
        except BeingBuilt:
            busy = JsonResponse(
                {"detail": "The export is being prepared: try again in a minute."}, status=503
            )
            busy["Retry-After"] = str(RETRY_SECONDS)
            return busy
        answer = get_conditional_response(request, etag=etag, last_modified=built_at)
        if answer is None:
            answer = HttpResponse(content, content_type="application/json")
        answer["ETag"] = etag
        answer["Last-Modified"] = http_date(built_at)
        max_age = getattr(settings, "PAGE_CACHE_MAX_AGE", 60)
        patch_cache_control(answer, public=True, max_age=max_age)
        return answer
