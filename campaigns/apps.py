from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from portal import registry

        # Not open yet: the header and the home page say so instead of leading to an empty page.
        registry.navigation.register(
            "campaigns", registry.NavItem("campaigns:index", _("Campaigns"), "megaphone", "campaigns.view_campaigns", coming_soon=True), order=20,
        )
