"""/api/v1/docs/: Swagger UI from the site's own static files (drf-spectacular-sidecar),
under the site's strict CSP: the page has no inline script or style, its set-up is
static/api/docs-init.js, which reads the schema's address from the page."""

from drf_spectacular.views import SpectacularSwaggerView


class DocsView(SpectacularSwaggerView):
    template_name = "api/docs.html"
    url_name = "api:schema"
    authentication_classes = []
    page_cache_parameters = {}
