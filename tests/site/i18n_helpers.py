"""What the tests of the two languages share: the Japanese catalogue's paths, a small
published record with Japanese text in every translated field, a page's address in a
language, the text a visitor meets on a page, and the columns as the database has them.
"""

import datetime
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from django.utils import translation

from meetings.models import Participation
from programmes.models import Discussion, Programme
from tests.factories import (
    CountryFactory,
    DiscussionFactory,
    FundFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
    kind_named,
)

PO_PATH = Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")


def reload_translations():
    """Forget the catalogues Django has loaded (as changing LOCALE_PATHS does)."""
    for enter in (True, False):
        setting_changed.send(
            sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=enter
        )


def url_in(language, obj):
    """``obj``'s page in ``language`` (reverse() follows the active language)."""
    with translation.override(language):
        return obj.get_absolute_url()


def ja(obj):
    return url_in("ja", obj)


def en(obj):
    return url_in("en", obj)


# --- The record ------------------------------------------------------------------------


def make_record():
    viet_nam = CountryFactory(
        code="VN", name="Viet Nam", name_ja="ベトナム", slug="viet-nam", is_asean_member=True
    )
    japan = CountryFactory(code="JP", name="Japan", name_ja="日本", slug="japan")
    ministry = OrganisationFactory(
        name="Ministry of the Environment, Japan",
        name_ja="環境省",
        acronym="MOEJ",
        country=japan,
        slug="moej",
    )
    series = MeetingSeriesFactory(
        name="Japan-ASEAN Dialogue on Environmental Cooperation",
        name_ja="日ASEAN環境協力対話",
        short_name="Japan-ASEAN Dialogue",
        short_name_ja="日ASEAN対話",
        slug="japan-asean-dialogue",
        description="The dialogue between Japan and ASEAN.",
        description_ja="日本とASEANの環境協力に関する対話。",
        organisers=[ministry],
    )
    common = {
        "series": series,
        "published": True,
        "venue": "",
        "outline": "The meeting reviewed the programmes.",
        "outline_ja": "会合では協力プログラムの進捗を確認した。",
    }
    first = MeetingFactory(
        **common,
        number=1,
        title="First Dialogue",
        title_ja="第1回対話",
        slug="first-dialogue-2008",
        start_date=datetime.date(2008, 3, 1),
        end_date=None,
        date_precision="month",
        city="Hanoi",
        city_ja="ハノイ",
        host_country=viet_nam,
    )
    ministerial = MeetingFactory(
        **{**common, "venue": "Conference Centre", "venue_ja": "国際会議場"},
        kind=kind_named("ministerial"),
        number=None,
        title="Ministerial Dialogue",
        title_ja="閣僚級対話",
        slug="ministerial-dialogue-2013",
        start_date=datetime.date(2013, 9, 26),
        end_date=None,
        date_precision="day",
        city="Hanoi",
        city_ja="ハノイ",
        host_country=viet_nam,
    )
    tokyo = MeetingFactory(
        **common,
        number=2,
        title="Second Dialogue",
        title_ja="第2回対話",
        slug="second-dialogue-2015",
        start_date=datetime.date(2015, 1, 1),
        end_date=None,
        date_precision="year",
        city="Tokyo",
        city_ja="東京",
        host_country=japan,
    )
    person = PersonFactory(name="Kozo Akino", honorific="Mr.", slug="kozo-akino")
    ParticipationFactory(
        meeting=ministerial,
        person=person,
        organisation=ministry,
        country=japan,
        role=Participation.Role.CHAIR,
        title="Parliamentary Vice-Minister of the Environment",
        title_ja="環境大臣政務官",
    )
    theme = ThemeFactory(name="Biodiversity", name_ja="生物多様性", slug="biodiversity")
    fund = FundFactory(
        name="Japan-ASEAN Integration Fund",
        name_ja="日・ASEAN統合基金",
        acronym="JAIF",
        slug="jaif",
        description="The fund.",
        description_ja="協力プロジェクトの資金。",
    )
    programme = ProgrammeFactory(
        published=True,
        name="ASEAN ESC Model Cities Programme",
        name_ja="ASEAN環境的に持続可能な都市モデル都市プログラム",
        acronym="ESC",
        slug="esc-model-cities",
        summary="Cities share what works.",
        summary_ja="都市が成功例を共有する。",
        description="Model cities *lead*.",
        description_ja="モデル都市が*先導*する。",
        fund=fund,
        themes=[theme],
        countries=[viet_nam, japan],
        start_year=2010,
        end_year=2015,
        programme_status=Programme.Status.ONGOING,
    )
    DiscussionFactory(
        meeting=ministerial, programme=programme, stage=Discussion.Stage.APPROVED, note=""
    )
    return {
        "first": first,
        "ministerial": ministerial,
        "tokyo": tokyo,
        "programme": programme,
        "viet_nam": viet_nam,
        "person": person,
        "ministry": ministry,
    }


# --- Reading a page as a visitor does ----------------------------------------------------

VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
TEXT_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}


class VisibleText(HTMLParser):
    """The text a visitor meets: text nodes (not scripts), labels in attributes, button
    values and the page's descriptions; nothing inside an element marked lang="en"
    (English on purpose: the other language's name, content shown in English)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.stack = []  # (tag, skipped) for open elements

    @property
    def skipping(self):
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = (attrs.get("lang") == "en" and tag != "html") or tag in ("script", "style")
        if not (self.skipping or skipped):
            self.parts += [value for name, value in attrs.items() if name in TEXT_ATTRIBUTES]
            if tag == "input" and attrs.get("type") == "submit":
                self.parts.append(attrs.get("value") or "")
            if tag == "meta" and attrs.get("name", attrs.get("property")) in (
                "description",
                "og:title",
                "og:description",
            ):
                self.parts.append(attrs.get("content") or "")
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _skipped = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


# --- The columns --------------------------------------------------------------------------


def stored(model, pk, *columns):
    """The columns as the database has them (no fallback, no language rewriting)."""
    return model.objects.rewrite(False).values_list(*columns).get(pk=pk)
