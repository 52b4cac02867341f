from django.conf import settings
from django.urls import reverse


def site(request):
    """What every template may name: the site's name, and the admin link if it is public.

    An operator who sets DJANGO_ADMIN_PATH to something unguessable does not want every
    page to print it; only the default /admin/ is linked.
    """
    from dialogues_site.urls import ADMIN_PATH

    admin_url = reverse("admin:index") if ADMIN_PATH == "admin/" else None
    return {"site_name": settings.SITE_NAME, "admin_link": admin_url}
