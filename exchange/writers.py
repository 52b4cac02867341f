"""The one CSV writer and the one JSON writer: rows in, text out in pieces as they come.

Used by the admin's export, the public downloads, export_records and the site backup.
Neither memory nor the size of a piece grows with the number of rows.
"""

import csv
import io
import json

# Text written out per piece: not a row at a time (thousands of tiny writes to the
# socket), not the whole file at once (memory growing with the rows).
FLUSH_CHARS = 64 * 1024

# Excel reads a CSV file without a byte-order mark in the computer's legacy code page
# (Windows-1252, Shift_JIS, ...), so every non-ASCII character comes out garbled:
# "Hà Nội" opens as "HÃ  Ná»™i". A UTF-8 BOM at the start tells it the file is UTF-8;
# LibreOffice, Python's "utf-8-sig" and our own import (read_file) skip it.
UTF8_BOM = "\ufeff"


def csv_parts(rows):
    """The rows (the first is the header) as CSV text, a row a part (RFC 4180: quoted as
    needed, CRLF line endings)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def json_parts(rows):
    """The rows as a JSON list of objects keyed by the header, one object a line."""
    rows = iter(rows)
    headers = next(rows, [])
    yield "["
    separator = "\n"
    for row in rows:
        yield separator
        yield json.dumps(dict(zip(headers, row, strict=True)), ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


def joined(parts):
    """The parts joined into pieces of about ``FLUSH_CHARS``, as bytes for a response."""
    pending, size = [], 0
    for part in parts:
        pending.append(part)
        size += len(part)
        if size >= FLUSH_CHARS:
            yield "".join(pending).encode()
            pending, size = [], 0
    yield "".join(pending).encode()


def csv_pieces(rows):
    """CSV as bytes for a response: UTF-8 with a BOM (for Excel)."""
    yield UTF8_BOM.encode()
    yield from joined(csv_parts(rows))


def json_pieces(rows):
    """JSON as bytes for a response."""
    return joined(json_parts(rows))


def write_rows(parts_of, rows, stream):
    """Write ``rows`` (header first) to a text stream with ``csv_parts`` or ``json_parts``,
    each row as soon as it is read (the stream buffers); returns the number of data rows."""
    count = 0

    def counted():
        nonlocal count
        for count, row in enumerate(rows):  # noqa: B007 (count is read after the loop)
            yield row

    for part in parts_of(counted()):
        stream.write(part)
    return count
