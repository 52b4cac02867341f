"""The admin's history of a record: the page lists every version with who, why and the
differences (escaped), and restores an earlier one (a programme with its themes) as a new
version, leaving publication as it is; view-only staff see versions but may not restore,
staff without rights see none.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from core.models import PublicationStatus
from meetings.models import Meeting
from tests.admin_forms import admin_url, form_data, page
from tests.conftest import logged_in_client, make_staff_user
from tests.core.history_helpers import (
    MEETINGS_FILE,
    changed_fields,
    coded,
    import_records,
    latest,
    link_slugs,
    versions,
)
from tests.factories import (
    DiscussionFactory,
    MeetingFactory,
    ParticipationFactory,
    ProgrammeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


# The history page and restoring a version -------------------------------------------------


def history_url(model_name, record):
    return admin_url(model_name, "history", record.pk)


def version_url(model_name, record, version):
    return admin_url(model_name, "simple_history", record.pk, version.pk)


@pytest.fixture
def edited_meeting(editor_client):
    """A published meeting created by a command, then retitled by an Editor."""
    meeting = MeetingFactory(
        title="Ninth Dialogue", status=PublicationStatus.PUBLISHED,
        published_at=timezone.now().replace(microsecond=0) - datetime.timedelta(days=1),
    )  # fmt: skip
    url = admin_url("meeting", "change", meeting.pk)
    data = form_data(editor_client.get(url)) | {"title_en": "Ninth Dialogue <b>renamed</b>"}
    assert editor_client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def viewer_client(django_user_model):
    """Staff who may view meetings and programmes but change nothing."""
    user = make_staff_user(django_user_model, "viewer")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_meeting", "view_programme"])
    )
    return logged_in_client(user)


class TestHistoryPage:
    @pytest.mark.parametrize("model_name", ["meeting", "participation", "programme", "discussion"])
    def test_every_history_model_has_the_page(self, editor_client, model_name):
        factory = {
            "meeting": MeetingFactory,
            "participation": ParticipationFactory,
            "programme": ProgrammeFactory,
            "discussion": DiscussionFactory,
        }[model_name]
        record = factory()
        response = editor_client.get(history_url(model_name, record))
        assert response.status_code == 200
        html = page(response)
        assert html.count('class="history-version"') == len(versions(record))
        assert 'style="' not in html  # the admin runs under a strict CSP

    def test_lists_versions_with_who_why_and_the_differences(self, editor_client, edited_meeting):
        response = editor_client.get(history_url("meeting", edited_meeting))
        html = page(response)
        assert html.count('class="history-version"') == 2
        assert '<td class="history-user">editor</td>' in html
        # The difference, escaped: a title is text, never markup.
        assert "<del>Ninth Dialogue</del>" in html
        assert "<ins>Ninth Dialogue &lt;b&gt;renamed&lt;/b&gt;</ins>" in html
        # Every version opens from the list.
        for version in versions(edited_meeting):
            assert version_url("meeting", edited_meeting, version) in html

    def test_the_reason_of_an_import_is_listed(self, editor_client, world, tmp_path):
        path = tmp_path / "meetings.csv"
        path.write_text(coded(MEETINGS_FILE, world))
        import_records("meetings", path)
        meeting = Meeting.objects.get(slug="first-dialogue-2008")
        html = page(editor_client.get(history_url("meeting", meeting)))
        assert '<td class="history-reason">Imported from meetings.csv</td>' in html
        assert '<td class="history-user">–</td>' in html

    def test_a_programme_lists_its_theme_changes(self, editor_client):
        water, cities = ThemeFactory(name="Water"), ThemeFactory(name="Cities")
        programme = ProgrammeFactory(themes=[water])
        url = admin_url("programme", "change", programme.pk)
        data = form_data(editor_client.get(url)) | {"themes": [str(cities.pk)]}
        editor_client.post(url, data)
        html = page(editor_client.get(history_url("programme", programme)))
        assert re.search(r"<strong>Themes:</strong> <del>\[[^]]*Water[^]]*\]</del>", html)
        assert re.search(r"<ins>\[[^]]*Cities[^]]*\]</ins>", html)

    def test_anonymous_visitor_is_sent_to_the_login_page(self, client, edited_meeting):
        response = client.get(history_url("meeting", edited_meeting))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


class TestRestore:
    def restore(self, client, model_name, record, version, **changes):
        url = version_url(model_name, record, version)
        response = client.get(url)
        assert response.status_code == 200
        assert 'value="Revert"' in page(response)
        return client.post(url, form_data(response) | changes)

    @pytest.mark.parametrize("role", ["editor", "publisher", "superuser"])
    def test_restore_brings_back_the_earlier_title(self, request, edited_meeting, role):
        client = request.getfixturevalue(f"{role}_client")
        user = request.getfixturevalue(f"{role}_user" if role != "superuser" else "superuser")
        original = versions(edited_meeting)[-1]
        assert original.title == "Ninth Dialogue"
        published_at = edited_meeting.published_at

        response = self.restore(client, "meeting", edited_meeting, original)

        assert response.status_code == 302
        edited_meeting.refresh_from_db()
        assert edited_meeting.title == "Ninth Dialogue"
        # Publication is not part of a restore.
        assert edited_meeting.status == PublicationStatus.PUBLISHED
        assert edited_meeting.published_at == published_at
        version = latest(edited_meeting)
        assert version.history_user == user
        assert version.history_change_reason.startswith("Restored the version of ")
        assert changed_fields(version) == ["title_en"]

    def test_editor_restoring_a_draft_version_keeps_the_record_published(
        self, editor_client, publisher_client
    ):
        meeting = MeetingFactory(title="Draft title")
        draft_version = latest(meeting)
        url = admin_url("meeting", "changelist")
        publisher_client.post(url, {"action": "publish", "_selected_action": [meeting.pk]})
        meeting.refresh_from_db()
        assert meeting.is_published

        # Even a status posted with the restore is ignored for an Editor.
        response = self.restore(editor_client, "meeting", meeting, draft_version, status="draft")

        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == PublicationStatus.PUBLISHED
        assert Meeting.objects.published().filter(pk=meeting.pk).exists()

    def test_the_restore_form_starts_from_the_current_publication(
        self, publisher_client, editor_client
    ):
        meeting = MeetingFactory()
        draft_version = latest(meeting)
        publisher_client.post(
            admin_url("meeting", "changelist"),
            {"action": "publish", "_selected_action": [meeting.pk]},
        )
        response = publisher_client.get(version_url("meeting", meeting, draft_version))
        assert response.context["adminform"].form["status"].value() == "published"
        html = page(editor_client.get(version_url("meeting", meeting, draft_version)))
        assert '<div class="readonly">Published</div>' in html

    def test_restoring_a_programme_brings_back_its_themes(self, editor_client):
        water, cities = ThemeFactory(slug="water"), ThemeFactory(slug="cities")
        programme = ProgrammeFactory(name="Old name", themes=[water])
        url = admin_url("programme", "change", programme.pk)
        data = form_data(editor_client.get(url))
        editor_client.post(url, data | {"name_en": "New name", "themes": [str(cities.pk)]})
        programme.refresh_from_db()
        assert [t.slug for t in programme.themes.all()] == ["cities"]
        earlier = versions(programme)[1]
        assert link_slugs(earlier, "themes") == ["water"]
        count = len(versions(programme))

        response = self.restore(editor_client, "programme", programme, earlier)

        assert response.status_code == 302
        programme.refresh_from_db()
        assert programme.name == "Old name"
        assert [t.slug for t in programme.themes.all()] == ["water"]
        version = latest(programme)
        assert link_slugs(version, "themes") == ["water"]
        assert len(versions(programme)) == count + 1  # one version for the restore

    def test_view_only_staff_see_versions_but_may_not_restore(self, viewer_client, edited_meeting):
        original = versions(edited_meeting)[-1]
        assert viewer_client.get(history_url("meeting", edited_meeting)).status_code == 200
        url = version_url("meeting", edited_meeting, original)
        response = viewer_client.get(url)
        assert response.status_code == 200
        assert 'value="Revert"' not in page(response)

        response = viewer_client.post(url, form_data(response))

        assert response.status_code == 403
        edited_meeting.refresh_from_db()
        assert edited_meeting.title == "Ninth Dialogue <b>renamed</b>"

    def test_staff_without_rights_see_no_history(self, django_user_model, edited_meeting):
        client = logged_in_client(make_staff_user(django_user_model, "nobody"))
        assert client.get(history_url("meeting", edited_meeting)).status_code == 403
        original = versions(edited_meeting)[-1]
        assert client.get(version_url("meeting", edited_meeting, original)).status_code == 403
