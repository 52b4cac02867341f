"""The meetings of a series, who took part in them, and on whose behalf."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision, beyond_precision, format_range, truncate
from core.models import PublicationStatus, Publishable

from .kinds import MeetingKind, first_kind, ordinal_word


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
        # A name in Japanese is written without the English honorific ("秋野公造").
        if self.name != self.name_en:
            return self.name
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
    order = models.PositiveSmallIntegerField(
        _("display order"),
        default=100,
        help_text=_("Lower first: on the home page, the timeline and the series filter."),
    )
    featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("The series the home page presents first, as its heading; one at most."),
    )

    class Meta:
        # The featured series first, then the editors' order (the home page, the timeline,
        # the filter's choices).
        ordering = ["-featured", "order", "name"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        constraints = [
            models.UniqueConstraint(
                fields=["featured"],
                condition=Q(featured=True),
                name="meeting_series_one_featured",
                violation_error_message=_(
                    "Another series is already featured: unfeature it first."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class Meeting(Publishable):
    """One meeting of a series: when and where it was held and what it discussed."""

    series = models.ForeignKey(
        MeetingSeries, verbose_name=_("series"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.ForeignKey(
        MeetingKind,
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        related_name="meetings",
        default=first_kind,
    )
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
        # (Compared when saved, not here: the kind's noun would cost a query per row read.)
        if {"title_en", "kind_id", "number"} <= set(field_names):
            instance._title_en_on_load = instance.title_en
            instance._numbering_on_load = (instance.kind_id, instance.number)
        return instance

    def clean(self):
        errors = {}
        # Fill a blank slug here, so a clash is reported on the form rather than at save.
        if not self.slug and self.start_date:
            self.slug = self.default_slug()
        if self.kind_id and self.kind.numbered and self.number is None:
            errors["number"] = _(
                "A meeting of the kind “%(kind)s” needs its number in the series."
            ) % {"kind": self.kind.name}
        start_error = beyond_precision(self.start_date, self.date_precision)
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
        numbering = getattr(self, "_numbering_on_load", None)
        derived_on_load = (
            numbering
            and self.title_en == self._title_en_on_load
            and (self.title_en == self.title_for(*numbering))
        )
        if not self.title_en or derived_on_load:
            self.title_en = self.default_title()
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
        """The title used when none is typed: the number and the kind's English noun
        ("Ninth Dialogue"), or the noun alone ("Ministerial Dialogue")."""
        return self.title_for(self.kind_id, self.number if number is None else number)

    def title_for(self, kind_id, number):
        kind = self.kind_of(kind_id)
        noun = kind.noun_en if kind else "Meeting"
        return f"{ordinal_word(number)} {noun}" if number else noun

    def kind_of(self, kind_id):
        """The meeting's kind if ``kind_id`` is its, else that kind (as loaded: the title
        derived before an edit)."""
        if not kind_id:
            return None
        return self.kind if kind_id == self.kind_id else MeetingKind.objects.get(pk=kind_id)

    def default_title_ja(self, kind_id=None, number=None):
        """The Japanese title used when none is typed, where it can be said cleanly: a
        numbered meeting of a series named in Japanese is "第9回" and the series' short name
        when that ends with the kind's noun ("第9回日ASEAN環境協力対話"), else the noun
        ("第2回作業部会"). Otherwise empty, and the English title shows."""
        kind_id = self.kind_id if kind_id is None else kind_id
        number = self.number if number is None else number
        if not kind_id or not number or not self.series_id:
            return ""
        kind = self.kind_of(kind_id)
        if not kind.numbered:
            return ""
        series_name = (self.series.short_name_ja or "").strip()
        noun = (kind.noun_ja or "").strip()
        if not series_name or not noun:  # a series not yet named in Japanese: English shows
            return ""
        return f"第{number}回{series_name if series_name.endswith(noun) else noun}"

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
