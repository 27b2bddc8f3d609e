"""The secretariat's reports on the directory: profile freshness by entity, its export, and the
reminders sent from it (the services are in members/reminders.py)."""
from dataclasses import dataclass, field
from datetime import datetime, timezone as dt_timezone
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe, require_POST

from members import exporting, reminders
from members.models import PROFILE_CONFIRMATION_DAYS, Entity, NetworkSeat, User, stale_profile_condition
from portal import audit
from portal.access import permission_or_404
from portal.i18n import name_ordering

SORTS = {
    "entity": gettext_lazy("Entity name"),
    "stale": gettext_lazy("Most unconfirmed"),
    "oldest": gettext_lazy("Oldest confirmation"),
}
DEFAULT_SORT = "entity"


@dataclass
class EntityGroup:
    """An entity's stale people (`entity` None: people of no entity, such as the secretariat)."""

    entity: Entity | None
    total: int  # people of the entity in the directory
    people: list = field(default_factory=list)  # the stale ones, by name

    @property
    def stale(self):
        return len(self.people)

    @property
    def oldest_key(self):
        # Never confirmed counts as the oldest confirmation of all.
        return min(person.profile_confirmed_at or datetime.min.replace(tzinfo=dt_timezone.utc) for person in self.people)

    @property
    def form_value(self):
        return str(self.entity.pk) if self.entity else "none"


def freshness_groups(sort=DEFAULT_SORT):
    """The stale people grouped by entity, groups in `sort` order. Three queries, whatever the size."""
    counts = {
        row["entity_id"]: row
        for row in User.objects.in_directory().order_by().values("entity_id")
        .annotate(total=Count("pk"), stale=Count("pk", filter=stale_profile_condition()))
    }
    with_stale = [entity_id for entity_id, row in counts.items() if row["stale"] and entity_id is not None]
    groups = {
        entity.pk: EntityGroup(entity=entity, total=counts[entity.pk]["total"])
        for entity in Entity.objects.filter(pk__in=with_stale).order_by(*name_ordering())
    }
    if counts.get(None, {}).get("stale"):
        groups[None] = EntityGroup(entity=None, total=counts[None]["total"])  # last in name order
    for person in User.objects.in_directory().stale_profiles().order_by(*name_ordering(), "email"):
        groups[person.entity_id].people.append(person)
    ordered = list(groups.values())
    # Stable sorts: within equal counts or dates, the entities stay in name order.
    if sort == "stale":
        ordered.sort(key=lambda group: -group.stale)
    elif sort == "oldest":
        ordered.sort(key=lambda group: group.oldest_key)
    return ordered


def _sort_of(request):
    sort = request.GET.get("sort") or request.POST.get("sort")
    return sort if sort in SORTS else DEFAULT_SORT


@require_safe
@never_cache
@login_required
@permission_or_404("members.view_reports")
def freshness_report(request):
    sort = _sort_of(request)
    groups = freshness_groups(sort)
    without_member = Entity.objects.active().exclude(
        seats__seat=NetworkSeat.Seat.MEMBER, seats__ended_on__isnull=True
    ).order_by(*name_ordering())
    return render(request, "members/freshness_report.html", {
        "groups": groups,
        "stale_people": [person for group in groups for person in group.people],
        "entities_without_member": without_member,
        "days": PROFILE_CONFIRMATION_DAYS,
        "sort": sort,
        "sorts": SORTS.items(),
        "export_query": urlencode({"sort": sort}),
        "max_reminders": reminders.MAX_REMINDERS_PER_BATCH,
    })


FRESHNESS_COLUMNS = [
    exporting.Column(gettext_lazy("Entity"), 36), exporting.Column(gettext_lazy("Name (Arabic)"), 28),
    exporting.Column(gettext_lazy("Name (English)"), 28), exporting.Column(gettext_lazy("E-mail"), 32),
    exporting.Column(gettext_lazy("Office phone"), 18, phone=True), exporting.Column(gettext_lazy("Mobile"), 18, phone=True),
    exporting.Column(gettext_lazy("Last confirmed"), 16), exporting.Column(gettext_lazy("Not confirmed in the entity"), 14),
    exporting.Column(gettext_lazy("People in the entity"), 14),
]


def _freshness_rows(groups):
    for group in groups:
        entity_name = group.entity.name if group.entity else _("No entity")
        for person in group.people:
            confirmed = person.profile_confirmed_at
            yield [
                entity_name, person.name_ar, person.name_en, person.email, person.office_phone, person.mobile,
                timezone.localtime(confirmed).date().isoformat() if confirmed else _("Never"),
                str(group.stale), str(group.total),
            ]


@require_safe
@login_required
@permission_or_404("members.view_reports")
def freshness_export(request, file_format):
    """The report as CSV or XLSX, in the page's sort order; audited like every export of personal data."""
    if file_format not in exporting.FORMATS:
        raise Http404
    rows = list(_freshness_rows(freshness_groups(_sort_of(request))))
    content = exporting.spreadsheet_bytes(file_format, FRESHNESS_COLUMNS, rows, title=_("Freshness report"))
    audit.record(audit.Action.EXPORTED, actor=request.user, request=request, export="freshness", format=file_format, rows=len(rows))
    filename = f"gcn-freshness-{timezone.localdate():%Y-%m-%d}.{file_format}"
    return exporting.attachment(content, file_format=file_format, filename=filename)


def _chosen_people(post):
    """The stale people the form names: every one of an entity's (`entity`), or those ticked (`person`).
    Anyone else named (up to date, a guest, another id) is left out."""
    people = User.objects.in_directory().stale_profiles()
    entity = post.get("entity")
    if entity == "none":
        people = people.filter(entity__isnull=True)
    elif entity:
        if not entity.isdigit():
            return []
        people = people.filter(entity_id=int(entity))
    else:
        ids = [int(value) for value in post.getlist("person") if value.isdigit()]
        people = people.filter(pk__in=ids)
    return list(people.order_by("pk").only("email", "name_ar", "name_en", "profile_confirmed_at")[: reminders.MAX_REMINDERS_PER_BATCH + 1])


@require_POST
@login_required
@permission_or_404("members.send_profile_reminders")
def freshness_remind(request):
    back = reverse("members:freshness_report") + "?" + urlencode({"sort": _sort_of(request)})
    people = _chosen_people(request.POST)
    if not people:
        messages.error(request, _("Choose the people to remind: only people whose details need confirming can be reminded."))
        return redirect(back)
    if len(people) > reminders.MAX_REMINDERS_PER_BATCH:
        messages.error(request, _("Send at most %(limit)d reminders at a time.") % {"limit": reminders.MAX_REMINDERS_PER_BATCH})
        return redirect(back)
    batch = reminders.profile_reminders_send(people=people, acting_user=request.user, request=request)
    if batch.sent:
        messages.success(request, ngettext(
            "A reminder was sent to %(count)d person.", "Reminders were sent to %(count)d people.", len(batch.sent)
        ) % {"count": len(batch.sent)})
    else:
        messages.warning(request, _("No reminder was sent: none of the people chosen can receive one."))
    return redirect(back)
