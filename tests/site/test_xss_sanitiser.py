"""The sanitiser's allow-list (core/text.py): hostile Markdown renders harmless, links
keep only http, https and mailto and cannot reach the opener, only allowed attributes
survive. And the audit the other XSS tests rely on catches what it must catch.
"""

import html

import pytest

from core.text import render_markdown
from tests.site.xss_helpers import audit_html

pytestmark = pytest.mark.django_db


class TestTheAuditItself:
    """The checks must catch what they are meant to catch, or the suite proves nothing."""

    @pytest.mark.parametrize(
        "document",
        [
            "<p>x<script>alert(1)</script></p>",
            '<img src=x onerror="alert(1)">',
            "<svg onload=alert(1)>",
            '<a href=" jAvAscript:alert(1)">x</a>',
            '<a href="java&#x09;script:alert(1)">x</a>',
            '<a href="data:text/html,x">x</a>',
            '<iframe src="https://evil.example/"></iframe>',
            "<style>p{}</style>",
            '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>',
            '<script type="application/ld+json">{"a": "<!--"}</script>',
            '<script src="https://cdn.example/x.js"></script>',
            '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        ],
    )
    def test_it_catches_hostile_markup(self, document):
        assert audit_html(document).problems

    def test_it_accepts_the_site_s_own_markup(self):
        document = (
            '<script src="/static/admin/js/core.js"></script>'
            '<script type="application/ld+json">{"name": "\\u003Cb\\u003E"}</script>'
            '<svg class="timeline-svg"><a href="/meetings/x/"><title>x</title></a></svg>'
            '<a href="https://example.org/">x</a> <a href="mailto:a@example.org">y</a>'
        )
        parser = audit_html(document)
        assert parser.problems == []
        assert parser.json_blocks == [{"name": "<b>"}]


# --- The sanitiser's allow-list -----------------------------------------------------------


class TestMarkdownAllowList:
    def test_hostile_markdown_renders_harmless(self, payload):
        rendered = render_markdown(f"Some text.\n\n{payload}\n\n*More* text.")
        assert audit_html(rendered).problems == []
        for forbidden in ("<script", "<iframe", "<style", "<svg", "<img", "<object", "<base"):
            assert forbidden not in rendered.lower()
        assert "<p>Some text.</p>" in rendered  # the text before it survives

    @pytest.mark.parametrize(
        ("link", "kept"),
        [
            ("https://example.org/page", True),
            ("http://example.org/page", True),
            ("mailto:someone@example.org", True),
            ("javascript:alert(1)", False),
            ("JAVASCRIPT:alert(1)", False),
            ("vbscript:msgbox(1)", False),
            ("data:text/html,hello", False),
            ("ftp://example.org/file", False),
            ("file:///etc/passwd", False),
        ],
    )
    def test_links_keep_only_http_https_and_mailto(self, link, kept):
        rendered = render_markdown(f"[the link]({link})")
        assert "the link" in rendered
        assert (f'href="{html.escape(link)}"' in rendered) is kept

    def test_links_cannot_reach_the_opener(self):
        rendered = render_markdown("[x](https://example.org/)")
        assert 'rel="noopener noreferrer"' in rendered

    @pytest.mark.parametrize(
        "markup",
        [
            '<p onclick="alert(1)">x</p>',
            '<a href="https://example.org/" style="color:red" target="_top">x</a>',
            '<abbr title="t" class="x" id="main-content">x</abbr>',
        ],
    )
    def test_only_allowed_attributes_survive(self, markup):
        rendered = render_markdown(markup)
        for attribute in ("onclick", "style", "target", "class", "id="):
            assert attribute not in rendered
