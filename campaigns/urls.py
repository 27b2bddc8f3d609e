from django.urls import path

from campaigns import gallery_views, views, views_calendar, views_interaction, views_messages

app_name = "campaigns"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/gallery/", gallery_views.gallery, name="gallery"),
    path("collection/", views_interaction.collection, name="collection"),
    path("<int:pk>/comments/", views_interaction.comment_add, name="comment"),
    path("<int:pk>/comments/<int:comment_pk>/answer/", views_interaction.comment_answer, name="comment_answer"),
    path("<int:pk>/comments/<int:comment_pk>/hide/", views_interaction.comment_hide, name="comment_hide"),
    path("<int:pk>/useful/", views_interaction.useful, name="useful"),
    path("<int:pk>/save/", views_interaction.save, name="save"),
    # The coordination calendar and strategic messages (campaigns/views_calendar.py, views_messages.py).
    path("calendar/", views_calendar.upcoming, name="calendar"),
    path("calendar/<int:year>/<int:month>/", views_calendar.month, name="calendar_month"),
    path("calendar/feed/", views_calendar.feed_settings, name="calendar_feed_settings"),
    path("calendar/feed/<slug:token>.ics", views_calendar.feed, name="calendar_feed"),
    path("messages/", views_messages.index, name="messages"),
    path("messages/<int:pk>/", views_messages.detail, name="message"),
]
