"""A record's history under /ja/admin/: the list of versions and a version's restore page
in Japanese, the reasons the site writes ("Imported from meetings.csv", "Restored the
version of ...") stored in English and shown in the reader's language.
"""

import re

import pytest
from django.core.management import call_command
from django.utils import translation

from meetings.models import Meeting
from tests.admin_forms import form_data, page
from tests.core.history_helpers import MEETINGS_FILE, coded, import_records, versions
from tests.site.i18n_helpers import MO_PATH, PO_PATH, reload_translations

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    """The .mo is build output (make test builds it): built here if missing or stale."""
    if not MO_PATH.exists() or MO_PATH.stat().st_mtime < PO_PATH.stat().st_mtime:
        call_command("compile_translations", locale=["ja"], verbosity=0)
        reload_translations()


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    translation.activate("en")


@pytest.fixture
def imported_meeting(world, tmp_path):
    path = tmp_path / "meetings.csv"
    path.write_text(coded(MEETINGS_FILE, world))
    import_records("meetings", path)
    return Meeting.objects.get(slug="first-dialogue-2008")


def history_url(meeting, language="ja"):
    return f"/{language}/admin/meetings/meeting/{meeting.pk}/history/"


def cells(html, name):
    return re.findall(rf'<td class="{name}">(.*?)</td>', html, re.S)


def test_the_versions_list_in_japanese(editor_client, imported_meeting):
    html = page(editor_client.get(history_url(imported_meeting)))

    assert "下の一覧から版を選ぶと、この記録をその版に戻せます。" in html
    assert cells(html, "history-reason") == ["meetings.csv からインポート"]
    assert "<td>作成</td>" in html
    assert "Imported" not in html and "<td>Created</td>" not in html
    # Stored in English, whoever reads it; shown in English under /admin/.
    assert versions(imported_meeting)[0].history_change_reason == "Imported from meetings.csv"
    english = page(editor_client.get(history_url(imported_meeting, "en").replace("/en", "", 1)))
    assert cells(english, "history-reason") == ["Imported from meetings.csv"]


def test_a_restore_in_japanese_says_which_version_it_restored(editor_client, imported_meeting):
    original = versions(imported_meeting)[0]
    url = f"{history_url(imported_meeting)}{original.pk}/"

    response = editor_client.get(url)
    html = page(response)
    assert "下の「元に戻す」ボタンを押すと、この記録をこの版に戻します。" in html
    assert 'value="元に戻す"' in html
    assert editor_client.post(url, form_data(response)).status_code == 302

    html = page(editor_client.get(history_url(imported_meeting)))
    reasons = cells(html, "history-reason")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ の版を復元", reasons[0])
    assert "<td>変更</td>" in html
    assert versions(imported_meeting)[0].history_change_reason.startswith(
        "Restored the version of "
    )
