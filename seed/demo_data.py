"""Realistic synthetic records for benchmarks and demos (``manage.py generate_demo_data``).

``generate(sizes, seed=...)`` writes series, meetings, people, organisations,
participations, programmes and discussions (slugs ``demo-...``) in one transaction, in
bulk: no signals, no history versions. A share are drafts and about 1% scheduled, so every
public page has something to leave out; the same seed gives the same records. Countries,
themes and the JAIF fund are the seed record's rows, found or created with its values;
``clear()`` removes the generated rows and leaves them. In the product rather than in
bench/ because the command is the site's; the benchmarks only call it.
"""

import datetime
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.management.base import OutputWrapper
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from core.dates import DatePrecision
from meetings.importing import analyze_tables
from meetings.models import (
    Country,
    Meeting,
    MeetingSeries,
    Organisation,
    Participation,
    Person,
    PublicationStatus,
)
from programmes.models import Discussion, Fund, Programme, Theme
from seed import japan_asean_dialogue as seed

PREFIX = "demo-"  # every generated series, meeting, programme, person, organisation, fund
BATCH = 1000  # rows per bulk_create call (Django splits further for SQLite's limits)
FIRST_YEAR, LAST_YEAR = 1990, 2024  # all in the past, so publish times are too
SCHEDULED_SHARE = 0.01  # of meetings and programmes: published, but not yet
MAX_PARTICIPATIONS_PER_MEETING = 1000  # on average; keeps `order` far below its limit
PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT


@dataclass(frozen=True)
class Sizes:
    series: int = 0
    meetings: int = 0
    participations: int = 0
    programmes: int = 0
    discussions: int = 0


def check(sizes, draft_share):
    """The problems with these arguments, as sentences (empty when they are fine)."""
    problems = [
        f"--{name} must be a whole number, 0 or more (got {value})."
        for name, value in vars(sizes).items()
        if value < 0
    ]
    if problems:
        return problems
    if not 0 <= draft_share <= 1:
        problems.append(f"--draft-share must be between 0 and 1 (got {draft_share}).")
    if sizes.meetings and not sizes.series:
        problems.append("Meetings need a series: give --series 1 or more.")
    if sizes.participations and not sizes.meetings:
        problems.append("Participations need meetings: give --meetings 1 or more.")
    elif sizes.participations > MAX_PARTICIPATIONS_PER_MEETING * sizes.meetings:
        problems.append(
            f"At most {MAX_PARTICIPATIONS_PER_MEETING} participations a meeting on average: "
            f"give no more than {MAX_PARTICIPATIONS_PER_MEETING * sizes.meetings} "
            "participations, or more meetings."
        )
    if sizes.discussions and not (sizes.meetings and sizes.programmes):
        problems.append("Discussions need meetings and programmes: give both.")
    elif sizes.discussions > sizes.meetings * sizes.programmes:
        problems.append(
            "A meeting discusses a programme at most once: give no more than "
            f"{sizes.meetings * sizes.programmes} discussions (meetings x programmes)."
        )
    if sizes.series > 0 and sizes.meetings > 10_000 * sizes.series:
        problems.append("At most 10,000 meetings a series: give more series.")
    return problems


# Progress ---------------------------------------------------------------------------------


class ProgressBar:
    """``meetings      4000/10000 [############                  ]  40%``.

    On a terminal the line is redrawn in place; in a log, a line is written each time
    another tenth is done, so the log stays short. ``stream=None`` is silent.
    """

    WIDTH = 30

    def __init__(self, stream=None):
        self.stream = stream
        self.live = stream is not None and stream.isatty()

    def __call__(self, label, total):
        return Bar(self, label, total)

    def write(self, text):
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")  # it would add a newline otherwise
        else:
            self.stream.write(text)
        self.stream.flush()


