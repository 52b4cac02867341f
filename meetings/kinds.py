"""Meeting kinds (MeetingKind) and how derived titles say a meeting's number.

A kind is data editors extend in the admin (a new series' "Ministers Meeting"), with its
names in both languages (translation.py); models.py imports it from here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.Model):
    """A kind of meeting (dialogue, ministers meeting, working group...), kept as data so
    that editors can add one for a new series; its noun makes derived titles ("Ninth"
    + "Dialogue")."""

    slug = models.SlugField(
        _("slug"), max_length=50, unique=True, help_text=_("How files and links name it.")
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    noun = models.CharField(
        _("noun in titles"),
        max_length=100,
        help_text=_(
            'Derived titles are the number and this noun: "Dialogue" gives "Ninth Dialogue".'
        ),
    )
    numbered = models.BooleanField(
        _("numbered"),
        default=False,
        help_text=_("Meetings of this kind are numbered in their series: the number is required."),
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=100)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("meeting kind")
        verbose_name_plural = _("meeting kinds")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


def first_kind():
    """The default kind of a new meeting: the first in the editors' order (the dialogue)."""
    return MeetingKind.objects.order_by("order", "slug").values_list("pk", flat=True).first()


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
