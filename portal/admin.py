"""Admin building blocks shared by every portal, and the read-only audit log."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.forms import set_input_direction
from portal.models import AuditEntry


class BilingualAdminMixin:
    """Both language inputs shown, each with its own `lang` and `dir`."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            set_input_direction(db_field.name, formfield.widget)
        return formfield


class AuditedAdminMixin:
    """Every create, change and delete made in admin also lands in the audit log."""

    def log_addition(self, request, obj, message):
        audit.record(audit.Action.CREATED, actor=request.user, target=obj, request=request, via="admin")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit.record(audit.Action.UPDATED, actor=request.user, target=obj, request=request, via="admin")
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit.record(audit.Action.DELETED, actor=request.user, target=obj, request=request, via="admin")
        return super().log_deletions(request, queryset)


class PortalModelAdmin(AuditedAdminMixin, BilingualAdminMixin, admin.ModelAdmin):
    pass


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "action", "target_type", "target_label", "ip_address"]
    list_filter = ["action", "target_type", "created_at"]
    search_fields = ["actor_label", "target_label", "target_id"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.empty_value_display = "—"
AuditEntryAdmin.__doc__ = _("The audit log can be read, never changed.")
