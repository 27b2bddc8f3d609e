"""The header's unread count, read only by pages that draw the header, from the cache
(portal.notifications.services.unread_count): no query on most pages."""
from functools import cache

from portal.notifications.services import unread_count


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    # The template calls it when (and each time) it shows the count; it is read once per request.
    @cache
    def unread_notifications():
        return unread_count(user)

    return {"unread_notifications": unread_notifications}
