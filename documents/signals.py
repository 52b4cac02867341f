"""A deleted document's files go once the deletion is committed and no document uses them."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def names_in_versions(document):
    """The stored file names the document's history versions name."""
    return {name for name in document.history.values_list("file", flat=True) if name}


def remember_files(sender, instance, **kwargs):
    names = {instance.file.name} if instance.file else set()
    try:
        names |= names_in_versions(instance)
    except Exception:  # a history table's trouble must not block the deletion
        logger.exception("Could not list the file versions of document %s", instance.pk)
    instance._files_to_delete = names


def delete_files(sender, instance, **kwargs):
    names = getattr(instance, "_files_to_delete", set())
    storage = instance.file.storage
    if names:
        transaction.on_commit(lambda: delete_unused(storage, names, sender))


def delete_unused(storage, names, model):
    for name in names:
        if model.objects.filter(file=name).exists():
            continue
        try:
            storage.delete(name)
        except FileNotFoundError:
            pass
        except Exception:
            logger.exception("Could not delete the stored file %s", name)
