"""The secretariat's review of campaign cases in admin: cases listed by state, publish and return
with a comment (the action bar's comment box), best-practice and featured flags, and corrections to a
case. Every write goes through campaigns.services (atomic, audited, the entity told there); admin
keeps only its own history (LogEntry). A refusal is a message or a form error, never a 500.

Cases are created by their entities in the portal, and withdrawn rather than deleted, so admin
neither adds nor deletes them."""
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _, ngettext

from campaigns import interaction, services
from campaigns.models import Campaign, Comment, Kpi, Review, Theme, validate_video_links
from campaigns import admin_calendar, agenda  # noqa: F401 (admin_calendar registers messages and occasions)
from campaigns.agenda import AgendaItemsAdminMixin
from campaigns.media import check_picture
from portal.admin import PortalModelAdmin, ReadOnlyAdminMixin, ServiceSavesAdminMixin
from portal.uploads import ValidatedFileField


class ReviewActionForm(ActionForm):
    comment = forms.CharField(
        label=_("Comment to the entity"), required=False, max_length=5000,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=_("Required to return a case; optional when publishing."),
    )


class KpiInline(admin.TabularInline):
    model = Kpi
    fields = ["position", "metric_ar", "metric_en", "target", "achieved", "unit_ar", "unit_en", "source_ar", "source_en"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReviewInline(admin.TabularInline):
    model = Review
    fields = ["created_at", "action", "actor", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CampaignAdminForm(forms.ModelForm):
    # Checked here (campaigns.media.check_picture), kept by campaign_update, its renditions made in the
    # background (campaigns/tasks.py): no picture is decoded in full in admin's request either.
    cover = ValidatedFileField(
        label=_("New cover image"), required=False, kind="image", prepare=check_picture,
        help_text=_("Replaces the cover once its renditions are made, a moment after saving."),
    )

    class Meta:
        model = Campaign
        fields = [*services.CASE_FIELDS, "themes", "partners", "agenda_items", "best_practice", "featured"]

    def clean(self):
        # The row is validated and written by the services in save_model; these checks come first
        # so that the usual mistakes are form errors beside their fields.
        cleaned = super().clean()
        if "_return" in self.data and not (self.data.get("comment_to_entity") or "").strip():
            self.add_error(None, _("Say what the entity should change: a returned case needs a comment."))
        if ("_return" in self.data or "_publish" in self.data) and self.instance.state != Campaign.State.IN_REVIEW:
            self.add_error(None, _("Only a case in review can be published or returned."))
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        try:
            validate_video_links(cleaned.get("video_links") or "")
        except ValidationError as error:
            self.add_error("video_links", error)
        return cleaned

    def _post_clean(self):
        pass  # the service validates the row itself (Campaign.full_clean) before saving it


@admin.register(Campaign)
class CampaignAdmin(AgendaItemsAdminMixin, ServiceSavesAdminMixin, PortalModelAdmin):
    form = CampaignAdminForm
    action_form = ReviewActionForm
    actions = ["publish", "return_with_comments", "mark_best_practice", "unmark_best_practice", "feature", "unfeature"]
    list_display = ["title_ar", "title_en", "owner", "state", "status", "starts_on", "best_practice", "featured", "submitted_at", "view_count"]
    list_filter = ["state", "status", "best_practice", "featured", "themes"]
    list_select_related = ["owner"]
    search_fields = ["title_ar", "title_en", "owner__name_ar", "owner__name_en"]
    autocomplete_fields = ["partners"]
    filter_horizontal = ["themes"]
    readonly_fields = ["owner", "state", "review_comment", "submitted_at", "published_at", "view_count", "created_by", "created_at", "updated_at"]
    inlines = [KpiInline, ReviewInline]
    ordering = ["state", "-submitted_at", "-pk"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in services.CASE_FIELDS if name in form.cleaned_data}
        stored = Campaign.objects.get(pk=obj.pk)
        try:
            services.campaign_update(
                campaign=stored, data=data, acting_user=request.user, request=request,
                themes=list(form.cleaned_data["themes"]), partners=list(form.cleaned_data["partners"]),
                cover=form.cleaned_data.get("cover") or None,
            )
            agenda.campaign_set_agenda_items(
                campaign=stored, agenda_items=list(form.cleaned_data.get("agenda_items") or []), acting_user=request.user, request=request,
            )
            services.campaign_set_flags(
                campaign=stored, best_practice=form.cleaned_data["best_practice"], featured=form.cleaned_data["featured"],
                acting_user=request.user, request=request,
            )
            comment = (request.POST.get("comment_to_entity") or "").strip()[:5000]
            if "_publish" in request.POST:
                services.campaign_publish(campaign=stored, comment=comment, acting_user=request.user, request=request)
            elif "_return" in request.POST:
                services.campaign_return(campaign=stored, comment=comment, acting_user=request.user, request=request)
        except ValidationError as error:
            # Raised inside admin's transaction: nothing of this save stays.
            raise ValidationError(error.messages) from error

    def save_related(self, request, form, formsets, change):
        pass  # themes and partners were written by the service; the inlines are read-only

    def construct_change_message(self, request, form, formsets, add=False):
        return super().construct_change_message(request, form, [], add)  # the read-only inlines changed nothing

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            from django.http import HttpResponseRedirect

            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def _each(self, request, queryset, write):
        done = 0
        for campaign in queryset.select_related("owner"):
            try:
                write(campaign)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{campaign}: {' '.join(error.messages)}", messages.ERROR)
        return done

    def _comment(self, request):
        return (request.POST.get("comment") or "").strip()[:5000]

    @admin.action(description=_("Publish the chosen cases"), permissions=["change"])
    def publish(self, request, queryset):
        comment = self._comment(request)
        done = self._each(request, queryset, lambda campaign: services.campaign_publish(
            campaign=campaign, comment=comment, acting_user=request.user, request=request))
        if done:
            self.message_user(request, ngettext(
                "%(count)d case was published; its entity will be told.",
                "%(count)d cases were published; their entities will be told.", done,
            ) % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Return the chosen cases with the comment"), permissions=["change"])
    def return_with_comments(self, request, queryset):
        comment = self._comment(request)
        done = self._each(request, queryset, lambda campaign: services.campaign_return(
            campaign=campaign, comment=comment, acting_user=request.user, request=request))
        if done:
            self.message_user(request, ngettext(
                "%(count)d case was returned with your comment; its entity will be told.",
                "%(count)d cases were returned with your comment; their entities will be told.", done,
            ) % {"count": done}, messages.SUCCESS)

    def _flag(self, request, queryset, **flags):
        done = self._each(request, queryset, lambda campaign: services.campaign_set_flags(
            campaign=campaign, acting_user=request.user, request=request, **flags))
        self.message_user(request, ngettext("%(count)d case updated.", "%(count)d cases updated.", done) % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Mark as best practice"), permissions=["change"])
    def mark_best_practice(self, request, queryset):
        self._flag(request, queryset, best_practice=True)

    @admin.action(description=_("Remove the best-practice mark"), permissions=["change"])
    def unmark_best_practice(self, request, queryset):
        self._flag(request, queryset, best_practice=False)

    @admin.action(description=_("Feature on the home page"), permissions=["change"])
    def feature(self, request, queryset):
        self._flag(request, queryset, featured=True)

    @admin.action(description=_("Stop featuring"), permissions=["change"])
    def unfeature(self, request, queryset):
        self._flag(request, queryset, featured=False)


@admin.register(Theme)
class ThemeAdmin(PortalModelAdmin):
    list_display = ["name_ar", "name_en"]
    search_fields = ["name_ar", "name_en"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """Members' questions, comments and answers on the cases: read here, and hidden or shown again
    (campaigns.interaction, audited). Members' own words are never edited or deleted in admin."""

    list_display = ["excerpt", "campaign", "author", "author_entity", "parent", "created_at", "hidden"]
    list_filter = ["hidden"]
    list_select_related = ["campaign", "author", "author_entity", "parent"]
    search_fields = ["body", "author__name_ar", "author__name_en", "campaign__title_ar", "campaign__title_en"]
    fields = ["campaign", "parent", "author", "author_entity", "body", "created_at", "hidden", "hidden_by", "hidden_at"]
    readonly_fields = fields
    actions = ["hide", "show"]
    ordering = ["-created_at", "-pk"]

    @admin.display(description=_("Question or comment"), ordering="body")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(120)  # a plain string: admin escapes it

    def has_hide_permission(self, request):
        # Read only, but for hiding: the one write a comment allows in admin.
        return request.user.has_perm("campaigns.hide_comments")

    def _set_hidden(self, request, queryset, write):
        done = 0
        for comment in queryset.select_related("campaign"):
            write(comment=comment, acting_user=request.user, request=request)
            done += 1
        self.message_user(request, ngettext("%(count)d comment updated.", "%(count)d comments updated.", done) % {"count": done},
                          messages.SUCCESS)

    @admin.action(description=_("Hide the chosen comments from members"), permissions=["hide"])
    def hide(self, request, queryset):
        self._set_hidden(request, queryset, interaction.comment_hide)

    @admin.action(description=_("Show the chosen comments to members again"), permissions=["hide"])
    def show(self, request, queryset):
        self._set_hidden(request, queryset, interaction.comment_unhide)
