from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudioConfig(AppConfig):
    name = "studio"
    verbose_name = _("Studio")

    def ready(self):
        from portal import registry

        # Not open yet: the header and the home page say so instead of leading to an empty page.
        registry.navigation.register(
            "studio", registry.NavItem("studio:index", _("Studio"), "camera", "studio.view_photos", coming_soon=True), order=50,
        )
