"""Hostile text in every text field of every model comes out harmless everywhere: each
hostile string in every field (through the factories and through import files), then
every public page, the feed, the calendars, the sitemap, the downloads and the admin's
pages read back with the audit of xss_helpers.py. Each check also asserts that the
hostile record is on the page, so a page that shows nothing cannot pass by accident.
"""

import json
import xml.etree.ElementTree as ET

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from icalendar import Calendar

from meetings.models import Country, Person
from tests.factories import MeetingFactory, MeetingSeriesFactory
from tests.site.xss_helpers import (
    BUILDERS,
    MARKER,
    SHORT,
    assert_harmless_html,
    csv_file,
    record_models,
    text_fields,
    url_scheme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=list(BUILDERS))
def world(request, payload):
    return BUILDERS[request.param](payload)


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
        {"name_en": name, "honorific": f"{MARKER} {SHORT}", "slug": "typed-in"},
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