class Bar:
    """One phase of a ``ProgressBar``: ``update(done)`` after each batch."""

    def __init__(self, owner, label, total):
        self.owner, self.label, self.total = owner, label, total
        self.shown_tenths = 0
        if owner.live:
            self.update(0)

    def update(self, done):
        if self.owner.stream is None:
            return
        share = done / self.total if self.total else 1.0
        filled = round(ProgressBar.WIDTH * share)
        bar = "#" * filled + " " * (ProgressBar.WIDTH - filled)
        digits = len(str(self.total))
        line = f"{self.label:<15} {done:>{digits}}/{self.total} [{bar}] {share:4.0%}"
        if self.owner.live:
            self.owner.write("\r" + line + ("\n" if done >= self.total else ""))
        elif int(share * 10) > self.shown_tenths:
            self.shown_tenths = int(share * 10)
            self.owner.write(line + "\n")


# Vocabulary -------------------------------------------------------------------------------

HOSTS = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "JP"]

CITIES = {
    "BN": ["Bandar Seri Begawan"],
    "KH": ["Phnom Penh", "Siem Reap"],
    "ID": ["Jakarta", "Surabaya", "Denpasar", "Yogyakarta"],
    "LA": ["Vientiane", "Luang Prabang"],
    "MY": ["Kuala Lumpur", "Putrajaya", "Penang"],
    "MM": ["Nay Pyi Taw", "Yangon"],
    "PH": ["Manila", "Cebu", "Davao"],
    "SG": ["Singapore"],
    "TH": ["Bangkok", "Chiang Mai", "Hua Hin"],
    "VN": ["Hanoi", "Ho Chi Minh City", "Đà Nẵng", "Huế"],
    "JP": ["Tokyo", "Kitakyushu", "Yokohama", "Kyoto", "Osaka"],
}

VENUES = [
    "{city} International Convention Centre",
    "Grand Hotel {city}",
    "{city} Marriott Hotel",
    "National Convention Center, {city}",
    "Sheraton {city}",
    "",
]

ENVIRONMENT_MINISTRY = {
    "BN": "Ministry of Development",
    "KH": "Ministry of Environment",
    "ID": "Ministry of Environment and Forestry",
    "LA": "Ministry of Natural Resources and Environment",
    "MY": "Ministry of Natural Resources and Environmental Sustainability",
    "MM": "Ministry of Natural Resources and Environmental Conservation",
    "PH": "Department of Environment and Natural Resources",
    "SG": "Ministry of Sustainability and the Environment",
    "TH": "Ministry of Natural Resources and Environment",
    "VN": "Ministry of Natural Resources and Environment",
    "JP": "Ministry of the Environment",
}

NATIONAL_BODIES = [
    ("Ministry of Foreign Affairs", Organisation.Kind.MINISTRY),
    ("Pollution Control Department", Organisation.Kind.MINISTRY),
    ("Department of Climate Change", Organisation.Kind.MINISTRY),
    ("National Environment Agency", Organisation.Kind.OTHER),
    ("Institute of Environmental Research", Organisation.Kind.OTHER),
]

INTERNATIONAL_BODIES = [
    ("ASEAN Secretariat", "ASEC", Organisation.Kind.SECRETARIAT, None),
    ("ASEAN Centre for Biodiversity", "ACB", Organisation.Kind.INTERGOVERNMENTAL, "PH"),
    ("United Nations Environment Programme, Asia and the Pacific Office", "UNEP",
     Organisation.Kind.INTERGOVERNMENTAL, "TH"),
    ("Asian Development Bank", "ADB", Organisation.Kind.INTERGOVERNMENTAL, "PH"),
    ("Institute for Global Environmental Strategies", "IGES", Organisation.Kind.OTHER, "JP"),
    ("Japan International Cooperation Agency", "JICA", Organisation.Kind.OTHER, "JP"),
    ("Economic Research Institute for ASEAN and East Asia", "ERIA",
     Organisation.Kind.INTERGOVERNMENTAL, "ID"),
    ("Japan-ASEAN Integration Fund Management Team", "JAIF MT", Organisation.Kind.FUND, "ID"),
]  # fmt: skip

