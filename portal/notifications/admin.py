"""Notifications in admin, read-only: what was sent to whom, and which e-mails are still owed
(`manage.py notifications_pending` shows and resends those)."""
from django.contrib import admin

from portal.admin import ReadOnlyAdminMixin, SecretFieldsAdminMixin
from portal.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, SecretFieldsAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "read_at", "email", "email_sent_at"]
    list_filter = ["kind", "email", ("email_sent_at", admin.EmptyFieldListFilter), ("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "kind"]
    date_hierarchy = "created_at"
    # Notes about a person's own notifications: nothing here is edited by hand.
    readonly_fields = [field.name for field in Notification._meta.fields]

    # Read-only (ReadOnlyAdminMixin): a deletion here would also leave the header's cached counts
    # wrong; notifications go with their object (notifications_withdraw) or their recipient's account.
