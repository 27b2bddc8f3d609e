from django.urls import path

from meetings import certificate_views, feed_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/<int:month>/", views.month, name="month"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/meeting.ics", feed_views.meeting_ics, name="ics"),
    path("feed/", feed_views.feed_settings, name="feed_settings"),
    path("feed/<slug:token>.ics", feed_views.feed, name="feed"),
    path("<int:pk>/certificate.pdf", certificate_views.certificate, name="certificate"),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/minutes/comment/", views.minutes_comment, name="minutes_comment"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report.<str:file_format>", views.report_export, name="report_export"),
    path("reports/entities/", views.entity_report, name="entity_report"),
    path("reports/entities.<str:file_format>", views.entity_report_export, name="entity_report_export"),
]
