from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        from portal import registry

        # Not open yet: the header and the home page say so instead of leading to an empty page.
        registry.navigation.register(
            "resources", registry.NavItem("resources:index", _("Resources"), "journal-text", "resources.view_resources", coming_soon=True), order=40,
        )
