"""``{% api_alternate %}``: a public page's ``<link rel="alternate" type="application/json">``
to its API equivalent (a list with the same filters), nothing on a page without one."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from core.paths import with_query

register = template.Library()

# page's URL name: (API route, how the page names its record: a URL argument or None)
LISTS = {
    "meetings:list": "meeting",
    "programmes:list": "programme",
    "documents:list": "document",
    "countries:list": "country",
}
DETAILS = {
    "meetings:detail": "meeting",
    "programmes:detail": "programme",
    "people:detail": "person",
    "organisations:detail": "organisation",
}
NOT_FILTERS = ("page",)  # the page's page number; the API has cursors


def api_url(context):
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    name = match.view_name
    if name in LISTS:
        query = request.GET.copy()
        for parameter in NOT_FILTERS:
            query.pop(parameter, None)
        return with_query(reverse(f"api:{LISTS[name]}-list"), query)
    if name in DETAILS and "slug" in match.kwargs:
        return reverse(f"api:{DETAILS[name]}-detail", args=[match.kwargs["slug"]])
    country = context.get("object")
    if name == "countries:detail" and country is not None:
        return reverse("api:country-detail", args=[country.code])
    return None


@register.simple_tag(takes_context=True)
def api_alternate(context):
    url = api_url(context)
    if url is None:
        return ""
    absolute = context["request"].build_absolute_uri(url)
    return format_html('<link rel="alternate" type="application/json" href="{}">', absolute)