# (given names, family names, family name first)
NAMES = {
    "BN": (["Haji Mohd", "Dayang", "Awang", "Siti Rafidah", "Hajah Norhayati", "Abdul Rahim",
            "Nur Amalina", "Pengiran Hashim", "Haji Zainal", "Norliza"],
           ["bin Haji Ismail", "binti Abdullah", "bin Osman", "binti Hamid", "bin Yakub",
            "bin Haji Tahir", "binti Jaafar", "bin Metussin"], False),
    "KH": (["Sophal", "Dara", "Sreymom", "Vuthy", "Chanthy", "Bopha", "Rithy", "Sokha", "Piseth",
            "Kanha", "Samnang", "Visal"],
           ["Sok", "Chan", "Keo", "Heng", "Meas", "Prak", "Chea", "Ly", "Kim", "Touch", "Srey",
            "Nhem"], True),
    "ID": (["Siti", "Budi", "Dewi", "Agus", "Rina", "Bambang", "Sri", "Hendra", "Wahyu", "Nurul",
            "Rizal", "Indah", "Tri", "Yuli"],
           ["Santoso", "Wijaya", "Gunawan", "Hidayat", "Saputra", "Kusuma", "Pratama",
            "Setiawan", "Rahman", "Susanto", "Lestari", "Handayani"], False),
    "LA": (["Bounmy", "Khamphone", "Somphone", "Vilayvanh", "Phonesavanh", "Souksavanh",
            "Chanthala", "Bounthavy", "Sisouk", "Khampheng"],
           ["Phommasack", "Vongsa", "Sayavong", "Keomany", "Inthavong", "Souvannavong",
            "Chanthavong", "Phommachanh", "Sengdara", "Luangrath"], False),
    "MY": (["Ahmad", "Azman", "Nor Aini", "Siti Hajar", "Zulkifli", "Hafiz", "Rosnah", "Kamal",
            "Wei Ming", "Mei Ling", "Kavitha", "Rajesh"],
           ["Ismail", "Hassan", "Abdullah", "Rahman", "Yusof", "Omar", "Lim", "Tan", "Wong",
            "Ibrahim", "Subramaniam"], False),
    "MM": (["Aung", "Khin", "Thida", "Kyaw", "Su", "Zaw", "Hla", "Tin", "Nyein", "Mya", "Win",
            "Thet"],
           ["Myint", "Win", "Htun", "Oo", "Thein", "Naing", "Lwin", "Soe", "Aye", "Thant",
            "Kyaw Zin", "Myat Mon"], False),
    "PH": (["Maria", "Jose", "Ana", "Ramon", "Teresa", "Antonio", "Cristina", "Roberto",
            "Elena", "Miguel", "Rosario", "Emmanuel"],
           ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Torres", "Villanueva",
            "Ramos", "Aquino", "Dela Cruz", "Fernandez"], False),
    "SG": (["Wei Ling", "Jun Jie", "Mei Hua", "Kelvin", "Rachel", "Siew Lan", "Marcus", "Priya",
            "Ravi", "Hui Min", "Benjamin", "Grace"],
           ["Tan", "Lim", "Lee", "Ng", "Ong", "Chua", "Goh", "Koh", "Teo", "Kumar", "Chong"],
           False),
    "TH": (["Somchai", "Suchart", "Pornthip", "Wanchai", "Kanokwan", "Nattapong", "Siriporn",
            "Prasert", "Arunee", "Chatchai", "Kittisak", "Malee"],
           ["Wongsawat", "Srisuk", "Chaiyaporn", "Boonmee", "Rattanakorn", "Thongchai",
            "Suwannarat", "Phromma", "Kaewkla", "Charoenphol", "Chaiwong"], False),
    "VN": (["Văn An", "Thị Lan", "Minh Tuấn", "Thanh Hải", "Quốc Hùng", "Thị Mai", "Đức Nam",
            "Thị Phương", "Văn Bình", "Thu Thảo", "Ngọc Linh", "Hoàng Yến"],
           ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Bùi", "Ngô", "Dương", "Võ", "Phan"],
           True),
    "JP": (["Hiroshi", "Takeshi", "Kenji", "Yuko", "Akiko", "Naoko", "Masaru", "Satoshi",
            "Keiko", "Tomoko", "Kazuhiro", "Yoshiko", "Daisuke", "Mariko", "Shinji"],
           ["Tanaka", "Suzuki", "Sato", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura",
            "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Matsumoto", "Inoue"], False),
}  # fmt: skip

