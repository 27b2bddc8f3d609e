from django.urls import path

from members import invitation_views, reports, views

app_name = "members"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("vcards.vcf", views.bulk_vcards, name="bulk_vcards"),
    path("entities/", views.entity_list, name="entities"),
    path("entities/<int:pk>/", views.entity_detail, name="entity"),
    path("entities/<int:pk>/edit/", views.entity_edit, name="entity_edit"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.profile_edit, name="person_edit"),
    path("people/<int:pk>/vcard.vcf", views.person_vcard_download, name="person_vcard"),
    path("people/<int:pk>/qr.svg", views.person_qr, name="person_qr"),
    path("me/", views.profile, name="profile"),
    path("me/confirm/", views.profile_confirm, name="profile_confirm"),
    path("reports/freshness/", reports.freshness_report, name="freshness_report"),
    path("reports/freshness.<str:file_format>", reports.freshness_export, name="freshness_export"),
    path("reports/freshness/remind/", reports.freshness_remind, name="freshness_remind"),
    path("invite/", views.invite, name="invite"),
    path("invite/sent/", invitation_views.invitation_list, name="invitations"),
    path("invite/sent/<int:pk>/resend/", invitation_views.invitation_resend_view, name="invitation_resend"),
    path("invite/sent/<int:pk>/revoke/", invitation_views.invitation_revoke_view, name="invitation_revoke"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
