"""The whole published record as Popolo JSON (www.popoloproject.com/specs/), for tools
that read parliaments' data: persons, organizations (each country's delegation and the
organisations), memberships (participations, ``on_behalf_of`` a delegation), events
(series and their meetings), areas (countries); programmes, discussions, themes and
funds as ``x_`` extensions (docs/api-popolo.md). Names in English, Japanese in
``other_names`` (note "ja") and every text in both languages under ``x_translations``.
Built in a constant number of queries, once per content version (``popolo_bytes``).
"""

import contextlib
import json
import threading
import time

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import translation

from core.dates import DatePrecision, iso_partial
from core.derived import current_version, per_version
from meetings.models import (
    Country,
    Meeting,
    MeetingSeries,
    Organisation,
    Participation,
    Person,
)
from programmes.models import Discussion, Fund, Programme, Theme

LANGUAGES = ("en", "ja")


def text(value):
    """A stored text, or None when empty (a missing translation is null, never English)."""
    return value or None


def both(obj, field):
    return {language: text(getattr(obj, f"{field}_{language}", None)) for language in LANGUAGES}


def translations(obj, *fields):
    return {field: both(obj, field) for field in fields}


def japanese_name(obj, field="name"):
    name = text(getattr(obj, f"{field}_ja", None))
    return [{"name": name, "note": "ja"}] if name else []


class Links:
    """Absolute URLs of the public pages, in English and Japanese."""

    # Reversed once per page kind and language, the slug put in its place: a reverse()
    # under a language per link took 11 of a large record's 50 seconds.
    SLUG = "popolo-slug-placeholder"

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.patterns = {}

    def url(self, view_name, slug, language):
        pattern = self.patterns.get((view_name, language))
        if pattern is None:
            with translation.override(language):
                path = reverse(view_name, kwargs={"slug": self.SLUG})
            pattern = self.patterns[(view_name, language)] = self.base_url + path
        return pattern.replace(self.SLUG, slug)

    def pages(self, view_name, slug):
        return [
            {"url": self.url(view_name, slug, language), "note": f"public page ({language})"}
            for language in LANGUAGES
        ]

    def page(self, view_name, slug):
        return self.url(view_name, slug, "en")


def slug_identifier(slug):
    return [{"identifier": slug, "scheme": "slug"}]


# --- Identifiers: stable, from the natural keys ---------------------------------------------


def prefixed(kind):
    """The identifier function of one kind of object: "person/<slug>", "delegation/JP"."""
    return lambda key: f"{kind}/{key}"


person_id, delegation_id, organisation_id = map(prefixed, ("person", "delegation", "organisation"))
area_id, series_id, meeting_id = map(prefixed, ("country", "series", "meeting"))


# --- The parts ----------------------------------------------------------------------------


def areas(countries, links):
    return [
        {
            "id": area_id(country.code),
            "name": country.name_en,
            "identifier": country.code,
            "classification": "country",
            "sources": links.pages("countries:detail", country.slug),
            "x_translations": translations(country, "name"),
            "x_asean_member": country.is_asean_member,
        }
        for country in countries
    ]


def delegation(country, links):
    return {
        "id": delegation_id(country.code),
        "name": country.name_en,
        "other_names": japanese_name(country),
        "identifiers": [{"identifier": country.code, "scheme": "ISO 3166-1 alpha-2"}],
        "classification": "delegation",
        "area_id": area_id(country.code),
        "links": links.pages("countries:detail", country.slug),
        "x_translations": translations(country, "name"),
    }


def organisation(org, links):
    other_names = japanese_name(org)
    if org.acronym:
        other_names.append({"name": org.acronym, "note": "acronym"})
    return {
        "id": organisation_id(org.slug),
        "name": org.name_en,
        "other_names": other_names,
        "identifiers": slug_identifier(org.slug),
        "classification": org.kind,
        "area_id": area_id(org.country.code) if org.country_id else None,
        "links": links.pages("organisations:detail", org.slug),
        "x_translations": translations(org, "name"),
    }


