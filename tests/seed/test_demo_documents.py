"""The demo record's documents: real files whose text names their meeting or programme,
a bounded number, some drafts, and ``clear`` removes them; the seed adds none."""

import io
import zipfile

import pytest
from django.core.management import call_command

from documents.models import Document
from seed.demo_data import PREFIX
from seed.demo_data.documents import SHOWCASE, max_documents

pytestmark = pytest.mark.django_db


def generate(**options):
    sizes = {"series": 2, "meetings": 30, "programmes": 10, "discussions": 10} | options
    args = [f"--{name}={value}" for name, value in sizes.items()]
    call_command(
        "generate_demo_data", *args, "--seed=3", stdout=io.StringIO(), stderr=io.StringIO()
    )


def test_demo_documents_are_real_files_naming_their_owner():
    generate()
    documents = list(Document.objects.select_related("meeting", "programme"))
    assert 1 <= len(documents) <= max_documents(30)
    assert all(d.slug.startswith(PREFIX) for d in documents)
    assert any(d.meeting_id for d in documents) and any(d.programme_id for d in documents)
    stored = [d for d in documents if d.file]
    assert {d.format for d in stored} == {"pdf", "docx"}
    for document in stored:
        data = document.file.read()
        assert data.startswith(b"%PDF-") or zipfile.is_zipfile(io.BytesIO(data))
        assert document.size == len(data)
        owner = document.meeting or document.programme
        assert (owner.title if document.meeting_id else owner.name) in document.text
    assert Document.objects.published().exists()


def test_one_published_meeting_shows_ten_published_documents():
    generate()
    shown = Document.objects.published().values_list("meeting", flat=True)
    assert max(list(shown).count(m) for m in set(shown)) >= SHOWCASE == 10


def test_more_meetings_more_addresses_still_bounded_and_clear_removes_them():
    generate(meetings=300)
    documents = Document.objects.all()
    assert max_documents(30) < documents.count() <= max_documents(300)
    assert documents.filter(file="").count() >= 300 // 10
    call_command("generate_demo_data", "--clear", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Document.objects.exists()


def test_load_seed_adds_no_documents():
    call_command("load_seed", stdout=io.StringIO())
    assert not Document.objects.exists()
