"""The import benchmark's baseline: the least any import must do, with no checks at all.

The file parsed with ``csv.reader``, references looked up in dicts, then ``bulk_create``
of the rows and of their many-to-many links (the through models), in one transaction.
"""

import csv
import datetime
import io


def parse_partial(text):
    parts = text.split("-")
    if len(parts) == 1:
        return datetime.date(int(parts[0]), 1, 1), "year"
    if len(parts) == 2:
        return datetime.date(int(parts[0]), int(parts[1]), 1), "month"
    return datetime.date.fromisoformat(text), "day"


# The raw baseline reads cells by position: the columns the resources write, in order.
MEETING_COLUMNS = (
    "slug", "series", "kind", "number", "title_en", "title_ja", "start_date", "end_date",
    "venue_en", "venue_ja", "city_en", "city_ja", "host_country", "outline_en", "outline_ja",
    "status", "published_at",
)  # fmt: skip
PROGRAMME_COLUMNS = (
    "slug", "name_en", "name_ja", "acronym", "other_names_en", "other_names_ja", "kind",
    "summary_en", "summary_ja", "description_en", "description_ja", "fund", "themes",
    "countries", "start_year", "end_year", "programme_status", "status", "published_at",
)  # fmt: skip


def check_header(header, attributes):
    from meetings.resources import MeetingResource
    from programmes.resources import ProgrammeResource

    resource = MeetingResource() if attributes is MEETING_COLUMNS else ProgrammeResource()
    expected = [resource.fields[name].column_name for name in attributes]
    if header != expected:
        raise SystemExit(f"The resource's columns changed: {header}; update the benchmark.")


def keyed(model, field):
    return {getattr(obj, field): obj for obj in model.objects.all()}


def raw_meetings(data):
    from django.db import transaction

    from meetings.models import Country, Meeting, MeetingKind, MeetingSeries

    series, countries = keyed(MeetingSeries, "slug"), keyed(Country, "code")
    kinds = keyed(MeetingKind, "slug")
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    check_header(next(reader), MEETING_COLUMNS)
    meetings = []
    for row in reader:
        slug, series_slug, kind, number, title, title_ja, start, end = row[:8]
        venue, venue_ja, city, city_ja, host, outline, outline_ja = row[8:15]
        status, published_at = row[15:17]
        start_date, precision = parse_partial(start)
        meetings.append(
            Meeting(
                slug=slug,
                series=series[series_slug],
                kind=kinds[kind],
                number=int(number) if number else None,
                title_en=title,
                title_ja=title_ja,
                start_date=start_date,
                date_precision=precision,
                end_date=datetime.date.fromisoformat(end) if end else None,
                venue_en=venue,
                venue_ja=venue_ja,
                city_en=city,
                city_ja=city_ja,
                host_country=countries[host],
                outline_en=outline,
                outline_ja=outline_ja,
                status=status,
                published_at=(
                    datetime.datetime.fromisoformat(published_at) if published_at else None
                ),
            )
        )
    with transaction.atomic():
        Meeting.objects.bulk_create(meetings, batch_size=500)
    return len(meetings)


def raw_programmes(data):
    from django.db import transaction

    from meetings.models import Country
    from programmes.models import Fund, Programme, Theme

    funds, themes = keyed(Fund, "slug"), keyed(Theme, "slug")
    countries = keyed(Country, "code")
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    check_header(next(reader), PROGRAMME_COLUMNS)
    programmes, theme_keys, country_keys = [], [], []
    for row in reader:
        slug, name, name_ja, acronym, other_names, other_names_ja, kind = row[:7]
        summary, summary_ja, description, description_ja, fund = row[7:12]
        theme_cell, country_cell, start_year, end_year, programme_status = row[12:17]
        status, published_at = row[17:19]
        programmes.append(
            Programme(
                slug=slug,
                name_en=name,
                name_ja=name_ja or None,  # unique: no Japanese name yet is NULL
                acronym=acronym,
                other_names_en=other_names,
                other_names_ja=other_names_ja,
                kind=kind,
                summary_en=summary,
                summary_ja=summary_ja,
                description_en=description,
                description_ja=description_ja,
                fund=funds[fund] if fund else None,
                start_year=int(start_year) if start_year else None,
                end_year=int(end_year) if end_year else None,
                programme_status=programme_status,
                status=status,
                published_at=(
                    datetime.datetime.fromisoformat(published_at) if published_at else None
                ),
            )
        )
        theme_keys.append([themes[key] for key in theme_cell.split("|") if key])
        country_keys.append([countries[key] for key in country_cell.split("|") if key])
    theme_link, country_link = Programme.themes.through, Programme.countries.through
    with transaction.atomic():
        Programme.objects.bulk_create(programmes, batch_size=500)
        theme_link.objects.bulk_create(
            (
                theme_link(programme_id=programme.pk, theme_id=theme.pk)
                for programme, linked in zip(programmes, theme_keys, strict=True)
                for theme in linked
            ),
            batch_size=1000,
        )
        country_link.objects.bulk_create(
            (
                country_link(programme_id=programme.pk, country_id=country.pk)
                for programme, linked in zip(programmes, country_keys, strict=True)
                for country in linked
            ),
            batch_size=1000,
        )
    return len(programmes)
