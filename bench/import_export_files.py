"""The files the import and export benchmark imports: meetings and programmes as CSV.

Rows in the columns the resources read and write: meetings (series, host country, dates
of year, month and day precision, some with an end date) and programmes (a fund,
"|"-separated themes and countries), reproducible from a seed; ``create_references``
writes first the countries, series, themes and funds they refer to.
"""

import csv
import datetime
import io
import random

COUNTRIES = [
    ("BN", "Brunei Darussalam"), ("KH", "Cambodia"), ("ID", "Indonesia"),
    ("LA", "Lao PDR"), ("MY", "Malaysia"), ("MM", "Myanmar"), ("PH", "Philippines"),
    ("SG", "Singapore"), ("TH", "Thailand"), ("VN", "Viet Nam"), ("JP", "Japan"),
    ("KR", "Republic of Korea"), ("CN", "China"), ("IN", "India"), ("AU", "Australia"),
    ("NZ", "New Zealand"), ("US", "United States"), ("FR", "France"), ("DE", "Germany"),
    ("GB", "United Kingdom"),
]  # fmt: skip
CITIES = ["Hanoi", "Hua Hin", "Surabaya", "Vientiane", "Kuala Lumpur", "Đà Nẵng", "Cebu"]
SERIES = [f"bench-series-{n}" for n in range(5)]
THEMES = [f"bench-theme-{n}" for n in range(12)]
FUNDS = [f"bench-fund-{n}" for n in range(6)]
PUBLISHED_AT = "2020-01-15T09:30:00+00:00"


def create_references():
    """The countries, series, kinds, themes and funds the files refer to."""
    from meetings.models import Country, MeetingSeries
    from programmes.models import Fund, Theme
    from seed.meeting_kinds import kinds

    kinds("dialogue", "ministerial", "other")

    Country.objects.bulk_create(
        Country(code=code, name=name, slug=name.lower().replace(" ", "-"))
        for code, name in COUNTRIES
    )
    MeetingSeries.objects.bulk_create(
        MeetingSeries(name=f"Bench series {n}", short_name=f"Series {n}", slug=slug)
        for n, slug in enumerate(SERIES)
    )
    Theme.objects.bulk_create(Theme(name=f"Theme {n}", slug=slug) for n, slug in enumerate(THEMES))
    Fund.objects.bulk_create(
        Fund(name=f"Fund {n}", acronym=f"F{n}", slug=slug) for n, slug in enumerate(FUNDS)
    )


def meeting_row(i, rng):
    """One meeting as {attribute: cell}: row ``i`` of the generated record."""
    kind = "other" if i % 10 == 0 else "ministerial" if i % 10 == 1 else "dialogue"
    start = datetime.date(1990, 1, 1) + datetime.timedelta(days=rng.randrange(12_000))
    end = ""
    precision = i % 3
    if precision == 0:
        start_text = f"{start.year:04d}"
    elif precision == 1:
        start_text = f"{start.year:04d}-{start.month:02d}"
    else:
        start_text = start.isoformat()
        if i % 2:
            end = (start + datetime.timedelta(days=rng.randrange(1, 4))).isoformat()
    published = i % 10 != 9
    return {
        "slug": f"bench-meeting-{i}",
        "series": SERIES[i % len(SERIES)],
        "kind": kind,
        "number": "" if kind == "other" else str(i + 1),
        "title_en": "" if i % 2 else f"Meeting on cooperation {i}",
        "title_ja": "" if i % 2 else f"環境協力会合{i}",
        "start_date": start_text,
        "end_date": end,
        "venue_en": f"Conference Centre {i % 50}",
        "venue_ja": "",
        "city_en": CITIES[i % len(CITIES)],
        "city_ja": "",
        "host_country": COUNTRIES[i % len(COUNTRIES)][0],
        "outline_en": (
            f"- Reviewed **{i % 7 + 1}** programmes.\n- Agreed the next steps."
            if i % 4 == 0
            else f"The meeting {i} exchanged views on environmental cooperation."
        ),
        "outline_ja": "",
        "status": "published" if published else "draft",
        "published_at": PUBLISHED_AT if published else "",
    }


def programme_row(i, rng):
    """One programme as {attribute: cell}."""
    from programmes.models import Programme

    start = 1995 + i % 20
    themes = rng.sample(THEMES, rng.randrange(1, 4))
    countries = rng.sample([code for code, _ in COUNTRIES], rng.randrange(1, 6))
    published = i % 10 != 9
    return {
        "slug": f"bench-programme-{i}",
        "name_en": f"Bench Programme {i}",
        "name_ja": "" if i % 2 else f"ベンチ計画{i}",
        "acronym": f"BP{i}",
        "other_names_en": f"Programme {i}\nThe {i} initiative" if i % 3 == 0 else "",
        "other_names_ja": "",
        "kind": Programme.Kind.values[i % len(Programme.Kind.values)],
        "summary_en": f"Cooperation programme number {i}.",
        "summary_ja": "",
        "description_en": f"It *helps* {i % 9 + 1} cities.",
        "description_ja": "",
        "fund": "" if i % 8 == 0 else FUNDS[i % len(FUNDS)],
        "themes": "|".join(themes),
        "countries": "|".join(countries),
        "start_year": str(start),
        "end_year": str(start + i % 6) if i % 5 else "",
        "programme_status": ["", *Programme.Status.values][i % 5],
        "status": "published" if published else "draft",
        "published_at": PUBLISHED_AT if published else "",
    }


def make_file(resource, make_row, first, count, seed):
    """The rows ``first`` to ``first + count - 1`` as the bytes of a CSV file."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    columns = resource.export_columns()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.column_name for column in columns])
    for i in range(first, first + count):
        row = make_row(i, rng)
        writer.writerow([row[column.attribute] for column in columns])
    return out.getvalue().encode("utf-8")
