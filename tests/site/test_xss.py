"""Hostile text in every text field of every model comes out harmless everywhere.

Each hostile string goes into every text field (names, titles, outlines, descriptions,
notes, acronyms, ...) of every model of the record, once through the factories and once
through import files (``read_file`` + the resources' ``import_data``). Then every public
page, the feed, the calendars, the sitemap, the downloads, and the admin's list, change,
history and delete pages of each model are read back and checked:

- HTML is parsed (``html.parser``, which splits a document where a browser would): no
  element the record could have smuggled in (``iframe``, ``object``, ``embed``,
  ``style``, ``base``, ...), no ``on*`` attribute, no ``javascript:``/``data:`` link,
  and no ``<script>`` but external same-origin files and the page's own JSON-LD, which
  must parse as JSON, hold no "<" at all, and carry the hostile text intact as data;
- the Atom feed is well-formed XML and its HTML summaries pass the same checks;
- calendars parse, have exactly one event per meeting (no line injection) and no HTML;
- downloads are served as CSV/JSON (never HTML) with nosniff.

Each check also asserts that the hostile record is on the page, so a page that shows
nothing cannot pass by accident.
"""

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import NoReverseMatch, reverse
from icalendar import Calendar

from core.models import PublicationStatus
from core.translation import translated_fields
from exchange.files import read_file
from exchange.models import ImportRecord
from meetings.models import Country, Meeting, MeetingSeries, Organisation, Participation, Person
from meetings.resources import (
    CountryResource,
    MeetingResource,
    MeetingSeriesResource,
    OrganisationResource,
    ParticipationResource,
    PersonResource,
)
from meetings.templatetags.record import render_markdown
from programmes.models import Discussion, Fund, Programme, Theme
from programmes.resources import (
    DiscussionResource,
    FundResource,
    ProgrammeResource,
    ThemeResource,
)
from tests.factories import (
    DiscussionFactory,
    FundFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

# A word no page has of its own: proves the hostile record is on the page, and searchable.
MARKER = "Zorblax"

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1)) [again](&#106;avascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example/"></iframe>',
    "</script><script>alert(1)</script>",
    "<style>body{display:none}</style>",
    '<a href="https://example.org/" onclick="alert(1)" style="color:red">x</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="https://evil.example/x.swf"></object><embed src="x.swf">',
    "<base href=https://evil.example/><form action=https://evil.example/>",
    "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected",
]
HOSTILE_IDS = [
    "script", "img-onerror", "svg-onload", "md-javascript-link", "md-javascript-mixed",
    "a-javascript", "md-data-link", "iframe", "jsonld-breakout", "style", "onclick-style",
    "mxss", "object-embed", "base-form", "ical-injection",
]  # fmt: skip
# What goes where the whole string does not fit (acronym and honorific: 30 characters).
SHORT = "<svg onload=alert(1)>"

# Text fields that are not free text: a two-letter code checked by a pattern.
CONSTRAINED = {(Country, "code")}


def text_fields(model):
    """The free-text fields of ``model``: every CharField and TextField but slugs,
    closed lists (choices) and pattern-checked codes. A translated field counts as its
    language columns (name_en, name_ja): its own column repeats one of them."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField)
        and not field.choices
        and (model, field.name) not in CONSTRAINED
        and field.name not in translated_fields(model)
    ]


def record_models():
    """Every model of the record (settings.CONTENT_MODELS, which test_page_cache checks
    names every model of meetings and programmes but history tables) and the import log."""
    return [*map(apps.get_model, settings.CONTENT_MODELS), ImportRecord]


def hostile_value(field, payload):
    for candidate in (f"{MARKER} {payload}", f"{MARKER} {SHORT}"):
        if field.max_length is None or len(candidate) <= field.max_length:
            return candidate
    raise AssertionError(f"{field} is too short for any hostile string")


def hostile(model, payload):
    return {field.name: hostile_value(field, payload) for field in text_fields(model)}


# --- The hostile record -----------------------------------------------------------------


class World:
    """One record of every model, every text field hostile, meeting and programme
    published, all linked to each other so each page shows the others' names."""

    def __init__(self, **objects):
        self.__dict__.update(objects)

    def all(self):
        return [value for value in self.__dict__.values() if isinstance(value, models.Model)]


