from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _, ngettext

from meetings import services
from meetings.models import Meeting
from portal.admin import PortalModelAdmin


@admin.register(Meeting)
class MeetingAdmin(PortalModelAdmin):
    list_display = ["title_ar", "title_en", "kind", "status", "starts_at", "host"]
    list_filter = ["status", "kind", "starts_at"]
    search_fields = ["title_ar", "title_en"]
    list_select_related = ["host"]
    autocomplete_fields = ["host", "guests"]
    date_hierarchy = "starts_at"
    actions = ["cancel_meetings"]

    # Writes go through meetings.services (audited there, invitees notified), guests included:
    # the service must see who was added to tell them.
    def save_model(self, request, obj, form, change):
        data = {name: value for name, value in form.cleaned_data.items() if name != "guests"}
        guests = list(form.cleaned_data.get("guests") or [])
        if change:
            services.meeting_update(meeting=obj, data=data, guests=guests, acting_user=request.user, request=request)
        else:
            meeting = services.meeting_create(data=data, guests=guests, acting_user=request.user, request=request)
            obj.pk = meeting.pk
            obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # The guests were saved by the service in save_model; only inline formsets (none today) remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.meeting_delete(meeting=obj, acting_user=request.user, request=request)

    def delete_queryset(self, request, queryset):
        for meeting in queryset:
            services.meeting_delete(meeting=meeting, acting_user=request.user, request=request)

    # The services write the audit entries; admin keeps only its own history (LogEntry).
    def log_addition(self, request, obj, message):
        return admin.ModelAdmin.log_addition(self, request, obj, message)

    def log_change(self, request, obj, message):
        return admin.ModelAdmin.log_change(self, request, obj, message)

    def log_deletions(self, request, queryset):
        return admin.ModelAdmin.log_deletions(self, request, queryset)

    @admin.action(description=_("Cancel meeting"), permissions=["change"])
    def cancel_meetings(self, request, queryset):
        cancelled = sum(services.meeting_cancel(meeting=meeting, acting_user=request.user, request=request) for meeting in queryset)
        if cancelled:
            self.message_user(request, ngettext(
                "%(count)d meeting was cancelled; its invitees will be told.",
                "%(count)d meetings were cancelled; their invitees will be told.", cancelled,
            ) % {"count": cancelled}, messages.SUCCESS)
        else:
            self.message_user(request, _("The chosen meetings were already cancelled."), messages.WARNING)
