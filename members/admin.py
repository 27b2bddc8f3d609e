"""The secretariat's work on members, entities and invitations."""
from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _, ngettext

from members import services
from members.models import Entity, EntitySocialAccount, Expertise, Invitation, NetworkSeat, User
from portal.admin import PortalModelAdmin
from portal.uploads import ValidatedFileField


def image_preview(kind, obj, field, size=48):
    """A thumbnail through the protected download view (admin never links raw storage URLs)."""
    if not getattr(obj, field, None):
        return "—"
    return format_html(
        '<img src="{}" alt="" width="{}" height="{}" style="object-fit: cover; border-radius: 4px">',
        reverse("download", args=[kind, obj.pk]), size, size,
    )


class PeopleInline(admin.TabularInline):
    model = User
    fields = ["photo_thumbnail", "email", "name_ar", "name_en", "role", "is_active"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("photo"))
    def photo_thumbnail(self, obj):
        return image_preview("person-photo-small", obj, "photo_small", 40)


class SocialAccountInline(admin.TabularInline):
    model = EntitySocialAccount
    extra = 1


class SeatInline(admin.TabularInline):
    model = NetworkSeat
    fields = ["seat", "person", "started_on", "ended_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("network seats (current and past)")

    def has_add_permission(self, request, obj=None):
        return False  # seats change through "Assign network seat" on the person, which keeps history


class EntityAdminForm(forms.ModelForm):
    # The logo goes through the same validation and rendition as on the portal, never as uploaded.
    logo_upload = ValidatedFileField(kind="logo", label=_("New logo"), required=False)

    class Meta:
        model = Entity
        exclude = ["logo"]


@admin.register(Entity)
class EntityAdmin(PortalModelAdmin):
    form = EntityAdminForm
    list_display = ["logo_thumbnail", "name_ar", "name_en", "short_name", "sector", "is_active"]
    list_display_links = ["name_ar", "name_en"]
    list_filter = ["sector", "is_active"]
    search_fields = ["name_ar", "name_en", "short_name"]
    readonly_fields = ["logo_thumbnail"]
    fields = [
        "name_ar", "name_en", "short_name", "sector", "logo_thumbnail", "logo_upload",
        "website", "general_email", "general_phone", "is_active",
    ]
    inlines = [SocialAccountInline, SeatInline, PeopleInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("logo_upload"):
            services.entity_update(entity=obj, data={}, acting_user=request.user, logo=form.cleaned_data["logo_upload"], request=request)

    @admin.display(description=_("logo"))
    def logo_thumbnail(self, obj):
        return image_preview("entity-logo", obj, "logo")


@admin.register(Expertise)
class ExpertiseAdmin(PortalModelAdmin):
    list_display = ["name_ar", "name_en"]
    search_fields = ["name_ar", "name_en"]


@admin.register(User)
class UserAdmin(PortalModelAdmin):
    list_display = ["photo_thumbnail", "email", "name_ar", "name_en", "role", "entity", "is_active", "profile_confirmed_at", "last_login"]
    list_display_links = ["email"]
    list_filter = ["role", "is_active", "entity__sector", "expertise"]
    search_fields = ["email", "name_ar", "name_en", "entity__name_ar", "entity__name_en"]
    list_select_related = ["entity"]
    autocomplete_fields = ["entity", "acting_for"]
    filter_horizontal = ["expertise"]
    fieldsets = [
        (None, {"fields": ["photo_thumbnail", "email", "name_ar", "name_en", "role", "entity", "is_active"]}),
        (_("Directory profile"), {"fields": [
            "job_title_ar", "job_title_en", "office_phone", "mobile", "hide_mobile_from_team", "languages",
            "expertise", "bio_ar", "bio_en", "acting_for", "acting_from", "acting_until",
        ]}),
        (_("History"), {"fields": ["profile_confirmed_at", "last_login", "date_joined"]}),
    ]
    readonly_fields = ["photo_thumbnail", "email", "profile_confirmed_at", "last_login", "date_joined"]
    ordering = ["email"]
    actions = ["make_network_member", "make_alternate_member"]

    @admin.display(description=_("photo"))
    def photo_thumbnail(self, obj):
        return image_preview("person-photo-small", obj, "photo_small")

    def _assign_seat(self, request, queryset, seat):
        people = list(queryset.select_related("entity").filter(entity__isnull=False))
        for person in people:
            services.seat_assign(entity=person.entity, person=person, seat=seat, acting_user=request.user, request=request)
        self.message_user(request, ngettext("%d seat assigned.", "%d seats assigned.", len(people)) % len(people))

    @admin.action(description=_("Make the selected person their entity's network member"))
    def make_network_member(self, request, queryset):
        self._assign_seat(request, queryset, NetworkSeat.Seat.MEMBER)

    @admin.action(description=_("Make the selected person their entity's alternate member"))
    def make_alternate_member(self, request, queryset):
        self._assign_seat(request, queryset, NetworkSeat.Seat.ALTERNATE)

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
