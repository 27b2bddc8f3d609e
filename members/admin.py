"""The secretariat's work on members, entities and invitations, and the hardened admins of the
third-party models (allauth's addresses, authenticators and social accounts, Django's groups).

This module is loaded after allauth's and Django's admin modules (`members` comes after them in
INSTALLED_APPS), so it can replace their registrations.
"""
from allauth.account import admin as account_admin
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa import admin as mfa_admin
from allauth.mfa.models import Authenticator
from allauth.socialaccount import admin as socialaccount_admin
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_value, unquote
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _, ngettext

from members import services
from members.models import Entity, EntitySocialAccount, Expertise, Invitation, NetworkSeat, User
from portal.admin import AuditedAdminMixin, BilingualAdminMixin, PortalModelAdmin, SecretFieldsAdminMixin


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


class SocialAccountInline(BilingualAdminMixin, admin.TabularInline):
    model = EntitySocialAccount  # addresses and handles typed left to right (BilingualAdminMixin)
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
    # The model field's own form field: the same validation and rendition as on the portal, and a
    # picture that cannot be decoded (truncated, corrupt) is a form error, never a 500.
    logo_upload = Entity._meta.get_field("logo").formfield(label=_("New logo"), required=False)

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


class ChangeLoginEmailForm(forms.Form):
    new_email = forms.EmailField(
        label=_("New login e-mail address"), max_length=254,
        help_text=_("The member signs in with this address once they confirm it from the e-mail sent to it."),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )


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
            path(
                "<path:object_id>/change-email/", self.admin_site.admin_view(self.change_email_view),
                name="members_user_change_email",
            ),
            *super().get_urls(),
        ]

    def change_email_view(self, request, object_id):
        """The one way to change a member's login address: audited, and the old address is told."""
        person = self.get_object(request, unquote(object_id))
        if person is None:
            raise Http404
        if not self.has_change_permission(request, person):
            raise PermissionDenied
        form = ChangeLoginEmailForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.user_change_email(
                    user=person, new_email=form.cleaned_data["new_email"], acting_user=request.user, request=request,
                )
            except ValidationError as error:
                form.add_error("new_email", error)
            else:
                self.message_user(request, _(
                    "The login e-mail address was changed. The member must confirm the new address from the "
                    "e-mail just sent to it; the old address was told of the change."
                ), messages.SUCCESS)
                return redirect(reverse("admin:members_user_change", args=[person.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": person,
            "form": form,
            "title": _("Change login e-mail"),
            "subtitle": person.email,
        }
        return TemplateResponse(request, "admin/members/user/change_email.html", context)


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
        from members.invitation_views import invitation_resend

        queued = 0
        for invitation in queryset.pending():
            try:
                invitation_resend(invitation=invitation, acting_user=request.user, request=request)
            except ValidationError as error:
                self.message_user(request, f"{invitation.email}: {error.messages[0]}", messages.WARNING)
            else:
                queued += 1
        self.message_user(request, ngettext(
            "%(count)d invitation is on its way with a new link.",
            "%(count)d invitations are on their way with new links.", queued,
        ) % {"count": queued}, messages.SUCCESS)


# Third-party admins, hardened ------------------------------------------------------------------
# Each replaces the registration made by allauth or Django: no lookup on a secret, no secret shown,
# every change audited, and nothing editable that would hand an account to someone else.

def titled(filter_class, title):
    """A list filter with a translated title (the third-party fields have untranslated names)."""
    class TitledFilter(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AuthenticatorAdmin(ReadOnlyAdminMixin, SecretFieldsAdminMixin, AuditedAdminMixin, mfa_admin.AuthenticatorAdmin):
    """Who has which second factor. The secrets never appear; deleting one resets a lost phone
    (the member sets TOTP up again at the next login) and is audited."""

    list_display = ["person", "kind", "created", "last_used"]
    list_filter = [
        ("type", titled(admin.ChoicesFieldListFilter, _("type"))),
        ("created_at", titled(admin.DateFieldListFilter, _("created"))),
        ("last_used_at", titled(admin.DateFieldListFilter, _("last used"))),
    ]
    search_fields = ["user__email", "user__name_ar", "user__name_en"]
    list_select_related = ["user"]
    fields = ["person", "kind", "created", "last_used"]
    readonly_fields = fields
    exclude = ["data"]
    raw_id_fields = []

    def audit_details(self, obj):
        return {"person": obj.user.email, "type": obj.type}

    @admin.display(description=_("member"), ordering="user__email")
    def person(self, obj):
        return f"{obj.user} <{obj.user.email}>"

    @admin.display(description=_("type"), ordering="type")
    def kind(self, obj):
        return obj.get_type_display()

    # Formatted here: admin shows a callable's value as it is (an ISO timestamp in UTC).
    @admin.display(description=_("created"), ordering="created_at")
    def created(self, obj):
        return display_for_value(obj.created_at, self.get_empty_value_display())

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, obj):
        return display_for_value(obj.last_used_at, self.get_empty_value_display())


class EmailAddressAdmin(ReadOnlyAdminMixin, SecretFieldsAdminMixin, AuditedAdminMixin, account_admin.EmailAddressAdmin):
    """Read only: a login address changes through "Change login e-mail" on the member, which is
    audited and tells the old address. Editing it here (then asking for a password reset) would
    hand the account over silently."""

    actions = []
    list_select_related = ["user"]
    fields = ["user", "email", "primary", "verified"]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return False


class EmailConfirmationAdmin(ReadOnlyAdminMixin, SecretFieldsAdminMixin, AuditedAdminMixin, account_admin.EmailConfirmationAdmin):
    list_display = ["email_address", "created", "sent"]
    fields = ["email_address", "created", "sent"]
    readonly_fields = fields


class SocialAppAdmin(ReadOnlyAdminMixin, SecretFieldsAdminMixin, AuditedAdminMixin, socialaccount_admin.SocialAppAdmin):
    """Single sign-on is configured by environment variables (OIDC_*); a provider stored here
    could send every login to another identity provider, so the table is read only."""

    list_display = ["name", "provider", "provider_id"]
    fields = ["name", "provider", "provider_id"]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return False


class SocialAccountAdmin(ReadOnlyAdminMixin, SecretFieldsAdminMixin, AuditedAdminMixin, socialaccount_admin.SocialAccountAdmin):
    """Links between accounts and single sign-on identities. Re-pointing one would hand the
    account to another identity, so they can only be removed (audited), never edited."""

    list_select_related = ["user"]
    fields = ["user", "provider", "uid", "last_login", "date_joined"]
    readonly_fields = fields
    raw_id_fields = []

    def audit_details(self, obj):
        return {"person": obj.user.email, "provider": obj.provider}


class SocialTokenAdmin(ReadOnlyAdminMixin, SecretFieldsAdminMixin, AuditedAdminMixin, socialaccount_admin.SocialTokenAdmin):
    list_display = ["app", "account", "expires_at"]
    list_filter = ["app", "expires_at"]
    fields = ["app", "account", "expires_at"]
    readonly_fields = fields
    raw_id_fields = []


class GroupAdmin(SecretFieldsAdminMixin, AuditedAdminMixin, auth_admin.GroupAdmin):
    pass


HARDENED_ADMINS = {
    Authenticator: AuthenticatorAdmin,
    EmailAddress: EmailAddressAdmin,
    EmailConfirmation: EmailConfirmationAdmin,
    SocialApp: SocialAppAdmin,
    SocialAccount: SocialAccountAdmin,
    SocialToken: SocialTokenAdmin,
    Group: GroupAdmin,
}
for model, model_admin in HARDENED_ADMINS.items():
    # Only what the third party registered (EmailConfirmation is absent with HMAC confirmations).
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, model_admin)

# allauth's Authenticator has no verbose names, so admin showed "Authenticators" in every
# language. Only the runtime names change: migrations read `original_attrs`, which stay as they are.
Authenticator._meta.verbose_name = _("authenticator")
Authenticator._meta.verbose_name_plural = _("authenticators")
