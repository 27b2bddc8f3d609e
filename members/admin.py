"""The secretariat's work on members, entities and invitations."""
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _, ngettext

from members import services
from members.models import Entity, Invitation, User
from portal.admin import PortalModelAdmin


class PeopleInline(admin.TabularInline):
    model = User
    fields = ["email", "name_ar", "name_en", "role", "is_active"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Entity)
class EntityAdmin(PortalModelAdmin):
    list_display = ["name_ar", "name_en", "short_name", "sector", "is_active"]
    list_filter = ["sector", "is_active"]
    search_fields = ["name_ar", "name_en", "short_name"]
    inlines = [PeopleInline]


@admin.register(User)
class UserAdmin(PortalModelAdmin):
    list_display = ["email", "name_ar", "name_en", "role", "entity", "is_active", "last_login"]
    list_filter = ["role", "is_active", "entity__sector"]
    search_fields = ["email", "name_ar", "name_en", "entity__name_ar", "entity__name_en"]
    list_select_related = ["entity"]
    autocomplete_fields = ["entity"]
    fields = ["email", "name_ar", "name_en", "role", "entity", "is_active", "last_login", "date_joined"]
    readonly_fields = ["email", "last_login", "date_joined"]
    ordering = ["email"]

    def has_add_permission(self, request):
        # Accounts come from invitations only.
        return False

    def has_delete_permission(self, request, obj=None):
        # People with a history are deactivated, not deleted.
        return False

    def save_model(self, request, obj, form, change):
        role_changed = "role" in form.changed_data
        new_role = obj.role
        if role_changed:
            obj.role = form.initial["role"]
        super().save_model(request, obj, form, change)
        if role_changed:
            services.user_set_role(user=obj, role=new_role, acting_user=request.user, request=request)

    def get_urls(self):
        # The secretariat's directory import and export; the views live with their logic.
        from django.urls import path

        from members import exporting, importing

        def import_view(request):
            return importing.import_view(request, model_admin=self)

        return [
            path("import/", self.admin_site.admin_view(import_view), name="members_user_import"),
            path("export/", self.admin_site.admin_view(exporting.export_view), name="members_user_export"),
            *super().get_urls(),
        ]


@admin.register(Invitation)
class InvitationAdmin(PortalModelAdmin):
    list_display = ["email", "role", "entity", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at", "email_sent_at"]
    list_filter = ["role", "accepted_at", "revoked_at"]
    search_fields = ["email", "name_ar", "name_en"]
    list_select_related = ["entity", "invited_by"]
    readonly_fields = [field.name for field in Invitation._meta.fields if field.name != "id"]
    actions = ["revoke", "resend"]

    def add_view(self, request, form_url="", extra_context=None):
        # One invitation flow for everybody: the portal's invite page.
        return redirect("members:invite")

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected invitations"))
    def revoke(self, request, queryset):
        pending = list(queryset.pending())
        for invitation in pending:
            services.invitation_revoke(invitation=invitation, acting_user=request.user, request=request)
        self.message_user(request, ngettext("%d invitation revoked.", "%d invitations revoked.", len(pending)) % len(pending))

    @admin.action(description=_("Send the selected invitations again (with a new link)"))
    def resend(self, request, queryset):
        pending = list(queryset.pending())
        sent = sum(services.invitation_send(invitation, base_url=request.build_absolute_uri("/")) for invitation in pending)
        level = messages.SUCCESS if sent == len(pending) else messages.WARNING
        self.message_user(request, ngettext("%d invitation sent.", "%d invitations sent.", sent) % sent, level)
