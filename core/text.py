"""Text helpers shared by pages, feeds and calendars: Markdown rendered and sanitised
(nh3), an outline as plain text, its first sentence, and JSON safe inside <script>."""

import functools
import html
import json
import re

import markdown as markdown_lib
import nh3
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

# What Markdown may produce on a public page; everything else is stripped by nh3.
ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


# The same text always gives the same HTML: kept for the texts shown lately (a Markdown
# parser is built for each conversion, which cost more than the rest of a meeting's page),
# if short enough that the cache stays small (512 texts of 8,000 characters at most).
MARKDOWN_CACHED_TEXTS = 512
MARKDOWN_CACHED_CHARS = 8_000


def render_markdown(text):
    if text and len(text) <= MARKDOWN_CACHED_CHARS:
        return _render_markdown_cached(text)
    return _render_markdown(text)


@functools.lru_cache(maxsize=MARKDOWN_CACHED_TEXTS)
def _render_markdown_cached(text):
    return _render_markdown(text)


def _render_markdown(text):
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


# --- Text for machines: meta tags, JSON-LD, feeds and calendars ------------------------

BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre)>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
# A sentence ends at . ! or ? followed by a space and a capital, but not after a title.
SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bH\.E)(?<!\bNo)(?<!\bSt)(?<!\bvs)"
    r"[.!?](?=\s+[\"“'(A-Z0-9])"
)


def outline_text(markdown_text):
    """The outline as plain text: paragraphs separated by a blank line, no markup.

    Rendered and sanitised first, so what a machine reads is what the page shows.
    """
    rendered = BLOCK_END.sub("\n\n", render_markdown(markdown_text))
    text = html.unescape(TAG.sub("", rendered))
    paragraphs = (" ".join(part.split()) for part in text.split("\n\n"))
    return "\n\n".join(part for part in paragraphs if part)


def first_sentence(text, limit=300):
    """The first sentence of plain ``text``, on one line, at most ``limit`` characters."""
    text = " ".join(text.split())
    match = SENTENCE_END.search(text)
    sentence = text[: match.end()] if match else text
    return Truncator(sentence).chars(limit)


JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_for_script(data):
    """JSON safe inside a <script> element, escaped as django.utils.html.json_script does:
    no "<", ">" or "&" survive, so no text in the data can close the element."""
    encoded = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return mark_safe(encoded.translate(JSON_SCRIPT_ESCAPES))  # noqa: S308 - escaped above
