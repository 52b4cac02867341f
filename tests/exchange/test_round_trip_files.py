"""A backup's stored files (the documents'): a dry run or a refused restore leaves none
behind, and a file whose name could leave the storage's folder refuses the backup. The
round trip itself (files byte for byte) is in test_round_trip.py."""

import zipfile

import pytest
from django.core.management.base import CommandError

from documents.models import Document
from tests.exchange.test_round_trip import flush, full_record, run, stored_files

pytestmark = pytest.mark.django_db
__all__ = ["full_record"]  # the fixture, used by name


def test_a_refused_or_dry_run_restore_leaves_no_file_behind(full_record, tmp_path):
    run("export_site", str(tmp_path / "b.zip"))
    flush()
    run("import_site", str(tmp_path / "b.zip"), "--dry-run")
    assert stored_files() == {}
    assert not Document.objects.exists()


def test_a_backup_file_with_an_unsafe_name_is_refused(full_record, tmp_path):
    target = tmp_path / "b.zip"
    run("export_site", str(target))
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("files/../../outside.txt", "escape")
    flush()
    with pytest.raises(CommandError, match="unsafe name"):
        run("import_site", str(target))
    assert stored_files() == {} and not (tmp_path / "outside.txt").exists()
