from django.contrib import admin

from meetings.models import Meeting
from portal.admin import PortalModelAdmin


@admin.register(Meeting)
class MeetingAdmin(PortalModelAdmin):
    list_display = ["title_ar", "title_en", "kind", "starts_at", "host"]
    list_filter = ["kind", "starts_at"]
    search_fields = ["title_ar", "title_en"]
    list_select_related = ["host"]
    autocomplete_fields = ["host", "guests"]
    date_hierarchy = "starts_at"
