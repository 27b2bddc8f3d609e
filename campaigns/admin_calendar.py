"""The secretariat's strategic messages and national occasions in admin (imported by
campaigns/admin.py). Writes go through the named services: publishing a message tells every
network member (campaigns.messages); an occasion's change is audited (campaigns.calendar).

Messages are not deleted (a notification and the campaigns carrying one point at it): a message
that no longer applies is given an end of validity and moves to the past messages."""
from django.contrib import admin

from campaigns import calendar, messages
from campaigns.models import Occasion, StrategicMessage
from portal.admin import PortalModelAdmin, ServiceSavesAdminMixin


@admin.register(StrategicMessage)
class StrategicMessageAdmin(ServiceSavesAdminMixin, PortalModelAdmin):
    list_display = ["title_ar", "title_en", "theme", "valid_from", "valid_until", "published_by", "created_at"]
    list_filter = ["theme", "valid_from"]
    list_select_related = ["theme", "published_by"]
    search_fields = ["title_ar", "title_en", "body_ar", "body_en"]
    fields = [*messages.MESSAGE_FIELDS, "published_by", "created_at", "updated_at"]
    readonly_fields = ["published_by", "created_at", "updated_at"]
    date_hierarchy = "valid_from"
    ordering = ["-valid_from", "-pk"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in messages.MESSAGE_FIELDS}
        if change:
            stored = StrategicMessage.objects.get(pk=obj.pk)
            messages.message_update(message=stored, data=data, acting_user=request.user, request=request)
        else:
            published = messages.message_publish(data=data, acting_user=request.user, request=request)
            # Admin goes on with its own instance (the success message, the redirect): it is the stored row now.
            obj.pk, obj.published_by, obj.created_at, obj.updated_at = (
                published.pk, published.published_by, published.created_at, published.updated_at,
            )


@admin.register(Occasion)
class OccasionAdmin(ServiceSavesAdminMixin, PortalModelAdmin):
    list_display = ["name_ar", "name_en", "starts_on", "ends_on", "theme"]
    list_filter = ["theme"]
    list_select_related = ["theme"]
    search_fields = ["name_ar", "name_en"]
    fields = list(calendar.OCCASION_FIELDS)
    date_hierarchy = "starts_on"
    ordering = ["starts_on", "pk"]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in calendar.OCCASION_FIELDS}
        saved = calendar.occasion_save(
            occasion=Occasion.objects.get(pk=obj.pk) if change else None, data=data, acting_user=request.user, request=request,
        )
        obj.pk = saved.pk