HONORIFICS = ["Mr.", "Ms.", "Dr.", "H.E.", "Prof.", ""]
HONORIFIC_WEIGHTS = [40, 35, 12, 6, 3, 4]

TITLES = {
    "senior": [
        "Minister of Natural Resources and Environment",
        "Vice-Minister for Global Environmental Affairs",
        "Parliamentary Vice-Minister of the Environment",
        "Permanent Secretary",
        "Director-General, Environmental Management Bureau",
        "Deputy Director-General, Pollution Control Department",
        "Director-General, Global Environment Bureau",
    ],
    "officer": [
        "Director, International Cooperation Division",
        "Deputy Director, Climate Change Office",
        "Senior Officer, Environment Division",
        "Assistant Secretary, Policy and Planning",
        "Technical Officer, Waste Management Section",
        "Head, Biodiversity Conservation Unit",
        "Principal Assistant Secretary, Environmental Policy",
    ],
    "expert": [
        "Senior Researcher",
        "Professor of Environmental Engineering",
        "Programme Officer",
        "Senior Policy Researcher",
        "Team Leader, Sustainable Cities",
    ],
}
ROLE_TITLES = {
    Participation.Role.CHAIR: "senior",
    Participation.Role.CO_CHAIR: "senior",
    Participation.Role.HEAD_OF_DELEGATION: "senior",
    Participation.Role.DELEGATE: "officer",
    Participation.Role.SPEAKER: "expert",
    Participation.Role.OBSERVER: "expert",
}
OTHER_ROLES = [
    Participation.Role.HEAD_OF_DELEGATION,
    Participation.Role.DELEGATE,
    Participation.Role.SPEAKER,
    Participation.Role.OBSERVER,
]
OTHER_ROLE_WEIGHTS = [20, 55, 15, 10]

# Series names: "<partners> <format> <topic>"; short names "<partners> <topic> <format>".
PARTNERS = ["Japan-ASEAN", "ASEAN+3", "East Asia Summit", "Mekong-Japan", "ASEAN",
            "Asia-Pacific", "Southeast Asia", "ASEAN-Japan", "BIMP-EAGA",
            "Japan-Mekong"]  # fmt: skip
FORMATS = [
    ("Dialogue on", "Dialogue"),
    ("Policy Dialogue on", "Policy Dialogue"),
    ("Forum on", "Forum"),
    ("Ministerial Meeting on", "Ministerial Meeting"),
    ("Working Group on", "Working Group"),
    ("High-Level Seminar on", "Seminar"),
]
TOPICS = [
    ("Environmental Cooperation", "Environment"),
    ("Climate Change", "Climate"),
    ("Marine Plastic Litter", "Marine Litter"),
    ("Biodiversity", "Biodiversity"),
    ("Sustainable Cities", "Cities"),
    ("Water Resources Management", "Water"),
    ("Chemicals and Waste", "Chemicals"),
    ("Clean Air", "Clean Air"),
    ("Environmental Education", "Education"),
    ("the Circular Economy", "Circular Economy"),
    ("Low-Carbon Growth", "Low Carbon"),
    ("Disaster Waste Management", "Disaster Waste"),
]

# Programme names: "<region> <subject> <noun>"; each subject belongs to a seed theme.
REGIONS = ["Japan-ASEAN", "ASEAN", "ASEAN+3", "East Asia", "Mekong", "Southeast Asian",
           "Asia-Pacific", "Regional", "ASEAN-Japan", "Japan-Mekong"]  # fmt: skip
