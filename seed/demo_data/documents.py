"""Documents of the demo record: small real PDFs and Word files made on the fly, and
documents published elsewhere (an address), in a number that follows the record's size.

Files are bounded (``MAX_FILES``): each is read as an upload is (format, pages, text),
which costs more than a row. Addresses cost a row each: one per ``MEETINGS_PER_ADDRESS``
meetings, at most ``MAX_ADDRESSES``, so a large record's documents list has deep pages.
The first published meeting carries ``SHOWCASE`` published documents (the benchmark's
"meeting with ten documents"). Their text names their meeting or programme, so a search
for it finds them.
"""

from django.core.files.base import ContentFile
from django.utils.text import slugify

from core.models import PublicationStatus
from documents.models import Document, DocumentKind
from documents.samples import make_docx, make_pdf

from .naming import PREFIX
from .vocabulary import TOPICS

SHOWCASE = 10
MAX_FILES = 24
MEETINGS_PER_ADDRESS = 10
MAX_ADDRESSES = 2_000
KINDS = [k for k in DocumentKind.values if k != DocumentKind.OTHER]


def is_public(record, now):
    return record.status == PublicationStatus.PUBLISHED and record.published_at <= now


def max_documents(meetings):
    """The most documents a record of ``meetings`` meetings gets."""
    return SHOWCASE + MAX_FILES + min(MAX_ADDRESSES, meetings // MEETINGS_PER_ADDRESS)


def plan(generator, meetings, programmes):
    """(owner field, owner, stored file?, always live?) for every document to write."""
    showcase = next((m for m in meetings if is_public(m, generator.now)), None)
    owners = [("meeting", showcase, True, True)] * SHOWCASE if showcase else []
    with_files = [("meeting", m, True, False) for m in meetings[: MAX_FILES * 2 // 3]]
    with_files += [("programme", p, True, False) for p in programmes[: MAX_FILES - len(with_files)]]
    rest = meetings[MAX_FILES * 2 // 3 :][MEETINGS_PER_ADDRESS - 1 :: MEETINGS_PER_ADDRESS]
    addresses = [("meeting", m, False, False) for m in rest[:MAX_ADDRESSES]]
    return owners + with_files + addresses


def make_documents(generator, meetings, programmes):
    """Write the documents of ``plan``; at most ``max_documents(len(meetings))``."""
    rng = generator.rng
    new_slug = generator.slugs(Document)
    documents = []
    for order, (field, owner, stored, live) in enumerate(plan(generator, meetings, programmes)):
        kind = KINDS[order % len(KINDS)] if live else rng.choice(KINDS)
        label = str(DocumentKind(kind).label)
        name = owner.title if field == "meeting" else owner.name
        title_en = f"{label}: {name}"[:300]
        text = [name, f"{label}. {rng.choice(TOPICS)}."]
        document = Document(
            kind=kind,
            title=title_en,
            title_en=title_en,
            title_ja=f"{name}（{label}）"[:300],
            language=rng.choice(["en", "en", "ja"]),
            order=order % 3,
            **{field: owner},
        )
        if not stored or rng.random() < 0.15:
            document.url = f"https://example.org/documents/{slugify(owner.slug)}/{kind}"
        elif rng.random() < 0.5:
            document.file = ContentFile(make_pdf(text), name=f"{kind}.pdf")
        else:
            document.file = ContentFile(make_docx(text), name=f"{kind}.docx")
        document.slug = new_slug(f"{PREFIX}{slugify(owner.slug)[:150]}-{kind}")
        draft = not live and rng.random() < generator.draft_share
        generator.publish(
            document, "draft" if draft else "live", owner.published_at or generator.now
        )
        document.prepare_for_save()
        documents.append(document)
    return generator.bulk("documents", Document, documents)
