"""The secretariat's admin of meetings. Every write goes through meetings.services (atomic, audited
there, people told there); admin keeps only its own history (LogEntry). A refusal of a service is a
form error or a message, never a 500, and stores nothing."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _, ngettext

from meetings import services
from meetings.models import (
    ActionItem, AgendaItem, Attendance, Feedback, Invitee, Meeting, Minutes, MinutesComment, Rsvp,
)
from portal.admin import BilingualAdminMixin, PortalModelAdmin, ReadOnlyAdminMixin


def _data(form, names):
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


class _DryRun(Exception):
    """Undoes a service call made only to learn whether it would be refused."""


def refusal_of(write):
    """The ValidationError `write()` (a service call) raises, or None; whatever it wrote is rolled
    back either way. A form's clean() asks this, so a refusal is a form error, and the real write
    happens in save_model only once every form and inline of the page is valid."""
    try:
        with transaction.atomic():
            write()
            raise _DryRun
    except _DryRun:
        return None
    except ValidationError as error:
        return error


class ServiceAdmin(PortalModelAdmin):
    """Admin whose writes are made by the services: no second audit entry from admin, and a
    service's refusal rolls the whole save back and is shown as a message."""

    def log_addition(self, request, obj, message):
        return admin.ModelAdmin.log_addition(self, request, obj, message)

    def log_change(self, request, obj, message):
        return admin.ModelAdmin.log_change(self, request, obj, message)

    def log_deletions(self, request, queryset):
        return admin.ModelAdmin.log_deletions(self, request, queryset)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Admin saves inside one transaction (ModelAdmin.changeform_view): the refusal leaving it
        # undoes the meeting and every inline saved before it.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def _each(self, request, queryset, write):
        """Run `write(obj)` for each chosen object; refusals become one error message each.
        Returns how many were done."""
        done = 0
        for obj in queryset:
            try:
                if write(obj) is not False:
                    done += 1
            except ValidationError as error:
                self.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
        return done


# Meetings and their inlines ---------------------------------------------------------------------------
def _meeting_id(request):
    match = getattr(request, "resolver_match", None)
    return match.kwargs.get("object_id") if match else None


class AgendaItemInline(BilingualAdminMixin, admin.StackedInline):
    model = AgendaItem
    extra = 0
    fields = [
        ("position", "planned_minutes"), ("title_ar", "title_en"), ("description_ar", "description_en"),
        ("presenter_entity", "presenter_person"), ("presenter_guest_ar", "presenter_guest_en"),
    ]
    autocomplete_fields = ["presenter_entity", "presenter_person"]


class InviteeInline(admin.TabularInline):
    model = Invitee
    extra = 0
    fields = ["person", "entity"]
    autocomplete_fields = ["person", "entity"]
    verbose_name_plural = _("invitees (when not every network member is invited)")


