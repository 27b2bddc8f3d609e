from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from meetings.models import Meeting
        from members import downloads
        from members.models import Entity, EntitySocialAccount, Expertise, NetworkSeat, User
        from portal import fragments

        downloads.register()
        # What the directory's cached cards and entity pages show.
        fragments.watch(User, Entity, EntitySocialAccount, Expertise, NetworkSeat, Meeting)
