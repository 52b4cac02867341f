"""The rows the demo records refer to and every run shares: found, or else created.

Countries, themes and the JAIF fund are the seed record's rows, created with its values
when missing; the demo funds and organisations are the same fixed list every run. No
randomness here, so the seeded random source is not touched: each function takes the
``Writer`` to insert what is missing through.
"""

from collections import defaultdict

from django.utils.text import slugify

from meetings.models import Country, Organisation
from programmes.models import Fund, Theme
from seed import japan_asean_dialogue as seed

from .naming import PREFIX, acronym
from .vocabulary import (
    CITIES,
    DEMO_FUNDS,
    ENVIRONMENT_MINISTRY,
    HOSTS,
    INTERNATIONAL_BODIES,
    NATIONAL_BODIES,
)


def countries(writer):
    """The seed's countries by ISO code: found, or created with the seed's values."""
    found = {c.code: c for c in Country.objects.filter(code__in=[r[0] for r in seed.COUNTRIES])}
    missing = [
        Country(code=code, name=name, slug=slug, is_asean_member=asean)
        for code, name, slug, asean in seed.COUNTRIES
        if code not in found
    ]
    for country in missing:
        country.prepare_for_save()
    writer.bulk(None, Country, missing)
    found.update({c.code: c for c in missing})
    return found


def themes(writer):
    found = {t.slug: t for t in Theme.objects.filter(slug__in=[s for s, _ in seed.THEMES])}
    missing = [Theme(slug=slug, name=name) for slug, name in seed.THEMES if slug not in found]
    writer.bulk(None, Theme, missing)
    found.update({t.slug: t for t in missing})
    return [found[slug] for slug, _ in seed.THEMES]


def funds(writer):
    """JAIF (the seed's) and a few demo funds: found by slug, or created."""
    rows = [{k: seed.FUNDS[0][k] for k in ("slug", "name", "acronym", "description")}]
    rows += [
        {
            "slug": PREFIX + slugify(name),
            "name": name,
            "acronym": short,
            "description": f"A fund supporting regional environmental projects ({short}).",
        }
        for name, short in DEMO_FUNDS
    ]
    found = {f.slug: f for f in Fund.objects.filter(slug__in=[r["slug"] for r in rows])}
    missing = [Fund(**row) for row in rows if row["slug"] not in found]
    writer.bulk(None, Fund, missing)
    found.update({f.slug: f for f in missing})
    return [found[row["slug"]] for row in rows]


def organisations(writer, countries):
    """Per country: its environment ministry, national bodies, cities; then regional ones.

    The same list every time (no randomness): found by slug, or created. Returns
    {country code: [organisations]}, the international bodies under None.
    """
    rows = []
    for code in HOSTS:
        country = countries[code]
        named = [(ENVIRONMENT_MINISTRY[code], Organisation.Kind.MINISTRY), *NATIONAL_BODIES]
        for name, kind in named:
            rows.append((code, f"{name}, {country.name}", acronym(name), kind, country))
        for city in CITIES[code]:
            rows.append((code, f"City of {city}", "", Organisation.Kind.CITY, country))
    for name, short, kind, code in INTERNATIONAL_BODIES:
        rows.append((None, name, short, kind, countries[code] if code else None))
    slugs = [PREFIX + slugify(row[1]) for row in rows]
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    missing = []
    by_country = defaultdict(list)
    for slug, (code, name, short, kind, country) in zip(slugs, rows, strict=True):
        if slug not in found:
            found[slug] = Organisation(
                name=name, acronym=short, kind=kind, country=country, slug=slug
            )
            missing.append(found[slug])
        by_country[code].append(found[slug])
    writer.bulk(None, Organisation, missing)
    return by_country
