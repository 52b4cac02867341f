"""The download of a document's file: only a public document's (or, for staff, a draft's),
streamed from storage with byte ranges, validators and headers that keep the file inert."""

import hashlib
import logging
import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from documents.formats import FORMATS
from documents.models import Document

logger = logging.getLogger(__name__)

PUBLIC_MAX_AGE = 60 * 60  # an hour: the URL stays the same when the file is replaced
# Every file, PDFs too: Chromium's built-in PDF viewer opens a PDF served with it
# (checked with headless Chromium; docs/deploy.md).
CSP = "sandbox; default-src 'none'"
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def safe_filename(name):
    """(ASCII fallback, UTF-8 percent-encoded) file names without quotes, slashes or controls."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable() and c not in '"/\\;') or "document"
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    stem, suffix = ascii_only(stem) or "document", ascii_only(suffix)
    return (f"{stem}.{suffix}" if dot and suffix else stem), quote(name, safe="")


def ascii_only(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._ -]", "_", text).strip(" ._")


def media_type_and_inline(document):
    """From the format read from the file's content (documents.formats); a file not read
    (yet) is sent as bytes to save, never shown: its name says nothing sure."""
    found = FORMATS.get(document.format)
    if found is None:
        return "application/octet-stream", False
    return found.media_type, found.inline


def entity_tag(document, size):
    if document.sha256:
        return quote_etag(document.sha256)
    digest = hashlib.sha256(f"{document.file.name}:{size}".encode()).hexdigest()
    return quote_etag(digest)


def parse_range(header, size):
    """(start, end) inclusive, None for the whole file, or "unsatisfiable"."""
    match = RANGE.match(header.strip())
    if not match or size == 0:
        return None if not match else "unsatisfiable"
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        length = int(last)
        if length == 0:
            return "unsatisfiable"
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return "unsatisfiable"
    return start, end


class RangeReader:
    """Reads ``length`` bytes of an open file from ``start``, in chunks."""

    def __init__(self, handle, start, length, chunk=64 * 1024):
        self.handle, self.remaining, self.chunk = handle, length, chunk
        handle.seek(start)

    def __iter__(self):
        try:
            while self.remaining > 0:
                data = self.handle.read(min(self.chunk, self.remaining))
                if not data:
                    break
                self.remaining -= len(data)
                yield data
        finally:
            self.handle.close()

    def close(self):
        self.handle.close()


def visible_document(request, slug):
    document = Document.objects.filter(slug=slug).first()
    if document is None:
        raise Http404
    if Document.objects.published().filter(pk=document.pk).exists():
        return document, True
    if request.user.has_perm("documents.view_document"):
        return document, False
    raise Http404


@require_safe
def download(request, slug, filename=None):
    document, public = visible_document(request, slug)
    if not document.file:
        if document.url:
            return HttpResponseRedirect(document.url)
        raise Http404
    storage = document.file.storage
    try:
        size = document.size if document.size is not None else storage.size(document.file.name)
        handle = storage.open(document.file.name, "rb")
    except FileNotFoundError:
        logger.warning("The file of document %s is missing: %s", document.pk, document.file.name)
        raise Http404 from None
    except Exception:
        logger.exception("The storage failed for document %s", document.pk)
        return unavailable()
    etag = entity_tag(document, size)
    modified = http_date((document.read_at or document.updated_at).timestamp())
    headers = {"ETag": etag, "Last-Modified": modified, "Accept-Ranges": "bytes"}
    cache = f"public, max-age={PUBLIC_MAX_AGE}" if public else "private, no-store"
    if request.headers.get("If-None-Match") in (etag, "*"):
        handle.close()
        response = HttpResponse(status=304, headers=headers)
        response["Cache-Control"] = cache
        return response
    media_type, inline = media_type_and_inline(document)
    wanted = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    if wanted and if_range and if_range not in (etag, modified):
        wanted = None
    span = parse_range(wanted, size) if wanted else None
    if span == "unsatisfiable":
        handle.close()
        response = HttpResponse(status=416, headers=headers)
        response["Content-Range"] = f"bytes */{size}"
        response["Cache-Control"] = cache
        return response
    if span:
        start, end = span
        response = FileResponse(RangeReader(handle, start, end - start + 1), status=206)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(RangeReader(handle, 0, size))
        response["Content-Length"] = str(size)
    for name, value in headers.items():
        response[name] = value
    ascii_name, encoded = safe_filename(document.original_name or document.file.name)
    disposition = "inline" if inline else "attachment"
    response["Content-Type"] = media_type
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = CSP
    response["Cache-Control"] = cache
    return response


def unavailable():
    response = HttpResponse(
        _("The file store is unavailable; try again shortly."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response
