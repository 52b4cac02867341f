"""What every template sees: the site's name, the admin's path, the page in the other language."""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext, gettext_noop

from core.languages import language_versions

# The site's name is a setting; its translations live in the catalogue under this msgid.
gettext_noop("Japan-ASEAN Dialogue on Environmental Cooperation")


def site(request):
    """What every template may name: the site's name (in the page's language), the admin
    link if it is public, and the same page in each language (switcher and hreflang).

    An operator who sets DJANGO_ADMIN_PATH to something unguessable does not want every
    page to print it; only the default /admin/ is linked.
    """
    admin_url = reverse("admin:index") if settings.ADMIN_PATH == "admin/" else None
    return {
        "site_name": gettext(settings.SITE_NAME),
        "admin_link": admin_url,
        "language_versions": SimpleLazyObject(lambda: language_versions(request)),
    }
