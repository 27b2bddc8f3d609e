"""Campaign cases presented at network meetings: the secretariat links a case to the agenda items
that presented it (in the case's admin page, by an autocomplete labelled "meeting date · meeting
title · item title"), the meeting page shows each item's campaigns (through
`portal.registry.agenda_item_links`: meetings knows nothing of campaigns), and the case page shows
the meetings it was presented at.

Each side shows only what the reader may open: the campaigns through `Campaign.objects.visible_to`,
the meetings through `Meeting.objects.visible_to`.
"""
from django import forms
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import transaction
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import TruncDate
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_date
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _, gettext_lazy

from campaigns.models import OWNER_ROLES, Campaign, StrategicMessage
from meetings.models import AgendaItem, Meeting
from members.models import User
from portal import audit, registry
from portal.compiled import compiled_query, fetch_kept_rows, viewer_stand_in

AUTOCOMPLETE_PAGE = 20


# The meeting page's links (portal.registry.agenda_item_links) --------------------------------------

def agenda_item_links(request, items):
    """{agenda item pk: HTML links to the campaigns it presented that the user may see}, in one query."""
    user = request.user
    if not items:
        return {}
    # Compiled once per process, number of items and kind of viewer (portal.compiled): building
    # the query cost more than running it. The key holds what Campaign.objects.visible_to reads.
    # The rows are kept under the data version: the same for every viewer of the same role (and
    # entity, for its director and team).
    values = {f"item{index:03}": item.pk for index, item in enumerate(items)}
    if user.role in OWNER_ROLES and user.entity_id is not None:
        values["entity"] = user.entity_id

    def build(entity=None, **item_pks):
        viewer = User(pk=user.pk, role=user.role, is_active=user.is_active, entity_id=entity)
        return (
            Campaign.agenda_items.through.objects
            .filter(agendaitem_id__in=[item_pks[name] for name in sorted(item_pks)], campaign__in=Campaign.objects.visible_to(viewer))
            .order_by("campaign__title_ar", "campaign_id")
            .values_list("agendaitem_id", "campaign_id", "campaign__title_ar", "campaign__title_en")
        )

    try:
        sql, params = compiled_query(("agenda item links", len(items), user.role, user.is_active, "entity" in values), build, values)
    except EmptyResultSet:  # a viewer who sees no campaign
        return {}
    rows = fetch_kept_rows(sql, params)
    language_en = (translation.get_language() or "").startswith("en")
    found = {}
    for item_id, campaign_id, title_ar, title_en in rows:
        title = (title_en or title_ar) if language_en else (title_ar or title_en)
        found.setdefault(item_id, []).append((reverse("campaigns:detail", args=[campaign_id]), title))
    return {
        item_id: format_html(
            '<i class="bi bi-megaphone" aria-hidden="true"></i> {} {}', _("Campaign presented:"),
            format_html_join(_(",") + " ", '<a href="{}">{}</a>', links),
        )
        for item_id, links in found.items()
    }


# The case page's strategic messages and meetings, in one query ------------------------------------

# What Meeting.objects.visible_to asks of the viewer, besides its role: case_links's compiled query
# is kept per set of answers.
MEETING_VIEWER_PERMISSIONS = ("members.view_directory", "meetings.view_meetings")
CASE_LINK_COLUMNS = ("kind", "link_pk", "name_ar", "name_en", "item_ar", "item_en", "day")


