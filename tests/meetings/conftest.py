"""Fixtures shared by the meeting page tests (test_meeting_list.py, test_meeting_detail.py).

``record`` is the small record those pages are browsed in; test_meeting_feeds.py keeps a
record of its own, which takes precedence there. The country-code reset is not autouse:
the files that want it name it, so the other tests here keep their factory sequence.
"""

import datetime

import pytest

from meetings.models import Country, Participation
from tests.factories import (
    CountryFactory,
    DiscussionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
    kind_named,
)

D = datetime.date


@pytest.fixture
def factory_country_codes_start_at_aa():
    """Countries a factory makes get codes AA, AB, ...: never the real codes used here."""
    CountryFactory.reset_sequence(0)


@pytest.fixture
def record():
    """Four published meetings in two series, plus a draft and a scheduled one.

    ===============  ========  =======  ====  =============  ===================
    meeting          series    kind     host  participants   programmes (stage)
    ===============  ========  =======  ====  =============  ===================
    First (2008-03)  jad       dialog   VN    JP (Akino)     Model Cities
    Third (2009-08)  jad       dialog   TH    ID, KR         Biodiversity
    Ministerial      jad       minist.  ID    ID (Risma.)    Model Cities, Secret
    (26 Sep 2013)                                            (draft programme)
    Bangkok (2015)   apt       other    TH    KR             -
    Draft (2012)     jad       dialog   TH    -              -
    Scheduled(2014)  jad       dialog   TH    -              -
    ===============  ========  =======  ====  =============  ===================
    """
    c = {
        code: Country.objects.create(code=code, name=name, slug=slug)
        for code, name, slug in [
            ("TH", "Thailand", "thailand"),
            ("VN", "Viet Nam", "viet-nam"),
            ("JP", "Japan", "japan"),
            ("ID", "Indonesia", "indonesia"),
            ("KR", "Republic of Korea", "republic-of-korea"),
        ]
    }
    moej = OrganisationFactory(
        name="Ministry of the Environment, Japan",
        acronym="MOEJ",
        slug="moej",
        country=c["JP"],
    )
    surabaya = OrganisationFactory(
        name="City of Surabaya", acronym="", slug="city-of-surabaya", country=c["ID"]
    )
    jad = MeetingSeriesFactory(
        name="Japan-ASEAN Dialogue on Environmental Cooperation",
        short_name="Japan-ASEAN Dialogue",
        slug="japan-asean-dialogue",
        organisers=[moej],
    )
    apt = MeetingSeriesFactory(
        name="ASEAN Plus Three Environment Ministers Meeting",
        short_name="ASEAN+3 EMM",
        slug="asean-plus-three",
    )
    cities = ThemeFactory(name="Sustainable cities", slug="sustainable-cities")
    biodiversity = ThemeFactory(name="Biodiversity", slug="biodiversity")
    water = ThemeFactory(name="Water", slug="water")
    model_cities = ProgrammeFactory(
        published=True,
        name="Model Cities Programme",
        acronym="AESCX",
        slug="model-cities",
        themes=[cities],
    )
    capacity = ProgrammeFactory(
        published=True,
        name="Biodiversity Capacity Building Programme",
        acronym="",
        slug="biodiversity-capacity",
        themes=[biodiversity],
    )
    secret = ProgrammeFactory(
        name="Secret Wetlands Programme", acronym="SWPX", slug="secret-wetlands", themes=[water]
    )

    def meeting(**kwargs):
        defaults = {"published": True, "end_date": None, "venue": "", "series": jad}
        return MeetingFactory(**{**defaults, **kwargs})

    first = meeting(
        number=1,
        title="First Dialogue",
        slug="first-dialogue-2008",
        start_date=D(2008, 3, 1),
        date_precision="month",
        city="Hanoi",
        host_country=c["VN"],
        outline=(
            "Participating countries agreed to **exchange** views. Japan presented its "
            "initiative.\n\nIt was recommended to take note of the fund."
        ),
    )
    third = meeting(
        number=3,
        title="Third Dialogue",
        slug="third-dialogue-2009",
        start_date=D(2009, 8, 1),
        date_precision="month",
        city="Hua Hin",
        venue="Hyatt Regency",
        host_country=c["TH"],
        outline="Views were exchanged on water resources.",
    )
    ministerial = meeting(
        kind=kind_named("ministerial"),
        number=None,
        title="Ministerial Dialogue",
        slug="ministerial-dialogue-2013",
        start_date=D(2013, 9, 26),
        date_precision="day",
        city="Surabaya",
        host_country=c["ID"],
        outline="The 40th anniversary was commemorated.",
    )
    bangkok = meeting(
        series=apt,
        kind=kind_named("other"),
        number=1,
        title="Bangkok Environment Meeting",
        slug="bangkok-meeting-2015",
        start_date=D(2015, 5, 1),
        date_precision="month",
        city="Pattaya",
        host_country=c["TH"],
        outline="Ministers met.",
    )
    draft = meeting(
        published=False,
        number=4,
        title="Draft Dialogue",
        slug="draft-dialogue-2012",
        start_date=D(2012, 5, 10),
        city="Chiang Mai",
        host_country=c["TH"],
        outline="Not yet public.",
    )
    scheduled = meeting(
        published=False,
        scheduled=True,
        number=5,
        title="Scheduled Dialogue",
        slug="scheduled-dialogue-2014",
        start_date=D(2014, 5, 10),
        city="Khon Kaen",
        host_country=c["TH"],
        outline="Not yet public either.",
    )

    def took_part(meeting, country, person=None, organisation=None, **kwargs):
        return ParticipationFactory(
            meeting=meeting, country=country, person=person, organisation=organisation, **kwargs
        )

    took_part(
        first,
        c["JP"],
        PersonFactory(name="Kozo Akino", honorific="Mr.", slug="kozo-akino"),
        moej,
        role=Participation.Role.SPEAKER,
        title="Parliamentary Vice-Minister",
    )
    took_part(third, c["ID"], order=1, title="", note="Presented its progress.")
    took_part(third, c["KR"], order=2, title="")
    took_part(
        ministerial,
        c["ID"],
        PersonFactory(name="Tri Rismaharini", honorific="Ms.", slug="tri-rismaharini"),
        surabaya,
        role=Participation.Role.SPEAKER,
        title="Mayor of Surabaya",
    )
    took_part(bangkok, c["KR"], title="")
    DiscussionFactory(meeting=first, programme=model_cities, stage="proposed", note="Drafted.")
    DiscussionFactory(meeting=third, programme=capacity, stage="considered", note="")
    DiscussionFactory(
        meeting=ministerial, programme=model_cities, stage="progress_reported", note="Reported."
    )
    DiscussionFactory(meeting=ministerial, programme=secret, stage="approved", note="Hush.")
    return {
        "first": first,
        "third": third,
        "ministerial": ministerial,
        "bangkok": bangkok,
        "draft": draft,
        "scheduled": scheduled,
        "jad": jad,
        "apt": apt,
        "secret": secret,
        "model_cities": model_cities,
    }