SUBJECTS = [
    ("Mercury Monitoring", "chemicals-and-mercury"),
    ("Chemical Safety", "chemicals-and-mercury"),
    ("Hazardous Waste", "chemicals-and-mercury"),
    ("Marine Plastic Debris", "waste-and-3r"),
    ("3R Promotion", "waste-and-3r"),
    ("E-waste Management", "waste-and-3r"),
    ("Food Loss and Waste Reduction", "waste-and-3r"),
    ("Sound Material-Cycle Society", "waste-and-3r"),
    ("Low Carbon Cities", "sustainable-cities"),
    ("Environmentally Sustainable Cities", "sustainable-cities"),
    ("Urban Air Quality", "sustainable-cities"),
    ("Green Public Procurement", "sustainable-development"),
    ("Eco-labelling", "sustainable-development"),
    ("Environmental Impact Assessment", "sustainable-development"),
    ("Environmental Law Enforcement", "sustainable-development"),
    ("Wetland Conservation", "biodiversity"),
    ("Urban Biodiversity", "biodiversity"),
    ("Coral Reef Protection", "biodiversity"),
    ("Mangrove Rehabilitation", "biodiversity"),
    ("Heritage Parks", "biodiversity"),
    ("Invasive Species Control", "biodiversity"),
    ("Taxonomy Capacity Building", "biodiversity"),
    ("Water Quality Management", "water"),
    ("Wastewater Treatment", "water"),
    ("River Basin Management", "water"),
    ("Sanitation", "water"),
    ("Climate Change Adaptation", "climate-change"),
    ("Greenhouse Gas Inventory", "climate-change"),
    ("Joint Crediting", "climate-change"),
    ("Peatland Fire Prevention", "climate-change"),
    ("Transboundary Haze Monitoring", "climate-change"),
    ("Sustainable Transport", "transport"),
    ("Clean Vehicles", "transport"),
    ("Eco-School", "environmental-education"),
    ("Environmental Education", "environmental-education"),
    ("Youth Environmental Leadership", "environmental-education"),
]
NOUNS = {
    Programme.Kind.PROGRAMME: ["Programme", "Cooperation Programme", "Capacity Building Programme"],
    Programme.Kind.PROJECT: ["Project", "Pilot Project", "Workshop", "Training Course"],
    Programme.Kind.INITIATIVE: ["Initiative", "Partnership Initiative"],
    Programme.Kind.FORUM: ["Forum", "High-Level Forum", "Roundtable"],
    Programme.Kind.NETWORK: ["Network", "Knowledge Network", "Research Network"],
    Programme.Kind.MECHANISM: ["Mechanism", "Facility"],
    Programme.Kind.AGREEMENT: ["Framework", "Declaration", "Action Plan"],
}
KIND_WEIGHTS = [30, 30, 12, 8, 8, 6, 6]  # in NOUNS' order
PHASES = ["Phase II", "Phase III", "Phase IV", "Phase V"]

DEMO_FUNDS = [
    ("Japan Fund for Environmental Partnership", "JFEP"),
    ("ASEAN Environment Trust Fund", "AETF"),
    ("Mekong Green Growth Facility", "MGGF"),
    ("East Asia Low Carbon Fund", "EALCF"),
]

OUTLINE_SENTENCES = [
    "The meeting reviewed progress on {a} and {b}.",
    "Participants shared national experiences in {a}, and noted the need for better data.",
    "The meeting agreed to strengthen cooperation on {a} through joint activities.",
    "Japan introduced its support for {a} under the Japan-ASEAN Integration Fund.",
    "Delegates welcomed the report on {b} and asked the secretariat to circulate it.",
    "The chair summarised the discussion on {a} and proposed follow-up for the next meeting.",
    "Member States were invited to nominate focal points for {b}.",
]
DISCUSSION_NOTES = {
    Discussion.Stage.PROPOSED: ["Proposed by {who}.", "{who} introduced a concept note."],
    Discussion.Stage.CONSIDERED: ["Considered; members asked for a revised proposal.", ""],
    Discussion.Stage.APPROVED: ["Approved for funding.", "Endorsed by the meeting.", ""],
    Discussion.Stage.PROGRESS_REPORTED: [
        "{who} reported on activities in the past year.",
        "Progress reported; a workshop is planned.",
        "",
    ],
    Discussion.Stage.EVALUATED: ["An evaluation report was presented.", ""],
    Discussion.Stage.COMPLETED: ["Reported as completed; the final report was shared.", ""],
}
DISCUSSION_HOSTS = ["ASEAN Secretariat", "Japan", "Thailand", "Viet Nam", "Indonesia"]


