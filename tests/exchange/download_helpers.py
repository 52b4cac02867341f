"""Reading the public downloads (/meetings/download.csv|json, /programmes/download.csv|json)
the way a spreadsheet or a program does, and finding a list page's Download links.
Shared by test_meeting_downloads.py, test_programme_downloads.py and
test_downloads_when_empty_or_down.py.
"""

import csv
import io
import json
import re

BOM = b"\xef\xbb\xbf"
FORMULA = '=HYPERLINK("http://evil.example","Click")'


def fetch(client, url):
    """(response, body bytes) of a download; the body is read from the stream."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.streaming
    return response, b"".join(response.streaming_content)


def csv_table(body):
    """(header, [{header: cell}]) of a CSV download."""
    assert body.startswith(BOM)
    reader = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    header, *rows = list(reader)
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def csv_rows(client, url):
    return csv_table(fetch(client, url)[1])[1]


def json_rows(client, url):
    return json.loads(fetch(client, url)[1].decode("utf-8"))


def slugs(rows):
    return [row["Slug"] for row in rows]


def download_links(response):
    """{"csv": href, "json": href} of the Download links on a list page."""
    page = response.content.decode()
    links = {}
    for href, label in re.findall(r'<a href="([^"]*)" download>Download (CSV|JSON)</a>', page):
        links[label.lower()] = href.replace("&amp;", "&")
    return links
