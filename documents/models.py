"""Documents of meetings and programmes: an uploaded file or an address elsewhere.

A document belongs to a meeting, a programme or both, has its own publication status and
is public only while each record it belongs to is (``DocumentQuerySet.published``). What
the site reads from the file (format, size, pages, SHA-256, text) is stored beside it,
written by ``documents.reading`` when the file is saved or re-read.
"""

import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Count, Q, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision, beyond_precision, format_partial, truncate
from core.models import PublicationStatus, Publishable, PublishableQuerySet
from meetings.models import Meeting
from programmes.models import Programme

from .formats import FORMATS, validate_document_file
from .reading import TextStatus, read_into


class DocumentKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    CHAIRS_SUMMARY = "chairs_summary", _("Chair's summary")
    JOINT_STATEMENT = "joint_statement", _("Joint statement")
    PRESS_RELEASE = "press_release", _("Press release")
    PRESENTATION = "presentation", _("Presentation")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class DocumentLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    JAPANESE = "ja", _("Japanese")
    BILINGUAL = "en+ja", _("English and Japanese")
    OTHER = "other", _("Another language")


def stored_name(document, filename):
    """``documents/2026/3f9c…/agenda.pdf``: a random folder, so a stored file's address is
    not guessable and two uploads of one name never collide; the name kept is made safe."""
    original = PurePath(filename or "file").name
    stem = slugify(PurePath(original).stem)[:80] or "document"
    suffix = "".join(c for c in PurePath(original).suffix.lower() if c.isalnum() or c == ".")
    year = timezone.now().year
    return f"documents/{year}/{secrets.token_hex(16)}/{stem}{suffix[:10]}"


WEB_ADDRESS = URLValidator(schemes=["http", "https"])


# A meeting's or programme's page lists at most this many; "All N documents" links the list.
SHOWN_ON_A_PAGE = 20


class DocumentQuerySet(PublishableQuerySet):
    def published(self):
        """Published documents whose meeting and programme (those they belong to) are
        published too: a draft meeting's agenda is as hidden as the meeting."""
        now = timezone.now()
        meeting_public = Q(
            meeting__status=PublicationStatus.PUBLISHED, meeting__published_at__lte=now
        )
        programme_public = Q(
            programme__status=PublicationStatus.PUBLISHED, programme__published_at__lte=now
        )
        return (
            super()
            .published()
            .filter(
                Q(meeting__isnull=True) | meeting_public,
                Q(programme__isnull=True) | programme_public,
            )
        )

    def shown_on_page(self, **owner):
        """A meeting's or programme's page (``meeting=...``): its first SHOWN_ON_A_PAGE
        published documents in their order, and how many there are, in one query."""
        found = list(
            self.published()
            .filter(**owner)
            .defer("text")
            .annotate(total=Window(Count("id")))
            .order_by("order", "date", "id")[:SHOWN_ON_A_PAGE]
        )
        return found, (found[0].total if found else 0)


class Document(Publishable):
    """An agenda, a chair's summary, a statement, a presentation or a report."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Leave empty to derive it from the meeting or programme and the title."),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=DocumentLanguage.choices, default="en"
    )
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("Leave empty to take the meeting's date."),
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers are listed first.")
    )
    file = models.FileField(
        _("file"),
        upload_to=stored_name,
        max_length=255,
        blank=True,
        validators=[validate_document_file],
        help_text=_(
            "PDF, Word, Excel, PowerPoint, OpenDocument, plain text, PNG or JPEG; "
            "recognised by its content."
        ),
    )
    url = models.URLField(
        _("address"),
        max_length=500,
        blank=True,
        validators=[WEB_ADDRESS],
        help_text=_("Where the document is published elsewhere (http or https), if no file."),
    )

    # Derived from the file (documents.reading), never typed.
    original_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True, editable=False)
    format = models.CharField(_("format"), max_length=10, blank=True, editable=False)
    media_type = models.CharField(_("media type"), max_length=100, blank=True, editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    # The text, its pages separated by form feeds ("\f") where the format has pages.
    text = models.TextField(_("text"), blank=True, editable=False)
    text_status = models.CharField(
        _("text"), max_length=12, choices=TextStatus.choices, blank=True, editable=False
    )
    read_at = models.DateTimeField(_("read"), null=True, blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    # history: every version, both languages, without the text (translation.py)

    class Meta:
        ordering = ["order", "date", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("publish_document", _("Can publish and unpublish documents"))]
        indexes = [
            # The public list's order (newest first) and its filters.
            models.Index(fields=["date", "id"], name="document_list_order"),
            models.Index(fields=["kind", "date", "id"], name="document_kind_order"),
            models.Index(fields=["language", "date", "id"], name="document_language_order"),
            models.Index(fields=["meeting", "order", "id"], name="document_meeting_order"),
            models.Index(fields=["programme", "order", "id"], name="document_programme_order"),
            models.Index(fields=["status", "published_at"], name="document_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | Q(programme__isnull=False),
                name="document_belongs_somewhere",
                violation_error_message=_("A document belongs to a meeting or a programme."),
            ),
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="document_file_or_address",
                violation_error_message=_("Give a file or an address, not both."),
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="document_date_precision_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The document's public address: its file's download, or where it is published."""
        if self.file:
            return self.download_url
        return self.url

    @property
    def download_url(self):
        return reverse("documents:download", kwargs={"slug": self.slug})

    @property
    def date_display(self):
        return format_partial(self.date, self.date_precision) if self.date else ""

    @property
    def format_label(self):
        found = FORMATS.get(self.format)
        return found.label if found else ""

    def clean(self):
        errors = {}
        if not self.meeting_id and not self.programme_id:
            errors["meeting"] = _("Choose the meeting or the programme it belongs to (or both).")
        if self.file and self.url:
            errors["url"] = _("Give a file or an address, not both.")
        elif not self.file and not self.url:
            errors["file"] = _("Upload a file or give the address where it is published.")
        if self.date:
            too_precise = beyond_precision(self.date, self.date_precision)
            if too_precise:
                errors["date"] = too_precise
        if errors:
            raise ValidationError(errors)

    def prepare_for_save(self):
        super().prepare_for_save()
        if self.file and not self.file._committed:
            # A file uploaded or replaced: read once, here (a publish click reads nothing).
            self.original_name = ""
            read_into(self, self.file.file)
        if not self.date and self.meeting_id:
            self.date, self.date_precision = self.meeting.start_date, self.meeting.date_precision
        if self.date:
            self.date = truncate(
                self._meta.get_field("date").to_python(self.date), self.date_precision
            )
        if not self.slug:
            self.slug = self.default_slug()

    def default_slug(self):
        """The owner's slug and the title ("ninth-dialogue-2015-agenda"), numbered if taken."""
        owner = (
            self.meeting.slug
            if self.meeting_id
            else (self.programme.slug if self.programme_id else "")
        )
        base = slugify(f"{owner}-{self.title_en or self.title}")[:190].strip("-") or "document"
        slug, n = base, 2
        while Document.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug
