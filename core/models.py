"""Publishable records: drafts, publish times, and the signal that public content changed.

Abstract only (core has no tables): meetings and programmes are Publishable; every
public view starts from ``published()``.
"""

from django.db import models
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    """Every public view starts from ``published()``: drafts never leak."""

    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED, published_at__lte=timezone.now())


class Publishable(models.Model):
    """A record the public sees only once it is published and its publish time has come."""

    status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Set when the record is first published; a future time schedules it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return (
            self.status == PublicationStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def prepare_for_save(self):
        """What every save does to the values; bulk imports, which skip save(), call it."""
        # A published record always has a publish time, whichever way it was published.
        if self.status == PublicationStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()


# Sent by ``content_changed()``; the site's page cache (dialogues_site.page_cache) listens.
public_content_changed = Signal()


def content_changed(sender=None):
    """Say that what the public sees may have changed where no model signal says it.

    Saves, deletes and many-to-many changes of the records already say it (the page
    cache listens to their signals); bulk writes do not (``bulk_create``,
    ``bulk_update``, ``QuerySet.update``, raw SQL), so the import engine and the site
    restore call this once they have written. Inside a transaction is fine: the pages
    are invalidated again when it commits.
    """
    public_content_changed.send(sender=sender)
