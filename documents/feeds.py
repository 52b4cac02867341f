"""/documents/feed/: an Atom feed of the documents most recently published.

Like every public view it starts from ``Document.objects.published()``: a draft document,
or a published one of a draft or scheduled meeting or programme, is in no feed. Bounded:
the FEED_MAX_ITEMS latest, in one query whatever the record holds.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from meetings.feeds import host_name, site_name, xml_safe

from .models import Document

FEED_MAX_ITEMS = 50


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
