"""The stored files of a site backup (the documents' files): ``export_site`` writes each
under ``files/<its stored name>`` beside the CSV files; ``import_site`` puts them back in
the storage, under the same names, before the records that name them are read, and takes
away the ones it wrote if the import is refused or a dry run. Knows no domain: the files
are those of the content models' file fields."""

import shutil
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models

from .limits import FileProblem
from .registry import resources

FOLDER = "files"


def stored_names():
    """The name of every stored file the records name, each once."""
    seen = set()
    for resource in resources().values():
        model = resource._meta.model
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names = model.objects.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                for name in names.iterator():
                    if name not in seen:
                        seen.add(name)
                        yield name


def write_to_zip(archive):
    """Copy every stored file into the open zip ``archive``; returns how many."""
    count = 0
    for name in stored_names():
        with (
            default_storage.open(name, "rb") as stored,
            archive.open(f"{FOLDER}/{name}", "w") as out,
        ):
            shutil.copyfileobj(stored, out, 1024 * 1024)
        count += 1
    return count


def write_to_folder(folder):
    count = 0
    for name in stored_names():
        target = Path(folder) / FOLDER / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as stored, open(target, "wb") as out:
            shutil.copyfileobj(stored, out, 1024 * 1024)
        count += 1
    return count


def safe_name(name):
    """A stored name as the backup gives it, or FileProblem if it could leave the storage's
    folder (``..``, an absolute path, a drive or a backslash)."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or ":" in name or not name:
        raise FileProblem(f"The backup holds a file with an unsafe name: {name!r}.")
    return str(path)


def backup_files(path, archive=None):
    """[(stored name, open function)] of the files a backup folder or open zip holds."""
    if archive is not None:
        prefix = f"{FOLDER}/"
        return [
            (safe_name(info.filename[len(prefix) :]), lambda info=info: archive.open(info))
            for info in archive.infolist()
            if info.filename.startswith(prefix) and not info.is_dir()
        ]
    root = Path(path) / FOLDER
    if not root.is_dir():
        return []
    return [
        (safe_name(p.relative_to(root).as_posix()), lambda p=p: open(p, "rb"))
        for p in sorted(root.rglob("*"))
        if p.is_file()
    ]


class Restore:
    """The files put back by ``restored``; ``keep`` once the records are in."""

    def __init__(self):
        self.written = []
        self.keep = False


@contextmanager
def restored(entries):
    """Write ``entries`` (backup_files) into the storage where absent; on leaving, delete
    those written unless ``keep`` was set (refused, dry run, or an error)."""
    restore = Restore()
    try:
        for name, open_file in entries:
            if default_storage.exists(name):
                continue
            with open_file() as data:
                saved = default_storage.save(name, File(data, name=name))
            restore.written.append(saved)
            if saved != name:
                raise FileProblem(f"The storage could not keep the name {name!r}.")
        yield restore
    finally:
        if not restore.keep:
            for name in restore.written:
                default_storage.delete(name)
