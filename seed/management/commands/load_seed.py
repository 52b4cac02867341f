"""Load the record of the page this site replaces (seed/japan_asean_dialogue.py).

Idempotent: each row is found by its natural key and written only when a value differs, so
a rerun reports everything unchanged; over an edited record it puts the seed's facts back.
``--if-empty`` skips when the series exists (``make run``: local edits survive a restart).
Each record created or changed gets one history version, reason "Seed", links included.
Texts go to their language's column whatever the active language; a Japanese text the
seed lacks is left as it is (an editor's translation survives a reload).
"""

import datetime
from collections import Counter

from django.core.management.base import BaseCommand
from django.db import transaction

from core.history import has_history, write_versions
from core.models import PublicationStatus
from meetings.models import (
    Country,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Organisation,
    Participation,
    Person,
)
from programmes.models import Discussion, Fund, Programme, Theme
from seed import japan_asean_dialogue as seed
from seed.meeting_kinds import KINDS, values_of

# The change reason of the versions the seed writes.
SEED_REASON = "Seed"


def texts(japanese=None, **english):
    """{field_en: text, ...} plus {field_ja: text} for the Japanese texts the seed has."""
    values = {f"{name}_en": text for name, text in english.items()}
    values.update({f"{name}_ja": text for name, text in (japanese or {}).items() if text})
    return values


class Command(BaseCommand):
    help = "Load the Japan-ASEAN Dialogue record from the seed page, idempotently."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the seed's series is already in the database.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and MeetingSeries.objects.filter(slug=seed.SERIES["slug"]).exists():
            self.stdout.write("The seed record is already loaded; nothing to do.")
            return
        self.counts = Counter()
        with transaction.atomic():
            self.load()
        created, updated = self.counts["created"], self.counts["updated"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed loaded: {created} created, {updated} updated, "
                f"{self.counts['unchanged']} unchanged."
            )
        )

    def upsert(self, model, lookup, values, m2m=None, on_create=None):
        """Create or update one row by its natural key; save only what differs.

        A record with a history gets one version once its links are set, not one for the
        save and others for each change of links.
        """
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values, **(on_create or {}))
            obj.full_clean()
            changed = True
        else:
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            for name in changed:
                setattr(obj, name, values[name])
            if changed:
                obj.full_clean()
        outcome = "created" if obj.pk is None else "updated" if changed else "unchanged"
        versioned = has_history(model)
        if versioned:
            obj.skip_history_when_saving = True
        if changed:
            obj.save()
        for name, targets in (m2m or {}).items():
            manager = getattr(obj, name)
            if set(manager.all()) != set(targets):
                manager.set(targets)
                outcome = "updated" if outcome == "unchanged" else outcome
        if versioned:
            del obj.skip_history_when_saving
            if outcome != "unchanged":
                write_versions(model, [obj], update=outcome == "updated", reason=SEED_REASON)
        self.counts[outcome] += 1
        return obj

    def load(self):
        published = {"status": PublicationStatus.PUBLISHED}

        countries = {
            code: self.upsert(
                Country,
                {"code": code},
                {
                    **texts({"name": seed.COUNTRY_NAMES_JA.get(code)}, name=name),
                    "slug": slug,
                    "is_asean_member": asean,
                },
            )
            for code, name, slug, asean in seed.COUNTRIES
        }
        organisations = {
            slug: self.upsert(
                Organisation,
                {"slug": slug},
                {
                    **texts({"name": seed.ORGANISATION_NAMES_JA.get(slug)}, name=name),
                    "acronym": acronym,
                    "kind": kind,
                    "country": countries.get(country),
                },
            )
            for slug, name, acronym, kind, country in seed.ORGANISATIONS
        }
        people = {
            slug: self.upsert(
                Person,
                {"slug": slug},
                {
                    **texts({"name": seed.PERSON_NAMES_JA.get(slug)}, name=name),
                    "honorific": honorific,
                },
            )
            for slug, name, honorific in seed.PEOPLE
        }
        kinds = {
            row[0]: self.upsert(MeetingKind, {"slug": row[0]}, values_of(row)) for row in KINDS
        }
        themes = {
            slug: self.upsert(
                Theme, {"slug": slug}, texts({"name": seed.THEME_NAMES_JA.get(slug)}, name=name)
            )
            for slug, name in seed.THEMES
        }
        funds = {
            fund["slug"]: self.upsert(
                Fund,
                {"slug": fund["slug"]},
                {
                    **texts(
                        {"name": fund.get("name_ja")},
                        name=fund["name"],
                        description=fund["description"],
                    ),
                    "acronym": fund["acronym"],
                },
            )
            for fund in seed.FUNDS
        }

        series_values = texts(
            {key: seed.SERIES.get(f"{key}_ja") for key in ("name", "short_name")},
            **{key: seed.SERIES[key] for key in ("name", "short_name", "description")},
        )
        # Featured on the home page, unless an editor has featured another series.
        featured = not MeetingSeries.objects.filter(featured=True).exists()
        series = self.upsert(
            MeetingSeries,
            {"slug": seed.SERIES["slug"]},
            series_values,
            m2m={"organisers": [organisations[slug] for slug in seed.SERIES["organisers"]]},
            on_create={"featured": featured, "order": 1},
        )

        meetings = {}
        for row in seed.MEETINGS:
            meeting = Meeting(
                series=series,
                kind=kinds[row["kind"]],
                number=row["number"],
                title=row.get("title", ""),
                date_precision=row["date_precision"],
            )
            values = {
                **texts(
                    {"title": meeting.default_title_ja()},
                    title=row.get("title") or meeting.default_title(),
                    venue=row.get("venue", ""),
                    city=row["city"],
                    outline=row["outline"],
                ),
                "series": series,
                "kind": kinds[row["kind"]],
                "number": row["number"],
                "start_date": datetime.date.fromisoformat(row["start_date"]),
                "date_precision": row["date_precision"],
                "host_country": countries[row["host_country"]],
            }
            meetings[row["slug"]] = self.upsert(
                Meeting, {"slug": row["slug"]}, values, on_create=published
            )

        for (
            meeting_slug,
            order,
            country,
            person,
            organisation,
            role,
            title,
            note,
        ) in seed.PARTICIPATIONS:
            self.upsert(
                Participation,
                {"meeting": meetings[meeting_slug], "order": order},
                {
                    **texts(title=title),
                    "country": countries.get(country),
                    "person": people.get(person),
                    "organisation": organisations.get(organisation),
                    "role": role,
                    "note": note,
                },
            )

        for row in seed.PROGRAMMES:
            values = {
                **texts(
                    {"name": row.get("name_ja")},
                    name=row["name"],
                    other_names="\n".join(row["other_names"]),
                    summary=row["summary"],
                    description=row["description"],
                ),
                "acronym": row["acronym"],
                "kind": row["kind"],
                "fund": funds.get(row["fund"]),
                "programme_status": row["programme_status"],
                "start_year": row.get("start_year"),
                "end_year": row.get("end_year"),
            }
            programme = self.upsert(
                Programme,
                {"slug": row["slug"]},
                values,
                m2m={
                    "themes": [themes[slug] for slug in row["themes"]],
                    "countries": [countries[code] for code in row["countries"]],
                },
                on_create=published,
            )
            for meeting_slug, (stage, note) in row["discussions"].items():
                self.upsert(
                    Discussion,
                    {"meeting": meetings[meeting_slug], "programme": programme},
                    {"stage": stage, "note": note},
                )
