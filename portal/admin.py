"""Admin building blocks shared by every portal, and the read-only audit log."""
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP
from django.utils.text import capfirst
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

    def audit_details(self, obj):
        """Extra details for the audit entry of `obj` (e.g. whose authenticator was deleted)."""
        return {}

    def log_addition(self, request, obj, message):
        audit.record(audit.Action.CREATED, actor=request.user, target=obj, request=request, via="admin", **self.audit_details(obj))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit.record(audit.Action.UPDATED, actor=request.user, target=obj, request=request, via="admin", **self.audit_details(obj))
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit.record(audit.Action.DELETED, actor=request.user, target=obj, request=request, via="admin", **self.audit_details(obj))
        return super().log_deletions(request, queryset)


class ServiceSavesAdminMixin:
    """For an admin whose additions and changes are saved by named services, which write the audit
    log themselves: admin keeps only its own history, so that a change is not audited twice.
    Deletions, which no service makes, are still audited by AuditedAdminMixin."""

    def log_addition(self, request, obj, message):
        return admin.ModelAdmin.log_addition(self, request, obj, message)

    def log_change(self, request, obj, message):
        return admin.ModelAdmin.log_change(self, request, obj, message)


# Values that are secrets, by model ("app_label.model_name") and, for models added later, by field
# name on any model. An admin never filters, searches, sorts or lists by them: each such lookup is
# an oracle (`?password__startswith=pbkdf2_sha256$1` answers "rows" or "no rows", one character at
# a time). Labels rather than imports keep `portal` free of the apps.
SECRET_FIELDS = {
    "members.user": {"password"},
    "members.invitation": {"token_hash"},
    "mfa.authenticator": {"data"},
    "account.emailconfirmation": {"key"},
    "socialaccount.socialtoken": {"token", "token_secret"},
    "socialaccount.socialapp": {"secret", "client_id", "key", "settings"},
    "socialaccount.socialaccount": {"extra_data"},
    "sessions.session": {"session_key", "session_data"},
}
SECRET_FIELD_NAMES = {"password", "token_hash", "secret", "token", "token_secret", "secret_key", "api_key"}


def is_secret_field(model, field):
    name = getattr(field, "name", field)
    return name in SECRET_FIELD_NAMES or name in SECRET_FIELDS.get(model._meta.label_lower, ())


def lookup_reaches_secret(model, lookup):
    """True when the lookup path (`user__password__startswith`, `data__secret`, ...) touches a
    secret field on any model it crosses, through forward or reverse relations."""
    for part in lookup.lstrip("^=@-").split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a transform or lookup (`startswith`), or a name Django will refuse itself
        if is_secret_field(model, field):
            return True
        if not getattr(field, "path_infos", None):
            return False
        model = field.path_infos[-1].to_opts.model
    return False


def _list_filter_path(item):
    if isinstance(item, (list, tuple)):
        return item[0]
    return item if isinstance(item, str) else None


class SecretFieldsAdminMixin:
    """Refuses every admin lookup on a secret field, on this model or across its relations.

    Query-string lookups that reach one are refused (`lookup_allowed`: Django answers 400), and
    secret fields are dropped from list filters, search, ordering and list columns, whatever a
    subclass (ours or a third party's) declares.
    """

    def lookup_allowed(self, lookup, value, request=None):
        if lookup_reaches_secret(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_list_filter(self, request):
        return [
            item for item in super().get_list_filter(request)
            if not (_list_filter_path(item) and lookup_reaches_secret(self.model, _list_filter_path(item)))
        ]

    def get_search_fields(self, request):
        return [name for name in super().get_search_fields(request) if not lookup_reaches_secret(self.model, name)]

    def get_list_display(self, request):
        return [
            item for item in super().get_list_display(request)
            if not (isinstance(item, str) and lookup_reaches_secret(self.model, item))
        ]

    def get_sortable_by(self, request):
        return [
            item for item in super().get_sortable_by(request)
            if not (isinstance(item, str) and lookup_reaches_secret(self.model, item))
        ]

    def get_ordering(self, request):
        return [
            item for item in (super().get_ordering(request) or ())
            if not (isinstance(item, str) and lookup_reaches_secret(self.model, item))
        ]


class PortalModelAdmin(SecretFieldsAdminMixin, AuditedAdminMixin, BilingualAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyAdminMixin:
    """A record kept by the system (audit log, notifications sent): read in admin, never written."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def model_name_for(label):
    """The translated name of the model stored as "app_label.model_name" in the audit log."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    return capfirst(model._meta.verbose_name)


class TargetTypeFilter(admin.SimpleListFilter):
    """Object types by their translated names, not as `members.networkseat`."""

    title = _("object type")
    parameter_name = "target_type"

    def lookups(self, request, model_admin):
        labels = model_admin.get_queryset(request).exclude(target_type="").order_by().values_list("target_type", flat=True).distinct()
        return sorted(((label, model_name_for(label)) for label in labels), key=lambda choice: str(choice[1]))

    def queryset(self, request, queryset):
        return queryset.filter(target_type=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, SecretFieldsAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "action", "target_kind", "target_label", "ip_address"]
    list_filter = ["action", TargetTypeFilter, "created_at"]
    search_fields = ["actor_label", "target_label", "target_id"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]
    fields = ["created_at", "actor", "actor_label", "action", "target_kind", "target_id", "target_label", "ip_address", "details"]
    readonly_fields = fields

    @admin.display(description=_("object type"), ordering="target_type")
    def target_kind(self, entry):
        return model_name_for(entry.target_type) if entry.target_type else self.get_empty_value_display()


admin.site.empty_value_display = "—"
AuditEntryAdmin.__doc__ = _("The audit log can be read, never changed.")

from portal import tasks_admin  # noqa: E402,F401 - the job queue's admin (after django_tasks_db registered its own)
