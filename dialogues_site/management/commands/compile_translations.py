"""Compile the interface's catalogues (locale/<lang>/LC_MESSAGES/django.po) into the
.mo files Django reads, in pure Python (polib): no GNU gettext needed to build or run.

The .po files are the source, committed; the .mo files are build output (`make run`,
`make test` and `make serve-prod` build them first; *.mo is git-ignored). A broken
catalogue fails the build, naming the file, the line and the reason: a syntax error, a
placeholder the translation drops or invents ("%(name)s" in English, none in Japanese,
would raise at render time), or plural forms that do not match the header. Entries not
yet translated (or marked fuzzy) are left out, so Django shows the English, and are
counted; with --strict they fail the build too.
"""

import re
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# printf-style placeholders as Python's % operator reads them: %(name)s, %s, %d, %%.
PERCENT_PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*\d*(?:\.\d+)?(?P<type>[a-zA-Z%])"
)
BRACE_PLACEHOLDER = re.compile(r"(?<!\{)\{(?P<name>[^{}]*)\}(?!\})")
NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def percent_placeholders(text):
    """Named placeholders as a set, unnamed ones as a count (``%%`` is not one)."""
    named, unnamed = set(), 0
    for match in PERCENT_PLACEHOLDER.finditer(text):
        if match.group("type") == "%":
            continue
        if match.group("name") is not None:
            named.add((match.group("name"), match.group("type")))
        else:
            unnamed += 1
    return named, unnamed


def names_of(placeholders):
    return ", ".join(sorted(f"%({name}){kind}" for name, kind in placeholders))


def brace_placeholders(text):
    return {match.group("name") for match in BRACE_PLACEHOLDER.finditer(text)}


def entry_problems(entry, nplurals):
    """What is wrong with one translated entry (an empty list when nothing is)."""
    problems = []
    translations = (
        [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
        if entry.msgid_plural
        else [entry.msgstr]
    )
    if entry.msgid_plural and nplurals is not None and len(translations) != nplurals:
        problems.append(
            f"{len(translations)} plural forms, but the header's Plural-Forms says {nplurals}"
        )
    sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    if "python-format" in entry.flags:
        # Every name must come from the original; a plural translation may drop the count
        # (Japanese has one form for every number), a singular one may drop nothing.
        original_named, original_unnamed = percent_placeholders(entry.msgid)
        given = set().union(*(percent_placeholders(text)[0] for text in sources))
        for text in translations:
            named, unnamed = percent_placeholders(text)
            if named - given:
                problems.append(f"the translation uses {names_of(named - given)}, unknown here")
            if not entry.msgid_plural and original_named - named:
                problems.append(f"the translation drops {names_of(original_named - named)}")
            if unnamed != original_unnamed:
                problems.append("the translation has a different number of unnamed placeholders")
    if "python-brace-format" in entry.flags:
        for text in translations:
            if brace_placeholders(text) - brace_placeholders(entry.msgid):
                problems.append("the translation uses a {placeholder} the original does not")
    return problems


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files (pure Python); fail on errors."

    def add_arguments(self, parser):
        parser.add_argument(
            "-l", "--locale", action="append", default=[], help="Only this language (repeat)."
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Also fail on entries not yet translated or marked fuzzy.",
        )

    def handle(self, *args, locale, strict, **options):
        catalogues = sorted(
            path
            for base in settings.LOCALE_PATHS
            for path in Path(base).glob("*/LC_MESSAGES/*.po")
            if not locale or path.parent.parent.name in locale
        )
        if not catalogues:
            places = ", ".join(map(str, settings.LOCALE_PATHS))
            raise CommandError(f"No catalogue (*/LC_MESSAGES/*.po) under {places}")
        failures = []
        for po_path in catalogues:
            failures += self.compile(po_path, strict)
        if failures:
            # A broken catalogue's .mo is left as it was (or absent): the build stops here.
            raise CommandError("Broken catalogue, not compiled:\n" + "\n".join(failures))

    def compile(self, po_path, strict):
        try:
            catalogue = polib.pofile(str(po_path), wrapwidth=0)
        except (OSError, ValueError) as error:
            return [f"{po_path}: {error}"]
        match = NPLURALS.search(catalogue.metadata.get("Plural-Forms", ""))
        nplurals = int(match.group(1)) if match else None
        failures = []
        if nplurals is None and any(entry.msgid_plural for entry in catalogue):
            failures.append(f"{po_path}: plural entries but no Plural-Forms in the header")
        for entry in catalogue.translated_entries():
            failures += [
                f"{po_path}:{entry.linenum}: {entry.msgid[:60]!r}: {problem}"
                for problem in entry_problems(entry, nplurals)
            ]
        untranslated = catalogue.untranslated_entries()
        fuzzy = catalogue.fuzzy_entries()
        if strict:
            failures += [
                f"{po_path}:{entry.linenum}: {entry.msgid[:60]!r}: "
                + ("fuzzy" if entry.fuzzy else "not translated")
                for entry in untranslated + fuzzy
            ]
        if failures:
            return failures
        mo_path = po_path.with_suffix(".mo")
        catalogue.save_as_mofile(str(mo_path))
        summary = f"{mo_path}: {len(catalogue.translated_entries())} messages"
        if untranslated or fuzzy:
            missing = f"{len(untranslated)} not translated, {len(fuzzy)} fuzzy"
            summary += f" ({missing}: shown in English)"
        self.stdout.write(summary)
        return []
