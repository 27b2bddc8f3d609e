from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from campaigns import documents, media, notifications, plugins, theme_keys

        plugins.register()
        documents.register()
        media.register_files()
        notifications.register()
        theme_keys.connect()
