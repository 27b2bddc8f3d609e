from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # Authentication events come only as Django signals; they are connected here once.
        from portal import audit, fragments, tasks

        audit.connect_auth_signals()
        tasks.connect_signals()
        # Every write moves the data version the kept panels and sections are keyed on.
        fragments.connect()
