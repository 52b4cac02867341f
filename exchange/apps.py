from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Spreadsheets in and out: the import engine, the import log, downloads, backups."""

    name = "exchange"
    # What editors see in the admin's menu, above the import log.
    verbose_name = _("Imports and exports")
