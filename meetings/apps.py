from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from meetings import documents, notifications, plugins, tasks

        plugins.register()
        documents.register()
        notifications.register()
        tasks.register_schedule()
