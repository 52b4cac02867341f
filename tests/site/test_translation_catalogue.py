"""The Japanese catalogue: complete (no entry untranslated or fuzzy), missing no string
marked in the sources (makemessages over a copy of them), and compiled by
``manage.py compile_translations``, which refuses a broken catalogue.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import translation

from tests.site.i18n_helpers import PO_PATH

pytestmark = pytest.mark.usefixtures("compiled_catalogue", "english_between_tests")


def test_the_catalogue_is_complete():
    catalogue = polib.pofile(str(PO_PATH))
    assert catalogue.metadata["Language"] == "ja"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert len(catalogue.translated_entries()) > 300
    assert catalogue.find("Meetings").msgstr == "会合"
    assert catalogue.find("Host country").msgstr == "主催国"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="makemessages needs GNU gettext")
def test_every_marked_string_of_the_sources_is_translated(tmp_path):
    """makemessages over a copy of the sources adds nothing the catalogue lacks: a string
    marked for translation and not yet in the Japanese catalogue fails here."""
    root = Path(settings.BASE_DIR)
    apps = [name for name in settings.INSTALLED_APPS if (root / name).is_dir()]
    for name in ("manage.py", *apps, "templates", "locale"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment["DJANGO_SETTINGS_MODULE"] = "dialogues_site.settings"
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ja", "--no-wrap", "--verbosity=0"],
        cwd=tmp_path,
        env=environment,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(tmp_path / "locale" / "ja" / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in fresh.untranslated_entries()] == []
    assert [entry.msgid for entry in fresh.fuzzy_entries()] == []
    assert len(fresh.translated_entries()) == len(polib.pofile(str(PO_PATH)).translated_entries())


@pytest.fixture
def locale_copy(tmp_path):
    """A copy of the catalogue in a locale folder of its own."""
    folder = tmp_path / "locale" / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(PO_PATH, folder / "django.po")
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        yield folder


def test_the_compile_command_builds_a_catalogue_django_loads(locale_copy):
    call_command("compile_translations", verbosity=0)

    assert (locale_copy / "django.mo").exists()
    with translation.override("ja"):
        assert translation.gettext("Host country") == "主催国"
        assert (
            translation.ngettext("%(counter)s meeting", "%(counter)s meetings", 3) % {"counter": 3}
            == "3件の会合"
        )


def test_the_compile_command_refuses_a_broken_catalogue(locale_copy):
    po = locale_copy / "django.po"
    catalogue = polib.pofile(str(po))
    entry = catalogue.find("No published meeting was held in %(name)s.")
    entry.msgstr = "公開済みの会合はありません。%(nom)s"
    catalogue.save()

    with pytest.raises(CommandError) as refused:
        call_command("compile_translations", verbosity=0)
    message = str(refused.value)
    assert f"{po}:" in message and "%(nom)s" in message and "drops %(name)s" in message
    assert not (locale_copy / "django.mo").exists()

    po.write_text('msgid "a"\nmsgstr "b"\nnot a catalogue line\n', encoding="utf-8")
    with pytest.raises(CommandError, match="Broken catalogue"):
        call_command("compile_translations", verbosity=0)
