"""Who may import and export in the admin: Editors every model; staff who may only view
a model export it but never import it; adding without changing is not enough to import;
staff without rights do neither; an anonymous visitor is sent to the login page.
"""

import pytest
from django.urls import reverse

from exchange.models import ImportRecord
from meetings.models import Meeting
from tests.conftest import logged_in_client, make_staff_user
from tests.exchange.admin_helpers import (
    EXPORT_CSV,
    MODELS,
    links_to,
    page,
    upload,
    url,
    user_with_perms,
)
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("temporary_folder")]


class TestPermissions:
    @pytest.mark.parametrize("model_name", list(MODELS))
    def test_editor_may_import_and_export_every_model(self, editor_client, model_name):
        changelist = page(editor_client.get(url(model_name, "changelist")))
        assert links_to(changelist, url(model_name, "import"))
        assert links_to(changelist, url(model_name, "export"))
        import_page = editor_client.get(url(model_name, "import"))
        assert import_page.status_code == 200
        assert 'name="import_file"' in page(import_page)
        assert editor_client.get(url(model_name, "export")).status_code == 200
        exported = editor_client.post(url(model_name, "export"), {"format": EXPORT_CSV})
        assert exported.status_code == 200
        assert exported["Content-Type"] == "text/csv"

    def test_view_only_staff_may_export_but_not_import(self, viewer_client, world):
        MeetingFactory(series=world["series"])
        changelist = page(viewer_client.get(url("meeting", "changelist")))
        assert links_to(changelist, url("meeting", "export"))
        assert not links_to(changelist, url("meeting", "import"))

        exported = viewer_client.post(url("meeting", "export"), {"format": EXPORT_CSV})
        assert exported.status_code == 200
        assert b"City" in b"".join(exported.streaming_content)

        assert viewer_client.get(url("meeting", "import")).status_code == 403
        assert upload(viewer_client, "meetings_good.csv").status_code == 403
        assert viewer_client.post(url("meeting", "process_import"), {}).status_code == 403
        assert not ImportRecord.objects.exists()

    def test_add_without_change_may_not_import(self, django_user_model, world):
        client = logged_in_client(
            user_with_perms(
                django_user_model, "adder", "meetings.view_meeting", "meetings.add_meeting"
            )
        )
        assert client.get(url("meeting", "import")).status_code == 403
        assert upload(client, "meetings_good.csv").status_code == 403
        assert not Meeting.objects.exists()

    def test_staff_without_rights_may_not_export(self, django_user_model):
        client = logged_in_client(make_staff_user(django_user_model, "nobody"))
        assert client.get(url("meeting", "export")).status_code == 403
        assert client.post(url("meeting", "export"), {"format": EXPORT_CSV}).status_code == 403

    @pytest.mark.parametrize("view", ["import", "process_import", "export"])
    def test_anonymous_visitor_is_sent_to_the_login_page(self, client, view):
        response = client.get(url("meeting", view))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
