"""People's names in Japanese (issue 14: 浅尾慶一郎 on the Japanese page), like every other
translated name: the person's pages, the admin's form, files and search."""

import pytest
from django.urls import reverse

from exchange.files import read_file
from exchange.models import problems
from meetings.models import Person
from meetings.resources import PersonResource
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory
from tests.meetings.page_reading import get_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def asao():
    person = PersonFactory(
        name="Keiichiro Asao", name_ja="浅尾慶一郎", honorific="Mr.", slug="keiichiro-asao"
    )
    ParticipationFactory(person=person, meeting=MeetingFactory(published=True), title="Minister")
    return person


def test_the_japanese_person_page_names_the_person_in_japanese(client, asao):
    page = get_page(client, "/ja/people/keiichiro-asao/")
    assert "<h1>浅尾慶一郎</h1>" in page
    assert "Keiichiro Asao" not in page
    assert "<h1>Mr. Keiichiro Asao</h1>" in get_page(client, "/people/keiichiro-asao/")


def test_a_person_without_a_japanese_name_shows_the_english_one(client):
    person = PersonFactory(name="Tri Rismaharini", honorific="Ms.")
    ParticipationFactory(person=person, meeting=MeetingFactory(published=True))
    assert "<h1>Ms. Tri Rismaharini</h1>" in get_page(client, f"/ja/people/{person.slug}/")


def test_search_finds_a_person_by_the_japanese_name(client, asao):
    url = reverse("people:detail", args=[asao.slug])
    assert url in get_page(client, reverse("search"), {"q": "浅尾慶一郎"})
    assert url in get_page(client, reverse("search"), {"q": "Asao"})


def test_the_admin_form_takes_both_languages(superuser_client):
    response = superuser_client.post(
        reverse("admin:meetings_person_add"),
        {"name_en": "Kozo Akino", "name_ja": "秋野公造", "honorific": "Mr.", "slug": "kozo-akino"},
    )
    assert response.status_code == 302
    stored = Person.objects.values_list("name_en", "name_ja").get(slug="kozo-akino")
    assert stored == ("Kozo Akino", "秋野公造")


def test_files_carry_both_names():
    PersonFactory(name="Keiichiro Asao", name_ja="浅尾慶一郎", slug="keiichiro-asao")
    exported = PersonResource().export()
    assert exported.headers == ["Slug", "Name (English)", "Name (Japanese)", "Honorific"]
    assert exported.dict[0]["Name (Japanese)"] == "浅尾慶一郎"

    data = "Slug,Name (English),Name (Japanese),Honorific\nkozo-akino,Kozo Akino,秋野公造,Mr.\n"
    result = PersonResource().import_data(read_file(data.encode(), "people.csv"))
    assert not problems(result)
    assert Person.objects.values_list("name_en", "name_ja").get(slug="kozo-akino") == (
        "Kozo Akino",
        "秋野公造",
    )
    # A file from before, with one "Name" column, still imports (as the English name).
    data = "Slug,Name,Honorific\nold-file,Old File,\n"
    assert not problems(PersonResource().import_data(read_file(data.encode(), "people.csv")))
    assert Person.objects.get(slug="old-file").name_en == "Old File"
