"""/documents/feed/: an Atom feed of the documents most recently published.

Like every public view it starts from ``Document.objects.published()``: a draft document,
or a published one of a draft or scheduled meeting or programme, is in no feed. Bounded:
the FEED_MAX_ITEMS latest, in one query whatever the record holds.

The meetings feed's entries name their meeting's newest published documents, and a
document published later updates its meeting's entry (``meeting_entry_documents``).
"""

from django.contrib.syndication.views import Feed
from django.db.models import Count, F, Max, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings.feeds import host_name, site_name, xml_safe

from .models import Document

FEED_MAX_ITEMS = 50
# A meeting's entry in the meetings feed names at most this many of its newest documents.
NAMED_IN_A_MEETING_ENTRY = 5


class DocumentFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return xml_safe(_("%(site)s: documents") % {"site": site_name()})

    def subtitle(self):
        return _("The %(count)s documents published last.") % {"count": FEED_MAX_ITEMS}

    def link(self):
        return reverse("documents:list")

    def feed_url(self):
        return reverse("documents:feed")

    def author_name(self):
        return site_name()

    def items(self):
        return (
            Document.objects.published()
            .select_related("meeting__series", "programme")
            .defer("text")
            .order_by("-published_at", "-pk")[:FEED_MAX_ITEMS]
        )

    def item_title(self, item):
        return xml_safe(item.title)

    def item_description(self, item):
        owner = item.meeting or item.programme
        return xml_safe(str(owner.display_title if item.meeting else owner) if owner else "")

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return f"tag:{host_name(self.request)},{item.created_at:%Y-%m-%d}:document-{item.pk}"

    item_guid_is_permalink = False


def meeting_entry_documents(meetings, request):
    """For the meetings feed (meetings.feeds.ENTRY_ADDITIONS): {meeting pk: (a list of its
    NAMED_IN_A_MEETING_ENTRY newest published documents, when the last was published)},
    in one query whatever the meetings hold."""
    newest_first = (F("published_at").desc(), F("pk").desc())
    found = (
        Document.objects.published()
        .filter(meeting__in=meetings)
        .defer("text")
        .annotate(
            rank=Window(RowNumber(), partition_by=F("meeting_id"), order_by=newest_first),
            total=Window(Count("id"), partition_by=F("meeting_id")),
            latest=Window(Max("published_at"), partition_by=F("meeting_id")),
        )
        .filter(rank__lte=NAMED_IN_A_MEETING_ENTRY)
        .order_by("meeting_id", "rank")
    )
    by_meeting = {}
    for document in found:
        by_meeting.setdefault(document.meeting_id, []).append(document)
    slugs = {meeting.pk: meeting.slug for meeting in meetings}
    return {
        pk: (documents_html(documents, slugs[pk], request), documents[0].latest)
        for pk, documents in by_meeting.items()
    }


def kind_and_format(document):
    """ "Agenda, PDF" (the kind alone for a document published elsewhere)."""
    kind = document.get_kind_display()
    if not document.format_label:
        return kind
    return _("%(kind)s, %(format)s") % {"kind": kind, "format": document.format_label}


def documents_html(documents, meeting_slug, request):
    """ "Documents:" and a list of links (title, kind, format), then where the others are."""
    items = format_html_join(
        "",
        '<li><a href="{}">{}</a> ({})</li>',
        (
            (
                request.build_absolute_uri(d.get_absolute_url()),
                d.title,
                kind_and_format(d),
            )
            for d in documents
        ),
    )
    html = format_html("<p>{}</p><ul>{}</ul>", _("Documents:"), items)
    more = documents[0].total - len(documents)
    if more > 0:
        every = request.build_absolute_uri(f"{reverse('documents:list')}?meeting={meeting_slug}")
        label = ngettext("and %(count)s more document", "and %(count)s more documents", more)
        html += format_html('<p><a href="{}">{}</a></p>', every, label % {"count": more})
    return html