class Slugs:
    """New slugs for one table: ``base``, else ``base-2``, ``base-3``..., never one taken."""

    def __init__(self, taken, max_length):
        self.taken, self.max_length = set(taken), max_length
        self.next_suffix = {}  # so the thousandth "kenji-tanaka" costs no more than the first

    def __call__(self, base):
        base = base[: self.max_length - 8].rstrip("-")
        slug = base
        if slug in self.taken:
            n = self.next_suffix.get(base, 2)
            while f"{base}-{n}" in self.taken:
                n += 1
            slug, self.next_suffix[base] = f"{base}-{n}", n + 1
        self.taken.add(slug)
        return slug


def unique_name(name, taken, suffixes):
    """``name``, or it with the first of ``suffixes`` (or a number) that makes it new."""
    candidates = [name] + [f"{name}, {s}" for s in suffixes]
    for candidate in candidates:
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    n = len(candidates) + 1
    while f"{name} ({n})" in taken:
        n += 1
    taken.add(f"{name} ({n})")
    return f"{name} ({n})"


def acronym(name):
    letters = "".join(word[0] for word in name.replace("-", " ").split() if word[0].isupper())
    return letters[:30] if len(letters) >= 2 else ""


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


# The generator ----------------------------------------------------------------------------


class Generator:
    """One run: a seeded random source, the progress bar, and the rows written so far."""

    def __init__(self, seed=0, draft_share=0.1, progress=None):
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
        self.draft_share = draft_share
        self.progress = progress or ProgressBar(None)
        self.now = timezone.now()
        self.counts = Counter()
        self.written = {}  # the models written to, in order: their tables are analysed

    # Writing ---------------------------------------------------------------------------

    def bulk(self, label, model, objects):
        """``bulk_create`` in batches with a progress bar; the objects get their ids."""
        bar = self.progress(label, len(objects)) if label else None
        self.written[model] = True
        for start in range(0, len(objects), BATCH):
            model.objects.bulk_create(objects[start : start + BATCH])
            if bar:
                bar.update(min(start + BATCH, len(objects)))
        # Many-to-many rows count as "links", not under their generated model names.
        name = "links" if model._meta.auto_created else model._meta.verbose_name_plural
        self.counts[str(name)] += len(objects)
        return objects

    def slugs(self, model):
        """A ``Slugs`` for ``model`` that avoids the demo slugs already in its table."""
        taken = model.objects.filter(slug__startswith=PREFIX).values_list("slug", flat=True)
        return Slugs(taken, model._meta.get_field("slug").max_length)

    # Shared vocabulary -----------------------------------------------------------------

    def countries(self):
        """The seed's countries by ISO code: found, or created with the seed's values."""
        found = {c.code: c for c in Country.objects.filter(code__in=[r[0] for r in seed.COUNTRIES])}
        missing = [
            Country(code=code, name=name, slug=slug, is_asean_member=asean)
            for code, name, slug, asean in seed.COUNTRIES
            if code not in found
        ]
        for country in missing:
            country.prepare_for_save()
        self.bulk(None, Country, missing)
        found.update({c.code: c for c in missing})
        return found

    def themes(self):
        found = {t.slug: t for t in Theme.objects.filter(slug__in=[s for s, _ in seed.THEMES])}
        missing = [Theme(slug=slug, name=name) for slug, name in seed.THEMES if slug not in found]
        self.bulk(None, Theme, missing)
        found.update({t.slug: t for t in missing})
        return [found[slug] for slug, _ in seed.THEMES]

    def funds(self):
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
        self.bulk(None, Fund, missing)
        found.update({f.slug: f for f in missing})
        return [found[row["slug"]] for row in rows]

    # Who takes part ----------------------------------------------------------------------

    def organisations(self, countries):
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
        self.bulk(None, Organisation, missing)
        return by_country

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
        meetings = []
        states = iter(self.statuses(count))
        for s, n in zip(series, split(count, len(series), self.rng), strict=True):
            first_year = self.rng.randint(FIRST_YEAR, 2012)
            numbered_ministerials = self.rng.random() < 0.7
            dates = sorted((self.meeting_date(first_year) for _ in range(n)), key=lambda d: d[0])
            numbers = Counter()
            for start, end, precision in dates:
                kind = self.rng.choices(list(Meeting.Kind), [80, 12, 8])[0]
                number = None
                if kind != Meeting.Kind.MINISTERIAL or numbered_ministerials:
                    numbers[kind] += 1
                    number = numbers[kind]
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
            countries = self.countries()
            themes = self.themes()
            funds = self.funds()
            organisations = (
                self.organisations(countries) if sizes.series or sizes.participations else {}
            )
            series = self.series(sizes.series, organisations)
            meetings = self.meetings(sizes.meetings, series, countries) if sizes.meetings else []
            if sizes.participations:
                # About four participations a person: people come back to the series.
                people = self.people(max(len(HOSTS), sizes.participations // 4))
                self.participations(
                    sizes.participations, meetings, countries, people, organisations
                )
            if sizes.programmes:
                self.programmes(
                    sizes.programmes, meetings, sizes.discussions, themes, funds, countries
                )
            # Fresh statistics for what was written (PostgreSQL), once it is committed.
            analyze_tables(self.written)
        return self.counts


def generate(sizes, seed=0, draft_share=0.1, progress=None):
    """Write the demo records; returns the number of rows written per model (verbose name)."""
    problems = check(sizes, draft_share)
    if problems:
        raise ValueError(" ".join(problems))
    return Generator(seed, draft_share, progress).run(sizes)


# Clearing ---------------------------------------------------------------------------------


def clear():
    """Delete the generated records (``demo-`` slugs), never the seed's or an editor's.

    Meetings go with their demo series; people, organisations and funds go unless a
    record outside the demo data still refers to them. Countries and themes stay.

    Rows are deleted in bulk (``_raw_delete``, what ``QuerySet.delete()`` does for models
    without signals): the ordinary delete would load every row and write a "deleted"
    history version for each. Returns the number of rows deleted per model.
    """
    series = MeetingSeries.objects.filter(slug__startswith=PREFIX)
    meetings = Meeting.objects.filter(series__in=series.values("pk"))
    programmes = Programme.objects.filter(slug__startswith=PREFIX)
    steps = [
        Discussion.objects.filter(
            Q(meeting__in=meetings.values("pk")) | Q(programme__in=programmes.values("pk"))
        ),
        Participation.objects.filter(meeting__in=meetings.values("pk")),
        Programme.themes.through.objects.filter(programme__in=programmes.values("pk")),
        Programme.countries.through.objects.filter(programme__in=programmes.values("pk")),
        MeetingSeries.organisers.through.objects.filter(meetingseries__in=series.values("pk")),
        meetings,
        programmes,
        series,
        # Evaluated after the rows above are gone: only what nothing else refers to.
        Person.objects.filter(slug__startswith=PREFIX).exclude(
            pk__in=Participation.objects.filter(person__isnull=False).values("person")
        ),
        Organisation.objects.filter(slug__startswith=PREFIX)
        .exclude(
            pk__in=Participation.objects.filter(organisation__isnull=False).values("organisation")
        )
        .exclude(pk__in=MeetingSeries.organisers.through.objects.values("organisation")),
        Fund.objects.filter(slug__startswith=PREFIX).exclude(
            pk__in=Programme.objects.filter(fund__isnull=False).values("fund")
        ),
    ]
    counts = Counter()
    with transaction.atomic():
        for queryset in steps:
            opts = queryset.model._meta
            name = "links" if opts.auto_created else opts.verbose_name_plural
            counts[str(name)] += queryset._raw_delete(queryset.db)
        analyze_tables([queryset.model for queryset in steps])
    return counts


def describe(counts):
    """``12 series, 500 meetings, ...`` for a summary line."""
    return ", ".join(f"{n} {name}" for name, n in counts.items() if n) or "nothing"