def case_links(campaign, user):
    """The strategic messages the case carries and the meetings (that `user` may see) at which it was
    presented: {"messages": [...], "presented": [...]}, each row a dict.

    One UNION query rather than two: the case page is at the detail pages' limit of queries
    (../shared/brief/performance.md), and both lists are a handful of short rows. Compiled once per
    process and kind of viewer (portal.compiled), as building the union cost more than running it;
    its rows are kept under the data version (they hold no viewer's pk but a guest's)."""
    permissions = {permission: user.has_perm(permission) for permission in MEETING_VIEWER_PERMISSIONS}
    zone = timezone.get_current_timezone()
    key = ("case links", str(zone), user.role, user.is_active, *permissions.items())
    values = {"campaign": campaign.pk}
    if not permissions["members.view_directory"] and permissions["meetings.view_meetings"]:
        values["viewer"] = user.pk  # a guest sees the meetings they are a guest of

    def build(campaign, viewer=None):
        stand_in = viewer_stand_in(user, pk=viewer, entity_id=None, permissions=permissions)
        messages = StrategicMessage.objects.filter(campaigns=campaign).annotate(
            kind=Value("message", output_field=CharField()), link_pk=F("pk"), name_ar=F("title_ar"), name_en=F("title_en"),
            item_ar=Value("", output_field=CharField()), item_en=Value("", output_field=CharField()), day=F("valid_from"),
        ).order_by().values_list(*CASE_LINK_COLUMNS)  # no ORDER BY inside a UNION (SQLite refuses it): sorted below
        presented = AgendaItem.objects.filter(campaigns=campaign, meeting__in=Meeting.objects.visible_to(stand_in)).annotate(
            kind=Value("meeting", output_field=CharField()), link_pk=F("meeting_id"), name_ar=F("meeting__title_ar"),
            name_en=F("meeting__title_en"), item_ar=F("title_ar"), item_en=F("title_en"),
            day=TruncDate("meeting__starts_at", tzinfo=zone),
        ).order_by().values_list(*CASE_LINK_COLUMNS)
        return messages.union(presented, all=True)

    try:
        sql, params = compiled_query(key, build, values, repeated=True)  # the case's pk is in both parts
    except EmptyResultSet:
        return {"messages": [], "presented": []}
    links = {"messages": [], "presented": []}
    for row in sorted(fetch_kept_rows(sql, params), key=lambda row: (row[6], row[1])):
        entry = dict(zip(CASE_LINK_COLUMNS, row))
        # Raw rows, not the ORM's: SQLite (make run) gives the day as text, which the page's |date cannot show.
        entry["day"] = parse_date(entry["day"]) if isinstance(entry["day"], str) else entry["day"]
        links["messages" if entry["kind"] == "message" else "presented"].append(entry)
    return links


# The secretariat's link, a service --------------------------------------------------------------------

def campaign_set_agenda_items(*, campaign, agenda_items, acting_user, request=None):
    """Set the agenda items at which `campaign` was presented (the secretariat only); audited."""
    if not (acting_user.is_active and acting_user.role == "secretariat"):
        raise PermissionDenied
    wanted = {item.pk for item in agenda_items}
    with transaction.atomic():
        current = set(campaign.agenda_items.values_list("pk", flat=True))
        if wanted == current:
            return campaign
        campaign.agenda_items.set(wanted)
        audit.record(audit.Action.UPDATED, actor=acting_user, target=campaign, request=request, fields=["agenda_items"],
                     agenda_items={"old": sorted(current), "new": sorted(wanted)})
    return campaign


# Admin: the autocomplete of agenda items -----------------------------------------------------------

def agenda_item_label(item):
    """ "12/01/2022 · The network's first meeting of 2022 · Details of the campaign" """
    day = formats.date_format(timezone.localtime(item.meeting.starts_at).date(), "SHORT_DATE_FORMAT")
    return " · ".join((day, item.meeting.title, item.title))


class AgendaItemsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return agenda_item_label(obj)


class AgendaItemsWidget(AutocompleteSelectMultiple):
    """Django's admin autocomplete, asking the campaigns admin's own view (its labels name the meeting)."""

    def get_url(self):
        return reverse(f"{self.admin_site.name}:campaigns_campaign_agenda_autocomplete")


class AgendaItemsAdminMixin:
    """For CampaignAdmin: the `agenda_items` field and its autocomplete view."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "agenda_items":
            return AgendaItemsField(
                queryset=AgendaItem.objects.select_related("meeting"), required=False,
                widget=AgendaItemsWidget(db_field, self.admin_site), label=db_field.verbose_name,
                help_text=gettext_lazy("The meeting agenda items at which this campaign was presented: type a meeting's or an item's title."),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_urls(self):
        own = [path("agenda-items/autocomplete/", self.admin_site.admin_view(self.agenda_autocomplete_view),
                    name="campaigns_campaign_agenda_autocomplete")]
        return own + super().get_urls()

    def agenda_autocomplete_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        term = (request.GET.get("term") or "").strip()[:100]
        items = AgendaItem.objects.select_related("meeting").order_by("-meeting__starts_at", "position", "pk")
        for word in term.split()[:5]:
            items = items.filter(
                Q(title_ar__icontains=word) | Q(title_en__icontains=word)
                | Q(meeting__title_ar__icontains=word) | Q(meeting__title_en__icontains=word)
            )
        try:
            page = max(int(request.GET.get("page") or 1), 1)
        except ValueError:
            page = 1
        rows = list(items[(page - 1) * AUTOCOMPLETE_PAGE:page * AUTOCOMPLETE_PAGE + 1])
        return JsonResponse({
            "results": [{"id": str(item.pk), "text": agenda_item_label(item)} for item in rows[:AUTOCOMPLETE_PAGE]],
            "pagination": {"more": len(rows) > AUTOCOMPLETE_PAGE},
        })


def register():
    registry.agenda_item_links.register("campaigns", agenda_item_links, order=20)
