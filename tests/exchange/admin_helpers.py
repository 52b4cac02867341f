"""Driving the admin's import and export pages as an editor does: the fixture files under
tests/fixtures/admin_import/, the form's format choices, upload and confirm, and what a
refused import must leave alone. Shared by the test_admin_* and test_import_log_admin
files; their fixtures are in conftest.py.
"""

import io
import re
from pathlib import Path

import openpyxl
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Meeting
from tests.conftest import make_staff_user

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "admin_import"
CSV, XLSX = "0", "1"  # the import form's format choices
EXPORT_CSV, EXPORT_XLSX, EXPORT_JSON = "0", "1", "2"
MODELS = {
    "country": "meetings",
    "organisation": "meetings",
    "person": "meetings",
    "meetingseries": "meetings",
    "meetingkind": "meetings",
    "meeting": "meetings",
    "participation": "meetings",
    "theme": "programmes",
    "fund": "programmes",
    "programme": "programmes",
    "discussion": "programmes",
    "document": "documents",
}


def url(model_name, view):
    return reverse(f"admin:{MODELS[model_name]}_{model_name}_{view}")


def fixture(name):
    return (FIXTURES / name).read_bytes()


def page(response):
    return response.content.decode()


def links_to(html, href):
    """Whether the page has a link to ``href`` (exactly, or followed by a query string)."""
    return re.search(rf"""href=["']{re.escape(href)}[?"']""", html) is not None


def upload(client, name, data=None, file_format=CSV, model_name="meeting"):
    data = fixture(name) if data is None else data
    return client.post(
        url(model_name, "import"),
        {
            "resource": "0",
            "format": file_format,
            "import_file": SimpleUploadedFile(name, data, "application/octet-stream"),
        },
    )


def confirm(client, preview, model_name="meeting", **kwargs):
    form = preview.context["confirm_form"]
    return client.post(url(model_name, "process_import"), dict(form.initial), **kwargs)


def snapshot():
    """What a refused import must leave alone: every record of every model."""
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in map(apps.get_model, settings.CONTENT_MODELS)
    } | {"meeting rows": sorted(map(str, Meeting.objects.values_list()))}


def workbook_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def user_with_perms(django_user_model, username, *codenames):
    user = make_staff_user(django_user_model, username)
    for codename in codenames:
        app_label, code = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=code)
        )
    return user
