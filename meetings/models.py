"""The meetings of a series, who took part in them, and on whose behalf."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision, format_range, iso_partial, truncate
from core.models import PublicationStatus, Publishable


class Country(models.Model):
    """A country, identified by its ISO 3166-1 alpha-2 code and named as the record does."""

    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters (ISO 3166-1 alpha-2)."))],
        help_text=_("ISO 3166-1 alpha-2, e.g. VN for Viet Nam."),
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    is_asean_member = models.BooleanField(_("ASEAN member"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("countries:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.code,)

    def prepare_for_save(self):
        """What every save does to the values; bulk imports, which skip save(), call it."""
        self.code = self.code.upper()


class Organisation(models.Model):
    """A ministry, city, intergovernmental body or other organisation named in the record."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        CITY = "city", _("City")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
        SECRETARIAT = "secretariat", _("Secretariat")
        FUND = "fund", _("Fund")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})


class Person(models.Model):
    """Someone who took part in a meeting; titles belong to each participation."""

    name = models.CharField(_("name"), max_length=200)
    honorific = models.CharField(
        _("honorific"), max_length=30, blank=True, help_text=_("e.g. Mr., Ms., H.E., Dr.")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.honorific} {self.name}".strip()

    def get_absolute_url(self):
        return reverse("people:detail", kwargs={"slug": self.slug})


class MeetingSeries(models.Model):
    """A series of meetings, such as the Japan-ASEAN Dialogue on Environmental Cooperation.

    Every series-specific fact is data here, so another series is added in the admin.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    organisers = models.ManyToManyField(
        Organisation, verbose_name=_("organisers"), blank=True, related_name="series_organised"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self):
        return self.name


ORDINALS = [
    "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth",
    "Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth",
    "Seventeenth", "Eighteenth", "Nineteenth", "Twentieth",
]  # fmt: skip


def ordinal_word(number):
    """1 -> "First"; beyond the words, 21 -> "21st"."""
    if 1 <= number <= len(ORDINALS):
        return ORDINALS[number - 1]
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


class Meeting(Publishable):
    """One meeting of a series: when and where it was held and what it discussed."""

    class Kind(models.TextChoices):
        DIALOGUE = "dialogue", _("Working-level dialogue")
        MINISTERIAL = "ministerial", _("Ministerial dialogue")
        OTHER = "other", _("Other meeting")

    series = models.ForeignKey(
        MeetingSeries, verbose_name=_("series"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DIALOGUE)
    number = models.PositiveSmallIntegerField(
        _("number in the series"),
        null=True,
        blank=True,
        help_text=_(
            "Empty for a meeting outside the numbered sequence, e.g. the Ministerial Dialogue."
        ),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_('Leave empty to derive it from kind and number, e.g. "Ninth Dialogue".'),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_('Leave empty to derive it from title and year, e.g. "ninth-dialogue-2015".'),
    )
    start_date = models.DateField(_("start date"), db_index=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How much of the date is known: a month-precision date shows as “March 2008”."),
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Only for meetings of several days.")
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    host_country = models.ForeignKey(
        Country,
        verbose_name=_("host country"),
        on_delete=models.PROTECT,
        related_name="meetings_hosted",
    )
    outline = models.TextField(_("outline"), blank=True, help_text=_("Markdown."))

    # history: every version, both languages (registered in translation.py)

    class Meta:
        ordering = ["-start_date", "-number"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        permissions = [("publish_meeting", _("Can publish and unpublish meetings"))]
        # The public pages' filters, each with the order the list shows (newest or oldest
        # first, read either way), and the published() filter (counts read the index only).
        indexes = [
            models.Index(fields=["start_date", "number", "id"], name="meeting_list_order"),
            models.Index(fields=["series", "start_date", "id"], name="meeting_series_order"),
            models.Index(fields=["host_country", "start_date", "id"], name="meeting_host_order"),
            models.Index(fields=["kind", "start_date", "id"], name="meeting_kind_order"),
            models.Index(fields=["status", "published_at"], name="meeting_published"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "kind", "number"],
                name="meeting_number_unique_in_series_and_kind",
                violation_error_message=_(
                    "This series already has a meeting of this kind with this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="meeting_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="meeting_date_precision_valid",
            ),
        ]

    def __str__(self):
        # The English title in every language: the name the admin's log and history keep.
        return f"{self.title_en or self.default_title()} ({self.date_display})"

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        # Remember a title derived from kind and number, so that correcting the number
        # ("Ninth" -> 10) corrects the title too; a title an editor typed is left alone.
        # (The English column: ``title`` is the page's language.)
        instance = super().from_db(db, field_names, values)
        if {"title_en", "kind", "number"} <= set(field_names):
            derived = instance.default_title()
            instance._title_derived_on_load = derived if instance.title_en == derived else None
            instance._numbering_on_load = (instance.kind, instance.number)
        return instance

    def clean(self):
        errors = {}
        # Fill a blank slug here, so a clash is reported on the form rather than at save.
        if not self.slug and self.start_date:
            self.slug = self.default_slug()
        if self.kind == self.Kind.DIALOGUE and self.number is None:
            errors["number"] = _("A numbered dialogue needs its number in the series.")
        start_error = self.start_beyond_precision()
        if start_error:
            errors["start_date"] = start_error
        if self.end_date and self.date_precision != DatePrecision.DAY:
            errors["end_date"] = _(
                "An end date needs a start date known to the day (e.g. 2014-08-28): a "
                "meeting known only to the month or the year has no end date."
            )
        elif self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if errors:
            raise ValidationError(errors)

    def start_beyond_precision(self):
        """The error for a start date more precise than its precision (2014-08-28 with
        "Month"), or None. Saving would cut it to the first of its month or year, losing
        what was typed: a form refuses it. (Saves outside forms, such as scripts, still
        store the cut date: see prepare_for_save.)"""
        start, precision = self.start_date, self.date_precision
        if not isinstance(start, datetime.date) or precision not in DatePrecision.values:
            return None
        cut = truncate(start, precision)
        if cut == start:
            return None
        return ValidationError(
            _(
                "“%(date)s” is more precise than the date precision (%(precision)s): saving "
                "would cut it to “%(cut)s”. Give the date at its precision, or change the "
                "precision."
            ),
            code="beyond_precision",
            params={
                "date": start.isoformat(),
                "precision": DatePrecision(precision).label,
                "cut": iso_partial(cut, precision),
            },
        )

    @property
    def display_title(self):
        """The title in the page's language (English when there is no Japanese one)."""
        return self.title or self.default_title()

    @property
    def date_display(self):
        return format_range(self.start_date, self.end_date, self.date_precision)

    def prepare_for_save(self):
        """What every save does to the values; bulk imports, which skip save(), call it."""
        super().prepare_for_save()
        # A date may arrive as text (shell, scripts); convert before truncating it. A form
        # never gets here with a day its precision would cut (clean() refuses it); a script
        # or a generator that sets one gets the stored form, the first of the period.
        start = self._meta.get_field("start_date").to_python(self.start_date)
        self.start_date = truncate(start, self.date_precision)
        # Derived titles are written to their language's column, whatever the page's
        # language: ``self.title`` would write the current language's.
        if not self.title_en or self.title_en == getattr(self, "_title_derived_on_load", None):
            self.title_en = self.default_title()
        numbering = getattr(self, "_numbering_on_load", None)
        was_derived = bool(numbering and self.title_ja) and (
            self.title_ja == self.default_title_ja(*numbering)
        )
        if was_derived or not self.title_ja:
            derived = self.default_title_ja()
            if derived or was_derived:
                self.title_ja = derived
        if not self.slug:
            self.slug = self.default_slug()

    def default_title(self, number=None):
        """The title used when none is typed: "Ninth Dialogue", "Ministerial Dialogue"."""
        number = self.number if number is None else number
        noun = {
            self.Kind.DIALOGUE: "Dialogue",
            self.Kind.MINISTERIAL: "Ministerial Dialogue",
            self.Kind.OTHER: "Meeting",
        }[self.Kind(self.kind)]
        return f"{ordinal_word(number)} {noun}" if number else noun

    def default_title_ja(self, kind=None, number=None):
        """The Japanese title used when none is typed, where it can be said cleanly: a
        numbered dialogue of a series with a Japanese short name is "第9回" and that name
        ("第9回日ASEAN環境協力対話"). Otherwise empty, and the English title shows."""
        kind = self.kind if kind is None else kind
        number = self.number if number is None else number
        if kind != self.Kind.DIALOGUE or not number or not self.series_id:
            return ""
        series_name = (self.series.short_name_ja or "").strip()
        return f"第{number}回{series_name}" if series_name else ""

    def default_slug(self):
        """ "ninth-dialogue-2015": the English title and the year keep slugs apart across
        series."""
        year = self._meta.get_field("start_date").to_python(self.start_date).year
        return slugify(f"{self.title_en or self.default_title()}-{year}")[:200]


