from django.conf import settings


def site(request):
    """What every template may name: the site's name."""
    return {"site_name": settings.SITE_NAME}
