"""The import log in the admin: Editors and Publishers read every import attempt (who,
which file, its SHA-256, the outcome and the problems), and nobody, not even a
superuser, adds, changes or deletes one: the log is a record, not an editable table.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import escape

from exchange.models import ImportRecord
from tests.exchange.admin_helpers import page, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("temporary_folder")]


class TestImportRecordAdmin:
    def test_editors_and_publishers_may_view_import_records(self):
        for name in ["Editor", "Publisher"]:
            codenames = Group.objects.get(name=name).permissions.values_list("codename", flat=True)
            assert "view_importrecord" in codenames
            assert not {"add_importrecord", "change_importrecord", "delete_importrecord"} & set(
                codenames
            )

    def test_editor_sees_the_list_and_the_problems(self, editor_client, editor_user, world):
        upload(editor_client, "meetings_unknown_country.csv")
        record = ImportRecord.objects.get()
        changelist_url = reverse("admin:exchange_importrecord_changelist")

        html = page(editor_client.get(changelist_url))
        assert "meetings_unknown_country.csv" in html
        assert "Refused (nothing written)" in html
        assert '<td class="field-user nowrap">editor</td>' in html

        response = editor_client.get(
            reverse("admin:exchange_importrecord_change", args=[record.pk])
        )
        assert response.status_code == 200
        html = page(response)
        assert escape("Row 3, column “Host country” (value “XX”)") in html
        assert record.file_sha256 in html
        assert '<div class="readonly">editor</div>' in html
        assert 'name="_save"' not in html

    @pytest.mark.parametrize("client_name", ["editor_client", "superuser_client"])
    def test_nobody_adds_changes_or_deletes_an_import_record(self, request, client_name, world):
        client = request.getfixturevalue(client_name)
        upload(client, "meetings_good.csv")
        record = ImportRecord.objects.get()
        change_url = reverse("admin:exchange_importrecord_change", args=[record.pk])
        assert client.get(reverse("admin:exchange_importrecord_add")).status_code == 403
        assert client.post(change_url, {"file_name": "other.csv"}).status_code == 403
        delete_url = reverse("admin:exchange_importrecord_delete", args=[record.pk])
        assert client.post(delete_url, {"post": "yes"}).status_code == 403
        record.refresh_from_db()
        assert record.file_name == "meetings_good.csv"

    def test_view_only_staff_without_the_permission_sees_no_records(self, viewer_client):
        response = viewer_client.get(reverse("admin:exchange_importrecord_changelist"))
        assert response.status_code == 403