def person(someone, links):
    return {
        "id": person_id(someone.slug),
        "name": someone.name_en,
        "other_names": japanese_name(someone),
        "identifiers": slug_identifier(someone.slug),
        "honorific_prefix": text(someone.honorific),
        "links": links.pages("people:detail", someone.slug),
        "x_translations": translations(someone, "name"),
    }


def series_event(series):
    return {
        "id": series_id(series.slug),
        "name": series.name_en,
        "description": text(series.description_en),
        "classification": "meeting-series",
        "identifiers": slug_identifier(series.slug),
        "x_organization_ids": [organisation_id(org.slug) for org in series.organisers.all()],
        "x_translations": translations(series, "name", "short_name", "description"),
    }


def meeting_event(meeting, links):
    country = meeting.host_country
    location = ", ".join(
        part for part in (meeting.venue_en, meeting.city_en, country.name_en) if part
    )
    with translation.override("en"):
        name = meeting.title_en or meeting.default_title()
    day_known = meeting.date_precision == DatePrecision.DAY
    return {
        "id": meeting_id(meeting.slug),
        "name": name,
        "description": text(meeting.outline_en),
        "start_date": iso_partial(meeting.start_date, meeting.date_precision),
        "end_date": meeting.end_date.isoformat() if meeting.end_date and day_known else None,
        "location": location,
        "classification": meeting.kind.slug,
        "identifiers": slug_identifier(meeting.slug),
        "parent_id": series_id(meeting.series.slug),
        "sources": links.pages("meetings:detail", meeting.slug),
        "x_date_precision": meeting.date_precision,
        "x_number": meeting.number,
        "x_host_country": area_id(country.code),
        "x_translations": translations(meeting, "title", "outline", "venue", "city"),
    }


def membership(participation):
    meeting = participation.meeting
    on_behalf_of = delegation_id(participation.country.code) if participation.country_id else None
    organisation_of = (
        organisation_id(participation.organisation.slug) if participation.organisation_id else None
    )
    entry = {
        "id": f"participation/{meeting.slug}/{participation.order}",
        "role": participation.role,
        "label": text(participation.title_en),
        "on_behalf_of_id": on_behalf_of,
        "start_date": iso_partial(meeting.start_date, meeting.date_precision),
        "x_event_id": meeting_id(meeting.slug),
        "x_translations": translations(participation, "title"),
    }
    if participation.person_id:
        entry["person_id"] = person_id(participation.person.slug)
        entry["organization_id"] = organisation_of or on_behalf_of
    else:
        # An organisation (or a delegation) without a named person: the member is it.
        member = organisation_of or on_behalf_of
        entry["member"] = {"@type": "Organization", "id": member}
        entry["organization_id"] = on_behalf_of if organisation_of else None
    return entry


def programme(item):
    return {
        "id": f"programme/{item.slug}",
        "name": item.name_en,
        "acronym": text(item.acronym),
        "kind": item.kind,
        "status": item.programme_status,
        "start_year": item.start_year,
        "end_year": item.end_year,
        "fund_id": f"fund/{item.fund.slug}" if item.fund_id else None,
        "theme_ids": [f"theme/{theme.slug}" for theme in item.themes.all()],
        "area_ids": [area_id(country.code) for country in item.countries.all()],
        "x_translations": translations(item, "name", "other_names", "summary", "description"),
    }


# --- The whole record --------------------------------------------------------------------


def published_people():
    return Person.objects.filter(
        Exists(Participation.objects.published().filter(person=OuterRef("pk")))
    ).order_by("slug")


