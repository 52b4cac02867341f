"""Meeting kinds are data editors extend (issue 14): a kind added in the admin is used by a
meeting, named in Japanese on /ja/ pages and derives its titles; ``?kind=<slug>`` still
filters; files name a kind by its slug, an unknown one being a row error that lists the
known ones; the migration turns the old text kinds into references."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from exchange.files import read_file
from exchange.models import problems
from meetings.models import Meeting, MeetingKind, MeetingSeries, Person
from meetings.resources import MeetingResource, MeetingSeriesResource
from tests.factories import CountryFactory, MeetingFactory, MeetingSeriesFactory, kind_named
from tests.meetings.page_reading import card_titles, get_page

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_kind_added_in_the_admin_titles_its_meetings_in_both_languages(editor_client, client):
    response = editor_client.post(
        "/admin/meetings/meetingkind/add/",
        {
            "name_en": "Expert group meeting",
            "name_ja": "専門家会合",
            "noun_en": "Expert Group Meeting",
            "noun_ja": "専門家会合",
            "slug": "expert-group",
            "numbered": "on",
            "order": "8",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    kind = MeetingKind.objects.get(slug="expert-group")
    series = MeetingSeriesFactory(short_name="APT EMM", short_name_ja="ASEAN+3環境大臣会合")
    meeting = MeetingFactory(series=series, kind=kind, number=3, title="", published=True)

    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.title_ja) == ("Third Expert Group Meeting", "第3回専門家会合")
    page = get_page(client, f"/ja/meetings/{meeting.slug}/")
    assert "<dd>専門家会合</dd>" in page
    assert "第3回専門家会合" in page
    assert "<dd>Expert group meeting</dd>" in get_page(client, f"/meetings/{meeting.slug}/")


def test_a_kind_of_another_series_derives_the_series_japanese_title():
    series = MeetingSeriesFactory(short_name="APT EMM", short_name_ja="ASEAN+3環境大臣会合")
    meeting = MeetingFactory(
        series=series, kind=kind_named("ministers-meeting"), number=5, title=""
    )
    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.title_ja) == (
        "Fifth Ministers Meeting",
        "第5回ASEAN+3環境大臣会合",
    )


def test_a_numbered_kind_needs_a_number_and_another_does_not():
    meeting = MeetingFactory.build(
        series=MeetingSeriesFactory(), host_country=CountryFactory(), number=None,
        kind=kind_named("ministers-meeting"), slug="m",
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        meeting.full_clean()
    assert caught.value.message_dict["number"] == [
        "A meeting of the kind “Ministers meeting” needs its number in the series."
    ]
    meeting.kind = kind_named("summit")
    meeting.full_clean()


def test_the_kind_filter_still_takes_the_slug(client):
    dialogue = MeetingFactory(title="A Dialogue", published=True)
    workshop = MeetingFactory(title="A Workshop", kind=kind_named("workshop"), published=True)

    assert card_titles(get_page(client, "/meetings/", {"kind": "dialogue"})) == [dialogue.title]
    assert card_titles(get_page(client, "/meetings/", {"kind": "workshop"})) == [workshop.title]
    page = get_page(client, "/ja/meetings/")
    assert '<option value="workshop">ワークショップ</option>' in page


MEETING_HEADER = "Slug,Series,Kind,Number in the series,Start date,City,Host country"


def import_meetings(*rows):
    data = "\n".join([MEETING_HEADER, *rows]).encode()
    return MeetingResource().import_data(read_file(data, "meetings.csv"))


def test_a_file_names_a_kind_by_its_slug_and_an_unknown_one_is_a_clear_row_error():
    CountryFactory(code="MY")
    MeetingSeriesFactory(slug="apt-emm", short_name="APT EMM")

    result = import_meetings(
        "fifth-emm-2005,apt-emm,ministers-meeting,5,2005,Kuala Lumpur,MY",
        "sixth-emm-2006,apt-emm,ministers,6,2006,Kuala Lumpur,MY",
    )

    lines = problems(result)
    assert len(lines) == 1, lines
    assert lines[0].startswith("Row 3, column “Kind”"), lines
    assert "No meeting kind has the slug “ministers”" in lines[0]
    assert "the kinds are: dialogue, ministerial, ministers-meeting, other," in lines[0]
    assert not Meeting.objects.exists()  # all or nothing

    result = import_meetings("fifth-emm-2005,apt-emm,ministers-meeting,5,2005,Kuala Lumpur,MY")
    assert not problems(result)
    meeting = Meeting.objects.get(slug="fifth-emm-2005")
    assert (meeting.kind.slug, meeting.title) == ("ministers-meeting", "Fifth Ministers Meeting")


def test_the_kinds_export_by_slug():
    MeetingFactory(slug="ninth", kind=kind_named("ministers-meeting"), number=9)
    rows = MeetingResource().export().dict
    assert [row["Kind"] for row in rows] == ["ministers-meeting"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_the_text_kinds_into_references():
    executor = MigrationExecutor(connection)
    before = [("meetings", "0010_import_record_to_exchange")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    country = old.get_model("meetings", "Country").objects.create(
        code="ID", name="Indonesia", slug="indonesia"
    )
    series = old.get_model("meetings", "MeetingSeries").objects.create(
        name="Japan-ASEAN Dialogue on Environmental Cooperation", name_en=(
            "Japan-ASEAN Dialogue on Environmental Cooperation"
        ), short_name="JAD", slug="jad",
    )  # fmt: skip
    for slug, kind, number in (("ninth", "dialogue", 9), ("surabaya", "ministerial", None)):
        old.get_model("meetings", "Meeting").objects.create(
            series=series, kind=kind, number=number, title_en=slug, slug=slug,
            start_date=D(2013, 9, 26), city_en="Surabaya", host_country=country,
        )  # fmt: skip
    old.get_model("meetings", "Person").objects.create(name="Kozo Akino", slug="kozo-akino")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    kinds = dict(Meeting.objects.values_list("slug", "kind__slug"))
    assert kinds == {"ninth": "dialogue", "surabaya": "ministerial"}
    ministerial = MeetingKind.objects.get(slug="ministerial")
    assert (ministerial.name_en, ministerial.name_ja) == ("Ministerial dialogue", "閣僚級対話")
    assert set(MeetingKind.objects.values_list("slug", flat=True)) >= {
        "ministers-meeting", "senior-officials-meeting", "working-group", "summit", "workshop",
    }  # fmt: skip
    assert Person.objects.get().name_en == "Kozo Akino"
    assert MeetingSeries.objects.get().featured
    constraints = connection.introspection.get_constraints(
        connection.cursor(), Meeting._meta.db_table
    )
    columns = {tuple(c["columns"]) for c in constraints.values() if c["unique"] or c["index"]}
    assert ("series_id", "kind_id", "number") in columns
    assert ("kind_id", "start_date", "id") in columns


def test_a_file_cannot_feature_a_second_series():
    MeetingSeriesFactory(slug="jad", featured=True)
    data = (
        "Slug,Name (English),Short name (English),Featured,Display order\n"
        "apt-emm,ASEAN+3 Environment Ministers Meeting,APT EMM,yes,2\n"
    )
    result = MeetingSeriesResource().import_data(read_file(data.encode(), "series.csv"))
    lines = problems(result)
    assert len(lines) == 1 and lines[0].startswith("Row 2, column “Featured”"), lines
    assert "Another series is already featured: unfeature it first." in lines[0]
    assert not MeetingSeries.objects.filter(slug="apt-emm").exists()

    data = data.replace("yes,2", "no,2")
    assert not problems(MeetingSeriesResource().import_data(read_file(data.encode(), "s.csv")))
    assert MeetingSeries.objects.get(slug="apt-emm").order == 2
