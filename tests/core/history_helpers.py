"""What the history tests read: a record's versions (newest first), what a version
changed, a programme version's themes or countries, and a meetings file imported by the
``import_records`` command with the countries of the test's ``world`` (conftest.py).
"""

import io
import re

from django.core.management import call_command

from core.translation import translated_fields


def versions(record):
    """The record's versions, newest first."""
    return list(type(record).history.filter(id=record.pk).order_by("-history_date", "-pk"))


def latest(record):
    return versions(record)[0]


def changed_fields(version):
    """What changed from the version before (the timestamp every save changes left out,
    and a translated field's own column, which repeats its English or Japanese one)."""
    excluded = ["updated_at", *translated_fields(version.instance_type)]
    delta = version.diff_against(version.prev_record, excluded_fields=excluded)
    return sorted(delta.changed_fields)


def link_slugs(version, name):
    """The slugs (or codes) of a programme version's themes or countries."""
    rows = getattr(version, name).select_related(name[:-1] if name == "themes" else "country")
    if name == "themes":
        return sorted(row.theme.slug for row in rows)
    return sorted(row.country.code for row in rows)


def coded(text, world):
    """``text`` with the country codes VN and TH replaced by those of ``world``."""
    return re.sub(r"\b(VN|TH)\b", lambda match: world[match.group(1).lower()].code, text)


MEETINGS_FILE = (
    "Slug,Series,Kind,Number in the series,Start date,City,Host country\n"
    "first-dialogue-2008,jad,dialogue,1,2008-03,Hanoi,VN\n"
    "second-dialogue-2008,jad,dialogue,2,2008-11-05,Bangkok,TH\n"
)


def import_records(model, path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_records", model, str(path), *args, stdout=out, stderr=err)
    return out.getvalue()
