"""The Popolo project's own JSON schemas (tests/fixtures/popolo/, draft-03), with every
``$ref`` resolved from those files: no network. ``errors(kind, obj)`` lists what is wrong."""

import functools
import json
from pathlib import Path

from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "popolo"
# The schemas name each other under both spellings of the project's host.
HOSTS = ("http://www.popoloproject.com", "http://popoloproject.com")
KINDS = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "events": "event",
    "areas": "area",
}


@functools.cache
def registry():
    resources = []
    for path in FOLDER.glob("*.json"):
        resource = Resource(contents=json.loads(path.read_text()), specification=DRAFT3)
        resources += [(f"{host}/schemas/{path.name}", resource) for host in HOSTS]
    return Registry().with_resources(resources)


@functools.cache
def validator(name):
    schema = json.loads((FOLDER / f"{name}.json").read_text())
    return Draft3Validator(
        schema, registry=registry(), format_checker=Draft3Validator.FORMAT_CHECKER
    )


def errors(name, obj):
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(obj)]


def document_errors(document):
    """Every object of every Popolo list of the export, checked against its schema."""
    found = []
    for key, name in KINDS.items():
        for obj in document[key]:
            found += [f"{key} {obj.get('id')}: {error}" for error in errors(name, obj)]
    return found
