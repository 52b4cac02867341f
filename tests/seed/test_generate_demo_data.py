"""generate_demo_data: the synthetic record the benchmarks run on (the seed/demo_data package).

What must stay true: the sizes asked for are the sizes written; the same seed writes the
same record; every row passes the models' own rules; drafts and scheduled records exist
and the public pages leave them out; --clear removes the demo rows and nothing else;
bad arguments are a clear message, not a traceback.
"""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from core.models import PublicationStatus
from meetings.models import Country, Meeting, MeetingSeries, Organisation, Participation, Person
from programmes.models import Discussion, Fund, Programme, Theme
from seed.demo_data import HOSTS, PREFIX

pytestmark = pytest.mark.django_db

SMALL = {"series": 3, "meetings": 50, "participations": 200, "programmes": 20, "discussions": 60}


def generate(seed=1, **options):
    """Run the command; (standard output, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_demo_data", seed=seed, stdout=out, stderr=err, **{**SMALL, **options})
    return out.getvalue(), err.getvalue()


def refused(*args, **options):
    """The CommandError message of a run that must fail."""
    with pytest.raises(CommandError) as failure:
        call_command(
            "generate_demo_data", *args, stdout=io.StringIO(), stderr=io.StringIO(), **options
        )
    return str(failure.value)


def snapshot():
    """Everything generated that the seed decides (scheduled publish times follow the clock)."""

    def when(record):
        if record.published_at and record.published_at > timezone.now():
            return "scheduled"
        return record.published_at

    return {
        "series": list(MeetingSeries.objects.order_by("slug").values_list("slug", "name")),
        "meetings": [
            (m.slug, m.title, m.start_date, m.end_date, m.date_precision, m.city, m.status, when(m))
            for m in Meeting.objects.order_by("slug")
        ],
        "people": list(Person.objects.order_by("slug").values_list("slug", "name", "honorific")),
        "participations": list(
            Participation.objects.order_by("meeting__slug", "order").values_list(
                "meeting__slug", "order", "person__slug", "organisation__slug", "role", "title"
            )
        ),
        "programmes": [
            (p.slug, p.name, p.fund_id and p.fund.slug, p.start_year, p.status, when(p))
            for p in Programme.objects.select_related("fund").order_by("slug")
        ],
        "discussions": list(
            Discussion.objects.order_by("meeting__slug", "programme__slug").values_list(
                "meeting__slug", "programme__slug", "stage", "note"
            )
        ),
    }


def test_writes_exactly_the_sizes_asked_for():
    out, err = generate()
    assert MeetingSeries.objects.count() == 3
    assert Meeting.objects.count() == 50
    assert Participation.objects.count() == 200
    assert Programme.objects.count() == 20
    assert Discussion.objects.count() == 60
    assert "Generated" in out and "50 meetings" in out and "200 participations" in out
    # The progress bar, one line per phase at the end (the test's stream is no terminal).
    assert re.search(r"^meetings +50/50 \[#{30}\] 100%$", err, re.MULTILINE)
    assert re.search(r"^discussions +60/60 \[#{30}\] 100%$", err, re.MULTILINE)


def test_records_look_like_the_record():
    generate()
    meetings = Meeting.objects.select_related("host_country")
    assert {m.host_country.code for m in meetings} <= set(HOSTS)
    assert {m.date_precision for m in meetings} == {"day", "month", "year"}
    assert any(m.end_date for m in meetings)
    assert all(m.slug.startswith(PREFIX) for m in meetings)
    assert all(s.slug.startswith(PREFIX) for s in MeetingSeries.objects.all())
    assert all(p.slug.startswith(PREFIX) for p in Programme.objects.all())
    # Numbered in date order within each series and kind: "First Dialogue" comes first.
    for series in MeetingSeries.objects.all():
        dialogues = series.meetings.filter(kind__slug="dialogue").order_by("number")
        dates = [m.start_date for m in dialogues]
        assert dates == sorted(dates)
        assert dialogues.first().title == "First Dialogue"
    # Each meeting's participants are numbered 1, 2, 3... and chaired from the host country.
    for meeting in Meeting.objects.filter(participations__isnull=False).distinct()[:10]:
        orders = list(meeting.participations.values_list("order", flat=True))
        assert orders == list(range(1, len(orders) + 1))
        chair = meeting.participations.get(order=1)
        assert chair.role == "chair" and chair.country_id == meeting.host_country_id
    assert Programme.objects.filter(themes__isnull=False).distinct().count() == 20
    assert Programme.objects.filter(countries__isnull=False).distinct().count() == 20
    assert Person.objects.exists() and Organisation.objects.exists()


def test_same_seed_same_record_and_another_seed_another():
    generate(seed=7)
    first = snapshot()
    call_command("generate_demo_data", clear=True, stdout=io.StringIO())
    assert not Meeting.objects.exists()
    generate(seed=7)
    assert snapshot() == first
    call_command("generate_demo_data", clear=True, stdout=io.StringIO())
    generate(seed=8)
    other = snapshot()
    assert other["meetings"] != first["meetings"]
    assert other["programmes"] != first["programmes"]


def test_drafts_and_scheduled_records_exist_and_are_not_published():
    generate()
    now = timezone.now()
    for model in (Meeting, Programme):
        drafts = model.objects.filter(status=PublicationStatus.DRAFT)
        scheduled = model.objects.filter(status=PublicationStatus.PUBLISHED, published_at__gt=now)
        assert drafts.count() == round(model.objects.count() * 0.1)
        assert scheduled.exists()
        published = set(model.objects.published().values_list("pk", flat=True))
        assert published
        assert not published & set(drafts.values_list("pk", flat=True))
        assert not published & set(scheduled.values_list("pk", flat=True))
    generate(draft_share=0, clear=True)
    assert not Meeting.objects.filter(status=PublicationStatus.DRAFT).exists()


def test_generated_rows_pass_the_models_own_rules():
    generate()
    for model in (
        MeetingSeries,
        Meeting,
        Participation,
        Programme,
        Discussion,
        Person,
        Organisation,
        Fund,
    ):
        rows = list(model.objects.all())
        assert rows, model
        for row in rows[::7]:
            row.full_clean()


def test_public_pages_render_and_leave_drafts_out(client):
    cache.clear()  # pages cached by another test would not show this data
    generate()
    published = Meeting.objects.published()
    hidden = Meeting.objects.exclude(pk__in=published.values("pk"))
    assert hidden.exists()

    listed, page = set(), 1
    while True:  # every page of the list
        response = client.get("/meetings/", {"page": page})
        assert response.status_code == 200
        listed |= set(re.findall(r'href="(/meetings/demo-[^"/]+/)"', response.content.decode()))
        if not response.context["page_obj"].has_next():
            break
        page += 1
    assert listed == {m.get_absolute_url() for m in published}
    assert not listed & {m.get_absolute_url() for m in hidden}

    meeting = published.filter(participations__isnull=False, discussions__isnull=False).first()
    programme = Programme.objects.published().filter(discussions__isnull=False).first()
    person = Person.objects.filter(participations__meeting__in=published).first()
    organisation = Organisation.objects.filter(participations__meeting__in=published).first()
    for url, shows in [
        ("/", None),
        (meeting.get_absolute_url(), meeting.title),
        ("/programmes/", None),
        (programme.get_absolute_url(), programme.name),
        (meeting.host_country.get_absolute_url(), meeting.host_country.name),
        (person.get_absolute_url(), person.name),
        (organisation.get_absolute_url(), None),
        ("/search/?q=Dialogue", None),
        ("/countries/", None),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        if shows:
            assert shows in response.content.decode(), url

    assert client.get(hidden.first().get_absolute_url()).status_code == 404
    # A hidden meeting does not show through the pages of what it links to.
    for meeting in hidden.select_related("host_country"):
        pages = [meeting.host_country.get_absolute_url()]
        pages += [
            p.get_absolute_url()
            for p in Programme.objects.published().filter(discussions__meeting=meeting)
        ]
        pages += [
            p.get_absolute_url()
            for p in Person.objects.filter(participations__meeting=meeting).distinct()[:3]
        ]
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert meeting.get_absolute_url() not in response.content.decode(), url
    draft = Programme.objects.filter(status=PublicationStatus.DRAFT).first()
    assert client.get(draft.get_absolute_url()).status_code == 404
    # Searched by its exact name, a published programme is found and a draft is not.
    response = client.get("/search/", {"q": programme.name})
    assert programme.get_absolute_url() in response.content.decode()
    response = client.get("/search/", {"q": draft.name})
    assert response.status_code == 200
    assert draft.get_absolute_url() not in response.content.decode()


def test_beside_the_seed_and_clear_removes_only_demo_rows():
    call_command("load_seed", stdout=io.StringIO())
    seed_counts = {
        model: model.objects.count()
        for model in (MeetingSeries, Meeting, Participation, Programme, Discussion, Person)
    }
    seed_counts.update({Organisation: Organisation.objects.count(), Fund: Fund.objects.count()})
    generate()
    # A second run without --clear finds its slugs taken and picks new ones.
    generate()
    assert Meeting.objects.count() == seed_counts[Meeting] + 100
    assert MeetingSeries.objects.count() == seed_counts[MeetingSeries] + 6

    out = io.StringIO()
    call_command("generate_demo_data", clear=True, stdout=out)
    assert "Cleared demo data" in out.getvalue() and "100 meetings" in out.getvalue()
    for model, count in seed_counts.items():
        assert model.objects.count() == count, model
    assert not MeetingSeries.objects.filter(slug__startswith=PREFIX).exists()
    # Shared vocabulary stays: the seed's countries and themes, found unchanged.
    assert Country.objects.filter(code__in=HOSTS).count() == len(HOSTS)
    assert Theme.objects.exists()
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()


def test_clear_keeps_demo_people_a_real_record_refers_to():
    call_command("load_seed", stdout=io.StringIO())
    generate()
    person = Person.objects.filter(slug__startswith=PREFIX).first()
    seed_meeting = Meeting.objects.exclude(slug__startswith=PREFIX).first()
    Participation.objects.create(meeting=seed_meeting, person=person, order=999)
    call_command("generate_demo_data", clear=True, stdout=io.StringIO())
    assert Person.objects.filter(pk=person.pk).exists()
    assert Person.objects.filter(slug__startswith=PREFIX).count() == 1


def test_generated_on_an_empty_database_writes_no_history():
    generate()
    assert not Meeting.history.exists()
    assert not Participation.history.exists()
    assert not Programme.history.exists()
    assert not Discussion.history.exists()


def test_quiet_with_verbosity_0():
    out, err = generate(verbosity=0)
    assert out == "" and err == ""
    assert Meeting.objects.count() == 50


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"meetings": -5}, "--meetings must be a whole number, 0 or more (got -5)"),
        ({"series": 0, "meetings": 5}, "Meetings need a series"),
        ({"series": 1, "participations": 10}, "Participations need meetings"),
        ({"series": 1, "meetings": 1, "participations": 1001}, "At most 1000 participations"),
        ({"series": 1, "meetings": 2, "discussions": 1}, "Discussions need meetings and"),
        (
            {"series": 1, "meetings": 2, "programmes": 3, "discussions": 7},
            "no more than 6 discussions",
        ),
        ({"series": 1, "draft_share": 1.5}, "--draft-share must be between 0 and 1"),
        ({}, "Nothing to do"),
    ],
)
def test_bad_arguments_are_refused_with_a_message(options, message):
    assert message in refused(**options)
    assert not MeetingSeries.objects.exists()


def test_bad_command_line_values_are_refused_with_a_message():
    assert "invalid int value: 'many'" in refused("--meetings", "many")
    assert "--series must be a whole number" in refused("--series", "-1")
