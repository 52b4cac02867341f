"""Who may do what in the admin, and the editors' preview of a draft.

Roles come from the groups the data migration creates (tests/conftest.py): an Editor
views, adds and changes; a Publisher also deletes, publishes and unpublishes; a superuser
does everything. The matrix below is each role against each action on each model, an
import that would publish included.
"""

import re

import pytest
from django.utils import timezone

from core.models import PublicationStatus
from meetings.models import Meeting, Participation
from programmes.models import Discussion, Programme
from tests.admin_forms import admin_import, admin_url, form_data, page
from tests.factories import (
    CountryFactory,
    DiscussionFactory,
    FundFactory,
    MeetingFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
    kind_named,
)

pytestmark = pytest.mark.django_db

ROLES = ["editor", "publisher", "superuser"]
# What each role may do beyond viewing, adding and changing (which all three may).
MAY_PUBLISH = {"editor": False, "publisher": True, "superuser": True}
MAY_DELETE = MAY_PUBLISH

MODELS = {
    "meeting": Meeting,
    "participation": Participation,
    "programme": Programme,
    "discussion": Discussion,
}
WORKFLOW_MODELS = list(MODELS)  # the records with a history and a workflow
PUBLISHABLE = ["meeting", "programme"]


@pytest.fixture
def as_role(request):
    """``as_role(role)``: a logged-in client for "editor", "publisher" or "superuser"."""

    def client_for(role):
        return request.getfixturevalue(f"{role}_client")

    return client_for


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
            "kind": kind_named("dialogue").pk,
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
