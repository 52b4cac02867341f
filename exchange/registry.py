"""Every kind of record a file can hold, found from settings.CONTENT_MODELS.

Each model's file format is its app's ``resources.<Model>Resource`` (as the admin finds
``admin.py``), named on the command line and in a backup by its ``file_key``; the order
is the registry's: countries before the meetings that name them.
"""

import functools
import re

from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string


@functools.cache
def resources():
    """{file key ("countries", ...): resource class}, in settings.CONTENT_MODELS order."""
    found = {}
    for label in settings.CONTENT_MODELS:
        model = apps.get_model(label)
        resource = import_string(
            f"{model._meta.app_config.name}.resources.{model.__name__}Resource"
        )
        found[resource.file_key] = resource
    return found


@functools.cache
def natural_key_field(model):
    """How files name a row of ``model`` that another file refers to: the first column of
    its resource's natural key (a slug; a country's ISO code)."""
    for resource in resources().values():
        if resource._meta.model is model:
            return resource.natural_key[0]
    raise LookupError(f"{model._meta.label} is not in settings.CONTENT_MODELS.")


def normalise_name(name):
    return " ".join(re.split(r"[\s_-]+", str(name).casefold())).strip()


def resource_names():
    """{every accepted spelling: key of ``resources()``}: the key, and the model's names
    in every language of the site ("meetings", "meeting", "会議")."""
    names = {}
    for key, resource_class in resources().items():
        opts = resource_class._meta.model._meta
        names.setdefault(normalise_name(key), key)
        names.setdefault(normalise_name(opts.model_name), key)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for name in (opts.verbose_name, opts.verbose_name_plural):
                    names.setdefault(normalise_name(name), key)
    return names
