"""The editors' admin: what superusers, Editors and Publishers can see and do.

Editors keep the record (view, add, change); only Publishers (and superusers) delete,
publish and unpublish. The groups come from the data migration, never from a test.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.models import PublicationStatus
from meetings.models import Meeting
from programmes.models import Programme
from tests.admin_forms import meeting_form_data
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

# Every model in the admin: (app_label, model_name, factory).
ADMIN_MODELS = {
    "country": ("meetings", CountryFactory),
    "organisation": ("meetings", OrganisationFactory),
    "person": ("meetings", PersonFactory),
    "meetingseries": ("meetings", MeetingSeriesFactory),
    "meeting": ("meetings", MeetingFactory),
    "participation": ("meetings", ParticipationFactory),
    "theme": ("programmes", ThemeFactory),
    "fund": ("programmes", FundFactory),
    "programme": ("programmes", ProgrammeFactory),
    "discussion": ("programmes", DiscussionFactory),
}
MODEL_NAMES = list(ADMIN_MODELS)
PUBLISHABLE = {"meeting": (Meeting, MeetingFactory), "programme": (Programme, ProgrammeFactory)}


def admin_url(model_name, view, *args):
    app_label = ADMIN_MODELS[model_name][0]
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


@pytest.fixture
def record():
    """One record of every model, linked together as in the real record."""
    country = CountryFactory(name="Viet Nam", code="VN", slug="viet-nam", is_asean_member=True)
    organisation = OrganisationFactory(name="Ministry of Natural Resources", country=country)
    series = MeetingSeriesFactory(organisers=[organisation])
    meeting = MeetingFactory(series=series, number=9, host_country=country, title="")
    person = PersonFactory(name="Nguyen Van A", honorific="Mr.")
    participation = ParticipationFactory(
        meeting=meeting, person=person, organisation=organisation, country=country
    )
    theme = ThemeFactory(name="Sustainable cities")
    fund = FundFactory(name="Japan-ASEAN Integration Fund", acronym="JAIF")
    programme = ProgrammeFactory(
        name="ESC Model Cities", fund=fund, themes=[theme], countries=[country]
    )
    discussion = DiscussionFactory(meeting=meeting, programme=programme)
    return {
        "country": country,
        "organisation": organisation,
        "person": person,
        "meetingseries": series,
        "meeting": meeting,
        "participation": participation,
        "theme": theme,
        "fund": fund,
        "programme": programme,
        "discussion": discussion,
    }


@pytest.fixture(params=["superuser", "editor"])
def staff_client(request):
    """A client logged in as a superuser, then as an Editor: both keep the record."""
    return request.getfixturevalue(f"{request.param}_client")


@pytest.fixture(params=["superuser", "publisher"])
def publishing_client(request):
    """A client logged in as someone allowed to publish."""
    return request.getfixturevalue(f"{request.param}_client")


def page(response):
    return response.content.decode()


class TestEveryModelPage:
    @pytest.mark.parametrize("model_name", MODEL_NAMES)
    def test_changelist_lists_the_record(self, staff_client, record, model_name):
        response = staff_client.get(admin_url(model_name, "changelist"))
        assert response.status_code == 200
        assert response.context["cl"].result_count >= 1
        obj = record[model_name]
        assert f'href="{admin_url(model_name, "change", obj.pk)}' in page(response)

    @pytest.mark.parametrize("model_name", MODEL_NAMES)
    def test_add_page_renders(self, staff_client, record, model_name):
        response = staff_client.get(admin_url(model_name, "add"))
        assert response.status_code == 200
        assert '<input type="submit" value="Save"' in page(response)

    @pytest.mark.parametrize("model_name", MODEL_NAMES)
    def test_change_page_renders(self, staff_client, record, model_name):
        obj = record[model_name]
        response = staff_client.get(admin_url(model_name, "change", obj.pk))
        assert response.status_code == 200
        assert escape(str(obj)) in page(response)
        # Editors change records: the form has a save button, not a read-only view.
        assert '<input type="submit" value="Save"' in page(response)

    @pytest.mark.parametrize("model_name", MODEL_NAMES)
    def test_superuser_may_open_the_delete_page(self, superuser_client, record, model_name):
        obj = record[model_name]
        response = superuser_client.get(admin_url(model_name, "delete", obj.pk))
        assert response.status_code == 200

    @pytest.mark.parametrize("model_name", MODEL_NAMES)
    def test_editor_may_not_delete(self, editor_client, record, model_name):
        obj = record[model_name]
        url = admin_url(model_name, "delete", obj.pk)
        assert editor_client.get(url).status_code == 403
        assert editor_client.post(url, {"post": "yes"}).status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists()

    @pytest.mark.parametrize("model_name", MODEL_NAMES)
    def test_editor_is_not_offered_bulk_delete(self, editor_client, record, model_name):
        response = editor_client.get(admin_url(model_name, "changelist"))
        assert 'value="delete_selected"' not in page(response)

    @pytest.mark.parametrize("model_name", MODEL_NAMES)
    def test_changelist_query_count_does_not_grow_with_rows(
        self, superuser_client, record, model_name, django_assert_num_queries
    ):
        url = admin_url(model_name, "changelist")
        with CaptureQueriesContext(connection) as with_one_row:
            assert superuser_client.get(url).status_code == 200
        factory = ADMIN_MODELS[model_name][1]
        for _ in range(5):
            factory()
        with django_assert_num_queries(len(with_one_row.captured_queries)):
            response = superuser_client.get(url)
        assert response.context["cl"].result_count >= 6

    def test_staff_without_a_group_sees_nothing(self, django_user_model, client, record):
        user = django_user_model.objects.create_user("nobody", password="a-long-test-password")
        user.is_staff = True
        user.save()
        client.force_login(user)
        assert client.get(admin_url("meeting", "changelist")).status_code == 403
        assert client.get(admin_url("meeting", "change", record["meeting"].pk)).status_code == 403

    def test_anonymous_visitor_is_sent_to_the_login_page(self, client, record):
        response = client.get(admin_url("meeting", "changelist"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


class TestInlines:
    def test_meeting_form_shows_participations_and_programmes_discussed(self, staff_client, record):
        response = staff_client.get(admin_url("meeting", "change", record["meeting"].pk))
        html = page(response)
        assert 'id="participations-group"' in html
        assert 'name="participations-TOTAL_FORMS" value="1"' in html
        assert re.search(r'<h2 id="participations-heading"[^>]*>\s*Participations\s*</h2>', html)
        assert 'id="discussions-group"' in html
        assert 'name="discussions-TOTAL_FORMS" value="1"' in html
        assert re.search(r'<h2 id="discussions-heading"[^>]*>\s*Discussions\s*</h2>', html)
        # The existing rows are in the forms.
        assert f'name="participations-0-id" value="{record["participation"].pk}"' in html
        assert f'name="discussions-0-id" value="{record["discussion"].pk}"' in html

    def test_programme_form_shows_the_meetings_that_discussed_it(self, staff_client, record):
        response = staff_client.get(admin_url("programme", "change", record["programme"].pk))
        html = page(response)
        assert 'id="discussions-group"' in html
        assert re.search(r'<h2 id="discussions-heading"[^>]*>\s*Discussions\s*</h2>', html)
        assert f'name="discussions-0-id" value="{record["discussion"].pk}"' in html
        assert 'name="discussions-0-meeting"' in html


class TestAutocomplete:
    def test_editor_finds_a_meeting_when_recording_a_discussion(self, editor_client, record):
        response = editor_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "programmes",
                "model_name": "discussion",
                "field_name": "meeting",
                "term": "Ninth",
            },
        )
        assert response.status_code == 200
        results = response.json()["results"]
        assert [r["id"] for r in results] == [str(record["meeting"].pk)]
        assert results[0]["text"] == str(record["meeting"])

    def test_editor_finds_a_country_when_recording_a_participation(self, editor_client, record):
        response = editor_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "meetings",
                "model_name": "participation",
                "field_name": "country",
                "term": "VN",
            },
        )
        assert [r["text"] for r in response.json()["results"]] == ["Viet Nam"]


class TestPublicationRights:
    @pytest.mark.parametrize("model_name", list(PUBLISHABLE))
    def test_editor_is_not_offered_publish_or_unpublish(self, editor_client, record, model_name):
        html = page(editor_client.get(admin_url(model_name, "changelist")))
        assert 'value="publish"' not in html
        assert 'value="unpublish"' not in html
        assert "Publish selected records" not in html

    @pytest.mark.parametrize("model_name", list(PUBLISHABLE))
    def test_publisher_is_offered_publish_and_unpublish(
        self, publishing_client, record, model_name
    ):
        html = page(publishing_client.get(admin_url(model_name, "changelist")))
        assert '<option value="publish">Publish selected records</option>' in html
        assert 'value="unpublish"' in html

    @pytest.mark.parametrize("model_name", list(PUBLISHABLE))
    def test_editor_sees_status_read_only(self, editor_client, record, model_name):
        obj = record[model_name]
        html = page(editor_client.get(admin_url(model_name, "change", obj.pk)))
        assert 'name="status"' not in html
        assert 'name="published_at_0"' not in html
        assert '<div class="readonly">Draft</div>' in html

    @pytest.mark.parametrize("model_name", list(PUBLISHABLE))
    def test_publisher_may_change_status(self, publishing_client, record, model_name):
        obj = record[model_name]
        html = page(publishing_client.get(admin_url(model_name, "change", obj.pk)))
        assert '<select name="status"' in html
        assert 'name="published_at_0"' in html


class TestPublishActions:
    @pytest.mark.parametrize("model_name", list(PUBLISHABLE))
    def test_publish_then_unpublish(self, publishing_client, model_name):
        model, factory = PUBLISHABLE[model_name]
        drafts = [factory(), factory()]
        untouched = factory()
        url = admin_url(model_name, "changelist")
        before = timezone.now()

        response = publishing_client.post(
            url, {"action": "publish", "_selected_action": [d.pk for d in drafts]}, follow=True
        )

        assert response.status_code == 200
        assert "2 records published." in page(response)
        for draft in drafts:
            draft.refresh_from_db()
            assert draft.status == PublicationStatus.PUBLISHED
            assert before <= draft.published_at <= timezone.now()
        untouched.refresh_from_db()
        assert untouched.status == PublicationStatus.DRAFT
        assert set(model.objects.published()) == set(drafts)

        response = publishing_client.post(
            url, {"action": "unpublish", "_selected_action": [drafts[0].pk]}, follow=True
        )

        assert "1 record unpublished." in page(response)
        drafts[0].refresh_from_db()
        assert drafts[0].status == PublicationStatus.DRAFT
        assert list(model.objects.published()) == [drafts[1]]

    def test_publish_keeps_a_scheduled_time(self, publisher_client):
        later = timezone.now() + datetime.timedelta(days=3)
        meeting = MeetingFactory(published_at=later)
        publisher_client.post(
            admin_url("meeting", "changelist"),
            {"action": "publish", "_selected_action": [meeting.pk]},
        )
        meeting.refresh_from_db()
        assert meeting.status == PublicationStatus.PUBLISHED
        assert meeting.published_at == later
        assert not Meeting.objects.published().exists()

    @pytest.mark.parametrize("model_name", list(PUBLISHABLE))
    def test_editor_posting_publish_changes_nothing(self, editor_client, model_name):
        model, factory = PUBLISHABLE[model_name]
        draft = factory()
        published = factory(published=True)
        url = admin_url(model_name, "changelist")

        editor_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
        editor_client.post(url, {"action": "unpublish", "_selected_action": [published.pk]})

        draft.refresh_from_db()
        published.refresh_from_db()
        assert draft.status == PublicationStatus.DRAFT
        assert draft.published_at is None
        assert published.status == PublicationStatus.PUBLISHED
        assert list(model.objects.published()) == [published]

    def test_editor_posting_delete_selected_changes_nothing(self, editor_client):
        meeting = MeetingFactory()
        editor_client.post(
            admin_url("meeting", "changelist"),
            {"action": "delete_selected", "_selected_action": [meeting.pk], "post": "yes"},
        )
        assert Meeting.objects.filter(pk=meeting.pk).exists()


class TestGroups:
    CONTENT = {
        "meetings": [
            "country",
            "organisation",
            "person",
            "meetingseries",
            "meetingkind",
            "meeting",
            "participation",
        ],
        "programmes": ["theme", "fund", "programme", "discussion"],
        "documents": ["document"],
    }

    def perms(self, actions):
        return {
            f"{app}.{action}_{model}"
            for app, models in self.CONTENT.items()
            for model in models
            for action in actions
        }

    def group_perms(self, name):
        group = Group.objects.get(name=name)
        return {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }

    def test_editor_views_adds_and_changes_everything_and_nothing_more(self):
        perms = self.group_perms("Editor")
        # ... and may read the log of imports.
        assert perms == self.perms(["view", "add", "change"]) | {"exchange.view_importrecord"}
        assert not any(".delete_" in p or ".publish_" in p for p in perms)

    def test_publisher_also_deletes_and_publishes(self):
        perms = self.group_perms("Publisher")
        assert perms == self.perms(["view", "add", "change", "delete"]) | {
            "meetings.publish_meeting",
            "programmes.publish_programme",
            "documents.publish_document",
            "exchange.view_importrecord",
        }

    def test_group_members_get_the_permissions(self, editor_user, publisher_user):
        assert editor_user.has_perm("meetings.change_meeting")
        assert not editor_user.has_perm("meetings.delete_meeting")
        assert not editor_user.has_perm("meetings.publish_meeting")
        assert publisher_user.has_perm("meetings.publish_meeting")
        assert publisher_user.has_perm("programmes.publish_programme")
        assert publisher_user.has_perm("programmes.delete_discussion")


class TestMeetingForm:
    def test_editor_adding_a_meeting_creates_a_draft(self, editor_client):
        series, country = MeetingSeriesFactory(), CountryFactory()
        data = meeting_form_data(
            series,
            country,
            # Fields an Editor cannot see are ignored even if posted.
            status="published",
            published_at_0="2014-07-01",
            published_at_1="00:00:00",
        )

        response = editor_client.post(admin_url("meeting", "add"), data)

        assert response.status_code == 302, response.context["adminform"].form.errors
        meeting = Meeting.objects.get(slug="twelfth-dialogue")
        assert meeting.status == PublicationStatus.DRAFT
        assert meeting.published_at is None
        assert meeting.title == "Twelfth Dialogue"
        assert meeting.date_display == "30 June – 2 July 2014"
        assert not Meeting.objects.published().exists()

    def test_editor_adding_a_meeting_with_a_participant(self, editor_client):
        series, country, person = MeetingSeriesFactory(), CountryFactory(), PersonFactory()
        data = meeting_form_data(
            series,
            country,
            **{
                "participations-TOTAL_FORMS": "1",
                "participations-0-order": "1",
                "participations-0-country": country.pk,
                "participations-0-person": person.pk,
                "participations-0-organisation": "",
                "participations-0-role": "chair",
                "participations-0-title": "Vice-Minister",
                "participations-0-note": "",
            },
        )
        response = editor_client.post(admin_url("meeting", "add"), data)
        assert response.status_code == 302
        meeting = Meeting.objects.get(slug="twelfth-dialogue")
        assert [(p.person, p.role) for p in meeting.participations.all()] == [(person, "chair")]

    def test_editor_editing_a_published_meeting_keeps_it_published(self, editor_client):
        meeting = MeetingFactory(published=True, slug="published-one")
        published_at = meeting.published_at
        data = meeting_form_data(
            meeting.series,
            meeting.host_country,
            slug="published-one",
            number=str(meeting.number),
            title=meeting.title,
            city="Bangkok",
            status="draft",
        )
        response = editor_client.post(admin_url("meeting", "change", meeting.pk), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        meeting.refresh_from_db()
        assert meeting.city == "Bangkok"
        assert meeting.status == PublicationStatus.PUBLISHED
        assert meeting.published_at == published_at

    def test_admin_form_rejects_an_end_date_before_the_start(self, editor_client):
        data = meeting_form_data(MeetingSeriesFactory(), CountryFactory(), end_date="2014-06-01")
        response = editor_client.post(admin_url("meeting", "add"), data)
        assert response.status_code == 200
        assert "end_date" in response.context["adminform"].form.errors
        assert not Meeting.objects.exists()

    def test_publisher_publishing_through_the_form_sets_the_publish_time(self, publisher_client):
        meeting = MeetingFactory(slug="to-publish")
        data = meeting_form_data(
            meeting.series,
            meeting.host_country,
            slug="to-publish",
            number=str(meeting.number),
            title=meeting.title,
            status="published",
            published_at_0="",
            published_at_1="",
        )
        response = publisher_client.post(admin_url("meeting", "change", meeting.pk), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        meeting.refresh_from_db()
        assert meeting.status == PublicationStatus.PUBLISHED
        assert meeting.published_at is not None
        assert list(Meeting.objects.published()) == [meeting]
