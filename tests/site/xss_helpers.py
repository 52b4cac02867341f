"""What the XSS tests share: the hostile strings, a record of every model with every
text field hostile (built by the factories or by import files), and the audit that says
whether a page is harmless: no element, event handler, script or URL the record could
have smuggled in, and JSON-LD that holds the text as data.
"""

import csv
import io
import json
import re
from html.parser import HTMLParser

from django.apps import apps
from django.conf import settings
from django.db import models

from core.models import PublicationStatus
from core.translation import translated_fields
from documents.models import Document
from documents.resources import DocumentResource
from exchange.files import read_file
from exchange.models import ImportRecord
from meetings.models import (
    Country,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Organisation,
    Participation,
    Person,
)
from meetings.resources import (
    CountryResource,
    MeetingKindResource,
    MeetingResource,
    MeetingSeriesResource,
    OrganisationResource,
    ParticipationResource,
    PersonResource,
)
from programmes.models import Discussion, Fund, Programme, Theme
from programmes.resources import (
    DiscussionResource,
    FundResource,
    ProgrammeResource,
    ThemeResource,
)
from tests.factories import (
    DiscussionFactory,
    DocumentFactory,
    FundFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
)

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

# Text fields that are not free text: a two-letter code checked by a pattern; a
# document's address (an http(s) URL, checked) and what is read from its file.
CONSTRAINED = {
    (Country, "code"),
    *((Document, name) for name in ("url", "format", "media_type", "sha256", "text")),
}


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
    """Every model of the record (settings.CONTENT_MODELS, which test_page_cache_invalidation checks
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
    kind = MeetingKind.objects.create(slug="hostile-kind", **hostile(MeetingKind, payload))
    meeting = MeetingFactory(
        series=series, kind=kind, host_country=country, published=True, **hostile(Meeting, payload)
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
    document = DocumentFactory(
        meeting=meeting, programme=programme, published=True, file=None,
        url="https://example.org/agenda.pdf", **hostile(Document, payload),
    )  # fmt: skip
    return World(
        country=country,
        organisation=organisation,
        person=person,
        series=series,
        kind=kind,
        meeting=meeting,
        participation=participation,
        theme=theme,
        fund=fund,
        programme=programme,
        discussion=discussion,
        document=document,
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
        (MeetingKindResource, [row(MeetingKind, slug="hostile-kind", numbered="yes")]),
        (
            MeetingResource,
            [
                row(
                    Meeting, slug="hostile-meeting", series="hostile-series", kind="hostile-kind",
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
        (
            DocumentResource,
            [
                row(
                    Document, slug="hostile-document", meeting="hostile-meeting",
                    programme="hostile-programme", kind="agenda", language="en",
                    url="https://example.org/agenda.pdf", **published,
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
        kind=MeetingKind.objects.get(slug="hostile-kind"),
        meeting=meeting,
        participation=meeting.participations.get(),
        theme=Theme.objects.get(slug="hostile-theme"),
        fund=Fund.objects.get(slug="hostile-fund"),
        programme=programme,
        discussion=Discussion.objects.get(meeting=meeting, programme=programme),
        document=Document.objects.get(slug="hostile-document"),
        import_record=import_record(payload),
    )


BUILDERS = {"factories": build_with_factories, "import": build_by_import}


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
