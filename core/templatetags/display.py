"""Template filters and tags of every app's pages: Markdown rendered safely, dates at
their precision (in the page's language), and the marks of content not yet translated."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.dates import format_partial
from core.history import reason_in_language
from core.text import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3 above


@register.filter
def partial_date(value, precision):
    return format_partial(value, precision)


# --- Content not yet translated ------------------------------------------------------------
#
# A translatable field (django-modeltranslation) has one column per language, e.g.
# title_en and title_ja; ``obj.title`` is the page's language, falling back to English
# when that column is empty. These tags only rely on that naming.


def falls_back(obj, field, language=None):
    """Whether ``obj.<field>`` shows the default language's text in place of ``language``'s
    (the page's): its own column is empty and the default language's is not."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    default = settings.LANGUAGE_CODE
    if obj is None or language == default:
        return False
    own = getattr(obj, f"{field}_{language.replace('-', '_')}", None)
    fallback = getattr(obj, f"{field}_{default}", None)
    return not own and bool(fallback)


@register.simple_tag
def untranslated(obj, *fields):
    """``{% untranslated meeting "title" "outline" %}``: a small "not yet translated" mark
    (after a space) when any of the fields is shown in English on a page in another
    language; nothing at all otherwise."""
    if not any(falls_back(obj, field) for field in fields):
        return ""
    marker = _("Not yet translated")
    # The English words too: a reader of English learns why this text is in English.
    return format_html(
        ' <span class="untranslated"><span lang="{}">{}</span> '
        '<span class="untranslated__en" lang="en">(not yet translated)</span></span>',
        get_language(),
        marker,
    )


@register.simple_tag
def lang_of(obj, *fields):
    """`` lang="en"`` on an element whose text is one of these fields shown in English on
    a page in another language (so screen readers pronounce it as English), else nothing:
    ``<h1{% lang_of meeting "title" %}>``."""
    if any(falls_back(obj, field) for field in fields):
        return format_html(' lang="{}"', settings.LANGUAGE_CODE)
    return ""


@register.simple_tag
def field_text(obj, field):
    """``obj.<field>`` as the page shows it, inside ``<span lang="en">`` when it is the
    English text shown in place of the page's language; plain text otherwise."""
    value = getattr(obj, field, "")
    if falls_back(obj, field):
        return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, value)
    return value


@register.filter
def version_reason(reason):
    """A version's reason in the page's language (core.history.reason_in_language)."""
    return reason_in_language(reason)
