"""Template context every page needs: the portals' navigation and the language switch."""
from django.urls import translate_url
from django.utils.translation import gettext_lazy as _

from portal.i18n import active_language, other_language

PORTALS = [
    # (url name, label, Bootstrap icon, permission needed to see it in the navigation)
    ("members:directory", _("Members"), "people", "members.view_directory"),
    ("campaigns:index", _("Campaigns"), "megaphone", "campaigns.view_campaigns"),
    ("meetings:index", _("Meetings"), "calendar-event", "meetings.view_meetings"),
    ("resources:index", _("Resources"), "journal-text", "resources.view_resources"),
    ("studio:index", _("Studio"), "camera", "studio.view_photos"),
]


def navigation(request):
    # The same page in the other language: set_language gets it ready-made, because it can only
    # translate a URL itself when the visitor's browser language matches the page's.
    other = other_language(active_language())
    switch = {"language": other, "next": translate_url(request.get_full_path(), other)}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"portal_nav": [], "language_switch": switch}
    return {
        "language_switch": switch,
        # "Confirm your details" when a member's profile has not been confirmed for 90 days.
        "profile_needs_confirmation": user.has_perm("members.view_directory") and user.profile_is_stale,
        "portal_nav": [
            {"url_name": url_name, "label": label, "icon": icon, "namespace": url_name.split(":")[0]}
            for url_name, label, icon, permission in PORTALS
            if user.has_perm(permission)
        ]
    }