class ParticipationQuerySet(models.QuerySet):
    def published(self):
        """Participations at meetings the public may see (a join on the meeting: an
        ``IN (published meetings)`` subquery would read every meeting for one person)."""
        return self.filter(
            meeting__status=PublicationStatus.PUBLISHED, meeting__published_at__lte=timezone.now()
        )


class Participation(models.Model):
    """Who took part in a meeting, on behalf of whom, and in what role."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        CO_CHAIR = "co_chair", _("Co-chair")
        HEAD_OF_DELEGATION = "head_of_delegation", _("Head of delegation")
        DELEGATE = "delegate", _("Delegate")
        SPEAKER = "speaker", _("Speaker / presenter")
        OBSERVER = "observer", _("Observer")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country represented"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.DELEGATE)
    title = models.CharField(
        _("title held at the time"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Parliamentary Vice-Minister of the Environment"),
    )
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(
        _("display order"),
        blank=True,
        help_text=_("Position in the meeting's list; left empty, the next free number."),
    )

    objects = ParticipationQuerySet.as_manager()

    # history: every version, both languages (registered in translation.py)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        # The meetings a country took part in (country pages, counts, the country filter).
        indexes = [
            models.Index(fields=["country", "meeting"], name="participation_country"),
        ]
        constraints = [
            # (meeting, order) is how an import file names a participation.
            models.UniqueConstraint(
                fields=["meeting", "order"],
                name="participation_order_unique_in_meeting",
                violation_error_message=_(
                    "This meeting already has a participant at this position."
                ),
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False)
                | Q(organisation__isnull=False)
                | Q(country__isnull=False),
                name="participation_names_someone",
                violation_error_message=_(
                    "A participation needs at least a person, an organisation or a country."
                ),
            ),
        ]

    def __str__(self):
        who = self.person or self.organisation or self.country
        return f"{who}, {self.get_role_display()}"

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)

    def clean(self):
        # Also a database constraint; said here so a form or an import names the rule.
        if not (self.person_id or self.organisation_id or self.country_id):
            raise ValidationError(
                _("A participation needs at least a person, an organisation or a country.")
            )

    def prepare_for_save(self):
        """Left empty, the display order is the next free position in the meeting."""
        if self.order is None and self.meeting_id:
            last = Participation.objects.filter(meeting_id=self.meeting_id).aggregate(
                last=models.Max("order")
            )["last"]
            self.order = 1 if last is None else last + 1