def import_record(payload):
    return ImportRecord.objects.create(
        source=ImportRecord.Source.ADMIN,
        outcome=ImportRecord.Outcome.REFUSED,
        **hostile(ImportRecord, payload),
    )


def build_with_factories(payload):
    # Not CountryFactory: its two-letter sequence is shared by the whole session and
    # wraps at 676; every call here would move other tests' codes.
    country = Country.objects.create(code="ZX", slug="zx-land", **hostile(Country, payload))
    organisation = OrganisationFactory(country=country, **hostile(Organisation, payload))
    person = PersonFactory(**hostile(Person, payload))
    series = MeetingSeriesFactory(organisers=[organisation], **hostile(MeetingSeries, payload))
    meeting = MeetingFactory(
        series=series, host_country=country, published=True, **hostile(Meeting, payload)
    )
    participation = ParticipationFactory(
        meeting=meeting,
        person=person,
        organisation=organisation,
        country=country,
        **hostile(Participation, payload),
    )
    theme = ThemeFactory(**hostile(Theme, payload))
    fund = FundFactory(**hostile(Fund, payload))
    programme = ProgrammeFactory(
        fund=fund,
        themes=[theme],
        countries=[country],
        published=True,
        **hostile(Programme, payload),
    )
    discussion = DiscussionFactory(
        meeting=meeting, programme=programme, **hostile(Discussion, payload)
    )
    return World(
        country=country,
        organisation=organisation,
        person=person,
        series=series,
        meeting=meeting,
        participation=participation,
        theme=theme,
        fund=fund,
        programme=programme,
        discussion=discussion,
        import_record=import_record(payload),
    )


def csv_file(rows):
    """A CSV file as a spreadsheet writes it: the first row names the columns."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def import_files(payload):
    """(resource, rows) for every model, in the order the references need. Columns are
    named by the model's attribute, which the engine accepts like the labels, except the
    publication columns: on a programme, "status" is the programme's own (ongoing, ...)."""
    published = {
        "Publication status": PublicationStatus.PUBLISHED,
        "Publish time": "2020-01-01T00:00:00Z",
    }

    def row(model, **keys):
        return {**keys, **hostile(model, payload)}

    return [
        (CountryResource, [row(Country, code="ZX", slug="zx-land", is_asean_member="no")]),
        (OrganisationResource, [row(Organisation, slug="hostile-org", kind="other", country="ZX")]),
        (PersonResource, [row(Person, slug="hostile-person")]),
        (
            MeetingSeriesResource,
            [row(MeetingSeries, slug="hostile-series", organisers="hostile-org")],
        ),
        (
            MeetingResource,
            [
                row(
                    Meeting, slug="hostile-meeting", series="hostile-series", kind="dialogue",
                    number="1", start_date="2012-05", host_country="ZX", **published,
                )
            ],
        ),
        (
            ParticipationResource,
            [
                row(
                    Participation, meeting="hostile-meeting", order="1", country="ZX",
                    person="hostile-person", organisation="hostile-org", role="chair",
                )
            ],
        ),
        (ThemeResource, [row(Theme, slug="hostile-theme")]),
        (FundResource, [row(Fund, slug="hostile-fund")]),
        (
            ProgrammeResource,
            [
                row(
                    Programme, slug="hostile-programme", kind="programme", fund="hostile-fund",
                    themes="hostile-theme", countries="ZX", **published,
                )
            ],
        ),
        (
            DiscussionResource,
            [
                row(
                    Discussion, meeting="hostile-meeting", programme="hostile-programme",
                    stage="approved",
                )
            ],
        ),
    ]  # fmt: skip


def build_by_import(payload):
    for resource_class, rows in import_files(payload):
        dataset = read_file(csv_file(rows), f"{resource_class.__name__}.csv")
        result = resource_class().import_data(dataset)
        assert not result.has_errors(), [error.error for error in result.base_errors]
        assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    meeting = Meeting.objects.get(slug="hostile-meeting")
    programme = Programme.objects.get(slug="hostile-programme")
    return World(
        country=Country.objects.get(code="ZX"),
        organisation=Organisation.objects.get(slug="hostile-org"),
        person=Person.objects.get(slug="hostile-person"),
        series=MeetingSeries.objects.get(slug="hostile-series"),
        meeting=meeting,
        participation=meeting.participations.get(),
        theme=Theme.objects.get(slug="hostile-theme"),
        fund=Fund.objects.get(slug="hostile-fund"),
        programme=programme,
        discussion=Discussion.objects.get(meeting=meeting, programme=programme),
        import_record=import_record(payload),
    )


BUILDERS = {"factories": build_with_factories, "import": build_by_import}


@pytest.fixture(params=HOSTILE, ids=HOSTILE_IDS)
def payload(request):
    return request.param


@pytest.fixture(params=list(BUILDERS))
def world(request, payload):
    return BUILDERS[request.param](payload)


# --- What "harmless" means ---------------------------------------------------------------

# Elements no text of the record may become. (The home page draws its own inline <svg>,
# so <svg> itself is allowed; its attributes are checked like any other.)
FORBIDDEN_TAGS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "style", "base", "math",
    "portal", "template",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
DANGEROUS_SCHEMES = {"javascript", "vbscript", "data"}
SCRIPT_DATA_TYPES = {"application/ld+json", "application/json"}


def url_scheme(value):
    """The scheme a browser would see: it drops whitespace and control characters."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", value or "").lower()
    match = re.match(r"^([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else ""


class MarkupAudit(HTMLParser):
    """Everything on a page that could run or restyle it; the problems it finds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.json_blocks = []
        self.text = []
        self._script = None  # (attributes, [data]) while inside a <script>

    def handle_starttag(self, tag, attrs):
        self.check_element(tag, attrs)
        if tag == "script":
            self._script = (dict(attrs), [])

    def handle_startendtag(self, tag, attrs):
        self.check_element(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            attributes, data = self._script
            self._script = None
            self.check_script(attributes, "".join(data))

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
        else:
            self.text.append(data)

    def check_element(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if name in URL_ATTRIBUTES and url_scheme(value) in DANGEROUS_SCHEMES:
                self.problems.append(f"<{tag} {name}={value!r}> script or data URL")
            if name == "http-equiv":
                self.problems.append(f"<{tag} http-equiv> directive")
        if tag == "link" and url_scheme(dict(attrs).get("href")) not in {"", "http", "https"}:
            self.problems.append(f"<link> to {dict(attrs).get('href')!r}")

    def check_script(self, attributes, body):
        source = attributes.get("src")
        if source is not None:
            if not source.startswith("/") or source.startswith("//"):
                self.problems.append(f"<script src={source!r}> from elsewhere")
            if body.strip():
                self.problems.append("<script src> with a body")
            return
        if attributes.get("type") not in SCRIPT_DATA_TYPES:
            self.problems.append(f"inline script: {body[:80]!r}")
            return
        # A data block: JSON, with no "<" that could end the element or open a comment.
        if "<" in body:
            self.problems.append(f"'<' inside a JSON block: {body[:80]!r}")
        try:
            self.json_blocks.append(json.loads(body))
        except ValueError:
            self.problems.append(f"JSON block that does not parse: {body[:80]!r}")

    def close(self):
        super().close()
        if self._script is not None:
            self.problems.append("a <script> that never ends")


def audit_html(document):
    parser = MarkupAudit()
    parser.feed(document)
    parser.close()
    return parser


def visible_text(parser):
    return " ".join(" ".join(parser.text).split())


def assert_harmless_html(document, where, expect_marker=True):
    parser = audit_html(document)
    assert parser.problems == [], f"{where}: {parser.problems}"
    if expect_marker:
        assert MARKER in visible_text(parser), f"{where}: the hostile record is not shown"
    return parser


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


# --- Every model, every text field --------------------------------------------------------


def test_every_text_field_of_every_model_is_hostile(world):
    """The suite covers the whole record: a new model or text field joins it or fails."""
    covered = {type(obj) for obj in world.all()}
    assert set(record_models()) <= covered, set(record_models()) - covered
    for obj in world.all():
        obj.refresh_from_db()
        fields = text_fields(type(obj))
        assert fields, f"{type(obj).__name__} has no text field"
        for field in fields:
            value = getattr(obj, field.attname)
            assert value.startswith(MARKER), f"{type(obj).__name__}.{field.name} = {value!r}"


def optional_reverse(name, **kwargs):
    try:
        return reverse(name, **kwargs)
    except NoReverseMatch:
        return None


def public_html_pages(world):
    meeting, programme, country = world.meeting, world.programme, world.country
    meeting_filters = (
        f"?q={MARKER}&series={world.series.slug}&host={country.code}&country={country.code}"
        f"&programme={programme.slug}&theme={world.theme.slug}"
    )
    programme_filters = (
        f"?q={MARKER}&theme={world.theme.slug}&fund={world.fund.slug}&country={country.code}"
    )
    return [
        "/",
        reverse("meetings:list"),
        reverse("meetings:list") + meeting_filters,
        meeting.get_absolute_url(),
        reverse("programmes:list"),
        reverse("programmes:list") + programme_filters,
        programme.get_absolute_url(),
        reverse("countries:list"),
        country.get_absolute_url(),
        world.person.get_absolute_url(),
        world.organisation.get_absolute_url(),
        f"{reverse('search')}?q={MARKER}",
    ]


def test_public_pages_show_the_record_harmlessly(client, world):
    for path in public_html_pages(world):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_harmless_html(response.content.decode(), path)


def test_json_ld_holds_the_text_as_data_and_cannot_be_broken_out_of(client, world):
    response = client.get(world.meeting.get_absolute_url())
    parser = assert_harmless_html(response.content.decode(), "meeting page")
    assert len(parser.json_blocks) == 1
    data = parser.json_blocks[0]
    assert data["name"] == f"{world.meeting.title}, {world.series.name}"  # intact, as data
    assert data["location"]["address"]["addressLocality"] == world.meeting.city
    assert data["description"].startswith(MARKER)
    if "</script" in world.meeting.title.lower():
        # The closing tag is in the JSON as text, escaped so it cannot end the element.
        assert "\\u003C/script" in response.content.decode()


def test_the_atom_feed_is_well_formed_and_its_html_harmless(client, world):
    response = client.get(reverse("meetings:feed"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.find(f"{atom}title").text.startswith(MARKER)  # text, escaped by XML
    summary = entry.find(f"{atom}summary")
    assert summary.get("type") == "html"
    assert_harmless_html(summary.text, "feed entry summary")
    for link in root.iter(f"{atom}link"):
        assert url_scheme(link.get("href")) in {"http", "https"}


def calendar_events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return [component for component in calendar.walk() if component.name == "VEVENT"]


def test_calendars_parse_with_one_event_per_meeting_and_no_html(client, world):
    host = f"?host={world.country.code}"
    for path in (
        reverse("meetings:calendar"),
        reverse("meetings:calendar") + host,
        reverse("meetings:ics", args=[world.meeting.slug]),
    ):
        response = client.get(path)
        events = calendar_events(response)
        assert len(events) == 1, path  # a line break in the text made no second event
        event = events[0]
        assert str(event["summary"]).startswith(MARKER)
        assert "X-ALT-DESC" not in event  # plain text only, never an HTML description
        description = str(event.get("description", ""))
        for forbidden in ("<script", "<iframe", "<img", "<svg", "<style", "javascript:"):
            assert forbidden not in description.lower()


def test_the_sitemap_is_well_formed(client, world):
    # The index, then the page listing the meetings.
    assert client.get(reverse("sitemap")).status_code == 200
    response = client.get(reverse("sitemap_section", kwargs={"section": "meetings"}))
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap
    locations = [element.text for element in root.iter() if element.tag.endswith("loc")]
    assert f"http://testserver{world.meeting.get_absolute_url()}" in locations
    assert all(location.startswith("http://testserver/") for location in locations)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("meetings:download_csv", "text/csv"),
        ("meetings:download_json", "application/json"),
        ("programmes:download_csv", "text/csv"),
        ("programmes:download_json", "application/json"),
    ],
)
def test_downloads_are_data_never_html(client, world, name, content_type):
    path = optional_reverse(name)
    if path is None:
        pytest.skip(f"no {name} on this site")
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    if content_type == "application/json":
        json.loads(body)
    assert MARKER in body


def test_hostile_query_strings_are_not_reflected(client, payload, db):
    """What a link can carry to a visitor: the search box and every filter echo it back."""
    for path in ("/search/", "/meetings/", "/programmes/"):
        params = {"q": payload}
        if path == "/meetings/":
            params |= {
                "host": payload,
                "year_from": payload,
                "series": payload,
                "ordering": payload,
            }
        if path == "/programmes/":
            params |= {"theme": payload, "status": payload, "ordering": payload}
        response = client.get(path, params)
        assert response.status_code == 200, path
        assert_harmless_html(response.content.decode(), path, expect_marker=False)
    for path in ("/meetings/calendar.ics", "/meetings/download.csv"):
        response = client.get(path, {"host": payload, "q": payload})
        assert response.status_code in {200, 400}
        if response.status_code == 400:
            assert_harmless_html(response.content.decode(), path, expect_marker=False)


# --- The admin ----------------------------------------------------------------------------


def admin_url(obj, view, *args):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def test_admin_lists_and_forms_show_the_record_harmlessly(superuser_client, world):
    for obj in world.all():
        model = type(obj)
        assert model in admin.site._registry, f"{model.__name__} has no admin"
        pages = [
            admin_url(obj, "changelist"),
            admin_url(obj, "changelist") + f"?q={MARKER}",
            admin_url(obj, "change", obj.pk),
            admin_url(obj, "history", obj.pk),
        ]
        for path in pages:
            response = superuser_client.get(path)
            assert response.status_code == 200, path
            assert_harmless_html(response.content.decode(), path)


def test_admin_delete_confirmation_lists_related_records_harmlessly(superuser_client, world):
    for obj in (world.meeting, world.programme, world.country):
        path = admin_url(obj, "delete", obj.pk)
        response = superuser_client.get(path)
        assert response.status_code == 200, path
        assert_harmless_html(response.content.decode(), path)


def test_admin_autocomplete_answers_json(superuser_client, world):
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {
            "term": MARKER,
            "app_label": "meetings",
            "model_name": "meeting",
            "field_name": "host_country",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results = response.json()["results"]
    assert [item["text"] for item in results] == [str(world.country)]


def test_admin_edit_by_form_then_shown_harmlessly(superuser_client, client, payload, db):
    """Typed into the admin's own form, not only stored by a factory."""
    name = f"{MARKER} {payload}"[:200]
    response = superuser_client.post(
        reverse("admin:meetings_person_add"),
        {"name": name, "honorific": f"{MARKER} {SHORT}", "slug": "typed-in"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(slug="typed-in")
    assert person.name == name
    for path in (admin_url(person, "changelist"), admin_url(person, "change", person.pk)):
        assert_harmless_html(superuser_client.get(path).content.decode(), path)


def test_admin_import_preview_shows_hostile_cells_and_differences_harmlessly(
    superuser_client, payload, tmp_path, monkeypatch
):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    series = MeetingSeriesFactory(slug="jad")
    Country.objects.create(code="VN", name="Viet Nam", slug="viet-nam")
    MeetingFactory(series=series, slug="existing-meeting", number=7, city="Hanoi", title="")
    rows = [
        {
            "Slug": "existing-meeting", "Series": "jad", "Kind": "dialogue",
            "Number in the series": "7", "Title": "", "Start date": "2011-07-26",
            "City": f"{MARKER} {payload}", "Host country": "VN",
            "Outline": f"{MARKER} {payload}", "Venue": f"{MARKER} {payload}",
        },
        {
            "Slug": "new-meeting", "Series": "jad", "Kind": "dialogue",
            "Number in the series": "8", "Start date": "2012", "Title": f"{MARKER} {payload}",
            "City": f"{MARKER} {payload}", "Host country": "VN", "Outline": "", "Venue": "",
        },
    ]  # fmt: skip
    response = superuser_client.post(
        reverse("admin:meetings_meeting_import"),
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile(
                f"{MARKER}<img src=x onerror=alert(1)>.csv",
                csv_file(rows),
                "text/csv",
            ),
        },
    )
    assert response.status_code == 200
    document = response.content.decode()
    assert "1 to create, 1 to update" in " ".join(document.split())
    assert_harmless_html(document, "import preview")
    assert "<del>Hanoi</del>" in document  # the difference is shown, as markup of ours

    records = superuser_client.get(reverse("admin:exchange_importrecord_changelist"))
    assert_harmless_html(records.content.decode(), "import records")  # the file's name
