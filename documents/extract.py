"""Reads a document's text in a child process: ``python extract.py FORMAT MAX_PAGES
MAX_CHARS`` with the file on stdin, JSON on stdout ({"pages", "text", "status"}).

Run by documents.reading with a time limit and a memory limit, so a hostile file (a
PDF built to loop, a zip bomb) costs at most that: the child is killed, the document is
kept without text. Imports no Django: it starts in a fraction of a second.
"""

import io
import json
import sys
import zipfile

MAX_XML_BYTES = 64 * 1024 * 1024  # unpacked XML read from a Word/OpenDocument file


def pdf(data, max_pages):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        return None, [], "unreadable"
    count = len(reader.pages)
    return count, [page.extract_text() or "" for page in reader.pages[:max_pages]], "read"


def _xml_texts(data, member, tags, block_tags):
    """Texts of the elements named ``tags`` in ``member``, a line per block element."""
    from defusedxml.ElementTree import fromstring

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if archive.getinfo(member).file_size > MAX_XML_BYTES:
            raise ValueError("too large")
        root = fromstring(archive.read(member))
    lines = []
    for block in root.iter():
        if _local(block.tag) in block_tags:
            text = (
                "".join(node.text or "" for node in block.iter() if _local(node.tag) in tags)
                if tags
                else "".join(block.itertext())
            )
            if text.strip():
                lines.append(text)
    return "\n".join(lines)


def _local(tag):
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def docx(data, max_pages):
    return None, [_xml_texts(data, "word/document.xml", {"t"}, {"p"})], "read"


def opendocument(data, max_pages):
    return None, [_xml_texts(data, "content.xml", None, {"p", "h"})], "read"


def pptx(data, max_pages):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        slides = sorted(
            (
                n
                for n in archive.namelist()
                if n.startswith("ppt/slides/slide") and n.endswith(".xml")
            ),
            key=lambda n: int("".join(c for c in n if c.isdigit()) or 0),
        )
    texts = [_xml_texts(data, name, {"t"}, {"p"}) for name in slides[:max_pages]]
    return len(slides), texts, "read"


def xlsx(data, max_pages):
    """The shared strings and each sheet's inline strings (numbers are not words)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    parts = [n for n in names if n.startswith("xl/worksheets/sheet") and n.endswith(".xml")]
    if "xl/sharedStrings.xml" in names:
        parts.insert(0, "xl/sharedStrings.xml")
    texts = [_xml_texts(data, name, {"t"}, {"si", "is"}) for name in parts[:max_pages]]
    return None, ["\n".join(t for t in texts if t)], "read"


def text(data, max_pages):
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    return None, [data.decode(encoding, "replace")], "read"


READERS = {
    "pdf": pdf,
    "docx": docx,
    "odt": opendocument,
    "ods": opendocument,
    "odp": opendocument,
    "pptx": pptx,
    "xlsx": xlsx,
    "txt": text,
}


def main():
    name, max_pages, max_chars = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    data = sys.stdin.buffer.read()
    try:
        pages, texts, status = READERS[name](data, max_pages)
    except Exception:  # noqa: BLE001 - a damaged file of any kind: kept, without text
        pages, texts, status = None, [], "unreadable"
    joined = "\f".join(t.replace("\f", " ").replace("\x00", "") for t in texts)[:max_chars]
    json.dump({"pages": pages, "text": joined, "status": status}, sys.stdout)


if __name__ == "__main__":
    main()
