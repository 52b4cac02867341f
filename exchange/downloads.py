"""Public downloads of a filtered list: CSV and JSON of exactly the rows the page selects.

A list and its downloads share the FilterSet and the query string, so a file holds every
row the filters select and nothing the public cannot see (``.published()``). The cells
are the resource's export columns, as in the admin, so a download imports back. Both
formats stream: memory and queries do not grow with the rows. The first rows are read
before the response is returned, so a database outage is the 503 page, not a stream cut
short.
"""

import itertools

from django.http import HttpResponseBadRequest, QueryDict, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.paths import with_query

from .writers import csv_pieces, json_pieces

# Rows read per query (and per prefetch of each many-to-many column).
CHUNK_SIZE = 2000

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}

WRITERS = {"csv": csv_pieces, "json": json_pieces}


def filter_problems(filterset):
    """The filter form's errors as plain-text lines: "From year: Enter a whole number."."""
    form = filterset.form
    lines = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else _("Filters")
        lines.append(_("%(label)s: %(errors)s") % {"label": label, "errors": " ".join(errors)})
    return lines


def download_urls(namespace, query, valid=True):
    """{"csv": url, "json": url} of a list's downloads, with the list's query string.

    The page number is dropped (a download holds every page). When the filters are not
    valid the download would refuse them, so the links offer the whole list instead.
    """
    query = query.copy() if valid else QueryDict(mutable=True)
    query.pop("page", None)
    return {
        file_format: with_query(reverse(f"{namespace}:download_{file_format}"), query)
        for file_format in FORMATS
    }


class FilteredDownloadView(View):
    """The rows of a filtered list as a CSV or JSON attachment.

    Subclasses give ``filterset_class``, ``resource_class``, ``filename`` (without the
    extension) and ``get_queryset()``, which must start from ``.published()`` and have
    the same order as the list page. ``file_format`` is set in the URLconf:
    ``as_view(file_format="json")``.
    """

    filterset_class = None
    resource_class = None
    filename = None
    file_format = "csv"
    chunk_size = CHUNK_SIZE

    def get_queryset(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        filterset = self.filterset_class(
            request.GET or None, queryset=self.get_queryset(), request=request
        )
        # Bad input is the visitor's mistake, answered in words; never a 500.
        if filterset.is_bound and not filterset.is_valid():
            return HttpResponseBadRequest(
                _("These filters are not valid, so there is nothing to download.")
                + "\n"
                + "\n".join(filter_problems(filterset))
                + "\n",
                content_type="text/plain; charset=utf-8",
            )
        rows = self.resource_class().iter_rows(filterset.qs, chunk_size=self.chunk_size)
        # The header and the first row: the first chunk's queries run here, in the view,
        # where an outage (OperationalError) becomes the 503 page; inside the stream it
        # would come after the outage middleware has returned, a 500 from the app server.
        rows = itertools.chain(list(itertools.islice(rows, 2)), rows)
        response = StreamingHttpResponse(
            WRITERS[self.file_format](rows), content_type=FORMATS[self.file_format]
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{self.filename}.{self.file_format}"'
        )
        return response