def build(base_url):
    """The published record as a Popolo document (a dict), in a constant number of queries."""
    links = Links(base_url)
    countries = list(Country.objects.order_by("code"))
    meetings = list(
        Meeting.objects.published()
        .select_related("series", "kind", "host_country")
        .order_by("start_date", "slug")
    )
    participations = (
        Participation.objects.published()
        .select_related("meeting", "person", "organisation", "country")
        .order_by("meeting__start_date", "meeting__slug", "order", "pk")
    )
    programmes = (
        Programme.objects.published()
        .select_related("fund")
        .prefetch_related(
            Prefetch("themes", Theme.objects.order_by("slug")),
            Prefetch("countries", Country.objects.order_by("code")),
        )
        .order_by("slug")
    )
    discussions = (
        Discussion.objects.filter(
            meeting__in=Meeting.objects.published(), programme__in=Programme.objects.published()
        )
        .select_related("meeting", "programme")
        .order_by("meeting__start_date", "meeting__slug", "programme__slug")
    )
    # Series, themes and funds as the site's filters offer them: those a published record uses.
    series = (
        MeetingSeries.objects.filter(
            Exists(Meeting.objects.published().filter(series=OuterRef("pk")))
        )
        .prefetch_related(Prefetch("organisers", Organisation.objects.order_by("slug")))
        .order_by("slug")
    )
    used = Programme.objects.published()
    themes = Theme.objects.filter(Exists(used.filter(themes=OuterRef("pk")))).order_by("slug")
    funds = Fund.objects.filter(Exists(used.filter(fund=OuterRef("pk")))).order_by("slug")
    organisations = Organisation.objects.select_related("country").order_by("slug")
    return {
        "persons": [person(someone, links) for someone in published_people()],
        "organizations": [delegation(country, links) for country in countries]
        + [organisation(org, links) for org in organisations],
        "memberships": [membership(participation) for participation in participations],
        "events": [series_event(item) for item in series]
        + [meeting_event(meeting, links) for meeting in meetings],
        "areas": areas(countries, links),
        "x_programmes": [
            {**programme(item), "links": links.pages("programmes:detail", item.slug)}
            for item in programmes
        ],
        "x_discussions": [
            {
                "id": f"discussion/{item.meeting.slug}/{item.programme.slug}",
                "event_id": meeting_id(item.meeting.slug),
                "programme_id": f"programme/{item.programme.slug}",
                "stage": item.stage,
                "note": text(item.note),
            }
            for item in discussions
        ],
        "x_themes": [
            {
                "id": f"theme/{theme.slug}",
                "name": theme.name_en,
                "x_translations": translations(theme, "name"),
            }
            for theme in themes
        ],
        "x_funds": [
            {
                "id": f"fund/{fund.slug}",
                "name": fund.name_en,
                "acronym": text(fund.acronym),
                "x_translations": translations(fund, "name", "description"),
            }
            for fund in funds
        ],
    }


def render(base_url):
    """The document as UTF-8 JSON bytes."""
    return json.dumps(build(base_url), ensure_ascii=False, separators=(",", ":")).encode()


# One build at a time, across servers and in each process: a large record takes tens of
# seconds, and the requests meanwhile are told to come back (BeingBuilt) instead of each
# building it again.
BUILD_LOCK_SECONDS = 300
_building = threading.Lock()


class BeingBuilt(Exception):
    """Another request is building this version's document."""


def build_lock_key(base_url):
    return f"popolo-building:{current_version()}:{base_url}"


def popolo_document(base_url):
    """(when built, as a timestamp; the bytes) for the current content version: computed
    once per version and site address, kept in the shared cache (a cache that fails means
    computing again, never an error); BeingBuilt while another request builds it."""

    def build_once():
        try:
            shared = cache.add(build_lock_key(base_url), 1, BUILD_LOCK_SECONDS)
        except Exception:  # a cache that fails: this process's lock still holds
            shared = True
        if not shared or not _building.acquire(blocking=False):
            raise BeingBuilt
        try:
            return int(time.time()), render(base_url)
        finally:
            _building.release()
            with contextlib.suppress(Exception):
                cache.delete(build_lock_key(base_url))

    return per_version(f"popolo:{base_url}", build_once)
