"""The demo records themselves: series, meetings, people, participations, programmes.

``Generator.run()`` builds them with one seeded random source, in a fixed order, and
writes them in one transaction; the same seed and sizes give the same records. A share
are drafts and about 1% scheduled, so every public page has something to leave out.
"""

import datetime
import math
import random
from collections import Counter, defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.dates import DatePrecision
from core.models import PublicationStatus
from core.statistics import analyze_tables
from meetings.models import Meeting, MeetingSeries, Participation, Person
from programmes.models import Discussion, Programme

from ..meeting_kinds import kinds
from . import reference
from .documents import make_documents
from .naming import PREFIX, acronym, unique_name
from .sizes import check
from .vocabulary import (
    CITIES,
    DISCUSSION_HOSTS,
    DISCUSSION_NOTES,
    ENVIRONMENT_MINISTRY,
    FORMATS,
    HONORIFIC_WEIGHTS,
    HONORIFICS,
    HOSTS,
    KIND_WEIGHTS,
    NAMES,
    NOUNS,
    OTHER_ROLE_WEIGHTS,
    OTHER_ROLES,
    OUTLINE_SENTENCES,
    PARTNERS,
    PHASES,
    REGIONS,
    ROLE_TITLES,
    SUBJECTS,
    TITLES,
    TOPICS,
    VENUES,
)
from .writing import Writer

FIRST_YEAR, LAST_YEAR = 1990, 2024  # all in the past, so publish times are too
SCHEDULED_SHARE = 0.01  # of meetings and programmes: published, but not yet
PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT


