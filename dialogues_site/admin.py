"""The admin's own names for the site."""

from django.conf import settings
from django.contrib import admin

admin.site.site_header = f"{settings.SITE_NAME}: editors' admin"
admin.site.site_title = "Japan-ASEAN Dialogue admin"
admin.site.index_title = "The record"
