"""History (core/history.py, django-simple-history): every change to meetings,
programmes, participations and discussions is a version saying who, when, why and what,
whether made in the admin, by an import (admin or command) or by the seed; a preview, a
dry run or a refused file writes none, and versions are written in batches.
"""

import io
import math

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exchange import backup
from meetings.models import Meeting, Participation
from programmes.models import Discussion, Programme
from tests.admin_forms import admin_import, admin_upload, admin_url, form_data
from tests.core.history_helpers import (
    MEETINGS_FILE,
    changed_fields,
    coded,
    import_records,
    latest,
    link_slugs,
    versions,
)
from tests.factories import (
    CountryFactory,
    DiscussionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
    kind_named,
)

pytestmark = pytest.mark.django_db

CHANGED, CREATED, DELETED = "~", "+", "-"


# Admin edits ------------------------------------------------------------------------------


class TestAdminEdits:
    def test_an_edit_is_a_version_naming_the_user_and_the_change(self, editor_client, editor_user):
        meeting = MeetingFactory(city="Hanoi")
        url = admin_url("meeting", "change", meeting.pk)
        before = len(versions(meeting))

        response = editor_client.post(url, form_data(editor_client.get(url)) | {"city_en": "Hue"})

        assert response.status_code == 302
        assert len(versions(meeting)) == before + 1
        version = latest(meeting)
        assert version.history_type == CHANGED
        assert version.history_user == editor_user
        assert version.city == "Hue"
        assert changed_fields(version) == ["city_en"]
        assert version.prev_record.city == "Hanoi"

    def test_adding_a_meeting_with_participants_records_each(self, editor_client, editor_user):
        series, country, person = MeetingSeriesFactory(), CountryFactory(), PersonFactory()
        url = admin_url("meeting", "add")
        data = form_data(editor_client.get(url)) | {
            "series": series.pk, "kind": kind_named("dialogue").pk, "number": "12",
            "slug": "twelfth-dialogue-2014", "start_date": "2014-06-30",
            "date_precision": "day", "city_en": "Tokyo", "host_country": country.pk,
            "participations-TOTAL_FORMS": "1", "participations-0-order": "1",
            "participations-0-person": person.pk, "participations-0-role": "chair",
        }  # fmt: skip

        assert editor_client.post(url, data).status_code == 302

        meeting = Meeting.objects.get(slug="twelfth-dialogue-2014")
        [version] = versions(meeting)
        assert (version.history_type, version.history_user) == (CREATED, editor_user)
        participation = meeting.participations.get()
        [version] = versions(participation)
        assert (version.history_type, version.history_user) == (CREATED, editor_user)
        assert version.person_id == person.pk

    def test_a_programme_edit_is_one_version_with_its_themes(self, editor_client, editor_user):
        water, cities = ThemeFactory(slug="water"), ThemeFactory(slug="cities")
        programme = ProgrammeFactory(themes=[water])
        url = admin_url("programme", "change", programme.pk)
        before = len(versions(programme))
        data = form_data(editor_client.get(url)) | {
            "themes": [str(water.pk), str(cities.pk)],
            "summary_en": "Cities and water.",
        }

        assert editor_client.post(url, data).status_code == 302

        # One version for the save, links included: not one more per change of links.
        assert len(versions(programme)) == before + 1
        version = latest(programme)
        assert version.history_user == editor_user
        assert link_slugs(version, "themes") == ["cities", "water"]
        assert changed_fields(version) == ["summary_en", "themes"]

    def test_discussion_edit_is_a_version(self, editor_client, editor_user):
        discussion = DiscussionFactory(stage="proposed")
        url = admin_url("discussion", "change", discussion.pk)
        data = form_data(editor_client.get(url)) | {"stage": "approved"}
        assert editor_client.post(url, data).status_code == 302
        version = latest(discussion)
        assert (version.history_user, version.stage) == (editor_user, "approved")
        assert changed_fields(version) == ["stage"]

    def test_publishing_and_deleting_are_versions(self, publisher_client, publisher_user):
        meeting = MeetingFactory()
        changelist = admin_url("meeting", "changelist")
        publisher_client.post(changelist, {"action": "publish", "_selected_action": [meeting.pk]})
        version = latest(meeting)
        assert (version.history_user, version.status) == (publisher_user, "published")

        url = admin_url("meeting", "delete", meeting.pk)
        assert publisher_client.post(url, {"post": "yes"}).status_code == 302
        last = Meeting.history.filter(id=meeting.pk).order_by("-history_date", "-pk").first()
        assert (last.history_type, last.history_user) == (DELETED, publisher_user)