def split(total, parts, rng, skew=0.5):
    """``total`` split into ``parts`` counts of uneven size (1 +/- skew), summing to total."""
    weights = [rng.uniform(1 - skew, 1 + skew) for _ in range(parts)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    # The remainder goes to the largest fractions, so the sum is exact.
    order = sorted(range(parts), key=lambda i: (weights[i] * scale) % 1, reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


class Generator(Writer):
    """One run: a seeded random source, the clock, and (as a ``Writer``) what it wrote."""

    def __init__(self, seed=0, draft_share=0.1, progress=None):
        super().__init__(progress)
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
        self.draft_share = draft_share
        self.now = timezone.now()

    # Who takes part ----------------------------------------------------------------------

    def people(self, total):
        """About ``total`` people, spread over the host countries, named in their style."""
        new_slug = self.slugs(Person)
        people = {}
        for code, count in zip(HOSTS, split(total, len(HOSTS), self.rng, skew=0.3), strict=True):
            givens, families, family_first = NAMES[code]
            group = []
            for _ in range(max(count, 1)):
                given, family = self.rng.choice(givens), self.rng.choice(families)
                name = f"{family} {given}" if family_first else f"{given} {family}"
                honorific = self.rng.choices(HONORIFICS, HONORIFIC_WEIGHTS)[0]
                slug = new_slug(PREFIX + slugify(name))
                group.append(Person(name=name, honorific=honorific, slug=slug))
            people[code] = group
        self.bulk("people", Person, [p for group in people.values() for p in group])
        return people

    # Series and meetings -----------------------------------------------------------------

    def series(self, count, organisations):
        new_slug = self.slugs(MeetingSeries)
        taken_names = set(MeetingSeries.objects.values_list("name", flat=True))
        combos = [(p, f, t) for p in PARTNERS for f in FORMATS for t in TOPICS]
        self.rng.shuffle(combos)
        series = []
        for i in range(count):
            partners, (form, form_short), (topic, topic_short) = combos[i % len(combos)]
            round_ = i // len(combos)
            name = f"{partners} {form} {topic}" + (f" ({round_ + 1})" if round_ else "")
            name = unique_name(name, taken_names, [])
            series.append(
                MeetingSeries(
                    name=name,
                    short_name=f"{partners} {topic_short} {form_short}",
                    slug=new_slug(PREFIX + slugify(name)),
                    description=(
                        f"The {name} brings together the environment ministries of "
                        f"{'Japan and ' if 'Japan' in partners else ''}the ASEAN Member "
                        f"States to discuss {topic[0].lower() + topic[1:]}.\n\n"
                        "*Synthetic demonstration data.*"
                    ),
                )
            )
        self.bulk("series", MeetingSeries, series)
        regional = organisations.get(None, [])
        through = MeetingSeries.organisers.through
        links = []
        for s in series:
            chosen = self.rng.sample(organisations["JP"][:1] + regional, k=2)
            links += [through(meetingseries_id=s.pk, organisation_id=o.pk) for o in chosen]
        self.bulk(None, through, links)
        return series

    def meeting_date(self, first_year):
        """(start, end, precision): mostly known to the day, some to the month or year."""
        first = datetime.date(first_year, 1, 1).toordinal()
        last = datetime.date(LAST_YEAR, 12, 31).toordinal()
        start = datetime.date.fromordinal(self.rng.randint(first, last))
        precision = self.rng.choices(
            [DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR], [75, 15, 10]
        )[0]
        end = None
        if precision == DatePrecision.DAY and self.rng.random() < 0.4:
            end = start + datetime.timedelta(days=self.rng.randint(1, 3))
        return start, end, precision

    def statuses(self, count):
        """ "draft", "scheduled" or "live" for each of ``count`` records, chosen at random."""
        indexes = list(range(count))
        drafts = set(self.rng.sample(indexes, round(count * self.draft_share)))
        live = [i for i in indexes if i not in drafts]
        # Keep at least one record public; a few of the rest wait for their publish time.
        n_scheduled = min(math.ceil(count * SCHEDULED_SHARE), max(len(live) - 1, 0))
        scheduled = set(self.rng.sample(live, n_scheduled))
        return [
            "draft" if i in drafts else "scheduled" if i in scheduled else "live" for i in indexes
        ]

    def publish(self, record, state, when):
        """Set status and publish time: ``when`` for a live record, soon for a scheduled one."""
        if state == "draft":
            record.status, record.published_at = DRAFT, None
        elif state == "scheduled":
            hours = self.rng.randint(24, 24 * 60)
            record.status, record.published_at = (
                PUBLISHED,
                self.now + datetime.timedelta(hours=hours),
            )
        else:
            record.status, record.published_at = PUBLISHED, when

    def published_after(self, day, max_days=90):
        moment = datetime.datetime.combine(
            day, datetime.time(9, 0), tzinfo=datetime.UTC
        ) + datetime.timedelta(days=self.rng.randint(1, max_days), minutes=self.rng.randrange(480))
        return min(moment, self.now)

    def meetings(self, count, series, countries):
        new_slug = self.slugs(Meeting)
        dialogue, ministerial, other = kinds("dialogue", "ministerial", "other").values()
        meetings = []
        states = iter(self.statuses(count))
        for s, n in zip(series, split(count, len(series), self.rng), strict=True):
            first_year = self.rng.randint(FIRST_YEAR, 2012)
            numbered_ministerials = self.rng.random() < 0.7
            dates = sorted((self.meeting_date(first_year) for _ in range(n)), key=lambda d: d[0])
            numbers = Counter()
            for start, end, precision in dates:
                kind = self.rng.choices([dialogue, ministerial, other], [80, 12, 8])[0]
                number = None
                if kind != ministerial or numbered_ministerials:
                    numbers[kind.slug] += 1
                    number = numbers[kind.slug]
                host = self.rng.choice(HOSTS)
                city = self.rng.choice(CITIES[host])
                meeting = Meeting(
                    series=s,
                    kind=kind,
                    number=number,
                    start_date=start,
                    end_date=end,
                    date_precision=precision,
                    city=city,
                    venue=self.rng.choice(VENUES).format(city=city),
                    host_country=countries[host],
                    outline=self.outline(),
                )
                meeting.title = meeting.default_title()
                base = f"{PREFIX}{slugify(s.short_name)}-{slugify(meeting.title)}-{start.year}"
                meeting.slug = new_slug(base)
                self.publish(meeting, next(states), self.published_after(start))
                meeting.prepare_for_save()
                meetings.append(meeting)
        return self.bulk("meetings", Meeting, meetings)

    def outline(self):
        a, b = self.rng.sample(SUBJECTS, 2)
        sentences = self.rng.sample(OUTLINE_SENTENCES, self.rng.randint(2, 4))
        text = " ".join(x.format(a=a[0].lower(), b=b[0].lower()) for x in sentences)
        if self.rng.random() < 0.3:
            text += "\n\nThe meeting agreed to:\n\n- share good practices\n- meet again next year"
        return text

    def participations(self, count, meetings, countries, people, organisations):
        per_meeting = Counter(self.rng.choices(range(len(meetings)), k=count))
        regional = organisations.get(None, [])
        rows = []
        for index, meeting in enumerate(meetings):
            host = meeting.host_country.code
            for order in range(1, per_meeting[index] + 1):
                if order == 1:
                    role, code = Participation.Role.CHAIR, host
                elif order == 2:
                    role = Participation.Role.CO_CHAIR
                    code = "JP" if host != "JP" else self.rng.choice(HOSTS[:-1])
                else:
                    role = self.rng.choices(OTHER_ROLES, OTHER_ROLE_WEIGHTS)[0]
                    code = self.rng.choice(HOSTS)
                person = self.rng.choice(people[code])
                if role == Participation.Role.OBSERVER and regional:
                    # Observers mostly speak for a regional body, not a country.
                    organisation, country = self.rng.choice(regional), None
                    person = person if self.rng.random() < 0.5 else None
                else:
                    ministry_first = organisations[code]
                    pick = 0 if self.rng.random() < 0.7 else self.rng.randrange(len(ministry_first))
                    organisation, country = ministry_first[pick], countries[code]
                rows.append(
                    Participation(
                        meeting=meeting,
                        person=person,
                        organisation=organisation,
                        country=country,
                        role=role,
                        title=self.rng.choice(TITLES[ROLE_TITLES[role]]) if person else "",
                        order=order,
                    )
                )
        return self.bulk("participations", Participation, rows)

    # Programmes and discussions ----------------------------------------------------------

    def programmes(self, count, meetings, discussions, themes, funds, countries):
        """Programmes, their links, and the ``discussions`` meetings that discussed them."""
        # Which meeting discussed which programme: distinct pairs, chosen first, so that a
        # programme's years and stages can follow the meetings that discussed it.
        pairs = self.rng.sample(range(len(meetings) * count), discussions) if discussions else []
        discussed = defaultdict(list)
        for pair in pairs:
            discussed[pair % count].append(meetings[pair // count])
        new_slug = self.slugs(Programme)
        taken_names = set(Programme.objects.values_list("name", flat=True))
        themes_by_slug = {t.slug: t for t in themes}
        kinds = list(NOUNS)
        states = self.statuses(count)
        programmes, links = [], []
        for index in range(count):
            kind = self.rng.choices(kinds, KIND_WEIGHTS)[0]
            region = self.rng.choice(REGIONS)
            subject, theme_slug = self.rng.choice(SUBJECTS)
            noun = self.rng.choice(NOUNS[kind])
            name = unique_name(f"{region} {subject} {noun}", taken_names, PHASES)
            at = sorted(discussed[index], key=lambda m: (m.start_date, m.pk))
            # Proposed, pending funding, ongoing, completed, or not said.
            status = self.rng.choices([*Programme.Status, ""], [10, 5, 35, 40, 10])[0]
            start_year = at[0].start_date.year if at else self.rng.randint(2000, LAST_YEAR)
            end_year = None
            if status == Programme.Status.COMPLETED:
                end_year = max(at[-1].start_date.year if at else start_year, start_year)
            partner_codes = self.rng.sample(HOSTS, self.rng.randint(1, 6))
            short = acronym(name) if self.rng.random() < 0.5 else ""
            programme = Programme(
                name=name,
                acronym=short,
                other_names=f"{region} {subject} Project" if self.rng.random() < 0.15 else "",
                slug=new_slug(PREFIX + slugify(name)),
                kind=kind,
                summary=f"{noun} on {subject.lower()} with "
                f"{', '.join(countries[c].name for c in sorted(partner_codes))}."[:300],
                description=(
                    f"The {name} supports {subject.lower()} in the region through training, "
                    "pilot activities and the exchange of good practice.\n\n"
                    f"- Lead: {self.rng.choice(list(ENVIRONMENT_MINISTRY.values()))}\n"
                    f"- Partners: {len(partner_codes)} countries"
                ),
                fund=self.rng.choice(funds) if self.rng.random() < 0.7 else None,
                start_year=start_year,
                end_year=end_year,
                programme_status=status,
            )
            self.publish(
                programme, states[index], self.published_after(datetime.date(start_year, 1, 1), 365)
            )
            programme.prepare_for_save()
            programmes.append(programme)
            extra = self.rng.sample(themes, self.rng.randint(0, 2))
            chosen = [themes_by_slug[theme_slug]] + [t for t in extra if t.slug != theme_slug]
            links.append(([t.pk for t in chosen], [countries[c].pk for c in partner_codes], at))
        self.bulk("programmes", Programme, programmes)

        theme_links, country_links, rows = [], [], []
        ThemeLink, CountryLink = Programme.themes.through, Programme.countries.through
        for programme, (theme_ids, country_ids, at) in zip(programmes, links, strict=True):
            theme_links += [ThemeLink(programme_id=programme.pk, theme_id=t) for t in theme_ids]
            country_links += [
                CountryLink(programme_id=programme.pk, country_id=c) for c in country_ids
            ]
            rows += self.discussions(programme, at)
        self.bulk(None, ThemeLink, theme_links)
        self.bulk(None, CountryLink, country_links)
        self.bulk("discussions", Discussion, rows)
        return programmes

    def discussions(self, programme, meetings):
        """One discussion per meeting, in date order: proposed, considered, ... completed."""
        rows = []
        last = len(meetings) - 1
        for position, meeting in enumerate(meetings):
            if position == 0:
                stage = Discussion.Stage.PROPOSED
            elif position == last and programme.programme_status == Programme.Status.COMPLETED:
                stage = self.rng.choice([Discussion.Stage.COMPLETED, Discussion.Stage.EVALUATED])
            elif position <= 2:
                stage = self.rng.choice([Discussion.Stage.CONSIDERED, Discussion.Stage.APPROVED])
            else:
                stage = Discussion.Stage.PROGRESS_REPORTED
            note = self.rng.choice(DISCUSSION_NOTES[stage])
            who = self.rng.choice(DISCUSSION_HOSTS)
            rows.append(
                Discussion(
                    meeting=meeting, programme=programme, stage=stage, note=note.format(who=who)
                )
            )
        return rows

    # All of it ---------------------------------------------------------------------------

    def run(self, sizes):
        with transaction.atomic():
            countries = reference.countries(self)
            themes = reference.themes(self)
            funds = reference.funds(self)
            organisations = (
                reference.organisations(self, countries)
                if sizes.series or sizes.participations
                else {}
            )
            series = self.series(sizes.series, organisations)
            meetings = self.meetings(sizes.meetings, series, countries) if sizes.meetings else []
            if sizes.participations:
                # About four participations a person: people come back to the series.
                people = self.people(max(len(HOSTS), sizes.participations // 4))
                self.participations(
                    sizes.participations, meetings, countries, people, organisations
                )
            programmes = []
            if sizes.programmes:
                programmes = self.programmes(
                    sizes.programmes, meetings, sizes.discussions, themes, funds, countries
                )
            make_documents(self, meetings, programmes)
            # Fresh statistics for what was written (PostgreSQL), once it is committed.
            analyze_tables(self.written)
        return self.counts


def generate(sizes, seed=0, draft_share=0.1, progress=None):
    """Write the demo records; returns the number of rows written per model (verbose name)."""
    problems = check(sizes, draft_share)
    if problems:
        raise ValueError(" ".join(problems))
    return Generator(seed, draft_share, progress).run(sizes)
