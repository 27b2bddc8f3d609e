"""The portal's URLs: language-prefixed pages, plus /healthz and the language switch without prefix."""
from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from portal import files, views

# Admin login goes through allauth, so the secretariat's TOTP step applies to admin too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = admin.site.site_title = _("GCN Portal")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Browsers (and Django admin's pages) ask for /favicon.ico whatever the page links to.
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("notifications/", include("portal.notifications.urls")),
    path("documents/", include("portal.documents.urls")),
    path("search/suggest/", views.search_suggest, name="search_suggest"),
    path("files/<slug:kind>/<int:pk>/", files.download, name="download"),
    # A login address changes only through the secretariat's audited action (members.services.
    # user_change_email), which tells the old address: allauth's self-service address page is closed.
    path("accounts/email/", views.page_not_found, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("meetings/", include("meetings.urls")),
    path("resources/", include("resources.urls")),
    path("studio/", include("studio.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
