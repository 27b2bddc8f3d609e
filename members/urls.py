from django.urls import path

from members import views

app_name = "members"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/", views.profile, name="profile"),
    path("invite/", views.invite, name="invite"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