# Imports ----------------------------------------------------------------------------------


PROGRAMMES_FILE = (
    "Slug,Name,Themes,Countries involved,Fund\n"
    "esc-model-cities,ESC Model Cities,cities|water,VN|TH,jaif\n"
    "heritage-parks,ASEAN Heritage Parks,,VN,\n"
)


@pytest.mark.usefixtures("temporary_folder")
class TestAdminImport:
    def test_created_updated_and_unchanged_rows(self, editor_client, editor_user, world):
        changed = MeetingFactory(
            slug="first-dialogue-2008", series=world["series"], number=1, city="Saigon",
            start_date="2008-03-01", date_precision="month", end_date=None,
            host_country=world["vn"], venue="", outline="",
        )  # fmt: skip
        unchanged = MeetingFactory(
            slug="second-dialogue-2008", series=world["series"], number=2, city="Bangkok",
            start_date="2008-11-05", end_date=None, host_country=world["th"], venue="",
            outline="",
        )  # fmt: skip
        data = coded(
            MEETINGS_FILE + "third-dialogue-2009,jad,dialogue,3,2009,Chiang Mai,TH\n", world
        )
        before_unchanged = len(versions(unchanged))

        response = admin_import(editor_client, "meeting", data.encode(), name="meetings.csv")

        assert response.status_code == 302
        version = latest(changed)
        assert version.history_type == CHANGED
        assert version.history_user == editor_user
        assert version.history_change_reason == "Imported from meetings.csv"
        assert (version.prev_record.city, version.city) == ("Saigon", "Hanoi")
        new = Meeting.objects.get(slug="third-dialogue-2009")
        [version] = versions(new)
        assert version.history_type == CREATED
        assert version.history_user == editor_user
        assert version.history_change_reason == "Imported from meetings.csv"
        assert len(versions(unchanged)) == before_unchanged  # nothing changed, no version

    def test_programmes_versions_have_their_links(self, editor_client, editor_user, world):
        admin_import(editor_client, "programme", coded(PROGRAMMES_FILE, world).encode(), "p.csv")
        [version] = versions(Programme.objects.get(slug="esc-model-cities"))
        assert version.history_user == editor_user
        assert version.history_change_reason == "Imported from p.csv"
        assert link_slugs(version, "themes") == ["cities", "water"]
        assert link_slugs(version, "countries") == sorted([world["vn"].code, world["th"].code])
        [version] = versions(Programme.objects.get(slug="heritage-parks"))
        assert link_slugs(version, "themes") == []
        assert link_slugs(version, "countries") == [world["vn"].code]

    def test_the_preview_writes_no_version(self, editor_client, world):
        preview = admin_upload(editor_client, "meeting", coded(MEETINGS_FILE, world).encode())
        assert "confirm_form" in preview.context
        assert not Meeting.history.exists()


