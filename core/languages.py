"""Each page in each language: the paths of the language switcher and of hreflang.

Used by every page (the context processor of dialogues_site) and by views that say which
query their page really used (the search). Here, below both, so that neither imports the
other.
"""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from core.paths import with_query


def site_path(path):
    """``path`` as a path of this site: "//host/…" (or "/\\host/…") would be read as
    another host by translate_url, and by a browser following the link; the slashes that
    make it so are collapsed into one, after a language prefix too ("/ja//host/…")."""
    path = "/" + path.lstrip("/\\")
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return prefix + path[len(prefix) :].lstrip("/\\")
    return path


def language_path(full_path, code):
    """``full_path`` (with its query string) in language ``code``: the same record, the
    same filters. Django's translate_url does it for any page that resolves; a path that
    does not (a 404) only changes its language prefix. Always a path of this site,
    whatever the request's path looked like (``GET //evil.example/meetings/``)."""
    full_path = site_path(full_path)
    translated = translate_url(full_path, code)
    current = get_language()
    if translated != full_path or code == current:
        return site_path(translated)
    default = settings.LANGUAGE_CODE
    prefix = f"/{current}/"
    bare = site_path(full_path[len(prefix) :]) if full_path.startswith(prefix) else full_path
    return bare if code == default else f"/{code}{bare}"


def language_versions(request, query=None):
    """Each language's version of this page: code, name in that language, the path for
    the switcher and the absolute URL for hreflang; the current one marked.

    A view may give the ``query`` (a dict) its page really used, in place of the request's
    query string: the search page passes its shortened query, never echoing an over-long
    one into its links.
    """
    full_path = request.get_full_path()
    if query is not None:
        full_path = with_query(full_path.split("?", 1)[0], query)
    current = get_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        path = language_path(full_path, code)
        versions.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "path": path,
                "url": request.build_absolute_uri(path),
                "is_current": code == current,
                "is_default": code == settings.LANGUAGE_CODE,
            }
        )
    return versions
