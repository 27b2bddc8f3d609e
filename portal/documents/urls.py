from django.urls import path

from portal.documents import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/versions/<int:number>/download/", views.version_download, name="version_download"),
    path("<int:pk>/preview.png", views.preview, name="preview"),
    path("<int:pk>/replace/", views.replace, name="replace"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("add/<str:owner_key>/<int:owner_pk>/", views.upload, name="upload"),
    path("all/<str:owner_key>/<int:owner_pk>/", views.download_all, name="download_all"),
]
