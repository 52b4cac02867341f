"""Real files of every format the site accepts or refuses, made on the fly; each accepted
one carries PHRASE (where its format has text)."""

import io
import struct
import zipfile
import zlib

from openpyxl import Workbook

from documents.samples import make_docx, make_pdf

PHRASE = "mangrove carbon accounting"


def _zip(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def odt():
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        f"<office:text><text:h>Report</text:h><text:p>A study of {PHRASE}.</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    return _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content})


def pptx():
    slide = (
        '<?xml version="1.0" encoding="UTF-8"?><p:sld '
        'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree>'
        "<p:sp><p:txBody><a:p><a:r><a:t>{}</a:t></a:r></a:p></p:txBody></p:sp>"
        "</p:spTree></p:cSld></p:sld>"
    )
    return _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "ppt/presentation.xml": "<presentation/>",
            "ppt/slides/slide1.xml": slide.format("Opening"),
            "ppt/slides/slide2.xml": slide.format(f"Findings on {PHRASE}"),
        }
    )


def xlsx():
    book = Workbook()
    book.active.append(["Programme", f"Notes on {PHRASE}"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def png():
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg():
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def legacy_word():
    sector = bytearray(1536)
    sector[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    name = "WordDocument".encode("utf-16-le")
    sector[1024 : 1024 + len(name)] = name
    return bytes(sector)


# name, bytes, expected format, whether PHRASE is in its text
ACCEPTED = [
    ("report.pdf", make_pdf(["Opening", f"A study of {PHRASE}."]), "pdf", True),
    ("summary.docx", make_docx(["Summary", f"A study of {PHRASE}."]), "docx", True),
    ("statement.odt", odt(), "odt", True),
    ("slides.pptx", pptx(), "pptx", True),
    ("table.xlsx", xlsx(), "xlsx", True),
    ("notes.txt", f"Notes: {PHRASE}.\n".encode(), "txt", True),
    ("photo.png", png(), "png", False),
    ("photo.jpg", jpeg(), "jpeg", False),
    ("old.doc", legacy_word(), "doc", False),
]

# name (each pretending to be a PDF or a Word file), bytes, words of the message
REFUSED = [
    ("agenda.pdf", b"<!DOCTYPE html><html><body>hi</body></html>", "an HTML page"),
    ("logo.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "an SVG image"),
    ("run.pdf", b"#!/bin/sh\nrm -rf /\n", "a script"),
    ("setup.pdf", b"MZ\x90\x00\x03" + bytes(60), "a Windows program"),
    ("tool.docx", b"\x7fELF\x02\x01\x01" + bytes(60), "a Linux program"),
    ("bundle.docx", _zip({"readme.txt": "hello"}), "a zip archive"),
    ("bundle.pdf", b"\x1f\x8b\x08\x00" + bytes(20), "a gzip archive"),
    ("noise.pdf", bytes(range(256)) * 4, "not a format the site recognises"),
]
