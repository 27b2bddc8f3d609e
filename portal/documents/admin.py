"""Documents in admin, for the secretariat: every document of every owner, its versions (read
only: files change only as new, audited versions) and the audited withdraw/restore actions.
Nothing is added or deleted here: documents are uploaded in the portal and withdrawn, not deleted."""
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _, ngettext

from portal.admin import SecretFieldsAdminMixin
from portal.documents import services
from portal.documents.models import Document, DocumentVersion


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    fk_name = "document"
    extra = 0
    can_delete = False
    fields = ["number", "original_name", "size", "uploaded_by", "uploaded_at", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(SecretFieldsAdminMixin, admin.ModelAdmin):
    list_display = ["title", "owner_label", "kind", "language", "shared_with_guests", "status", "uploaded_by", "created_at"]
    list_filter = ["status", "kind", "language", "shared_with_guests", "owner_type", "extraction"]
    list_select_related = ["uploaded_by", "owner_type"]
    search_fields = ["title", "uploaded_by__email"]
    date_hierarchy = "created_at"
    inlines = [DocumentVersionInline]
    actions = ["withdraw_selected", "restore_selected"]
    readonly_fields = [
        "owner_type", "owner_id", "title", "kind", "language", "shared_with_guests", "status", "withdrawn_at", "withdrawn_by",
        "withdrawal_reason", "uploaded_by", "created_at", "updated_at", "current_version", "extraction", "preview",
    ]
    exclude = ["text"]

    @admin.display(description=_("owner"))
    def owner_label(self, document):
        return f"{document.owner_type.name} #{document.owner_id}"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Withdraw the selected documents"), permissions=["change"])
    def withdraw_selected(self, request, queryset):
        count = 0
        for document in queryset.filter(status=Document.Status.ACTIVE):
            services.document_withdraw(document=document, reason=str(_("Withdrawn by the secretariat")), acting_user=request.user, request=request)
            count += 1
        self.message_user(request, ngettext("%(count)d document withdrawn.", "%(count)d documents withdrawn.", count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Restore the selected documents"), permissions=["change"])
    def restore_selected(self, request, queryset):
        count = 0
        for document in queryset.filter(status=Document.Status.WITHDRAWN):
            services.document_restore(document=document, acting_user=request.user, request=request)
            count += 1
        self.message_user(request, ngettext("%(count)d document restored.", "%(count)d documents restored.", count) % {"count": count}, messages.SUCCESS)
