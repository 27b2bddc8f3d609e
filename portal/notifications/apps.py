from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The daily digest's slot in the schedule (portal.tasks.periodic).
        from django.contrib.auth.signals import user_logged_in

        from portal.notifications import services, tasks

        tasks.register_schedule()
        user_logged_in.connect(services.remember_unread_count, dispatch_uid="notifications.remember_unread_count")