class TestCommandImport:
    def test_import_records_writes_versions_with_the_file_as_reason(self, world, tmp_path):
        path = tmp_path / "meetings.csv"
        path.write_text(coded(MEETINGS_FILE, world))
        import_records("meetings", path)
        for slug in ("first-dialogue-2008", "second-dialogue-2008"):
            [version] = versions(Meeting.objects.get(slug=slug))
            assert version.history_type == CREATED
            assert version.history_user is None
            assert version.history_change_reason == "Imported from meetings.csv"

    def test_an_update_by_command_is_a_version_with_links(self, world, tmp_path):
        programme = ProgrammeFactory(slug="esc-model-cities", themes=[world["water"]])
        path = tmp_path / "programmes.csv"
        path.write_text(coded(PROGRAMMES_FILE, world))
        import_records("programmes", path)
        version = latest(programme)
        assert version.history_type == CHANGED
        assert version.history_change_reason == "Imported from programmes.csv"
        assert link_slugs(version.prev_record, "themes") == ["water"]
        assert link_slugs(version, "themes") == ["cities", "water"]
        assert "themes" in changed_fields(version)

    def test_participations_and_discussions(self, world, tmp_path):
        meeting = MeetingFactory(slug="m1", series=world["series"])
        programme = ProgrammeFactory(slug="p1")
        person = PersonFactory(slug="someone")
        (tmp_path / "participations.csv").write_text(
            "Meeting,Display order,Person,Role\nm1,1,someone,chair\n"
        )
        (tmp_path / "discussions.csv").write_text("Meeting,Programme,Stage\nm1,p1,approved\n")
        import_records("participations", tmp_path / "participations.csv")
        import_records("discussions", tmp_path / "discussions.csv")
        [version] = versions(Participation.objects.get(meeting=meeting, person=person))
        assert version.history_change_reason == "Imported from participations.csv"
        [version] = versions(Discussion.objects.get(meeting=meeting, programme=programme))
        assert version.history_change_reason == "Imported from discussions.csv"

    def test_dry_runs_and_refused_files_write_no_version(self, world, tmp_path):
        path = tmp_path / "meetings.csv"
        path.write_text(coded(MEETINGS_FILE, world))
        import_records("meetings", path, "--dry-run")
        path.write_text(coded(MEETINGS_FILE, world) + "bad,jad,dialogue,3,2009,Nowhere,??\n")
        with pytest.raises(Exception, match="refused"):
            import_records("meetings", path)
        assert not Meeting.objects.exists()
        assert not Meeting.history.exists()

    def test_import_site_names_the_backup_file(self, world, tmp_path):
        meeting = MeetingFactory(slug="m1", series=world["series"], city="Hanoi")
        target = tmp_path / "backup"
        backup.export_site(target)
        Meeting.objects.filter(pk=meeting.pk).update(city="Somewhere else")
        call_command("import_site", str(target), stdout=io.StringIO())
        version = latest(meeting)
        assert version.city == "Hanoi"
        name = backup.backup_file_names()["meetings"]
        assert version.history_change_reason == f"Imported from backup/{name}"

    def test_versions_go_in_batches_not_one_query_a_row(self, world, tmp_path):
        def meetings_file(prefix, count):
            code = world["vn"].code
            rows = [
                f"{prefix}-{n},jad,other,,2010-0{1 + n % 9},City {n},{code}" for n in range(count)
            ]
            header = "Slug,Series,Kind,Number in the series,Start date,City,Host country"
            return "\n".join([header, *rows]) + "\n"

        def history_queries(prefix, count):
            path = tmp_path / f"{prefix}.csv"
            path.write_text(meetings_file(prefix, count))
            with CaptureQueriesContext(connection) as queries:
                import_records("meetings", path)
            return [q["sql"] for q in queries.captured_queries if "historical" in q["sql"]]

        small, large = history_queries("a", 3), history_queries("b", 200)
        assert Meeting.history.count() == 203
        assert all(sql.startswith("INSERT") for sql in small + large)
        assert len(small) == 1
        # Batches of many rows (SQLite takes about 45 rows per insert, PostgreSQL 500).
        assert 1 <= len(large) <= math.ceil(200 / 40)


# The seed ----------------------------------------------------------------------------------


def load_seed():
    call_command("load_seed", stdout=io.StringIO())


class TestSeed:
    def test_every_record_has_one_version_with_reason_seed(self):
        load_seed()
        for model in (Meeting, Participation, Programme, Discussion):
            assert model.objects.exists()
            assert model.history.count() == model.objects.count()
            assert set(model.history.values_list("history_change_reason", flat=True)) == {"Seed"}
            assert set(model.history.values_list("history_user", flat=True)) == {None}
            assert set(model.history.values_list("history_type", flat=True)) == {CREATED}

    def test_programme_versions_have_their_themes_and_countries(self):
        load_seed()
        programme = Programme.objects.filter(themes__isnull=False, countries__isnull=False)[0]
        [version] = versions(programme)
        assert link_slugs(version, "themes") == sorted(t.slug for t in programme.themes.all())
        assert link_slugs(version, "countries") == sorted(c.code for c in programme.countries.all())

    def test_a_second_run_writes_no_version_and_a_repair_writes_one(self):
        load_seed()
        count = Meeting.history.count()
        load_seed()
        assert Meeting.history.count() == count

        meeting = Meeting.objects.order_by("start_date").first()
        city = meeting.city
        Meeting.objects.filter(pk=meeting.pk).update(city="Edited")
        load_seed()
        version = latest(meeting)
        assert (version.city, version.history_change_reason) == (city, "Seed")
        assert Meeting.history.count() == count + 1
