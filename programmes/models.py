"""Cooperation programmes, their themes and funds, and what each meeting said of them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import record_history
from core.models import Publishable
from meetings.models import Country, Meeting


class Theme(models.Model):
    """A field of cooperation: sustainable cities, biodiversity, waste and 3R, ..."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class Fund(models.Model):
    """A source of funding, such as the Japan-ASEAN Integration Fund (JAIF)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Programme(Publishable):
    """A programme, initiative, forum or agreement that the meetings discussed."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Programme")
        PROJECT = "project", _("Project or event")
        INITIATIVE = "initiative", _("Initiative")
        FORUM = "forum", _("Forum")
        NETWORK = "network", _("Network")
        MECHANISM = "mechanism", _("Mechanism")
        AGREEMENT = "agreement", _("International agreement")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PENDING_FUNDING = "pending_funding", _("Pending funding")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    name = models.CharField(_("name"), max_length=250, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    other_names = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("One per line: the other names the record uses for this programme."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROGRAMME)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    fund = models.ForeignKey(
        Fund,
        verbose_name=_("fund"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="programmes"
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries involved"), blank=True, related_name="programmes"
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    programme_status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("Leave empty when the record does not say."),
    )

    # history: every version, both languages, with its themes and countries (registered
    # in translation.py)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        permissions = [("publish_programme", _("Can publish and unpublish programmes"))]
        # The list's filters on kind and status, each with the list's order (name), and the
        # published() filter.
        indexes = [
            models.Index(fields=["kind", "name"], name="programme_kind_order"),
            models.Index(fields=["programme_status", "name"], name="programme_status_order"),
            models.Index(fields=["status", "published_at"], name="programme_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="programme_end_year_not_before_start",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:detail", kwargs={"slug": self.slug})

    @property
    def other_names_list(self):
        return [line.strip() for line in self.other_names.splitlines() if line.strip()]

    def clean(self):
        for field in ("start_year", "end_year"):
            year = getattr(self, field)
            if year is not None and not 1900 <= year <= 2100:
                raise ValidationError({field: _("Give a year between 1900 and 2100.")})
        # Also a database constraint; said here so a form or an import names the field.
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year cannot be before the start year.")})


class Discussion(models.Model):
    """What one meeting said of one programme: together they make the programme's timeline."""

    class Stage(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONSIDERED = "considered", _("Considered")
        APPROVED = "approved", _("Approved")
        PROGRESS_REPORTED = "progress_reported", _("Progress reported")
        EVALUATED = "evaluated", _("Evaluated")
        COMPLETED = "completed", _("Completed")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="discussions"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="discussions",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    note = models.TextField(_("note"), blank=True)

    history = record_history()

    class Meta:
        ordering = ["meeting__start_date", "programme__name"]
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "programme"],
                name="discussion_unique_per_meeting_and_programme",
                violation_error_message=_(
                    "This meeting already has a discussion of this programme."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.programme} at {self.meeting.display_title}: {self.get_stage_display()}"
