"""Both languages in the admin: each translated field's two columns side by side on
every form, saved together; the "Japanese translation" filter listing the records still
lacking Japanese; and every version in the history carrying both languages, listed and
restored.
"""

import re

import pytest
from django.urls import reverse

from core.admin import lacks_japanese
from meetings.models import Meeting, Participation
from programmes.models import Programme
from tests.admin_forms import admin_url, form_data
from tests.factories import CountryFactory, MeetingFactory, ProgrammeFactory
from tests.site.i18n_helpers import stored

pytestmark = pytest.mark.django_db


# The admin: both languages on one form, and the "Japanese translation" filter ------------


def test_the_meeting_form_has_both_languages_side_by_side_and_saves_both(editor_client):
    meeting = MeetingFactory(title="Ninth Dialogue", city="Kuala Lumpur")
    url = admin_url("meeting", "change", meeting.pk)
    response = editor_client.get(url)
    page = response.content.decode()
    # One form row holds a field's two languages.
    for name in ("title", "venue", "city", "outline"):
        assert re.search(rf'class="form-row[^"]*field-{name}_en field-{name}_ja', page), name
        assert f'name="{name}_en"' in page and f'name="{name}_ja"' in page
    assert 'name="participations-__prefix__-title_ja"' in page  # the inline too
    assert 'name="title"' not in page  # the field's own column is not edited

    data = form_data(response) | {"title_ja": "第9回対話", "city_ja": "クアラルンプール"}
    assert editor_client.post(url, data).status_code == 302
    assert stored(Meeting, meeting.pk, "title_en", "title_ja", "city_en", "city_ja") == (
        "Ninth Dialogue",
        "第9回対話",
        "Kuala Lumpur",
        "クアラルンプール",
    )


@pytest.mark.parametrize(
    "model_name, fields",
    [
        ("country", ["name"]),
        ("organisation", ["name"]),
        ("meetingseries", ["name", "short_name", "description"]),
        ("participation", ["title"]),
        ("theme", ["name"]),
        ("fund", ["name", "description"]),
        ("programme", ["name", "other_names", "summary", "description"]),
    ],
)
def test_every_translated_record_has_both_languages_on_its_form(
    superuser_client, model_name, fields
):
    app = "programmes" if model_name in ("theme", "fund", "programme") else "meetings"
    page = superuser_client.get(reverse(f"admin:{app}_{model_name}_add")).content.decode()
    for name in fields:
        assert re.search(rf'class="form-row[^"]*field-{name}_en field-{name}_ja', page), name
    assert "modeltranslation" not in page  # no tabs script: nothing the CSP would refuse


def test_the_programme_form_saves_both_languages(editor_client):
    programme = ProgrammeFactory(name="ASEAN Heritage Parks")
    url = admin_url("programme", "change", programme.pk)
    data = form_data(editor_client.get(url)) | {"name_ja": "ASEAN遺産公園", "summary_ja": "公園"}
    assert editor_client.post(url, data).status_code == 302
    assert stored(Programme, programme.pk, "name_en", "name_ja", "summary_ja") == (
        "ASEAN Heritage Parks",
        "ASEAN遺産公園",
        "公園",
    )


def changelist_names(client, url, query):
    response = client.get(url, {"japanese": query})
    assert response.status_code == 200
    return sorted(str(obj.pk) for obj in response.context["cl"].result_list)


def test_the_filter_lists_the_records_lacking_japanese(superuser_client):
    translated = CountryFactory(name="Viet Nam", name_ja="ベトナム")
    untranslated = CountryFactory(name="Cambodia")
    url = reverse("admin:meetings_country_changelist")
    assert changelist_names(superuser_client, url, "missing") == [str(untranslated.pk)]
    assert changelist_names(superuser_client, url, "present") == [str(translated.pk)]
    page = superuser_client.get(url).content.decode()
    assert "Japanese translation" in page and "?japanese=missing" in page


def test_a_record_lacks_japanese_when_any_field_with_english_has_none():
    complete = MeetingFactory(
        title="A", title_ja="あ", city="B", city_ja="い", venue="", outline="C", outline_ja="う"
    )
    half = MeetingFactory(title="D", title_ja="え", city="E", city_ja="お", venue="", outline="F")
    missing = set(Meeting.objects.filter(lacks_japanese(Meeting)).values_list("pk", flat=True))
    assert half.pk in missing and complete.pk not in missing  # an empty venue needs nothing


def test_the_meeting_changelist_filter(superuser_client):
    complete = MeetingFactory(
        title="A", title_ja="あ", city="B", city_ja="い", venue="", outline=""
    )
    half = MeetingFactory(title="C", title_ja="う", city="D", venue="", outline="")
    url = reverse("admin:meetings_meeting_changelist")
    assert changelist_names(superuser_client, url, "missing") == [str(half.pk)]
    assert changelist_names(superuser_client, url, "present") == [str(complete.pk)]


# History ------------------------------------------------------------------------------------


def test_a_japanese_edit_is_a_version_with_its_change(editor_client, editor_user):
    meeting = MeetingFactory(title="Ninth Dialogue")
    url = admin_url("meeting", "change", meeting.pk)
    data = form_data(editor_client.get(url)) | {"title_ja": "第9回対話"}
    assert editor_client.post(url, data).status_code == 302

    version = meeting.history.first()
    assert (version.history_user, version.title_en, version.title_ja) == (
        editor_user,
        "Ninth Dialogue",
        "第9回対話",
    )
    delta = version.diff_against(version.prev_record, excluded_fields=["updated_at", "title"])
    assert delta.changed_fields == ["title_ja"]
    page = editor_client.get(admin_url("meeting", "history", meeting.pk)).content.decode()
    assert "第9回対話" in page
    # Listed under the Japanese column only, not again under the field's own column.
    assert "<strong>Title [ja]:</strong> <del></del> → <ins>第9回対話</ins>" in page
    assert "<strong>Title:</strong>" not in page


def test_restoring_a_version_brings_back_both_languages(editor_client):
    meeting = MeetingFactory(title="Ninth Dialogue", title_ja="第9回")
    first = meeting.history.first()
    url = admin_url("meeting", "change", meeting.pk)
    data = form_data(editor_client.get(url)) | {"title_en": "Renamed", "title_ja": "改名"}
    assert editor_client.post(url, data).status_code == 302
    restore_url = admin_url("meeting", "simple_history", meeting.pk, first.pk)
    response = editor_client.get(restore_url)
    assert editor_client.post(restore_url, form_data(response)).status_code == 302
    assert stored(Meeting, meeting.pk, "title_en", "title_ja") == ("Ninth Dialogue", "第9回")


def test_history_tables_have_the_language_columns():
    for model, names in (
        (Meeting, ["title", "outline", "venue", "city"]),
        (Participation, ["title"]),
        (Programme, ["name", "other_names", "summary", "description"]),
    ):
        columns = {field.name for field in model.history.model._meta.fields}
        for name in names:
            assert {f"{name}_en", f"{name}_ja"} <= columns, (model, name)
        # Many versions of one record: never unique, in any language.
        assert not any(field.unique for field in model.history.model._meta.fields if
                       field.name.startswith("name_"))  # fmt: skip
