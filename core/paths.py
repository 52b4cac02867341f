"""A path of this site with a query string: "path?query", or the bare path when the query
is empty. Used by list links, download links, the calendar link and the language switcher."""

from urllib.parse import urlencode


def with_query(path, query):
    """``path`` with ``query`` (a QueryDict, or a dict of strings) as its query string."""
    encoded = query.urlencode() if hasattr(query, "urlencode") else urlencode(query)
    return f"{path}?{encoded}" if encoded else path
