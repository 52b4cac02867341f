"""The benchmarks' record: a PostgreSQL database of demo data, and pages picked from it.

The database (``DATABASE_URL``, by default ``DEFAULT_DATABASE_URL``) is created if
missing, migrated, and filled by ``manage.py generate_demo_data`` with ``record()``: by
default 10,000 meetings, 50,000 participations, 1,000 programmes and 20,000 discussions
(``--scale`` asks for another number of meetings, the rest in proportion). A database
that already holds exactly that is reused; ``fresh`` generates again.
"""

import json
import sys
import time
from urllib.parse import urlsplit

from bench.servers import manage, production_env

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dialogues_bench"
SEED = 6


def record(meetings=10_000):
    """What the benchmark's record holds for ``meetings`` meetings."""
    return {
        "series": 10,
        "meetings": meetings,
        "participations": meetings * 5,
        "programmes": max(1, meetings // 10),
        "discussions": meetings * 2,
    }


RECORD = record()


def scaled_url(url, meetings):
    """The database of a record of another size: dialogues_bench_100000 beside dialogues_bench."""
    parts = urlsplit(url)
    return parts._replace(path=f"{parts.path}_{meetings}").geturl()


def database_admin(url):
    """A connection to the server's maintenance database, for CREATE/DROP DATABASE."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in {"postgres", "postgresql", "pgsql"} or not name:
        sys.exit(f"The web benchmark needs a PostgreSQL database URL, not {url!r}.")
    admin = psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )
    return admin, name


def ensure_database(url, fresh):
    """Create the database if it is missing (empty again with ``fresh``)."""
    from psycopg import sql

    admin, name = database_admin(url)
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = False
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return not exists


COUNTS = """
import json
from meetings.models import Meeting, MeetingSeries, Participation
from programmes.models import Discussion, Programme
print(json.dumps({
    "series": MeetingSeries.objects.count(),
    "meetings": Meeting.objects.count(),
    "participations": Participation.objects.count(),
    "programmes": Programme.objects.count(),
    "discussions": Discussion.objects.count(),
}))
"""

# The pages to measure, picked from the record: the heaviest of each kind (the meeting
# with the most participants, the programme discussed most, the country hosting most),
# a page deep in the list, three filters combined, a word many meetings share.
PICK = """
import collections, json, re
from django.db.models import Count, Q
from meetings.models import Country, Meeting, Organisation, Person
from programmes.models import Programme, Theme
from documents.models import Document
published = Meeting.objects.published()
documents = Document.objects.published()
with_documents = (published.annotate(n=Count("documents", filter=Q(documents__in=documents)))
                  .order_by("-n", "pk").first())
meeting = published.annotate(n=Count("participations")).order_by("-n", "pk").first()
programme = (Programme.objects.published().annotate(n=Count("discussions"))
             .order_by("-n", "pk").first())
country = (Country.objects.annotate(n=Count("meetings_hosted",
           filter=Q(meetings_hosted__in=published))).order_by("-n", "pk").first())
in_public = Q(participations__meeting__in=published)
person = (Person.objects.annotate(n=Count("participations", filter=in_public))
          .order_by("-n", "pk").first())
organisation = (Organisation.objects.annotate(n=Count("participations", filter=in_public))
                .order_by("-n", "pk").first())
theme = Theme.objects.order_by("pk").values_list("slug", flat=True).first()
words = collections.Counter(
    word for title in published.values_list("title", flat=True)[:3000]
    for word in re.findall(r"[A-Za-z]{5,}", title or "")
)
combined = None
for m in published.filter(discussions__programme__themes__isnull=False,
                          participations__country__isnull=False).distinct()[:50]:
    theme = m.discussions.filter(programme__themes__isnull=False).values_list(
        "programme__themes__slug", flat=True).first()
    code = m.participations.exclude(country=None).values_list("country__code", flat=True).first()
    combined = f"country={code}&theme={theme}&year_from={m.start_date.year - 3}"
    break
# The API's meetings list at the same depth as the list's deep page (its cursor).
from api.pagination import encode_cursor
from api.views import MeetingList
api_order = MeetingList().ordering_for(type("R", (), {"query_params": {}})())
deep_index = min(400, max(1, published.count() // 20)) * 20 - 21
edge = MeetingList().records().order_by(*api_order)[max(0, deep_index)]
api_key = [getattr(edge, name.lstrip("-")) for name in api_order]
print(json.dumps({
    "published_meetings": published.count(),
    "api_deep_cursor": encode_cursor(api_key),
    "api_meeting": f"/api/v1/meetings/{meeting.slug}/",
    "meeting": meeting.get_absolute_url(),
    "programme": programme.get_absolute_url(),
    "country": country.get_absolute_url(),
    "person": person.get_absolute_url(),
    "organisation": organisation.get_absolute_url(),
    "theme": theme,
    "word": words.most_common(1)[0][0] if words else "cooperation",
    "combined": combined,
    "published_documents": documents.count(),
    "documents_meeting": with_documents.get_absolute_url(),
    "documents_on_meeting": with_documents.n,
}))
"""


def prepare_record(url, fresh, redis_url, wanted=RECORD):
    # The commands run in local mode (no secrets needed) but with the servers' Redis: what
    # they write (migrate, generate_demo_data) renews the shared page cache, as a deploy does.
    env = production_env(url, redis_url, DJANGO_DEBUG="1")
    created = ensure_database(url, fresh)
    manage(env, "migrate", "--noinput", "-v0")
    counts = json.loads(manage(env, "shell", "-c", COUNTS, quiet=True).strip().splitlines()[-1])
    if counts != wanted:
        if not created:
            print(f"The database holds {counts}; generating the record again.", flush=True)
            ensure_database(url, fresh=True)
            manage(env, "migrate", "--noinput", "-v0")
        started = time.monotonic()
        args = [f"--{name}={count}" for name, count in wanted.items()]
        manage(env, "generate_demo_data", *args, f"--seed={SEED}")
        print(f"Generated the record in {time.monotonic() - started:.0f} s.", flush=True)
    else:
        print("The database already holds the record; reusing it (--fresh to generate).")
    # Statistics for the planner: right after a bulk load PostgreSQL still believes the
    # tables are nearly empty and picks nested loops that take minutes (autovacuum would
    # analyze them later, at a time of its choosing).
    analyze(url)
    picked = json.loads(manage(env, "shell", "-c", PICK, quiet=True).strip().splitlines()[-1])
    return picked


def analyze(url):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")
