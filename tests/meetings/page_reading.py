"""Reading a public page the way a visitor does: its HTML, a section, the result cards.

Shared by the meeting, directory and programme page tests (tests/programmes imports it
too: programmes sit above meetings), so each page's tests read HTML the same way.
"""

import re


def page_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def get_page(client, url, data=None):
    response = client.get(url, data)
    assert response.status_code == 200
    return response.content.decode()


def section(page, heading_id):
    """The HTML of the section labelled by ``heading_id``."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', page, re.S)
    assert match, f"no section labelled {heading_id}"
    return match.group(1)


def card_titles(html):
    """The titles of the result cards, in page order."""
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)
