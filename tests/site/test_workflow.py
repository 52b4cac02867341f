"""The editorial workflow: who may do what in the admin, scheduled publishing on every
public surface, and the editors' preview of a draft from the admin.

Roles come from the groups the data migration creates (tests/conftest.py): an Editor
views, adds and changes; a Publisher also deletes, publishes and unpublishes; a superuser
does everything. The matrix below is each role against each action on each model.
"""

import datetime
import re
import tempfile

import pytest
import time_machine
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import PublicationStatus
from meetings.models import Meeting, Participation
from programmes.models import Discussion, Programme
from tests.factories import (
    CountryFactory,
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

ROLES = ["editor", "publisher", "superuser"]
# What each role may do beyond viewing, adding and changing (which all three may).
MAY_PUBLISH = {"editor": False, "publisher": True, "superuser": True}
MAY_DELETE = MAY_PUBLISH

APPS = {
    "meeting": "meetings",
    "participation": "meetings",
    "programme": "programmes",
    "discussion": "programmes",
}
MODELS = {
    "meeting": Meeting,
    "participation": Participation,
    "programme": Programme,
    "discussion": Discussion,
}
WORKFLOW_MODELS = list(MODELS)  # the records with a history and a workflow
PUBLISHABLE = ["meeting", "programme"]


def admin_url(model_name, view, *args):
    return reverse(f"admin:{APPS[model_name]}_{model_name}_{view}", args=args)


def page(response):
    return response.content.decode()


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def as_role(request):
    """``as_role(role)``: a logged-in client for "editor", "publisher" or "superuser"."""

    def client_for(role):
        return request.getfixturevalue(f"{role}_client")

    return client_for


# Admin form data, as a browser posts it ---------------------------------------------------


def field_data(bound):
    """{name: value} a browser sends for one bound field of an admin form."""
    value = bound.value()
    name = bound.html_name
    if isinstance(bound.field, forms.SplitDateTimeField):
        if value in (None, "", [None, None]):
            return {f"{name}_0": "", f"{name}_1": ""}
        moment = timezone.localtime(value)
        return {f"{name}_0": moment.date().isoformat(), f"{name}_1": f"{moment:%H:%M:%S}"}
    if isinstance(bound.field, forms.BooleanField):
        return {name: "on"} if value else {}
    if isinstance(bound.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return {name: [str(item) for item in value or []]}
    return {name: "" if value is None else str(value)}


def form_data(response):
    """The POST data of the admin form on ``response`` (change, add or restore page),
    inline formsets included, with the values it shows."""
    context = response.context
    data = {}
    forms_on_page = [context["adminform"].form]
    for inline in context.get("inline_admin_formsets", []):
        forms_on_page.append(inline.formset.management_form)
        forms_on_page.extend(inline.formset.forms)
    for form in forms_on_page:
        for bound in form:
            data.update(field_data(bound))
    return data


@pytest.fixture
def world():
    """One record of each kind, drafts, linked as in the real record."""
    # The code comes from the factory's sequence: a fixed one could meet the sequence.
    country = CountryFactory(name="Viet Nam", slug="viet-nam")
    meeting = MeetingFactory(host_country=country, title="Ninth Dialogue", number=9)
    programme = ProgrammeFactory(name="ESC Model Cities", slug="esc-model-cities")
    return {
        "country": country,
        "series": meeting.series,
        "theme": ThemeFactory(slug="water", name="Water"),
        "fund": FundFactory(slug="jaif"),
        "person": PersonFactory(),
        "organisation": OrganisationFactory(country=country),
        "meeting": meeting,
        "programme": programme,
        "participation": ParticipationFactory(meeting=meeting, country=country),
        "discussion": DiscussionFactory(meeting=meeting, programme=programme),
    }


def new_record_fields(model_name, world):
    """What the add form needs for a new record of each model."""
    if model_name == "meeting":
        return {
            "series": world["series"].pk,
            "kind": "dialogue",
            "number": "12",
            "slug": "twelfth-dialogue-2014",
            "start_date": "2014-06-30",
            "date_precision": "day",
            "city_en": "Tokyo",
            "host_country": world["country"].pk,
        }
    if model_name == "programme":
        return {
            "name_en": "Wetlands Programme",
            "slug": "wetlands-programme",
            "kind": "programme",
            "themes": [str(world["theme"].pk)],
        }
    if model_name == "participation":
        return {
            "meeting": world["meeting"].pk,
            "order": "7",
            "person": world["person"].pk,
            "role": "delegate",
        }
    other_programme = ProgrammeFactory()
    return {
        "meeting": world["meeting"].pk,
        "programme": other_programme.pk,
        "stage": "approved",
    }


def added(model_name):
    """The record new_record_fields() added, or None."""
    lookups = {
        "meeting": {"slug": "twelfth-dialogue-2014"},
        "programme": {"slug": "wetlands-programme"},
        "participation": {"order": 7},
        "discussion": {"stage": "approved", "note": ""},
    }
    return MODELS[model_name].objects.filter(**lookups[model_name]).first()


# What each model's change test edits: (field, new value).
EDITS = {
    "meeting": ("city_en", "Luang Prabang"),
    "programme": ("summary_en", "Cities that show the way."),
    "participation": ("title_en", "Vice-Minister"),
    "discussion": ("note", "The meeting approved the second phase."),
}


# The permission matrix ---------------------------------------------------------------------


@pytest.mark.parametrize("model_name", WORKFLOW_MODELS)
@pytest.mark.parametrize("role", ROLES)
class TestEveryRoleAddsAndChanges:
    def test_add(self, as_role, world, role, model_name):
        client = as_role(role)
        response = client.get(admin_url(model_name, "add"))
        assert response.status_code == 200
        data = form_data(response) | new_record_fields(model_name, world)
        response = client.post(admin_url(model_name, "add"), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert added(model_name) is not None

    def test_change(self, as_role, world, role, model_name):
        client = as_role(role)
        record = world[model_name]
        url = admin_url(model_name, "change", record.pk)
        field, value = EDITS[model_name]
        data = form_data(client.get(url)) | {field: value}
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        record.refresh_from_db()
        assert getattr(record, field) == value


@pytest.mark.parametrize("model_name", WORKFLOW_MODELS)
@pytest.mark.parametrize("role", ROLES)
class TestDeleting:
    def test_delete_button(self, as_role, world, role, model_name):
        html = page(as_role(role).get(admin_url(model_name, "change", world[model_name].pk)))
        assert ('class="deletelink"' in html) is MAY_DELETE[role]

    def test_delete_view(self, as_role, world, role, model_name):
        client = as_role(role)
        record = world[model_name]
        url = admin_url(model_name, "delete", record.pk)
        assert client.get(url).status_code == (200 if MAY_DELETE[role] else 403)
        response = client.post(url, {"post": "yes"})
        assert response.status_code == (302 if MAY_DELETE[role] else 403)
        assert MODELS[model_name].objects.filter(pk=record.pk).exists() is not MAY_DELETE[role]

    def test_bulk_delete_action(self, as_role, world, role, model_name):
        client = as_role(role)
        record = world[model_name]
        url = admin_url(model_name, "changelist")
        assert ('value="delete_selected"' in page(client.get(url))) is MAY_DELETE[role]
        client.post(
            url, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"}
        )
        assert MODELS[model_name].objects.filter(pk=record.pk).exists() is not MAY_DELETE[role]


@pytest.mark.parametrize("model_name", PUBLISHABLE)
@pytest.mark.parametrize("role", ROLES)
class TestPublishing:
    def test_publish_action(self, as_role, world, role, model_name):
        client = as_role(role)
        draft = world[model_name]
        url = admin_url(model_name, "changelist")
        assert ('<option value="publish">' in page(client.get(url))) is MAY_PUBLISH[role]
        client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
        draft.refresh_from_db()
        assert draft.is_published is MAY_PUBLISH[role]

    def test_unpublish_action(self, as_role, role, model_name):
        client = as_role(role)
        factory = {"meeting": MeetingFactory, "programme": ProgrammeFactory}[model_name]
        published = factory(published=True)
        url = admin_url(model_name, "changelist")
        assert ('<option value="unpublish">' in page(client.get(url))) is MAY_PUBLISH[role]
        client.post(url, {"action": "unpublish", "_selected_action": [published.pk]})
        published.refresh_from_db()
        assert published.is_published is not MAY_PUBLISH[role]

    def test_status_on_the_change_form(self, as_role, world, role, model_name):
        client = as_role(role)
        draft = world[model_name]
        url = admin_url(model_name, "change", draft.pk)
        response = client.get(url)
        assert ('name="status"' in page(response)) is MAY_PUBLISH[role]
        # Posting the fields anyway: applied for a Publisher, ignored for an Editor.
        data = form_data(response) | {
            "status": "published",
            "published_at_0": "2014-07-01",
            "published_at_1": "09:00:00",
        }
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        draft.refresh_from_db()
        assert draft.is_published is MAY_PUBLISH[role]
        if not MAY_PUBLISH[role]:
            assert draft.status == PublicationStatus.DRAFT
            assert draft.published_at is None

    def test_status_on_the_add_form(self, as_role, world, role, model_name):
        client = as_role(role)
        response = client.get(admin_url(model_name, "add"))
        data = form_data(response) | new_record_fields(model_name, world)
        data |= {"status": "published", "published_at_0": "", "published_at_1": ""}
        response = client.post(admin_url(model_name, "add"), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert added(model_name).is_published is MAY_PUBLISH[role]

    def test_editing_a_published_record_keeps_it_published(self, as_role, role, model_name):
        """Documented in PublishableAdmin: an Editor's edit of a published record is
        saved and the record stays published, with its publish time."""
        client = as_role(role)
        factory = {"meeting": MeetingFactory, "programme": ProgrammeFactory}[model_name]
        # To the second, as the admin's date and time inputs show it.
        record = factory(published=True, published_at=timezone.now().replace(microsecond=0))
        published_at = record.published_at
        url = admin_url(model_name, "change", record.pk)
        field, value = EDITS[model_name]
        data = form_data(client.get(url)) | {field: value, "status": "draft"}
        if MAY_PUBLISH[role]:
            data["status"] = "published"  # a Publisher leaves the status as it is
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        record.refresh_from_db()
        assert getattr(record, field) == value
        assert record.status == PublicationStatus.PUBLISHED
        assert record.published_at == published_at
        assert MODELS[model_name].objects.published().filter(pk=record.pk).exists()


# Imports cannot publish for an Editor --------------------------------------------------------

IMPORT_FILES = {
    "meeting": (
        "Slug,Series,Kind,Number in the series,Start date,City,Host country,"
        "Publication status,Publish time\n"
        "imported-2008,{series},dialogue,1,2008-03,Hanoi,{country},published,"
        "2008-04-01T00:00:00+00:00\n"
    ),
    "programme": (
        "Slug,Name,Publication status,Publish time\n"
        "imported-2008,Imported Programme,published,2008-04-01T00:00:00+00:00\n"
    ),
}


@pytest.fixture
def temporary_folder(tmp_path, monkeypatch):
    """Uploads wait between preview and confirm in the temporary folder: the test's own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def admin_upload(client, model_name, data, name="records.csv"):
    """Upload ``data`` as a CSV file to import; the preview."""
    preview = client.post(
        admin_url(model_name, "import"),
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile(name, data, "application/octet-stream"),
        },
    )
    assert preview.status_code == 200
    return preview


def admin_import(client, model_name, data, name="records.csv"):
    """Upload ``data`` and confirm the preview; the confirmation's response."""
    preview = admin_upload(client, model_name, data, name)
    confirm_form = preview.context["confirm_form"]
    return client.post(admin_url(model_name, "process_import"), dict(confirm_form.initial))


@pytest.mark.usefixtures("temporary_folder")
@pytest.mark.parametrize("model_name", PUBLISHABLE)
@pytest.mark.parametrize("role", ROLES)
class TestImportPublication:
    def test_import_publishes_only_for_publishers(self, as_role, world, role, model_name):
        data = (
            IMPORT_FILES[model_name]
            .format(series=world["series"].slug, country=world["country"].code)
            .encode()
        )
        response = admin_import(as_role(role), model_name, data)
        assert response.status_code == 302
        record = MODELS[model_name].objects.get(slug="imported-2008")
        assert record.is_published is MAY_PUBLISH[role]

    def test_import_of_a_draft_unpublishes_only_for_publishers(
        self, as_role, world, role, model_name
    ):
        factory = {"meeting": MeetingFactory, "programme": ProgrammeFactory}[model_name]
        extra = {
            "series": world["series"], "number": 1, "host_country": world["country"],
            "end_date": None,
        }  # fmt: skip
        record = factory(
            published=True, slug="imported-2008", **(extra if model_name == "meeting" else {})
        )
        text = IMPORT_FILES[model_name].format(
            series=world["series"].slug, country=world["country"].code
        )
        admin_import(as_role(role), model_name, text.replace(",published,", ",draft,").encode())
        record.refresh_from_db()
        assert record.is_published is not MAY_PUBLISH[role]


# Scheduled publishing on every public surface ---------------------------------------------

HOUR = datetime.timedelta(hours=1)


def section(html, start, end):
    """The part of ``html`` from the first ``start`` to the next ``end`` ('' if absent)."""
    begin = html.find(start)
    if begin < 0:
        return ""
    finish = html.find(end, begin)
    return html[begin : finish if finish >= 0 else len(html)]


@pytest.fixture
def now():
    """The moment the tests travel from: now, to the second."""
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def scheduled(now):
    """A meeting and a programme scheduled an hour from ``now``, with everything that
    would show them once published: a participant, a host country, a discussion at a
    published meeting, and a published meeting and programme beside them (so every list
    has something in it before the scheduled records appear)."""
    with time_machine.travel(now, tick=False):
        country = CountryFactory(name="Heliotropia", slug="heliotropia")
        series = MeetingSeriesFactory()
        earlier = MeetingFactory(
            series=series, number=1, title="Opening Dialogue", slug="opening-dialogue",
            start_date=datetime.date(2010, 3, 1), end_date=None, published=True,
        )  # fmt: skip
        meeting = MeetingFactory(
            series=series, number=2, title="Zanzibarine Dialogue", slug="zanzibarine-dialogue",
            start_date=datetime.date(2012, 5, 10), end_date=None, host_country=country,
            status=PublicationStatus.PUBLISHED, published_at=now + HOUR,
        )  # fmt: skip
        person = PersonFactory(name="Oriel Quennevaux", slug="oriel-quennevaux")
        organisation = OrganisationFactory(name="Quennevaux Institute", slug="quennevaux")
        ParticipationFactory(
            meeting=meeting, person=person, organisation=organisation, country=country
        )
        ProgrammeFactory(name="Established Programme", published=True)
        programme = ProgrammeFactory(
            name="Marigold Wetlands Programme", slug="marigold-wetlands",
            status=PublicationStatus.PUBLISHED, published_at=now + HOUR, countries=[country],
        )  # fmt: skip
        DiscussionFactory(meeting=earlier, programme=programme)
    return {"meeting": meeting, "programme": programme, "earlier": earlier, "now": now}


def get(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    return response


def shows_text(text):
    def check(response):
        return response.status_code == 200 and text in body(response)

    return check


def is_found(response):
    return response.status_code == 200


# (surface, url, does the response show the scheduled record)
MEETING_SURFACES = {
    "meetings list": ("/meetings/", shows_text("Zanzibarine Dialogue")),
    "meeting page": ("/meetings/zanzibarine-dialogue/", is_found),
    "meeting calendar event": ("/meetings/zanzibarine-dialogue/calendar.ics", is_found),
    "calendar of meetings": ("/meetings/calendar.ics", shows_text("Zanzibarine Dialogue")),
    "Atom feed": ("/meetings/feed/", shows_text("Zanzibarine Dialogue")),
    "home timeline": (
        "/",
        lambda response: (
            "/meetings/zanzibarine-dialogue/"
            in section(page(response), '<svg class="timeline-svg"', "</svg>")
        ),
    ),
    "home latest meetings": (
        "/",
        lambda response: (
            "Zanzibarine Dialogue" in section(page(response), 'id="latest-heading"', "</section>")
        ),
    ),
    "search": ("/search/?q=Zanzibarine", shows_text("/meetings/zanzibarine-dialogue/")),
    "search for a participant": (
        "/search/?q=Quennevaux",
        shows_text("/people/oriel-quennevaux/"),
    ),
    "sitemap": ("/sitemap-meetings.xml", shows_text("/meetings/zanzibarine-dialogue/")),
    "sitemap of people": ("/sitemap-people.xml", shows_text("/people/oriel-quennevaux/")),
    "country page": ("/countries/heliotropia/", shows_text("Zanzibarine Dialogue")),
    "person page": ("/people/oriel-quennevaux/", is_found),
    "organisation page": ("/organisations/quennevaux/", shows_text("Zanzibarine Dialogue")),
    "meetings CSV download": ("/meetings/download.csv", shows_text("zanzibarine-dialogue")),
    "meetings JSON download": ("/meetings/download.json", shows_text("zanzibarine-dialogue")),
}
PROGRAMME_SURFACES = {
    "programmes list": ("/programmes/", shows_text("Marigold Wetlands Programme")),
    "programme page": ("/programmes/marigold-wetlands/", is_found),
    "home programmes": (
        "/",
        lambda response: (
            "Marigold Wetlands Programme"
            in section(page(response), 'id="programmes-heading"', "</section>")
        ),
    ),
    "search": ("/search/?q=Marigold", shows_text("/programmes/marigold-wetlands/")),
    "sitemap": ("/sitemap-programmes.xml", shows_text("/programmes/marigold-wetlands/")),
    "country page": ("/countries/heliotropia/", shows_text("Marigold Wetlands Programme")),
    "page of a meeting that discussed it": (
        "/meetings/opening-dialogue/",
        shows_text("Marigold Wetlands Programme"),
    ),
    "programmes CSV download": ("/programmes/download.csv", shows_text("marigold-wetlands")),
    "programmes JSON download": ("/programmes/download.json", shows_text("marigold-wetlands")),
}


def check_schedule_and_withdrawal(client, publisher_client, scheduled, model_name, url, shows):
    now = scheduled["now"]
    with time_machine.travel(now, tick=False):
        assert not shows(get(client, url)), "shown before its publish time"
    with time_machine.travel(now + HOUR - datetime.timedelta(seconds=1), tick=False):
        assert not shows(get(client, url)), "shown a second before its publish time"
    with time_machine.travel(now + HOUR, tick=False):
        assert shows(get(client, url)), "not shown at its publish time"
    with time_machine.travel(now + 2 * HOUR, tick=False):
        assert shows(get(client, url)), "not shown after its publish time"
        # Withdrawn by a Publisher: off the surface at once.
        record = scheduled[model_name]
        publisher_client.post(
            admin_url(model_name, "changelist"),
            {"action": "unpublish", "_selected_action": [record.pk]},
        )
        record.refresh_from_db()
        assert record.status == PublicationStatus.DRAFT
        assert not shows(get(client, url)), "still shown once withdrawn"


@pytest.mark.parametrize("surface", list(MEETING_SURFACES))
def test_scheduled_meeting_appears_at_its_time_and_goes_when_withdrawn(
    client, publisher_client, scheduled, surface
):
    url, shows = MEETING_SURFACES[surface]
    check_schedule_and_withdrawal(client, publisher_client, scheduled, "meeting", url, shows)


@pytest.mark.parametrize("surface", list(PROGRAMME_SURFACES))
def test_scheduled_programme_appears_at_its_time_and_goes_when_withdrawn(
    client, publisher_client, scheduled, surface
):
    url, shows = PROGRAMME_SURFACES[surface]
    check_schedule_and_withdrawal(client, publisher_client, scheduled, "programme", url, shows)


def test_country_list_counts_a_scheduled_meeting_only_from_its_time(client, scheduled):
    def hosted(html):
        match = re.search(r'href="/countries/heliotropia/".*?</li>', html, re.DOTALL)
        return match.group(0) if match else ""

    with time_machine.travel(scheduled["now"], tick=False):
        before = hosted(page(client.get("/countries/")))
    with time_machine.travel(scheduled["now"] + HOUR, tick=False):
        after = hosted(page(client.get("/countries/")))
    assert before and after
    assert before != after  # the count of meetings hosted went from 0 to 1


# Preview from the admin ------------------------------------------------------------------------


@pytest.mark.parametrize("model_name", PUBLISHABLE)
class TestPreviewFromTheAdmin:
    def preview_link(self, client, record, model_name):
        html = page(client.get(admin_url(model_name, "change", record.pk)))
        match = re.search(r'<a href="([^"]+)" class="viewsitelink">([^<]+)</a>', html)
        assert match, "no link to the site on the change form"
        return match.group(1), match.group(2)

    @pytest.mark.parametrize("role", ROLES)
    def test_draft_links_to_its_preview(self, as_role, world, client, role, model_name):
        editor = as_role(role)
        draft = world[model_name]
        href, label = self.preview_link(editor, draft, model_name)
        assert label == "Preview on site"
        assert href == draft.get_absolute_url()

        response = editor.get(href)
        assert response.status_code == 200
        assert "Draft preview." in page(response)
        assert "no-cache" in response["Cache-Control"]
        assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
        # The same address is a 404 to the public.
        assert client.get(href).status_code == 404

    def test_scheduled_record_links_to_its_preview(self, editor_client, client, model_name):
        factory = {"meeting": MeetingFactory, "programme": ProgrammeFactory}[model_name]
        record = factory(scheduled=True)
        href, label = self.preview_link(editor_client, record, model_name)
        assert label == "Preview on site"
        assert "Draft preview." in page(editor_client.get(href))
        assert client.get(href).status_code == 404

    def test_published_record_links_to_its_page(self, editor_client, client, model_name):
        factory = {"meeting": MeetingFactory, "programme": ProgrammeFactory}[model_name]
        record = factory(published=True)
        href, label = self.preview_link(editor_client, record, model_name)
        assert label == "View on site"
        response = client.get(href)
        assert response.status_code == 200
        assert "Draft preview." not in page(response)
