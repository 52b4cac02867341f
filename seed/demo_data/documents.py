"""Documents of the demo record: small real PDFs and Word files made on the fly.

A bounded number (``MAX_DOCUMENTS``): each file is read as an upload is (format, pages,
text), which costs more than a row, so a large demo record still gets only a few dozen.
Their text names their meeting or programme, so a search for it finds them.
"""

from django.core.files.base import ContentFile
from django.utils.text import slugify

from documents.models import Document, DocumentKind
from documents.samples import make_docx, make_pdf

from .naming import PREFIX
from .vocabulary import TOPICS

MAX_DOCUMENTS = 24
KINDS = [k for k in DocumentKind.values if k != DocumentKind.OTHER]


def make_documents(generator, meetings, programmes):
    """Write up to ``MAX_DOCUMENTS`` documents for the first meetings and programmes."""
    rng = generator.rng
    new_slug = generator.slugs(Document)
    owners = [("meeting", m) for m in meetings[: MAX_DOCUMENTS * 2 // 3]]
    owners += [("programme", p) for p in programmes[: MAX_DOCUMENTS - len(owners)]]
    documents = []
    for order, (field, owner) in enumerate(owners):
        kind = rng.choice(KINDS)
        label = str(DocumentKind(kind).label)
        name = owner.title if field == "meeting" else owner.name
        title_en = f"{label}: {name}"[:300]
        topic = rng.choice(TOPICS)
        text = [name, f"{label}. {topic}."]
        document = Document(
            kind=kind,
            title=title_en,
            title_en=title_en,
            title_ja=f"{name}（{label}）"[:300],
            language=rng.choice(["en", "en", "ja"]),
            order=order % 3,
            **{field: owner},
        )
        if rng.random() < 0.15:
            document.url = f"https://example.org/documents/{slugify(owner.slug)}/{kind}"
        elif rng.random() < 0.5:
            document.file = ContentFile(make_pdf(text), name=f"{kind}.pdf")
        else:
            document.file = ContentFile(make_docx(text), name=f"{kind}.docx")
        document.slug = new_slug(f"{PREFIX}{slugify(owner.slug)[:150]}-{kind}")
        state = "draft" if rng.random() < generator.draft_share else "live"
        generator.publish(document, state, owner.published_at or generator.now)
        document.prepare_for_save()
        documents.append(document)
    return generator.bulk("documents", Document, documents)
