"""Template context every page needs: the portals' navigation for this user."""
from django.utils.translation import gettext_lazy as _

PORTALS = [
    # (url name, label, Bootstrap icon, permission needed to see it in the navigation)
    ("members:directory", _("Members"), "people", "members.view_directory"),
    ("campaigns:index", _("Campaigns"), "megaphone", "campaigns.view_campaigns"),
    ("meetings:index", _("Meetings"), "calendar-event", "meetings.view_meetings"),
    ("resources:index", _("Resources"), "journal-text", "resources.view_resources"),
    ("studio:index", _("Studio"), "camera", "studio.view_photos"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"portal_nav": []}
    return {
        # "Confirm your details" when a member's profile has not been confirmed for 90 days.
        "profile_needs_confirmation": user.has_perm("members.view_directory") and user.profile_is_stale,
        "portal_nav": [
            {"url_name": url_name, "label": label, "icon": icon, "namespace": url_name.split(":")[0]}
            for url_name, label, icon, permission in PORTALS
            if user.has_perm(permission)
        ]
    }
