from django.urls import path

from portal.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.index, name="index"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
]
