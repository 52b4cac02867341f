"""The seed loader: the whole page's record, at its true precision, loaded idempotently."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from meetings.models import Country, Meeting, MeetingSeries, Participation, Person
from programmes.models import Discussion, Fund, Programme

pytestmark = pytest.mark.django_db


def load_seed(*args):
    out = StringIO()
    call_command("load_seed", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    load_seed()


def test_counts(seeded):
    series = MeetingSeries.objects.get(slug="japan-asean-dialogue")
    assert series.meetings.count() == 11
    assert series.meetings.filter(kind__slug="dialogue").count() == 10
    assert list(
        series.meetings.filter(kind__slug="dialogue")
        .order_by("number")
        .values_list("number", flat=True)
    ) == list(range(1, 11))
    assert Country.objects.filter(is_asean_member=True).count() == 10
    assert Programme.objects.count() == 20
    assert Discussion.objects.count() == 34
    assert Participation.objects.count() == 18
    assert Fund.objects.get().acronym == "JAIF"


def test_everything_loaded_is_published(seeded):
    assert Meeting.objects.published().count() == 11
    assert Programme.objects.published().count() == Programme.objects.count()


def test_dates_keep_the_page_precision(seeded):
    first = Meeting.objects.get(number=1)
    assert first.start_date == datetime.date(2008, 3, 1)
    assert first.date_precision == "month"
    assert first.date_display == "March 2008"
    ministerial = Meeting.objects.get(kind__slug="ministerial")
    assert ministerial.number is None
    assert ministerial.date_display == "26 September 2013"
    assert ministerial.city == "Surabaya"
    assert ministerial.host_country.name == "Indonesia"
    assert Meeting.objects.get(number=9).date_display == "11 September 2015"


def test_typos_fixed_and_spellings_kept(seeded):
    fourth = Meeting.objects.get(number=4)
    assert fourth.title == "Fourth Dialogue"
    second = Meeting.objects.get(number=2)
    assert "Japan gave a brief on Clean Asia Initiative" in second.outline
    assert "\napan" not in second.outline
    assert Meeting.objects.get(number=8).city == "Viangchan"
    assert Country.objects.get(code="VN").name == "Viet Nam"
    assert Country.objects.get(code="LA").name == "Lao PDR"
    assert Country.objects.get(code="BN").name == "Brunei Darussalam"
    assert Country.objects.get(code="KR").name == "Republic of Korea"
    assert not Meeting.objects.filter(outline__contains="Forth").exists()
    assert not Meeting.objects.filter(outline__contains="counties").exists()


def test_people_and_their_titles(seeded):
    akino = Person.objects.get(slug="kozo-akino")
    assert str(akino) == "Mr. Kozo Akino"
    participation = akino.participations.get()
    assert participation.title == "Parliamentary Vice-Minister of the Environment"
    assert participation.meeting.kind.slug == "ministerial"
    assert participation.country.code == "JP"
    assert participation.organisation.acronym == "MOEJ"
    mayor = Person.objects.get(slug="tri-rismaharini").participations.get()
    assert mayor.title == "Mayor of Surabaya"
    assert mayor.role == Participation.Role.SPEAKER
    ministerial = Meeting.objects.get(kind__slug="ministerial")
    represented = set(ministerial.participations.values_list("country__code", flat=True))
    assert represented == {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "JP"}


def test_model_cities_programme_timeline(seeded):
    programme = Programme.objects.get(slug="asean-esc-model-cities-programme")
    assert "ASEAN Eco Model Cities Programme" in programme.other_names_list
    assert "ASEAN Environmental Model Cities Programme" in programme.other_names_list
    assert "ASEAN Model Cities Programme" in programme.other_names_list
    assert programme.fund.acronym == "JAIF"
    timeline = [(d.meeting.number, d.stage) for d in programme.discussions.all()]
    assert timeline[0] == (3, "considered")
    assert timeline[1] == (4, "proposed")
    assert [number for number, _ in timeline] == [3, 4, 5, 6, 7, 8, 9, 10]


def test_heritage_parks_considered_then_approved(seeded):
    programme = Programme.objects.get(slug="asean-heritage-parks-development-programme")
    assert [(d.meeting.number, d.stage) for d in programme.discussions.all()] == [
        (7, "considered"),
        (8, "approved"),
    ]


def test_a_second_run_changes_nothing(seeded):
    before = {m.slug: (m.updated_at, m.published_at) for m in Meeting.objects.all()} | {
        p.slug: (p.updated_at, p.published_at) for p in Programme.objects.all()
    }
    counts = (Meeting.objects.count(), Participation.objects.count(), Discussion.objects.count())

    output = load_seed()

    assert "0 created, 0 updated" in output
    after = {m.slug: (m.updated_at, m.published_at) for m in Meeting.objects.all()} | {
        p.slug: (p.updated_at, p.published_at) for p in Programme.objects.all()
    }
    assert after == before
    assert (
        Meeting.objects.count(),
        Participation.objects.count(),
        Discussion.objects.count(),
    ) == counts


def test_a_rerun_restores_an_edited_fact(seeded):
    Meeting.objects.filter(number=1).update(city="Somewhere else")

    output = load_seed()

    assert "1 updated" in output
    assert Meeting.objects.get(number=1).city == "Hanoi"


def test_if_empty_leaves_an_existing_record_alone(seeded):
    Meeting.objects.filter(number=1).update(city="Edited by an editor")

    output = load_seed("--if-empty")

    assert "already loaded" in output
    assert Meeting.objects.get(number=1).city == "Edited by an editor"


def test_the_series_is_featured_and_the_kinds_and_names_have_japanese(seeded):
    series = MeetingSeries.objects.get(slug="japan-asean-dialogue")
    assert (series.featured, series.order) == (True, 1)
    ninth = Meeting.objects.get(kind__slug="dialogue", number=9)
    assert (ninth.title_en, ninth.slug) == ("Ninth Dialogue", "ninth-dialogue-2015")
    assert ninth.title_ja == "第9回日ASEAN環境協力対話"
    assert ninth.kind.name_ja == "実務者レベル対話"
    assert Person.objects.get(slug="kozo-akino").name_ja == "秋野公造"
    assert "0 created, 0 updated" in load_seed()  # kinds and names included: idempotent
