"""The whole record out and back in: export_site, empty the tables (and the documents'
stored files), import_site, and every record of every model is what it was, field for
field (natural keys, editorial fields, many-to-many links, date precision, publication
status and time, the documents' stored files byte for byte and what was read from them),
as a folder and as a zip archive. A backup with one bad file writes nothing at all.
"""

import datetime
import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from core.dates import DatePrecision
from core.models import PublicationStatus
from core.translation import translated_fields
from documents.samples import make_docx, make_pdf
from exchange.models import ImportRecord
from exchange.registry import resources
from meetings.models import Country, Meeting, MeetingSeries, Organisation
from programmes.models import Discussion, Programme
from tests.factories import (
    CountryFactory,
    DiscussionFactory,
    DocumentFactory,
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

RESOURCES = resources()

pytestmark = pytest.mark.django_db


def test_every_content_model_has_a_resource_in_dependency_order():
    """A backup holds every model of settings.CONTENT_MODELS, in its order."""
    labels = [resource._meta.model._meta.label for resource in RESOURCES.values()]
    assert labels == settings.CONTENT_MODELS


FILES = [
    "01-countries.csv",
    "02-organisations.csv",
    "03-people.csv",
    "04-series.csv",
    "05-meeting_kinds.csv",
    "06-meetings.csv",
    "07-participations.csv",
    "08-themes.csv",
    "09-funds.csv",
    "10-programmes.csv",
    "11-discussions.csv",
    "12-documents.csv",
]

MARKDOWN = """\
## Outcomes

The Dialogue *agreed* to:

- extend the **Model Cities** programme, "phase 2";
- report, at the next meeting, on 3R.

> Quoted, with a comma, and a | pipe.

| country | cities |
|---------|--------|
| VN      | 3      |"""


MARKDOWN_JA = """\
## 成果

対話は次のことに*合意*した:

- **モデル都市**プログラムを拡大する(「第2期」);
- 次回会合で3Rについて報告する。

| 国 | 都市 |
|----|------|
| VN | 3    |"""


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


# What is compared ----------------------------------------------------------------------


def natural_key(obj):
    return obj.code if isinstance(obj, Country) else obj.slug


def snapshot():
    """{kind: {natural key: {field: value}}} of every record: every concrete field but the
    id and the timestamps, foreign keys and many-to-many links by natural key."""
    record = {}
    for key, resource_class in RESOURCES.items():
        model = resource_class._meta.model
        rows = {}
        for obj in model.objects.all():
            values = {}
            for field in model._meta.concrete_fields:
                if field.primary_key or field.name in ("created_at", "updated_at", "read_at"):
                    continue
                value = getattr(obj, field.name)
                values[field.name] = natural_key(value) if field.is_relation and value else value
            for field in model._meta.many_to_many:
                values[field.name] = {natural_key(o) for o in getattr(obj, field.name).all()}
            rows[tuple(values[name] for name in resource_class.natural_key)] = values
        assert len(rows) == model.objects.count()  # the natural key names each record
        record[key] = rows
    return record


def stored_files():
    """{stored name: SHA-256 of its bytes} of every file in the storage."""
    root = Path(settings.MEDIA_ROOT)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def flush():
    """Empty every content table, the last-read kind first, and the storage."""
    for resource_class in reversed(RESOURCES.values()):
        resource_class._meta.model.objects.all().delete()
    assert all(not r._meta.model.objects.exists() for r in RESOURCES.values())
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def assert_same_record(before, after):
    for key in RESOURCES:  # kind by kind, so a failure names the kind
        changed = {
            (row, name): (value, after[key].get(row, {}).get(name))
            for row, values in before[key].items()
            for name, value in values.items()
            if after[key].get(row, {}).get(name) != value
        }
        assert changed == {}, key
        assert after[key] == before[key], key


# The record ---------------------------------------------------------------------------


@pytest.fixture
def full_record():
    """The seed, plus records with every kind of field and awkward text."""
    call_command("load_seed", verbosity=0)
    now = timezone.now()
    ivory = CountryFactory(code="CI", name="Côte d’Ivoire", slug="cote-divoire")
    turkey = CountryFactory(code="TR", name="Türkiye", slug="turkiye", is_asean_member=False)
    vietnam, thailand = Country.objects.get(code="VN"), Country.objects.get(code="TH")

    unep = OrganisationFactory(
        slug="unep", name="United Nations Environment Programme", acronym="UNEP",
        kind=Organisation.Kind.INTERGOVERNMENTAL, country=None,
    )  # fmt: skip
    moe = OrganisationFactory(
        slug="bo-tai-nguyen", name="Bộ Tài nguyên và Môi trường", acronym="MONRE",
        kind=Organisation.Kind.MINISTRY, country=vietnam,
    )  # fmt: skip
    person = PersonFactory(slug="nguyen-thi-anh", name="Nguyễn Thị Ánh", honorific="")
    speaker = PersonFactory(slug="somchai", name="สมชาย ใจดี", honorific="H.E.")

    series = MeetingSeriesFactory(
        slug="apt-emm", name="ASEAN+3 Environment Ministers Meeting", short_name="=APT EMM",
        description=MARKDOWN, organisers=[unep, moe], name_ja="ASEAN+3環境大臣会合",
        short_name_ja="", description_ja=MARKDOWN_JA,
    )  # fmt: skip
    year = MeetingFactory(
        series=series, slug="first-apt-2002", number=1, title="",
        start_date=datetime.date(2002, 1, 1), date_precision=DatePrecision.YEAR, end_date=None,
        venue="", city="Vientiane",
        host_country=Country.objects.get(code="LA"), outline="", published=True,
    )  # fmt: skip
    month = MeetingFactory(
        series=series, slug="second-apt-2003", number=2, title="@Second – “special” session",
        start_date=datetime.date(2003, 12, 1), date_precision=DatePrecision.MONTH,
        end_date=None, venue="+Hall 2", city="Yangon", host_country=Country.objects.get(code="MM"),
        outline=MARKDOWN, status=PublicationStatus.DRAFT, published_at=None,
        title_ja="=第2回「特別」会合", venue_ja="第2ホール", city_ja="ヤンゴン",
        outline_ja=MARKDOWN_JA,
    )  # fmt: skip
    day = MeetingFactory(
        series=series, slug="ministerial-apt-2004", kind=kind_named("ministerial"), number=None,
        title="=1+1", start_date=datetime.date(2004, 10, 7), end_date=datetime.date(2004, 10, 8),
        venue="東京国際フォーラム", city="-5", host_country=ivory, outline="Line one\r\nLine two",
        status=PublicationStatus.PUBLISHED,
        published_at=now + datetime.timedelta(days=7, microseconds=123),  # scheduled
    )  # fmt: skip
    other = MeetingFactory(
        series=series, slug="side-event-2004", kind=kind_named("other"), number=None,
        title="Side event 🌏", start_date=datetime.date(2004, 10, 6), end_date=None,
        city="Bangkok", host_country=thailand, outline="-- not a formula",
        # Published once, then taken down: a draft that keeps its publish time.
        status=PublicationStatus.DRAFT, published_at=now - datetime.timedelta(days=30),
    )  # fmt: skip

    ParticipationFactory(
        meeting=year, order=1, person=person, organisation=moe, country=vietnam,
        role="chair", title="=Vice-Minister", note="First line\nsecond line, with “quotes”",
        title_ja="=副大臣",
    )  # fmt: skip
    ParticipationFactory(
        meeting=year, order=2, person=None, organisation=unep, country=None, role="observer",
        title="", note="",
    )  # fmt: skip
    ParticipationFactory(
        meeting=day, order=7, person=speaker, organisation=None, country=turkey,
        role="speaker", title="Director\tGeneral", note="@mention",
    )  # fmt: skip

    water = ThemeFactory(slug="water-quality", name="Water quality – 水質")
    air = ThemeFactory(slug="air", name="Air")
    fund = FundFactory(
        slug="apt-fund",
        name="ASEAN+3 Cooperation Fund",
        acronym="",
        description=MARKDOWN,
        name_ja="ASEAN+3協力基金",
        description_ja=MARKDOWN_JA,
    )
    rich = ProgrammeFactory(
        slug="clean-air", name="Clean Air for Smaller Cities", acronym="+CA",
        other_names="Clean Air Programme\nCASC\n=alias", kind=Programme.Kind.INITIATIVE,
        summary='=HYPERLINK("http://example.org")', description=MARKDOWN, fund=fund,
        themes=[water, air], countries=[vietnam, thailand, ivory], start_year=2004,
        end_year=2010, programme_status=Programme.Status.COMPLETED, published=True,
        other_names_ja="クリーンエア\n=別名", summary_ja="-小都市のきれいな空気",
        description_ja=MARKDOWN_JA,
    )  # fmt: skip
    bare = ProgrammeFactory(
        slug="bare", name="A programme the record says little of", acronym="", other_names="",
        summary="", description="", fund=None, start_year=None, end_year=None,
        programme_status="", status=PublicationStatus.DRAFT, published_at=None,
    )  # fmt: skip
    DiscussionFactory(meeting=day, programme=rich, stage="proposed", note=MARKDOWN)
    DiscussionFactory(meeting=month, programme=rich, stage="approved", note="")
    DiscussionFactory(meeting=other, programme=bare, stage="considered", note="-")
    # Documents: files in two formats under Japanese names, an address, a draft, a
    # programme's report with no meeting.
    DocumentFactory(
        slug="apt-agenda", meeting=day, kind="agenda", title_ja="議題案", language="en+ja",
        file=ContentFile(make_pdf(["Agenda", "Item 2: mangroves"]), name="議題 案.pdf"),
        published=True,
    )  # fmt: skip
    DocumentFactory(
        slug="apt-statement", meeting=month, kind="joint_statement", title="=Joint statement",
        language="ja", file=ContentFile(make_docx(["共同声明", "大気汚染"]), name="声明.docx"),
        date=datetime.date(2008, 10, 1), date_precision=DatePrecision.MONTH,
    )  # fmt: skip
    DocumentFactory(
        slug="apt-press", meeting=other, kind="press_release", file=None, order=3,
        url="https://www.env.go.jp/press/apt.html", published=True,
    )  # fmt: skip
    DocumentFactory(
        slug="clean-air-report", meeting=None, programme=rich, kind="report",
        file=ContentFile(make_pdf(["Report"]), name="report.pdf"), published=True,
    )  # fmt: skip


def test_the_record_to_compare_has_every_kind_of_field(full_record):
    """Guards the round trip below against comparing too little."""
    before = snapshot()
    assert all(before[key] for key in RESOURCES)
    meetings = before["meetings"].values()
    assert {m["date_precision"] for m in meetings} == set(DatePrecision.values)
    assert {m["status"] for m in meetings} == set(PublicationStatus.values)
    assert any(m["published_at"] and m["published_at"] > timezone.now() for m in meetings)
    assert any(m["end_date"] for m in meetings) and any(m["number"] is None for m in meetings)
    assert before["series"][("apt-emm",)]["organisers"] == {"unep", "bo-tai-nguyen"}
    assert before["programmes"][("clean-air",)]["countries"] == {"VN", "TH", "CI"}
    assert before["programmes"][("bare",)]["themes"] == set()
    assert before["participations"][("first-apt-2002", 1)]["person"] == "nguyen-thi-anh"
    assert Meeting.objects.count() == 15 and Discussion.objects.count() == 37
    # Both languages: every Japanese column of every kind holds some text.
    for key, resource_class in RESOURCES.items():
        for name in translated_fields(resource_class._meta.model):
            assert any(row[f"{name}_ja"] for row in before[key].values()), (key, name)
    assert before["meetings"][("second-apt-2003",)]["title_ja"] == "=第2回「特別」会合"
    agenda = before["documents"][("apt-agenda",)]
    assert (agenda["format"], agenda["pages"], agenda["original_name"]) == ("pdf", 2, "議題 案.pdf")
    assert "mangroves" in agenda["text"]
    assert len(stored_files()) == 3


def test_round_trip_through_a_folder(full_record, tmp_path):
    before, files = snapshot(), stored_files()
    target = tmp_path / "backup"

    out, _ = run("export_site", str(target))

    assert sorted(p.name for p in target.iterdir()) == [*FILES, "README.txt", "files"]
    assert f"in {len(FILES)} files and 3 stored files" in out
    flush()

    out, err = run("import_site", str(target))

    assert "Imported" in out and "in one transaction" in out, err
    assert_same_record(before, snapshot())
    assert stored_files() == files
    # Every file's import is recorded, as a command-line import.
    records = ImportRecord.objects.all()
    assert sorted(r.file_name for r in records) == [f"backup/{name}" for name in FILES]
    assert {r.outcome for r in records} == {ImportRecord.Outcome.IMPORTED}


def test_round_trip_through_a_zip_archive(full_record, tmp_path):
    before, files = snapshot(), stored_files()
    target = tmp_path / "record.zip"

    run("export_site", str(target))

    with zipfile.ZipFile(target) as archive:
        members = sorted(archive.namelist())
        assert members == sorted([*FILES, "README.txt", *(f"files/{n}" for n in files)])
        readme = archive.read("README.txt").decode()
    assert "import_site record.zip" in readme
    assert "06-meetings.csv" in readme and "15 rows" in readme
    assert not list(tmp_path.glob("*.part"))  # no temporary file left behind
    flush()

    run("import_site", str(target))

    assert_same_record(before, snapshot())
    assert stored_files() == files


def test_importing_a_backup_over_the_same_record_changes_nothing(full_record, tmp_path):
    before = snapshot()
    run("export_site", str(tmp_path / "b.zip"))
    out, _ = run("import_site", str(tmp_path / "b.zip"))
    lines = out.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == FILES
    assert all(": 0 created, 0 updated, " in line for line in lines[:-1]), out
    assert_same_record(before, snapshot())


def test_the_backup_files_are_what_import_records_reads(full_record, tmp_path):
    """One file of a backup can be imported on its own, as the README says."""
    run("export_site", str(tmp_path / "b"))
    Discussion.objects.all().delete()
    out, _ = run("import_records", "discussions", str(tmp_path / "b" / "11-discussions.csv"))
    assert "37 created" in out


def test_dry_run_writes_nothing(full_record, tmp_path):
    run("export_site", str(tmp_path / "b"))
    flush()

    out, _ = run("import_site", str(tmp_path / "b"), "--dry-run")

    assert "06-meetings.csv: 15 created" in out
    assert "Dry run" in out and "nothing was written" in out
    assert not any(r._meta.model.objects.exists() for r in RESOURCES.values())
    assert {r.outcome for r in ImportRecord.objects.all()} == {ImportRecord.Outcome.DRY_RUN}


class TestRefusedBackup:
    def test_one_bad_file_and_nothing_of_the_good_files_is_written(self, full_record, tmp_path):
        target = tmp_path / "b"
        run("export_site", str(target))
        last = target / "11-discussions.csv"
        last.write_bytes(last.read_bytes().replace(b",approved,", b",agreed,", 1))
        flush()

        message, err = self.refuse(target)

        assert "11-discussions.csv:" in err
        assert "column “Stage” (value “agreed”): “agreed” is not one of:" in err
        assert "nothing was written" in message
        # The nine good files were imported inside the transaction, then rolled back.
        assert not any(r._meta.model.objects.exists() for r in RESOURCES.values())
        records = {r.file_name: r for r in ImportRecord.objects.all()}
        assert len(records) == len(FILES)
        assert {r.outcome for r in records.values()} == {ImportRecord.Outcome.REFUSED}
        assert "another file of the backup was refused" in records["b/06-meetings.csv"].problems

    def test_every_problem_of_every_file_is_printed(self, full_record, tmp_path):
        target = tmp_path / "b.zip"
        run("export_site", str(target))
        with zipfile.ZipFile(target) as archive:
            files = {name: archive.read(name) for name in archive.namelist()}
        files["03-people.csv"] = files["03-people.csv"].replace(b",H.E.", b"," + b"x" * 40, 1)
        files["10-programmes.csv"] = files["10-programmes.csv"].replace(
            b"water-quality", b"no-such-theme", 1
        )
        bad = tmp_path / "bad.zip"
        with zipfile.ZipFile(bad, "w") as archive:
            for name, data in files.items():
                archive.writestr(name, data)
        MeetingSeries.objects.filter(slug="apt-emm").update(short_name="kept")

        message, err = self.refuse(bad)

        assert "03-people.csv:" in err and "column “Honorific”" in err
        assert "10-programmes.csv:" in err
        assert "No themes with the slug “no-such-theme”" in err
        assert "Problems in a later file may follow from an earlier one" in err
        assert "in 2 files" in message
        # The good files would have put the series' short name back; nothing was written.
        assert MeetingSeries.objects.get(slug="apt-emm").short_name == "kept"

    def test_a_file_that_is_not_part_of_a_backup(self, full_record, tmp_path):
        target = tmp_path / "b"
        run("export_site", str(target))
        (target / "11-widgets.csv").write_text("Slug\nx\n")
        flush()
        message, _ = self.refuse(target)
        assert "Not files of a backup: 11-widgets.csv" in message
        assert not Country.objects.exists()

    def test_not_a_backup(self, tmp_path):
        message, _ = self.refuse(tmp_path / "nowhere")
        assert "does not exist" in message
        (tmp_path / "notes.txt").write_text("hello")
        message, _ = self.refuse(tmp_path / "notes.txt")
        assert "neither a folder nor a zip archive" in message
        message, _ = self.refuse(tmp_path)
        assert "holds none of a backup's files" in message

    @staticmethod
    def refuse(path):
        err = io.StringIO()
        with pytest.raises(CommandError) as failure:
            call_command("import_site", str(path), stdout=io.StringIO(), stderr=err)
        return str(failure.value), err.getvalue()


def test_a_site_with_no_records_of_a_kind(tmp_path):
    """A kind the site has none of is a file of headers only; it reads back as nothing."""
    CountryFactory(code="CI", name="Côte d’Ivoire", slug="cote-divoire")
    run("export_site", str(tmp_path / "b"))
    assert (
        (tmp_path / "b" / "06-meetings.csv")
        .read_text(encoding="utf-8-sig")
        .startswith("Slug,Series,Kind")
    )
    flush()
    out, _ = run("import_site", str(tmp_path / "b"))
    assert "01-countries.csv: 1 created" in out
    assert "06-meetings.csv: no meetings." in out
    assert Country.objects.get().name == "Côte d’Ivoire"


def test_text_that_starts_with_an_apostrophe_and_a_formula_character(tmp_path):
    series = MeetingSeriesFactory(slug="s")
    japan = CountryFactory(code="JP", name="Japan", slug="japan")
    MeetingFactory(slug="m", series=series, host_country=japan, title="'=1+1 is two")
    run("export_site", str(tmp_path / "b"))
    flush()
    run("import_site", str(tmp_path / "b"))
    assert Meeting.objects.get().title == "'=1+1 is two"


def test_a_backup_larger_than_the_upload_limit_reads_back(full_record, tmp_path, settings):
    before = snapshot()
    run("export_site", str(tmp_path / "b"))
    flush()
    settings.IMPORT_MAX_BYTES = 4096  # smaller than 06-meetings.csv, as 5 MB is for a big site
    assert (tmp_path / "b" / "06-meetings.csv").stat().st_size > settings.IMPORT_MAX_BYTES
    run("import_site", str(tmp_path / "b"))
    assert_same_record(before, snapshot())
