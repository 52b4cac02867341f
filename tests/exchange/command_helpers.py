"""Running import_records and export_records as a test does: the fixture files under
tests/fixtures/commands/, and a command's output or its refusal. Shared by
test_import_records_command.py and test_export_records_command.py.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "commands"


def run(*args, **options):
    """Run a command; (standard output, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def refused(*args, **options):
    """Run a command that must fail; (the CommandError's message, standard error)."""
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(*args, stdout=io.StringIO(), stderr=err, **options)
    return str(failure.value), err.getvalue()


def fixture(name):
    return str(FIXTURES / name)
