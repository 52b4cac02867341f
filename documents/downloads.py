"""A document's file, from the storage, for whoever may see the document.

Starts from ``Document.objects.published()`` (a draft's file, or a file of a draft
meeting, is a 404 even to whoever guessed its address); staff who may view documents also
get drafts, never cached. Answers single byte ranges (PDF viewers ask for them), 304 on
a matching ETag (the file's SHA-256), names the file safely, shows PDFs and images inline
and has everything else saved, with nosniff and a sandboxing CSP. A stored file that is
gone is a 404 (logged); a storage that does not answer is a 503, never a 500.
"""

import logging
import re
from pathlib import PurePath

from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header, http_date
from django.utils.text import slugify

from .formats import FORMATS
from .models import Document

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024
PUBLIC_CACHE = "public, max-age=86400"
SANDBOX = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\"]')


def download(request, slug):
    may_preview = request.user.is_authenticated and request.user.has_perm("documents.view_document")
    documents = Document.objects.all() if may_preview else Document.objects.published()
    document = get_object_or_404(documents.select_related(None), slug=slug)
    public = not may_preview or _is_public(document)
    if not document.file:
        if document.url:
            return HttpResponseRedirect(document.url)
        raise Http404
    etag = f'"{document.sha256 or document.file.name}"'
    if etag in _tags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
        return _headers(response, document, etag, public)
    try:
        stored = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError:
        logger.error("The file of document %s is missing from the storage", document.slug)
        raise Http404 from None
    except Exception:  # noqa: BLE001 - any storage backend's outage
        logger.exception("The storage did not answer for document %s", document.slug)
        response = HttpResponse("The file store is briefly unavailable.", status=503)
        response["Retry-After"] = "30"
        return response
    size = document.size if document.size is not None else stored.size
    response = _ranged(request, stored, size, etag)
    return _headers(response, document, etag, public)


def _is_public(document):
    return Document.objects.published().filter(pk=document.pk).exists()


def _tags(header):
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _ranged(request, stored, size, etag):
    """The whole file (200) or the one range asked for (206; 416 if outside the file)."""
    wanted = _range(request.headers.get("Range", ""), size)
    if_range = request.headers.get("If-Range")
    if wanted is None or (if_range and if_range != etag):
        response = StreamingHttpResponse(_chunks(stored, 0, size))
        response["Content-Length"] = str(size)
        return response
    if wanted == "unsatisfiable":
        stored.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = wanted
    response = StreamingHttpResponse(_chunks(stored, start, end - start + 1), status=206)
    response["Content-Length"] = str(end - start + 1)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return response


def _range(header, size):
    """(first, last) byte of a single range, "unsatisfiable", or None (no usable range:
    the whole file, as RFC 9110 allows for several ranges or a malformed header)."""
    found = _RANGE.match(header.strip())
    if not found:
        return None
    first, last = found.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return "unsatisfiable"
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return "unsatisfiable"
    return start, end


def _chunks(stored, start, length):
    try:
        stored.seek(start)
        while length > 0:
            data = stored.read(min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        stored.close()


def _headers(response, document, etag, public):
    found = FORMATS.get(document.format)
    response["Content-Type"] = found.media_type if found else "application/octet-stream"
    inline = bool(found and found.inline)
    response["Content-Disposition"] = content_disposition_header(not inline, safe_name(document))
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    if document.read_at:
        response["Last-Modified"] = http_date(document.read_at.timestamp())
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX  # django-csp keeps a policy already set
    response["Cache-Control"] = PUBLIC_CACHE if public else "private, no-store"
    return response


def safe_name(document):
    """The name the file is saved under: as uploaded, without what a header or a file
    system would misread; the document's slug when nothing is left."""
    name = _UNSAFE_NAME.sub("", PurePath(document.original_name or "").name).strip(" .")
    if not name:
        suffix = PurePath(document.file.name).suffix
        name = f"{slugify(document.slug) or 'document'}{suffix}"
    return name[:150]
