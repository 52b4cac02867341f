"""Driving the admin as a browser does, for the tests of several apps: a model's admin
URL by name, the text of a response (streamed or not), the POST data of an admin form as
the page shows it, and a CSV file uploaded to import, then confirmed.
"""

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import kind_named

APPS = {
    "meeting": "meetings",
    "participation": "meetings",
    "programme": "programmes",
    "discussion": "programmes",
}


def admin_url(model_name, view, *args):
    return reverse(f"admin:{APPS[model_name]}_{model_name}_{view}", args=args)


def page(response):
    return response.content.decode()


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


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


def meeting_form_data(series, country, **overrides):
    data = {
        "series": series.pk,
        "kind": kind_named("dialogue").pk,
        "number": "12",
        "title": "",
        "slug": "twelfth-dialogue",
        "start_date": "2014-06-30",
        "date_precision": "day",
        "end_date": "2014-07-02",
        "venue": "",
        "city": "Tokyo",
        "host_country": country.pk,
        "outline": "The meeting agreed the work plan.",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
        "participations-MIN_NUM_FORMS": "0",
        "participations-MAX_NUM_FORMS": "1000",
        "discussions-TOTAL_FORMS": "0",
        "discussions-INITIAL_FORMS": "0",
        "discussions-MIN_NUM_FORMS": "0",
        "discussions-MAX_NUM_FORMS": "1000",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    # The form has a column per language of each translated field: these are English.
    translated = ("title", "venue", "city", "outline", "participations-0-title")
    return {f"{key}_en" if key in translated else key: value for key, value in data.items()}
