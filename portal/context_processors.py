"""Template context every page needs: the portals' navigation and the language switch."""
from django.urls import translate_url
from portal import registry
from portal.i18n import active_language, other_language

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
        # The portals' entries, registered by the apps (portal.registry.navigation).
        "portal_nav": [item for item in registry.navigation if user.has_perm(item.permission)],
    }
