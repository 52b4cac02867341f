"""factory_boy factories for every model of the record.

Every unique field comes from a sequence, so factories never collide within a test.
Meetings and programmes are drafts by default, as in the admin; use ``published=True``
(or ``scheduled=True`` for a publish time still to come) for the public's view.
"""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from core.models import PublicationStatus
from documents.models import Document, DocumentKind
from documents.samples import make_pdf
from meetings.models import Country, Meeting, MeetingSeries, Organisation, Participation, Person
from programmes.models import Discussion, Fund, Programme, Theme
from seed.meeting_kinds import kinds


def kind_named(slug):
    """The MeetingKind of ``slug`` ("dialogue", "ministerial", "other"...), created from
    the standard kinds if a test's database lacks it (a flushed transactional test)."""
    return kinds(slug)[slug]


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def two_letter_code(n):
    """0 -> "AA", 1 -> "AB", ... 675 -> "ZZ", then round again."""
    n %= len(LETTERS) ** 2
    return LETTERS[n // len(LETTERS)] + LETTERS[n % len(LETTERS)]


# Codes ISO 3166 leaves to users (XA-XZ, QM-QZ, AA, ZZ) first: tests and the seed write
# real ones (VN, TH, JP ...) by hand, which a factory must not take before them.
USER_ASSIGNED = [f"X{c}" for c in LETTERS] + [f"Q{c}" for c in LETTERS[12:]] + ["AA", "ZZ"]
FACTORY_CODES = USER_ASSIGNED + [
    code for code in map(two_letter_code, range(len(LETTERS) ** 2)) if code not in USER_ASSIGNED
]


def unused_country_code(n):
    """The n-th code of FACTORY_CODES, skipping codes already in the database."""
    for step in range(len(FACTORY_CODES)):
        code = FACTORY_CODES[(n + step) % len(FACTORY_CODES)]
        if not Country.objects.filter(code=code).exists():
            return code
    raise RuntimeError("Every two-letter country code is taken.")


def an_hour_ago():
    return timezone.now() - datetime.timedelta(hours=1)


def in_a_week():
    return timezone.now() + datetime.timedelta(days=7)


def published_trait():
    """Published an hour ago: the public sees it."""
    return factory.Trait(
        status=PublicationStatus.PUBLISHED, published_at=factory.LazyFunction(an_hour_ago)
    )


def scheduled_trait():
    """Published, but its publish time is a week away: the public does not see it yet."""
    return factory.Trait(
        status=PublicationStatus.PUBLISHED, published_at=factory.LazyFunction(in_a_week)
    )


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country

    code = factory.Sequence(unused_country_code)
    name = factory.Sequence(lambda n: f"Testland {n}")
    slug = factory.Sequence(lambda n: f"testland-{n}")
    is_asean_member = False


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Ministry of the Environment {n}")
    acronym = factory.Sequence(lambda n: f"MOE{n}")
    kind = Organisation.Kind.MINISTRY
    country = factory.SubFactory(CountryFactory)
    slug = factory.Sequence(lambda n: f"ministry-of-the-environment-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Delegate Number {n}")
    honorific = "Dr."
    slug = factory.Sequence(lambda n: f"delegate-number-{n}")


class MeetingSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSeries
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test Dialogue on Environmental Cooperation {n}")
    short_name = factory.Sequence(lambda n: f"Test Dialogue {n}")
    slug = factory.Sequence(lambda n: f"test-dialogue-{n}")
    description = "A series of meetings."

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisers.add(*extracted)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    class Params:
        published = published_trait()
        scheduled = scheduled_trait()

    series = factory.SubFactory(MeetingSeriesFactory)
    kind = factory.LazyFunction(lambda: kind_named("dialogue"))
    number = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    start_date = datetime.date(2011, 7, 26)
    end_date = datetime.date(2011, 7, 28)
    venue = "Conference Centre"
    city = factory.Sequence(lambda n: f"City {n}")
    host_country = factory.SubFactory(CountryFactory)
    outline = "The meeting reviewed the programmes."


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    country = factory.SubFactory(CountryFactory)
    role = Participation.Role.DELEGATE
    title = "Director"
    order = factory.Sequence(lambda n: n + 1)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    name = factory.Sequence(lambda n: f"Integration Fund {n}")
    acronym = factory.Sequence(lambda n: f"IF{n}")
    slug = factory.Sequence(lambda n: f"integration-fund-{n}")
    description = "A fund."


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    class Params:
        published = published_trait()
        scheduled = scheduled_trait()

    name = factory.Sequence(lambda n: f"Cooperation Programme {n}")
    acronym = factory.Sequence(lambda n: f"CP{n}")
    slug = factory.Sequence(lambda n: f"cooperation-programme-{n}")
    kind = Programme.Kind.PROGRAMME
    summary = "A programme the meetings discussed."
    description = "It *helps*."
    fund = factory.SubFactory(FundFactory)
    start_year = 2010
    end_year = 2015
    programme_status = Programme.Status.ONGOING

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.add(*extracted)


class DiscussionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Discussion

    meeting = factory.SubFactory(MeetingFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    stage = Discussion.Stage.APPROVED
    note = "Progress was reported."


class DocumentFactory(factory.django.DjangoModelFactory):
    """A published meeting's agenda, a one-page PDF (pass ``file=None, url=...`` for an
    address instead, ``programme=...`` for a programme's)."""

    class Meta:
        model = Document

    class Params:
        published = published_trait()
        scheduled = scheduled_trait()

    meeting = factory.SubFactory(MeetingFactory, published=True)
    kind = DocumentKind.AGENDA
    title = factory.Sequence(lambda n: f"Provisional agenda {n}")
    slug = factory.Sequence(lambda n: f"document-{n}")
    language = "en"
    file = factory.LazyAttribute(
        lambda o: ContentFile(make_pdf([f"{o.title}: mangrove restoration"]), name="agenda.pdf")
    )
    url = ""