class ActionItemInline(BilingualAdminMixin, admin.StackedInline):
    model = ActionItem
    extra = 0
    fields = [("kind", "status"), ("text_ar", "text_en"), ("owner_entity", "owner_person"), ("due_on", "agenda_item")]
    autocomplete_fields = ["owner_entity", "owner_person"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            # Only this meeting's agenda (none while the meeting is being added).
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=_meeting_id(request) or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Meeting)
class MeetingAdmin(ServiceAdmin):
    list_display = ["title_ar", "title_en", "kind", "status", "starts_at", "host", "places", "attended", "rating"]
    list_filter = ["status", "kind", "starts_at"]
    search_fields = ["title_ar", "title_en"]
    list_select_related = ["host"]
    autocomplete_fields = ["host", "guests"]
    date_hierarchy = "starts_at"
    actions = ["cancel_meetings"]
    inlines = [AgendaItemInline, InviteeInline, ActionItemInline]
    readonly_fields = ["sequence", "feedback_summary"]
    fieldsets = [
        (None, {"fields": [("title_ar", "title_en"), ("kind", "status"), ("starts_at", "ends_at"), "host"]}),
        (_("Place"), {"fields": [("location_ar", "location_en"), "online_url"]}),
        (_("Description"), {"fields": [("summary_ar", "summary_en")]}),
        (_("Invitations"), {"fields": ["invite_all_members", "capacity", "guests"]}),
        (_("Training workshop"), {"classes": ["collapse"], "fields": [
            ("trainers_ar", "trainers_en"), ("topics_ar", "topics_en"), ("target_audience_ar", "target_audience_en"),
            ("programme_ar", "programme_en"), "participants_count", "feedback_summary",
        ]}),
        (_("Calendar"), {"classes": ["collapse"], "fields": ["sequence"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts().annotate(
            feedback_average=Avg("feedback__rating"), feedback_count=Count("feedback"),
        )

    @admin.display(description=_("places taken"), ordering="attending_count")
    def places(self, meeting):
        taken = f"{meeting.attending_count}" + (f" / {meeting.capacity}" if meeting.capacity is not None else "")
        if meeting.wait_list_count:
            return _("%(taken)s (+%(waiting)d waiting)") % {"taken": taken, "waiting": meeting.wait_list_count}
        return taken

    @admin.display(description=_("attended"), ordering="attended_count")
    def attended(self, meeting):
        return meeting.attended_count

    @admin.display(description=_("average rating"), ordering="feedback_average")
    def rating(self, meeting):
        if not getattr(meeting, "feedback_count", 0):
            return self.get_empty_value_display()
        return f"{meeting.feedback_average:.1f}"

    @admin.display(description=_("feedback"))
    def feedback_summary(self, meeting):
        if meeting.pk is None:
            return self.get_empty_value_display()
        summary = meeting.feedback.aggregate(average=Avg("rating"), count=Count("pk"))
        if not summary["count"]:
            return _("No feedback yet.")
        return ngettext(
            "Average %(average).1f of 5 from %(count)d participant.",
            "Average %(average).1f of 5 from %(count)d participants.", summary["count"],
        ) % summary

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
        # The guests were saved by the service in save_model; the inlines go through their services.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        meeting = form.instance
        savers = {AgendaItem: self._save_agenda, Invitee: self._save_invitees, ActionItem: self._save_action_items}
        # What admin's change message (LogEntry) reads; the services write the audit log.
        formset.new_objects = [f.instance for f in self._kept_forms(formset) if not f.instance.pk]
        formset.changed_objects = [(f.instance, f.changed_data) for f in self._kept_forms(formset) if f.instance.pk]
        formset.deleted_objects = [f.instance for f in formset.deleted_forms if f.instance.pk]
        savers[formset.model](request, meeting, formset)

    def _kept_forms(self, formset):
        return [f for f in formset.forms if f.has_changed() and not formset._should_delete_form(f)]

    def _save_agenda(self, request, meeting, formset):
        names = [name for row in AgendaItemInline.fields for name in row]
        for form in formset.deleted_forms:
            if form.instance.pk:
                services.agenda_item_delete(item=form.instance, acting_user=request.user, request=request)
        for form in self._kept_forms(formset):
            item = AgendaItem.objects.get(pk=form.instance.pk) if form.instance.pk else None
            form.instance = services.agenda_item_save(
                meeting=meeting, item=item, data=_data(form, names), acting_user=request.user, request=request,
            )

    def _save_invitees(self, request, meeting, formset):
        if not formset.has_changed():
            return
        kept = [f.cleaned_data for f in formset.forms if f.cleaned_data and not formset._should_delete_form(f)]
        services.invitees_set(
            meeting=meeting, people=[row["person"] for row in kept if row.get("person")],
            entities=[row["entity"] for row in kept if row.get("entity")], acting_user=request.user, request=request,
        )

    def _save_action_items(self, request, meeting, formset):
        names = [name for row in ActionItemInline.fields for name in row if name != "status"]
        for form in formset.deleted_forms:
            if form.instance.pk:
                services.action_item_delete(item=form.instance, acting_user=request.user, request=request)
        for form in self._kept_forms(formset):
            data = _data(form, names)
            if form.instance.pk:
                item = services.action_item_update(
                    item=ActionItem.objects.get(pk=form.instance.pk), data=data, acting_user=request.user, request=request,
                )
            else:
                item = services.action_item_create(meeting=meeting, acting_user=request.user, request=request, **data)
            services.action_item_set_status(item=item, status=form.cleaned_data["status"], acting_user=request.user, request=request)

    def delete_model(self, request, obj):
        services.meeting_delete(meeting=obj, acting_user=request.user, request=request)

    def delete_queryset(self, request, queryset):
        for meeting in queryset:
            services.meeting_delete(meeting=meeting, acting_user=request.user, request=request)

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


# Replies and attendance ----------------------------------------------------------------------------------
class RsvpForm(forms.ModelForm):
    class Meta:
        model = Rsvp
        fields = ["meeting", "person", "response", "delegate"]


@admin.register(Rsvp)
class RsvpAdmin(ServiceAdmin):
    form = RsvpForm
    list_display = ["person", "meeting", "response", "delegate", "on_behalf_of", "wait_listed_at", "responded_at"]
    list_filter = ["response", ("wait_listed_at", admin.EmptyFieldListFilter)]
    search_fields = ["person__name_ar", "person__name_en", "person__email", "meeting__title_ar", "meeting__title_en"]
    list_select_related = ["person", "meeting", "delegate", "on_behalf_of"]
    autocomplete_fields = ["meeting", "person", "delegate"]
    readonly_fields = ["on_behalf_of", "wait_listed_at", "responded_at"]
    actions = ["withdraw"]

    def get_readonly_fields(self, request, obj=None):
        # A reply belongs to its meeting and person; only the answer changes.
        return [*self.readonly_fields, "meeting", "person"] if obj else self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class CheckedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                meeting = cleaned.get("meeting") or (obj.meeting if obj else None)
                person = cleaned.get("person") or (obj.person if obj else None)
                if self.errors or meeting is None or person is None or not cleaned.get("response"):
                    return cleaned
                error = refusal_of(lambda: services.rsvp_respond(
                    meeting=meeting, person=person, response=cleaned["response"], delegate=cleaned.get("delegate"),
                    acting_user=request.user,
                ))
                if error is not None:
                    self.add_error("delegate" if (error.code or "").startswith("delegate") else None, error)
                return cleaned

            def validate_unique(self):
                pass  # a second reply of the same person changes the first (the service says so)

        return CheckedForm

    def save_model(self, request, obj, form, change):
        meeting = form.cleaned_data.get("meeting") or obj.meeting
        person = form.cleaned_data.get("person") or obj.person
        saved = services.rsvp_respond(meeting=meeting, person=person, response=form.cleaned_data["response"],
                                      delegate=form.cleaned_data.get("delegate"), acting_user=request.user, request=request)
        obj.pk = saved.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.rsvp_withdraw(rsvp=obj, acting_user=request.user, request=request)

    def delete_queryset(self, request, queryset):
        for rsvp in queryset:
            services.rsvp_withdraw(rsvp=rsvp, acting_user=request.user, request=request)

    @admin.action(description=_("Withdraw the chosen replies (their places go to the wait list)"), permissions=["delete"])
    def withdraw(self, request, queryset):
        done = self._each(request, queryset, lambda rsvp: services.rsvp_withdraw(rsvp=rsvp, acting_user=request.user, request=request))
        self.message_user(request, ngettext("%(count)d reply was withdrawn.", "%(count)d replies were withdrawn.", done) % {"count": done})


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["meeting", "person"]


@admin.register(Attendance)
class AttendanceAdmin(ServiceAdmin):
    form = AttendanceForm
    list_display = ["person", "entity", "meeting", "checked_in_at", "checked_in_by"]
    list_filter = ["checked_in_at"]
    search_fields = ["person__name_ar", "person__name_en", "person__email", "meeting__title_ar", "meeting__title_en"]
    list_select_related = ["person", "entity", "meeting", "checked_in_by"]
    autocomplete_fields = ["meeting", "person"]

    def has_change_permission(self, request, obj=None):
        # Attendance is recorded or taken back, not edited.
        return False if obj is not None else super().has_change_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class CheckedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                if not self.errors:
                    error = refusal_of(lambda: services.attendance_check_in(
                        meeting=cleaned["meeting"], person=cleaned["person"], acting_user=request.user,
                    ))
                    if error is not None:
                        self.add_error("person", error)
                return cleaned

            def validate_unique(self):
                pass  # checking someone in twice keeps the first check-in (the service says so)

        return CheckedForm

    def save_model(self, request, obj, form, change):
        attendance = services.attendance_check_in(
            meeting=form.cleaned_data["meeting"], person=form.cleaned_data["person"], acting_user=request.user, request=request,
        )
        obj.pk = attendance.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.attendance_undo(meeting=obj.meeting, person=obj.person, acting_user=request.user, request=request)

    def delete_queryset(self, request, queryset):
        for attendance in queryset:
            services.attendance_undo(meeting=attendance.meeting, person=attendance.person, acting_user=request.user, request=request)


# Action items across meetings ---------------------------------------------------------------------------
@admin.register(ActionItem)
class ActionItemAdmin(ServiceAdmin):
    list_display = ["text", "kind", "meeting", "owner_entity", "owner_person", "due_on", "status"]
    list_filter = ["status", "kind", "due_on"]
    search_fields = ["text_ar", "text_en", "meeting__title_ar", "meeting__title_en"]
    list_select_related = ["meeting", "owner_entity", "owner_person"]
    autocomplete_fields = ["meeting", "owner_entity", "owner_person", "agenda_item"]
    readonly_fields = ["closed_at", "created_at"]
    fields = ["meeting", "kind", "text_ar", "text_en", "owner_entity", "owner_person", "due_on", "agenda_item", "status",
              "closed_at", "created_at"]
    actions = ["mark_done", "mark_open", "mark_dropped"]

    def save_model(self, request, obj, form, change):
        data = _data(form, services.ACTION_ITEM_FIELDS)
        if change:
            item = services.action_item_update(item=ActionItem.objects.get(pk=obj.pk), data=data, acting_user=request.user, request=request)
        else:
            item = services.action_item_create(meeting=form.cleaned_data["meeting"], acting_user=request.user, request=request, **data)
        services.action_item_set_status(item=item, status=form.cleaned_data["status"], acting_user=request.user, request=request)
        obj.pk = item.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.action_item_delete(item=obj, acting_user=request.user, request=request)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            services.action_item_delete(item=item, acting_user=request.user, request=request)

    def _set_status(self, request, queryset, status):
        done = self._each(request, queryset, lambda item: services.action_item_set_status(
            item=item, status=status, acting_user=request.user, request=request))
        self.message_user(request, ngettext("%(count)d item was updated.", "%(count)d items were updated.", done) % {"count": done})

    @admin.action(description=_("Mark as done"), permissions=["change"])
    def mark_done(self, request, queryset):
        self._set_status(request, queryset, ActionItem.Status.DONE)

    @admin.action(description=_("Reopen"), permissions=["change"])
    def mark_open(self, request, queryset):
        self._set_status(request, queryset, ActionItem.Status.OPEN)

    @admin.action(description=_("Mark as dropped"), permissions=["change"])
    def mark_dropped(self, request, queryset):
        self._set_status(request, queryset, ActionItem.Status.DROPPED)


@admin.register(AgendaItem)
class AgendaItemAdmin(ServiceAdmin):
    """Listed for search (autocomplete of action items) and for documents; edited in the meeting."""
    list_display = ["title", "meeting", "position", "presenter_entity", "presenter_guest"]
    search_fields = ["title_ar", "title_en", "meeting__title_ar", "meeting__title_en"]
    list_select_related = ["meeting", "presenter_entity"]
    autocomplete_fields = ["meeting", "presenter_entity", "presenter_person"]
    fields = ["meeting", *services.AGENDA_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        return ["meeting"] if obj else []

    def save_model(self, request, obj, form, change):
        meeting = obj.meeting if change else form.cleaned_data["meeting"]
        item = AgendaItem.objects.get(pk=obj.pk) if change else None
        saved = services.agenda_item_save(meeting=meeting, item=item, data=_data(form, services.AGENDA_FIELDS),
                                          acting_user=request.user, request=request)
        obj.pk = saved.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.agenda_item_delete(item=obj, acting_user=request.user, request=request)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            services.agenda_item_delete(item=item, acting_user=request.user, request=request)


# Minutes --------------------------------------------------------------------------------------------------
class MinutesCommentInline(admin.TabularInline):
    model = MinutesComment
    extra = 0
    fields = ["author", "text", "created_at", "hidden"]
    readonly_fields = ["author", "text", "created_at", "hidden"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Minutes)
class MinutesAdmin(ServiceAdmin):
    list_display = ["meeting", "version", "status", "published_at", "comments_until", "approved_at"]
    list_filter = ["status"]
    search_fields = ["meeting__title_ar", "meeting__title_en", "text_ar", "text_en"]
    list_select_related = ["meeting"]
    autocomplete_fields = ["meeting"]
    fields = ["meeting", "version", "status", "text_ar", "text_en", "comments_until", "change_note",
              "published_at", "published_by", "approved_at", "approved_by"]
    inlines = [MinutesCommentInline]
    actions = ["approve"]

    def get_readonly_fields(self, request, obj=None):
        always = ["version", "status", "published_at", "published_by", "approved_at", "approved_by"]
        if obj is None:
            return always
        if obj.is_locked:
            # Approved minutes are locked: a correction is a new version (add minutes for the meeting).
            return [*always, "meeting", "text_ar", "text_en", "comments_until", "change_note"]
        return [*always, "meeting"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False  # approved minutes are locked: a correction is a new version
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # versions are the record; a correction is a new version

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class CheckedForm(form_class):
            def publish(self, **extra):
                cleaned = self.cleaned_data
                return services.minutes_publish(
                    meeting=cleaned.get("meeting") or obj.meeting, text_ar=cleaned.get("text_ar", ""),
                    text_en=cleaned.get("text_en", ""), comments_until=cleaned.get("comments_until"),
                    change_note=cleaned.get("change_note", ""), acting_user=request.user, **extra,
                )

            def clean(self):
                cleaned = super().clean()
                if self.errors:
                    return cleaned
                error = refusal_of(self.publish)
                if error is not None:
                    self.add_error(None, error)
                return cleaned

            def validate_unique(self):
                pass  # the service numbers the versions

        return CheckedForm

    def save_model(self, request, obj, form, change):
        minutes = form.publish(request=request)
        obj.pk = minutes.pk
        obj._state.adding = False

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def save_related(self, request, form, formsets, change):
        # Comments are read here and hidden from their own list; nothing of them is saved here.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    @admin.action(description=_("Approve the chosen minutes (they are locked)"), permissions=["change"])
    def approve(self, request, queryset):
        done = self._each(request, queryset, lambda minutes: services.minutes_approve(
            minutes=minutes, acting_user=request.user, request=request))
        if done:
            self.message_user(request, ngettext(
                "%(count)d version of the minutes was approved.", "%(count)d versions of the minutes were approved.", done,
            ) % {"count": done}, messages.SUCCESS)


@admin.register(MinutesComment)
class MinutesCommentAdmin(ReadOnlyAdminMixin, ServiceAdmin):
    list_display = ["text", "author", "minutes", "created_at", "hidden"]
    list_filter = ["hidden"]
    search_fields = ["text", "author__name_ar", "author__name_en"]
    list_select_related = ["author", "minutes__meeting"]
    fields = ["minutes", "author", "text", "created_at", "hidden"]
    readonly_fields = fields
    actions = ["hide", "show"]

    def has_hide_permission(self, request):
        # Read only (ReadOnlyAdminMixin), but for hiding: the one write a comment allows.
        return request.user.has_perm("meetings.change_minutescomment")

    def _set_hidden(self, request, queryset, hidden):
        done = self._each(request, queryset, lambda comment: services.minutes_comment_hide(
            comment=comment, hidden=hidden, acting_user=request.user, request=request))
        self.message_user(request, ngettext("%(count)d comment was updated.", "%(count)d comments were updated.", done) % {"count": done})

    @admin.action(description=_("Hide the chosen comments"), permissions=["hide"])
    def hide(self, request, queryset):
        self._set_hidden(request, queryset, True)

    @admin.action(description=_("Show the chosen comments again"), permissions=["hide"])
    def show(self, request, queryset):
        self._set_hidden(request, queryset, False)


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdminMixin, ServiceAdmin):
    """Read only: the participants' own words. The average per workshop is on the meetings list."""
    list_display = ["meeting", "person", "rating", "comment", "created_at"]
    list_filter = ["rating"]
    search_fields = ["meeting__title_ar", "meeting__title_en", "comment"]
    list_select_related = ["meeting", "person"]
    fields = ["meeting", "person", "rating", "comment", "created_at"]
    readonly_fields = fields

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            summary = changelist.queryset.aggregate(average=Avg("rating"), count=Count("pk"))
            if summary["count"]:
                self.message_user(request, ngettext(
                    "Average %(average).1f of 5 from %(count)d participant.",
                    "Average %(average).1f of 5 from %(count)d participants.", summary["count"],
                ) % summary, messages.INFO)
        return response
