"""The job queue in admin, for the secretariat: what failed and why, what waits for a retry, and
an action to run jobs again. Jobs are read-only: their arguments (sealed e-mails, ids) are the
system's business, and a changed job would no longer be the one that failed."""
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _, ngettext
from django_tasks_db.models import DBTaskResult

from portal import audit, tasks
from portal.admin import SecretFieldsAdminMixin

# The queue model's own names come from django-tasks-db; listed here so our catalogue translates them.
_THIRD_PARTY_TERMS = [_("Task Result"), _("Task Results"), _("Tasks Database Backend")]

STATE_LABELS = {
    "failed": _("Failed: needs attention"),
    "retrying": _("Failed, will retry"),
    "waiting": _("Waiting"),
    "running": _("Running"),
    "done": _("Done"),
}


def state_of(job):
    if job.status == "FAILED":
        return "failed"
    if job.status == "READY":
        # A job put back after a failed attempt keeps its last error (portal.tasks.retry_failed_attempt).
        return "retrying" if job.traceback else "waiting"
    return "running" if job.status == "RUNNING" else "done"


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(STATE_LABELS.items())

    def queryset(self, request, queryset):
        value = self.value()
        if value == "failed":
            return queryset.filter(status="FAILED")
        if value == "retrying":
            return queryset.filter(status="READY").exclude(traceback="")
        if value == "waiting":
            return queryset.filter(status="READY", traceback="")
        if value == "running":
            return queryset.filter(status="RUNNING")
        if value == "done":
            return queryset.filter(status="SUCCESSFUL")
        return queryset


if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class JobAdmin(SecretFieldsAdminMixin, admin.ModelAdmin):
    list_display = ["job", "state", "attempts", "enqueued_at", "next_attempt", "finished_at", "last_error"]
    list_filter = [StateFilter, "enqueued_at"]
    date_hierarchy = "enqueued_at"
    ordering = ["-enqueued_at"]
    actions = ["run_again"]
    fields = ["job", "state", "attempts", "recipients", "enqueued_at", "started_at", "finished_at", "next_attempt",
              "last_error", "traceback"]
    readonly_fields = fields

    @admin.display(description=_("job"))
    def job(self, row):
        return tasks.task_labels.get(row.task_path) or row.task_path.rsplit(".", 1)[-1]

    @admin.display(description=_("state"), ordering="status")
    def state(self, row):
        return STATE_LABELS[state_of(row)]

    @admin.display(description=_("attempts"))
    def attempts(self, row):
        return len(row.worker_ids)

    @admin.display(description=_("next attempt"), ordering="run_after")
    def next_attempt(self, row):
        if row.status != "READY" or row.run_after.year == 9999:
            return self.get_empty_value_display()
        return row.run_after

    @admin.display(description=_("last error"))
    def last_error(self, row):
        return row.exception_class_path.rsplit(".", 1)[-1] or self.get_empty_value_display()

    @admin.display(description=_("recipients"))
    def recipients(self, row):
        # Only e-mail jobs name their recipients in clear (portal.mail); the rest is not shown.
        to = (row.args_kwargs.get("args") or [{}])[0]
        return ", ".join(to.get("to", [])) if isinstance(to, dict) else self.get_empty_value_display()

    @admin.action(description=_("Run the selected jobs again now"), permissions=["change"])
    def run_again(self, request, queryset):
        chosen = list(queryset)
        count = tasks.run_again(chosen)
        for row in chosen:
            audit.record(audit.Action.UPDATED, actor=request.user, target=row, request=request,
                         via="admin", what="run_again", job=str(self.job(row)))
        self.message_user(request, ngettext(
            "%(count)d job will run again.", "%(count)d jobs will run again.", count,
        ) % {"count": count}, messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The change permission allows the "run again" action; the jobs themselves stay read-only.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
