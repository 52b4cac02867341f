"""The search index follows every way the record is written: the admin (a form, an
inline, a delete, a restore from the history), an import, a backup restored, the seed,
the demo generator, bulk writes that say ``content_changed``, and the rebuild command.
Each test searches as a visitor does: it fails if that write path leaves the index as it
was. (No many-to-many relation is searched: themes, countries and organisers change no
entry.)
"""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.models import content_changed
from meetings.models import Meeting, Person
from programmes.models import Programme
from search.engine import search
from search.models import SearchEntry
from tests.admin_forms import admin_url, form_data
from tests.factories import (
    CountryFactory,
    MeetingFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def urls(query, kind):
    return [hit.url for hit in search(query)[kind]]


def person_url(person):
    return reverse("people:detail", args=[person.slug])


# The admin ------------------------------------------------------------------------------


def test_an_admin_save_is_searched_at_once(editor_client):
    programme = ProgrammeFactory(published=True, name="Coastal Cleanup Partnership")
    url = admin_url("programme", "change", programme.pk)
    data = form_data(editor_client.get(url)) | {
        "name_en": "Mangrove Guardians Partnership",
        "name_ja": "マングローブ守護者",
    }

    assert editor_client.post(url, data).status_code == 302

    assert urls("guardians", "programmes") == [programme.get_absolute_url()]
    assert urls("マングローブ", "programmes") == [programme.get_absolute_url()]
    assert urls("cleanup", "programmes") == []


def test_a_participant_added_in_the_meeting_form_is_searched(superuser_client):
    meeting = MeetingFactory(published=True, outline="")
    person = PersonFactory(name="Haruka Ishikawa")
    url = admin_url("meeting", "change", meeting.pk)
    data = form_data(superuser_client.get(url))
    data.update(
        {
            "participations-TOTAL_FORMS": "1",
            "participations-0-order": "1",
            "participations-0-person": str(person.pk),
            "participations-0-role": "chair",
            "participations-0-title_en": "Director-General for Oceans",
            "participations-0-meeting": str(meeting.pk),
        }
    )

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert urls("Ishikawa", "meetings") == [meeting.get_absolute_url()]
    assert urls("oceans", "people") == [person_url(person)]


def test_a_deleted_participation_no_longer_finds_the_person_or_the_meeting(superuser_client):
    meeting = MeetingFactory(published=True, outline="")
    person = PersonFactory(name="Takeshi Morimoto")
    participation = ParticipationFactory(meeting=meeting, person=person, title="Envoy")
    assert urls("Morimoto", "meetings") == [meeting.get_absolute_url()]
    assert urls("Morimoto", "people") == [person_url(person)]

    url = admin_url("participation", "delete", participation.pk)
    assert superuser_client.post(url, {"post": "yes"}).status_code == 302

    assert urls("Morimoto", "meetings") == []
    assert urls("Morimoto", "people") == []


def test_a_deleted_meeting_leaves_no_entry():
    meeting = MeetingFactory(published=True, outline="Peatland restoration.")
    ParticipationFactory(meeting=meeting)
    pk = meeting.pk
    assert SearchEntry.objects.filter(meeting=pk).exists()
    assert SearchEntry.objects.filter(via_meeting=pk).exists()

    meeting.delete()

    assert not SearchEntry.objects.filter(meeting=pk).exists()
    assert not SearchEntry.objects.filter(via_meeting=pk).exists()


# The records an entry shows the text of -----------------------------------------------


def test_a_renamed_person_is_searched_by_the_new_name_in_their_meetings():
    meeting = MeetingFactory(published=True, outline="")
    person = PersonFactory(name="Aiko Original")
    ParticipationFactory(meeting=meeting, person=person)

    person.name = "Aiko Renamed"
    person.save()

    assert urls("Renamed", "meetings") == [meeting.get_absolute_url()]
    assert urls("Renamed", "people") == [person_url(person)]
    assert urls("Original", "meetings") == urls("Original", "people") == []


def test_a_renamed_host_country_finds_the_meetings_it_hosted():
    country = CountryFactory(name="Old Name Republic")
    meeting = MeetingFactory(published=True, host_country=country)

    country.name_en, country.name_ja = "Freshly Named Republic", "新名共和国"
    country.save()

    assert urls("Freshly", "meetings") == [meeting.get_absolute_url()]
    assert urls("新名", "meetings") == [meeting.get_absolute_url()]


def test_a_participation_moved_to_another_meeting_moves_the_name():
    first, second = MeetingFactory(published=True), MeetingFactory(published=True)
    participation = ParticipationFactory(meeting=first, person=PersonFactory(name="Ren Kaito"))

    participation.meeting = second
    participation.save()

    assert urls("Kaito", "meetings") == [second.get_absolute_url()]


# Bulk writes ----------------------------------------------------------------------------


def exported(name, tmp_path):
    path = tmp_path / f"{name}.csv"
    call_command("export_records", name, "-o", str(path), stdout=io.StringIO())
    with open(path, encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def test_an_import_is_searched(tmp_path):
    meeting = MeetingFactory(published=True, outline="")
    person = PersonFactory(name="Sora Before")
    ParticipationFactory(meeting=meeting, person=person)
    header, *rows = exported("people", tmp_path)
    assert header == ["Slug", "Name (English)", "Name (Japanese)", "Honorific"]
    rows = [
        [slug, name.replace("Before", "Imported"), name_ja, title]
        for slug, name, name_ja, title in rows
    ]
    rows.append(["newcomer-yamada", "Newcomer Yamada", "山田新", ""])
    path = tmp_path / "people_changed.csv"
    with open(path, "w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([header, *rows])

    call_command("import_records", "people", str(path), stdout=io.StringIO())

    assert Person.objects.filter(name_en="Newcomer Yamada", name_ja="山田新").exists()
    # Bulk writes send no model signal: content_changed(sender=Person) reindexed the kind.
    assert urls("Imported", "meetings") == [meeting.get_absolute_url()]
    assert urls("Imported", "people") == [person_url(person)]
    assert urls("Before", "meetings") == []


def test_content_changed_reindexes_the_kind_written_in_bulk():
    programme = ProgrammeFactory(published=True, name="Before Bulk")
    Programme.objects.filter(pk=programme.pk).update(name_en="Bulk Written Initiative")
    organisation = OrganisationFactory(name="Agency Before")
    organisation.__class__.objects.filter(pk=organisation.pk).update(name_en="Bulk Agency")
    ParticipationFactory(meeting=MeetingFactory(published=True), organisation=organisation)
    assert urls("initiative", "programmes") == []  # .update() sends no signal

    content_changed(sender=Programme)

    assert urls("initiative", "programmes") == [programme.get_absolute_url()]
    assert search("bulk")["organisations"].total == 0  # only the kind said
    content_changed()  # no model said: everything
    assert search("bulk")["organisations"].total == 1


def test_load_seed_is_searched():
    call_command("load_seed", stdout=io.StringIO())

    assert search("Surabaya")["organisations"].total == 1
    assert search("Hanoi")["meetings"].total >= 1


def test_the_rebuild_command_writes_the_index_again():
    meeting = MeetingFactory(published=True, outline="Mercury was discussed.")
    SearchEntry.objects.all().delete()  # as after restoring a dump without the index
    assert urls("mercury", "meetings") == []

    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)

    assert urls("mercury", "meetings") == [meeting.get_absolute_url()]
    assert "Search index rebuilt: 1 meetings" in out.getvalue()


def test_a_restored_version_is_searched(editor_client):
    meeting = MeetingFactory(published=True, title="Coral Dialogue")
    meeting.title_en = "Kelp Dialogue"
    meeting.save()
    assert urls("coral", "meetings") == []
    coral = meeting.history.order_by("history_date").first()
    url = admin_url("meeting", "simple_history", meeting.pk, coral.pk)

    assert editor_client.post(url, form_data(editor_client.get(url))).status_code == 302

    assert urls("coral", "meetings") == [meeting.get_absolute_url()]
    assert urls("kelp", "meetings") == []


def test_a_restored_backup_is_searched(tmp_path):
    meeting = MeetingFactory(published=True, outline="Seagrass was discussed.")
    call_command("export_site", str(tmp_path / "backup"), stdout=io.StringIO())
    Meeting.objects.filter(pk=meeting.pk).update(outline_en="Nothing.")
    content_changed()
    assert urls("seagrass", "meetings") == []

    call_command("import_site", str(tmp_path / "backup"), stdout=io.StringIO())

    assert urls("seagrass", "meetings") == [meeting.get_absolute_url()]


def test_generated_demo_data_is_searched():
    call_command(
        "generate_demo_data", "--series=1", "--meetings=5", "--draft-share=0", "--seed=3",
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    meeting = Meeting.objects.published().order_by("pk").first()

    assert meeting.get_absolute_url() in urls(f'"{meeting.title}"', "meetings")
