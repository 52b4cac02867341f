"""What a file is, read from its first bytes and, for zip and OLE containers, their
members: never from its name. Accepted: PDF, Word, Excel, PowerPoint, OpenDocument, plain
text, PNG and JPEG; everything else is refused, saying what was found."""

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 8192  # what the sniffing reads of a file, beyond a container's directory


@dataclass(frozen=True)
class Format:
    name: str  # "pdf", "docx", ...
    label: str  # for people: "PDF", "Word"
    media_type: str
    inline: bool = False  # shown in the browser (PDF, images) rather than saved


_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
FORMATS = {
    f.name: f
    for f in (
        Format("pdf", "PDF", "application/pdf", inline=True),
        Format("docx", "Word", _OOXML + "wordprocessingml.document"),
        Format("doc", "Word", "application/msword"),
        Format("xlsx", "Excel", _OOXML + "spreadsheetml.sheet"),
        Format("xls", "Excel", "application/vnd.ms-excel"),
        Format("pptx", "PowerPoint", _OOXML + "presentationml.presentation"),
        Format("ppt", "PowerPoint", "application/vnd.ms-powerpoint"),
        Format("odt", "OpenDocument text", _ODF + "text"),
        Format("ods", "OpenDocument spreadsheet", _ODF + "spreadsheet"),
        Format("odp", "OpenDocument presentation", _ODF + "presentation"),
        Format("txt", "Plain text", "text/plain; charset=utf-8"),
        Format("png", "PNG image", "image/png", inline=True),
        Format("jpeg", "JPEG image", "image/jpeg", inline=True),
    )
}
ACCEPTED = _("Accepted: PDF, Word, Excel, PowerPoint, OpenDocument, plain text, PNG and JPEG.")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_TYPES = {_ODF + "text": "odt", _ODF + "spreadsheet": "ods", _ODF + "presentation": "odp"}
_OOXML_PARTS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
_OLE_STREAMS = (
    ("WordDocument".encode("utf-16-le"), "doc"),
    ("Workbook".encode("utf-16-le"), "xls"),
    ("Book".encode("utf-16-le"), "xls"),
    ("PowerPoint Document".encode("utf-16-le"), "ppt"),
)
# What refused files are, by their first bytes: (prefix, what the message calls it).
_REFUSED = (
    (b"MZ", _("a Windows program")),
    (b"\x7fELF", _("a Linux program")),
    (b"\xcf\xfa\xed\xfe", _("a macOS program")),
    (b"\xfe\xed\xfa\xcf", _("a macOS program")),
    (b"\xca\xfe\xba\xbe", _("a program")),
    (b"\x1f\x8b", _("a gzip archive")),
    (b"7z\xbc\xaf\x27\x1c", _("a 7-Zip archive")),
    (b"Rar!", _("a RAR archive")),
    (b"BZh", _("a bzip2 archive")),
    (b"\xfd7zXZ\x00", _("an XZ archive")),
    (b"GIF8", _("a GIF image")),
    (b"%!PS", _("a PostScript file")),
    (b"{\\rtf", _("an RTF file")),
)
_MARKUP = (
    (b"<!doctype html", _("an HTML page")),
    (b"<html", _("an HTML page")),
    (b"<head", _("an HTML page")),
    (b"<body", _("an HTML page")),
    (b"<script", _("an HTML page")),
    (b"<svg", _("an SVG image")),
    (b"<?xml", _("an XML file")),
    (b"#!", _("a script")),
)


class Refused(ValidationError):
    """A file the site does not take, with what it was found to be."""


def refuse(found):
    return Refused(
        _("This file is %(found)s (read from its content, whatever its name). %(accepted)s"),
        code="format",
        params={"found": found, "accepted": ACCEPTED},
    )


def recognise(file):
    """The ``Format`` of an open file (positioned anywhere; left at its start), or raise
    ``Refused``."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if not head:
        raise refuse(_("empty"))
    if head.startswith(b"%PDF-"):
        return FORMATS["pdf"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FORMATS["png"]
    if head.startswith(b"\xff\xd8\xff"):
        return FORMATS["jpeg"]
    if head.startswith(b"PK\x03\x04"):
        return FORMATS[_zip_format(file)]
    if head.startswith(_OLE):
        return FORMATS[_ole_format(file)]
    if len(head) > 262 and head[257:262] == b"ustar":
        raise refuse(_("a tar archive"))
    for prefix, found in _REFUSED:
        if head.startswith(prefix):
            raise refuse(found)
    return FORMATS[_text_format(head)]


def _zip_format(file):
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size < 200:
                    kind = archive.read("mimetype").decode("ascii", "replace").strip()
                    if kind in _ODF_TYPES:
                        return _ODF_TYPES[kind]
            if "[Content_Types].xml" in names:
                for prefix, name in _OOXML_PARTS:
                    if any(member.startswith(prefix) for member in names):
                        return name
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refuse(_("a damaged zip archive")) from None
    finally:
        file.seek(0)
    raise refuse(_("a zip archive"))


def _ole_format(file):
    """An OLE2 compound file (legacy Office): the name of its main stream, looked for in
    its first megabyte (where the directory of a small file is)."""
    data = file.read(1024 * 1024)
    file.seek(0)
    for stream, name in _OLE_STREAMS:
        if stream in data:
            return name
    raise refuse(_("an unrecognised Office file"))


def _text_format(head):
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = head.decode("utf-16")
        except UnicodeDecodeError:
            raise refuse(_("not a format the site recognises")) from None
        head = text.encode("utf-8", "replace")
    elif b"\x00" in head:
        raise refuse(_("not a format the site recognises"))
    else:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the head is fine.
            if error.start < len(head) - 4:
                raise refuse(_("not a format the site recognises")) from None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for prefix, found in _MARKUP:
        if start.startswith(prefix):
            raise refuse(found)
    if b"<html" in start[:1024] or b"<script" in start[:1024]:
        raise refuse(_("an HTML page"))
    return "txt"


def size_text(size):
    return f"{size / (1024 * 1024):.1f} MB"


def validate_document_file(value):
    """The file field's validator, for a file being uploaded (one already stored was checked
    when it came): within DOCUMENT_MAX_BYTES, read from its size before anything else,
    and of an accepted format, read from its first bytes."""
    from django.conf import settings

    if not value or getattr(value, "_committed", True):
        return
    limit = settings.DOCUMENT_MAX_BYTES
    if value.size > limit:
        raise ValidationError(
            _("This file is %(size)s; a document may be at most %(limit)s."),
            code="too_large",
            params={"size": size_text(value.size), "limit": size_text(limit)},
        )
    recognise(value.file)
