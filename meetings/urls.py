from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
]
