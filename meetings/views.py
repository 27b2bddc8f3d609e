"""Meetings pages: the list, the month, each meeting's page with its replies, minutes and feedback,
the secretariat's check-in list and attendance reports. Writes go through meetings.services; a
refused action comes back as a message on the page it came from."""
from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.query import MAX_GET_RESULTS
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from meetings import reports, services
from meetings.forms import FeedbackForm, MeetingFilterForm, MinutesCommentForm, RsvpForm, WalkInSearchForm
from meetings.models import ActionItem, AgendaItem, Attendance, Feedback, Meeting, Minutes, MinutesComment, Rsvp
from meetings.rules import with_viewer_invited
from meetings.templatetags.meeting_tags import agenda_list
from members import exporting
from members.models import Entity, User
from portal import audit, calendars, fragments, links, registry, renderings
from portal.access import get_visible_or_404, permission_or_404
from portal.compiled import compiled_instances, compiled_query, fetch_kept_rows, fetch_rows, viewer_stand_in
from portal.documents import panels
from portal.documents.models import Document
from portal.forms import CSRF_STAND_IN, page_csrf_token, with_page_csrf_token
from portal.i18n import active_language, name_ordering
from portal.paging import page_of

PAGE_SIZE = 20
WALK_IN_RESULTS = 10


def get_meeting_for_user(user, pk, queryset=None):
    """The meeting, or 404 when it is outside the user's scope (its existence is not revealed)."""
    return get_visible_or_404(queryset if queryset is not None else Meeting.objects.select_related("host"), user, pk=pk)


def optional_url(name, *args):
    """The address of a page another engineer's part of the portal provides, or None until it exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _reply_count(response, wait_listed=None):
    rows = Rsvp.objects.filter(meeting=OuterRef("pk"), response=response)
    if wait_listed is not None:
        rows = rows.filter(wait_listed_at__isnull=not wait_listed)
    counted = rows.order_by().values("meeting").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def with_my_reply(meetings, user):
    """Annotates the user's own reply (`my_response`, `my_wait_listed_at`) inside the meetings'
    query, so a list shows each card's reply without a query per card."""
    mine = Rsvp.objects.filter(meeting=OuterRef("pk"), person=user.pk)
    return meetings.annotate(
        my_response=Subquery(mine.values("response")[:1]),
        my_wait_listed_at=Subquery(mine.values("wait_listed_at")[:1]),
    )


def _page(queryset, number):
    return page_of(queryset, number, PAGE_SIZE)


@require_safe
@never_cache
@login_required
@permission_or_404("meetings.view_meetings")
def index(request):
    visible = Meeting.objects.visible_to(request.user)
    # Choices only from what the user may see: a guest is not shown the network's other hosts.
    years = sorted({moment.year for moment in visible.datetimes("starts_at", "year")}, reverse=True)
    hosts = Entity.objects.filter(pk__in=visible.values("host")).order_by(*name_ordering())
    filters = MeetingFilterForm(request.GET, years=years, hosts=hosts)
    meetings = with_my_reply(filters.filter(visible).select_related("host"), request.user)
    upcoming = _page(meetings.upcoming(), request.GET.get("upcoming_page"))
    past = _page(meetings.past(), request.GET.get("page"))
    query = request.GET.copy()
    for key in ("page", "upcoming_page"):
        query.pop(key, None)
    today = timezone.localdate()
    return render(request, "meetings/index.html", {
        "filters": filters, "upcoming": upcoming["items"], "past": past["items"],
        "upcoming_page": upcoming, "past_page": past, "query_string": query.urlencode(),
        "this_month": reverse("meetings:month", args=[today.year, today.month]),
        "feed_settings_url": optional_url("meetings:feed_settings"),
    })


def _month_days(year, month, meetings, today):
    """The month as weeks of days (None outside the month), each day with its meetings."""
    by_day = {}
    for meeting in meetings:
        by_day.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
    weeks = calendars.month_weeks(year, month)
    return [
        [{"date": day, "in_month": day.month == month, "today": day == today, "meetings": by_day.get(day, [])} for day in week]
        for week in weeks
    ]


@require_safe
@never_cache
@login_required
@permission_or_404("meetings.view_meetings")
def month(request, year, month):
    zone = timezone.get_current_timezone()
    first = calendars.first_of_month_or_404(year, month)
    following = calendars.add_months(first, 1)
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(following, time.min, tzinfo=zone)
    meetings = list(with_my_reply(
        Meeting.objects.visible_to(request.user).filter(starts_at__gte=start, starts_at__lt=end).select_related("host"),
        request.user,
    ).order_by("starts_at"))
    today = timezone.localdate()
    return render(request, "meetings/month.html", {
        "first": first, "meetings": meetings, "weeks": _month_days(year, month, meetings, today),
        **calendars.month_navigation("meetings:month", first, today),
    })


def _detail_queryset(user):
    """The meeting with everything its page shows about it in one row: the host, places taken and
    the wait list, reply counts, and the viewer's invitation (read by the reply rule and every
    documents panel's upload rule), own reply, wait-list position, attendance, feedback and
    whether they have withdrawn documents."""
    mine = Rsvp.objects.filter(meeting=OuterRef("pk"), person=user.pk)
    ahead = Rsvp.objects.wait_list().filter(
        meeting=OuterRef(OuterRef("pk")), wait_listed_at__lte=OuterRef("wait_listed_at"),
    ).order_by().values("meeting").annotate(n=Count("pk")).values("n")
    meetings = with_viewer_invited(Meeting.objects.select_related("host").with_counts(), user)
    return with_my_reply(meetings, user).annotate(
        my_delegate_id=Subquery(mine.values("delegate")[:1]),
        my_wait_position=Subquery(mine.filter(wait_listed_at__isnull=False).annotate(position=Subquery(ahead)).values("position")[:1]),
        maybe_count=_reply_count(Rsvp.Response.MAYBE),
        not_attending_count=_reply_count(Rsvp.Response.NOT_ATTENDING),
        delegate_count=_reply_count(Rsvp.Response.DELEGATE),
        i_attended=Exists(Attendance.objects.filter(meeting=OuterRef("pk"), person=user.pk)),
        my_feedback_given=Exists(Feedback.objects.filter(meeting=OuterRef("pk"), person=user.pk)),
        # Whether the viewer has withdrawn any document anywhere: if not, they see a meeting's
        # documents exactly as every viewer of their kind does (see _documents).
        my_withdrawn_uploads=Exists(Document.objects.filter(uploaded_by=user.pk, status=Document.Status.WITHDRAWN)),
    )


# What Meeting.objects.visible_to asks of the viewer, besides its role: the page's compiled query
# (below) is kept per set of answers.
VIEWER_PERMISSIONS = ("members.view_directory", "meetings.view_meetings")


def _detail_meeting(user, pk):
    """get_meeting_for_user(user, pk, _detail_queryset(user)), from SQL compiled once per process
    and kind of viewer (portal.compiled): building and compiling the thirteen subqueries cost more
    than running them. The key holds everything the queryset's building asks of the viewer (role,
    flags, whether they have an entity, the permissions visible_to asks); their pk, their entity's
    and the meeting's are the values."""
    permissions = {permission: user.has_perm(permission) for permission in VIEWER_PERMISSIONS}
    key = ("meeting detail", user.role, user.is_active, user.is_staff, user.is_superuser, user.entity_id is not None, *permissions.items())
    values = {"pk": pk, "viewer": user.pk}
    if user.entity_id is not None:
        values["entity"] = user.entity_id

    def build(pk, viewer, entity=None):
        stand_in = viewer_stand_in(user, pk=viewer, entity_id=entity, permissions=permissions)
        # As QuerySet.get() asks: unordered, at most MAX_GET_RESULTS rows.
        return _detail_queryset(stand_in).visible_to(stand_in).filter(pk=pk).order_by()[:MAX_GET_RESULTS]

    found = compiled_instances(key, build, values)
    if not found:
        raise Http404
    [meeting] = found  # one row for a pk, and a guest is listed once among a meeting's guests
    return meeting


def _delegates(user):
    """The colleagues `user` may send: active members of their own entity; None without an entity."""
    if not user.entity_id:
        return None
    return User.objects.in_directory().filter(entity_id=user.entity_id).exclude(pk=user.pk).order_by(*name_ordering())


REPLY_FORM_TEMPLATE = "meetings/includes/rsvp_form.html"


def _reply_form(request, meeting):
    """The reply form's HTML, kept under the data version for the viewers it is the same for: the
    same reply and delegate, and the same colleagues to send (their own entity's, less themselves,
    so a member of an entity has their own; the secretariat and guests, who send nobody, share one).
    Django's form and widgets took a tenth of an upcoming meeting's page to draw it. The form on the
    page is never bound (a refused reply comes back as a message), and the page's CSRF token is put
    in afterwards."""
    user = request.user

    def draw():
        form = RsvpForm(delegates=_delegates(user), initial={"response": meeting.my_response, "delegate": meeting.my_delegate_id})
        return render_to_string(REPLY_FORM_TEMPLATE, {"form": form, "meeting": meeting, "csrf_token": CSRF_STAND_IN})

    key = ":".join(str(part) for part in (
        "meeting reply form", active_language(), meeting.pk, meeting.my_response, meeting.my_delegate_id,
        f"{user.entity_id}:{user.pk}" if user.entity_id else "",
    ))
    return with_page_csrf_token(fragments.kept(key, draw), request)


def _agenda_links(request, items):
    """What other portals attach to agenda items (campaigns...), via portal.registry.agenda_item_links."""
    links = {}
    for provider in registry.agenda_item_links:
        for pk, html in (provider(request, items) or {}).items():
            if html:
                links.setdefault(pk, []).append(html)
    return links


def _feedback_summary(meeting):
    rows = list(Feedback.objects.filter(meeting=meeting).order_by("-created_at").values_list("rating", "comment"))
    if not rows:
        return None
    counts = {rating: 0 for rating in range(5, 0, -1)}
    for rating, _comment in rows:
        counts[rating] += 1
    return {
        "count": len(rows), "average": sum(rating for rating, _comment in rows) / len(rows),
        "distribution": [(rating, count, round(100 * count / len(rows))) for rating, count in counts.items()],
        "comments": [comment for _rating, comment in rows if comment],
    }


def _attendance_by_entity(rows):
    groups = {}
    for row in rows:
        groups.setdefault(row.entity_id, {"entity": row.entity, "people": []})["people"].append(row.person)
    return sorted(groups.values(), key=lambda group: group["entity"] is None)


# What Document.objects.for_owners(visible_to=...) asks of the viewer about a meeting's documents,
# besides its role: Meeting.objects.visible_to's questions and whether they manage all documents.
DOCUMENT_VIEWER_PERMISSIONS = (*VIEWER_PERMISSIONS, "documents.change_document")


# Stands for the viewer in the documents query of a viewer who has withdrawn nothing: no user has it.
NOBODY = 0


def _documents_shape(user, meeting, items):
    """(key, values, shared, permissions) of the meeting's documents query for `user` (see _documents)."""
    permissions = {permission: user.has_perm(permission) for permission in DOCUMENT_VIEWER_PERMISSIONS}
    key = ("meeting documents", len(items), user.role, user.is_active, user.is_staff, user.is_superuser, *permissions.items())
    values = {"meeting": meeting.pk, **{f"item{index:03}": item.pk for index, item in enumerate(items)}}
    is_member = permissions["members.view_directory"]
    shared = is_member and not meeting.my_withdrawn_uploads
    # The viewer's pk is in the SQL unless nothing of theirs is asked: the secretariat, who sees every
    # document of every meeting, is neither asked whose uploads nor which meetings they are a guest of.
    if not (permissions["documents.change_document"] and is_member):
        values["viewer"] = NOBODY if shared else user.pk
    return key, values, shared, permissions


def _documents(user, meeting, items):
    """The meeting's and its agenda items' documents the user may open, in one query, as the panels
    list them (portal.documents.panels.ListedDocument); each panel on the page picks its owner's.
    From SQL compiled once per process, kind of viewer and number of agenda items (portal.compiled),
    as the meeting's own: building it was a third of the view's time.

    A member sees the active documents and the withdrawn ones they uploaded themselves. One who has
    withdrawn nothing (`my_withdrawn_uploads`, from the meeting's own query) sees exactly what the
    same query gives for NOBODY, which is the same for every member of their kind: those rows are
    kept under the data version (portal.compiled.fetch_kept_rows). The secretariat's query has no
    viewer in it; a guest's names the guest (the meetings they are invited to), and is not kept."""
    key, values, shared, permissions = _documents_shape(user, meeting, items)

    def build(meeting, viewer=None, **item_pks):
        stand_in = viewer_stand_in(user, pk=viewer if viewer is not None else user.pk, entity_id=None, permissions=permissions)
        owners = [Meeting(pk=meeting), *(AgendaItem(pk=item_pks[name]) for name in sorted(item_pks))]
        return Document.objects.for_owners(owners, visible_to=stand_in).values_list(*panels.LISTED_FIELDS)

    try:
        sql, params = compiled_query(key, build, values, repeated=True)  # the meeting's pk is in two places
    except EmptyResultSet:
        return []
    return panels.listed(fetch_kept_rows(sql, params) if shared else fetch_rows(sql, params))


RECORD_TEMPLATE = "meetings/detail_record.html"


def _member_record(request, meeting):
    """The members' record of the meeting (detail_record.html): attendance by entity, decisions and
    action items with the matters arising, the minutes with their comments and earlier versions.

    It is the same for every member, and was most of a full meeting page's time: three queries,
    about 250 rows made into model instances, and a template of some fifty table rows. So it is kept
    twice over. Under the data version (portal.fragments.kept), until anything is written anywhere;
    its key names everything else it is drawn from: the meeting, the language, the day (the comment
    form closes on a date), whether the viewer may comment, and the template's source. And, drawn
    again after a write, under a fingerprint of the rows it shows (portal.renderings): the rows are
    read again, but the template is drawn only when they changed. Drawn without the request: the
    comment form's CSRF token, the one thing of the viewer's in it, is put in afterwards."""
    may_comment = request.user.has_perm("meetings.comment_minutes", meeting)
    key = ":".join(str(part) for part in (
        "meeting record", meeting.pk, active_language(), timezone.localdate().isoformat(), may_comment,
        renderings.template_version(RECORD_TEMPLATE),
    ))
    return with_page_csrf_token(fragments.kept(key, lambda: _draw_member_record(meeting, may_comment=may_comment)), request)


def _own_and_arising(meeting):
    """The meeting's action items and decisions and its matters arising, oldest meeting first.
    As a UNION: with `meeting = x OR id IN (arising)` PostgreSQL read every action item and every
    member to find fifty (7 ms, not 2)."""
    own = ActionItem.objects.filter(meeting=meeting).order_by().values("pk")
    arising = ActionItem.objects.arising_for(Meeting(pk=meeting)).order_by().values("pk")
    return (
        ActionItem.objects.filter(pk__in=own.union(arising))
        .select_related("owner_entity", "owner_person", "meeting").order_by("meeting__starts_at", "pk")
    )


def _minutes_rows(meeting):
    """The meeting's minutes, newest version first, each version once per comment members see on
    it (with its author's names), or once when it has none."""
    visible = "visible_comment"
    return (
        Minutes.objects.filter(meeting=meeting)
        .annotate(**{visible: FilteredRelation("comments", condition=Q(comments__hidden=False))})
        .annotate(
            comment_pk=F(f"{visible}__pk"), comment_text=F(f"{visible}__text"), comment_created_at=F(f"{visible}__created_at"),
            comment_author_pk=F(f"{visible}__author"), comment_author_name_ar=F(f"{visible}__author__name_ar"),
            comment_author_name_en=F(f"{visible}__author__name_en"),
        )
        .select_related("approved_by").order_by("-version", "comment_created_at", "comment_pk")
    )


def _minutes_and_comments(meeting):
    """([the meeting's minutes, newest version first], [the comments members see on the newest, oldest
    first]), in one query (_minutes_rows) where they were two: the record's first drawing after a
    write made nine queries, one over the eight of a detail page. Compiled once per process."""
    rows = compiled_instances(("minutes with comments",), _minutes_rows, {"meeting": meeting.pk})
    versions, comments = [], []
    for row in rows:
        if not versions or versions[-1].pk != row.pk:
            versions.append(row)
        if row.pk == rows[0].pk and row.comment_pk is not None:
            author = User(pk=row.comment_author_pk, name_ar=row.comment_author_name_ar, name_en=row.comment_author_name_en)
            comments.append(MinutesComment(
                pk=row.comment_pk, minutes_id=row.pk, author=author, text=row.comment_text, created_at=row.comment_created_at,
            ))
    return versions, comments


def _draw_member_record(meeting, *, may_comment):
    # The counts and facts of the meeting the record shows (not the viewer's own reply).
    facts = [getattr(meeting, name) for name in (
        "pk", "kind", "attended_count", "attending_count", "maybe_count", "delegate_count", "not_attending_count", "wait_list_count",
    )]
    context = {"meeting": meeting, "csrf_token": CSRF_STAND_IN}
    # Each query compiled once per process (portal.compiled): building them cost as much as the rest.
    values = {"meeting": meeting.pk}
    attendance = []
    if meeting.attended_count or meeting.is_workshop:
        attendance = compiled_instances(("meeting attendance", active_language()), lambda meeting: (
            Attendance.objects.filter(meeting=meeting).select_related("person", "entity")
            .order_by(*name_ordering("entity__"), *name_ordering("person__"))
        ), values)
        context["attendance"] = _attendance_by_entity(attendance)
    actions = compiled_instances(("meeting action items",), _own_and_arising, values)
    context["decisions"] = [item for item in actions if item.meeting_id == meeting.pk and item.kind == ActionItem.Kind.DECISION]
    context["action_items"] = [item for item in actions if item.meeting_id == meeting.pk and item.kind == ActionItem.Kind.ACTION]
    context["arising"] = [item for item in actions if item.meeting_id != meeting.pk]
    versions, comments = _minutes_and_comments(meeting)
    if versions:
        current = versions[0]
        context["minutes"] = current
        context["older_minutes"] = versions[1:]
        context["minutes_comments"] = comments
        open_for_comment = not current.is_locked and (
            current.comments_until is None or current.comments_until >= timezone.localdate()
        )
        if open_for_comment and may_comment:
            context["comment_form"] = MinutesCommentForm()
    fingerprint = renderings.fingerprint(facts, attendance, actions, versions, comments, "comment_form" in context)
    [html] = renderings.render_kept(RECORD_TEMPLATE, [(fingerprint, context)])
    return html


def _agenda_and_documents(request, meeting, items, item_links):
    """(the agenda's HTML, the meeting's documents panel's HTML): the agenda with each item's campaigns
    (`item_links`, from other portals) and documents panel, drawn by `{% agenda_list %}`, and the
    panels by portal.documents.panels as `{% documents_panel %}` draws them, with the documents
    grouped by owner in one pass.

    The panels (nine, with twenty documents) and the agenda were a third of the page's time. For a
    viewer whose documents are those of every viewer of their kind (`shared`, see _documents), both
    are kept under the data version, with what else they are drawn from in the key: the documents
    query's shape, the language, where the viewer may upload and the items' campaign links. The
    meeting's upload form's CSRF token, the one thing of the viewer's own in them, is put in
    afterwards (portal.forms.with_page_csrf_token); the items link to their upload pages."""
    user = request.user
    owners = [meeting, *items]
    keys = [registry.document_owners.key_for_model(owner) for owner in owners]
    specs = [registry.document_owners.get(key) for key in keys]
    can_upload = [user.is_authenticated and spec.can_upload(user, owner) for spec, owner in zip(specs, owners)]
    shape, values, shared, _permissions = _documents_shape(user, meeting, items)

    def draw(csrf_token):
        documents = _documents(user, meeting, items)
        by_owner = {}
        for document in documents:
            by_owner.setdefault((document.owner_type_id, document.owner_id), []).append(document)
        drawn, urls = [], panels.item_urls()
        for owner, key, spec, may_upload in zip(owners, keys, specs, can_upload):
            own = by_owner.get((ContentType.objects.get_for_model(owner).pk, owner.pk), [])
            # The meeting's "Download all" takes its agenda items' documents too; the ZIP leaves out
            # withdrawn documents and those without a file.
            zip_documents = documents if owner is meeting else own
            # One upload form on the page, the meeting's. An agenda item's "Add a document" opens the
            # upload page for that item, which comes back to it: a form for each of eight items was
            # a third of the page's bytes, sent on every view for the few who upload.
            upload_form = owner is meeting
            drawn.append(panels.panel(
                panel_id=f"documents-{key.replace('.', '-')}-{owner.pk}", documents=own,
                download_all_url=links.pk_url("documents:download_all", owner.pk, key) if panels.zippable(zip_documents) else "",
                upload_url=links.pk_url("documents:upload", owner.pk, key) if may_upload else "",
                kinds=spec.kinds, csrf_token=csrf_token if may_upload and upload_form else "", urls=urls,
                upload_form=upload_form,
            ))
        for item, panel in zip(items, drawn[1:]):
            item.links = item_links.get(item.pk, [])
            item.documents_panel = panel
        return (agenda_list(items) if items else ""), drawn[0]

    if not shared:
        return draw(page_csrf_token(request) if can_upload[0] else "")
    kept_key = ":".join(str(part) for part in (
        "meeting agenda and documents", active_language(), *shape, *values.values(), *can_upload,
        sorted(item_links.items()),
    ))
    agenda, documents_panel = fragments.kept(kept_key, lambda: draw(CSRF_STAND_IN))
    return agenda, with_page_csrf_token(documents_panel, request)


@require_safe
@never_cache
@login_required
def detail(request, pk):
    user = request.user
    meeting = _detail_meeting(user, pk)
    is_member = user.has_perm("members.view_directory")
    # Compiled once per process, as the meeting's own query (the agenda's SQL never changes), and
    # kept under the data version: the same for everyone who sees the meeting.
    items = fragments.kept(f"meeting agenda:{meeting.pk}", lambda: compiled_instances(("agenda items",), lambda meeting: (
        AgendaItem.objects.filter(meeting=meeting).select_related("presenter_entity", "presenter_person").order_by("position", "pk")
    ), {"meeting": meeting.pk}))
    for item in items:
        item.meeting = meeting  # the documents panel's upload rule reads it for every item
    can_respond = user.has_perm("meetings.respond", meeting)
    context = {
        "meeting": meeting, "agenda_items": items,
        "is_member": is_member, "can_respond": can_respond,
        "can_check_in": user.has_perm("meetings.check_in", meeting),
        "can_see_reports": user.has_perm("meetings.view_meeting_reports", meeting),
        "ics_url": optional_url("meetings:ics", meeting.pk),
    }
    if can_respond:
        context["rsvp_form"] = _reply_form(request, meeting)
    if is_member:
        # Guests see the meeting, its agenda and the documents shared with them: not who came, what
        # was decided, nor the minutes, which are the network's own record.
        context["record"] = _member_record(request, meeting)
    if meeting.is_workshop:
        # The feedback and certificate rules read the viewer's attendance from `i_attended`.
        if user.has_perm("meetings.give_feedback", meeting) and not meeting.my_feedback_given:
            context["feedback_form"] = FeedbackForm()
        if user.has_perm("meetings.view_feedback_summary", meeting):
            context["feedback_summary"] = _feedback_summary(meeting)
        if user.has_perm("meetings.download_certificate", meeting):
            context["certificate_url"] = optional_url("meetings:certificate", meeting.pk)
    context["agenda"], context["documents_panel"] = _agenda_and_documents(request, meeting, items, _agenda_links(request, items))
    return render(request, "meetings/detail.html", context)


def _refused(request, error):
    for message in error.messages:
        messages.error(request, message)


def _back(meeting, anchor=""):
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + anchor)


@require_POST
@login_required
def rsvp(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    if not request.user.has_perm("meetings.respond", meeting):
        messages.error(request, _("You cannot reply to this meeting: it has ended, it was cancelled, or you are not invited."))
        return _back(meeting, "#rsvp")
    form = RsvpForm(request.POST, delegates=_delegates(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return _back(meeting, "#rsvp")
    try:
        reply = services.rsvp_respond(
            meeting=meeting, person=request.user, response=form.cleaned_data["response"],
            delegate=form.cleaned_data.get("delegate"), acting_user=request.user, request=request,
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        if reply.is_wait_listed:
            messages.warning(request, _("The meeting is full: you are on the wait list and will be told when a place frees."))
        else:
            messages.success(request, _("Your reply was saved."))
    return _back(meeting, "#rsvp")


@require_POST
@login_required
def minutes_comment(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    if not request.user.has_perm("meetings.comment_minutes", meeting):
        raise Http404  # guests do not see the minutes at all
    minutes = Minutes.objects.filter(meeting=meeting).order_by("-version").first()
    if minutes is None:
        messages.error(request, _("The minutes have not been published yet."))
        return _back(meeting, "#minutes")
    form = MinutesCommentForm(request.POST)
    if not form.is_valid():
        for message in form.errors.get("text", []):
            messages.error(request, message)
        return _back(meeting, "#minutes")
    try:
        services.minutes_comment(minutes=minutes, author=request.user, text=form.cleaned_data["text"], request=request)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Your comment was added to the minutes."))
    return _back(meeting, "#minutes")


@require_POST
@login_required
def feedback(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    if not request.user.has_perm("meetings.give_feedback", meeting):
        messages.error(request, _("Feedback is open to the participants of a workshop once it has started."))
        return _back(meeting, "#feedback")
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return _back(meeting, "#feedback")
    try:
        services.feedback_give(
            meeting=meeting, person=request.user, rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"], request=request,
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Thank you: your feedback was recorded."))
    return _back(meeting, "#feedback")


# The secretariat: check-in and reports --------------------------------------------------------


def _secretariat_meeting(request, pk, permission):
    """The meeting for a secretariat page: 404 for those who may not see it, 403 for members who
    see it but may not do this."""
    meeting = get_meeting_for_user(request.user, pk)
    if not request.user.has_perm(permission, meeting):
        if request.user.has_perm("members.view_directory"):
            raise PermissionDenied
        raise Http404
    return meeting


def _check_in_post(request, meeting):
    wants_json = "application/json" in request.headers.get("Accept", "")
    person_pk = request.POST.get("person", "")
    person = User.objects.filter(pk=int(person_pk), is_active=True).first() if person_pk.isdigit() else None
    error = None
    if person is None:
        error = _("Choose a person to check in.")
    else:
        try:
            if request.POST.get("action") == "undo":
                services.attendance_undo(meeting=meeting, person=person, acting_user=request.user, request=request)
            else:
                services.attendance_check_in(meeting=meeting, person=person, acting_user=request.user, request=request)
        except ValidationError as refused:
            error = " ".join(refused.messages)
    checked_in = person is not None and Attendance.objects.filter(meeting=meeting, person=person).exists()
    if wants_json:
        return JsonResponse({
            "ok": error is None, "checked_in": checked_in, "message": error or "",
            "attended": Attendance.objects.filter(meeting=meeting).count(),
        }, status=200 if error is None else 400)
    if error:
        messages.error(request, error)
    elif person is not None:
        text = _("%(name)s is checked in.") if checked_in else _("%(name)s is no longer checked in.")
        messages.success(request, text % {"name": person.name})
    anchor = f"#person-{person.pk}" if person is not None else ""
    return redirect(reverse("meetings:check_in", args=[meeting.pk]) + anchor)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def check_in(request, pk):
    meeting = _secretariat_meeting(request, pk, "meetings.check_in")
    if request.method == "POST":
        return _check_in_post(request, meeting)
    # A meeting for every member would list the whole network: it lists those who replied or came,
    # and the walk-in search finds the others.
    groups = reports.meeting_lines(meeting, include_all_invited=not meeting.invite_all_members)
    listed = {line.person.pk for group in groups for line in group.lines}
    search = WalkInSearchForm(request.GET)
    walk_ins = None
    if search.is_valid() and search.cleaned_data["walk_in"]:
        words = search.cleaned_data["walk_in"]
        walk_ins = list(
            User.objects.in_directory().filter(Q(name_ar__icontains=words) | Q(name_en__icontains=words) | Q(email__icontains=words))
            .exclude(pk__in=listed).select_related("entity").order_by(*name_ordering())[:WALK_IN_RESULTS]
        )
    lines = [line for group in groups for line in group.lines]
    return render(request, "meetings/check_in.html", {
        "meeting": meeting, "groups": groups, "search": search, "walk_ins": walk_ins,
        "counts": {
            "listed": len(lines),
            "attending": sum(1 for line in lines if line.rsvp and line.rsvp.response == Rsvp.Response.ATTENDING and not line.rsvp.is_wait_listed),
            "checked_in": sum(1 for line in lines if line.attendance),
        },
    })


@require_safe
@never_cache
@login_required
def report(request, pk):
    meeting = _secretariat_meeting(request, pk, "meetings.view_meeting_reports")
    groups = reports.meeting_lines(meeting)
    return render(request, "meetings/report.html", {
        "meeting": meeting, "groups": groups,
        "totals": {
            "invited": sum(group.invited for group in groups), "replied": sum(group.replied for group in groups),
            "attending": sum(group.attending for group in groups), "attended": sum(group.attended for group in groups),
        },
    })


def _export_name(*parts):
    return "-".join(str(part) for part in ("gcn", *parts))


@require_safe
@login_required
def report_export(request, pk, file_format):
    meeting = _secretariat_meeting(request, pk, "meetings.view_meeting_reports")
    if file_format not in exporting.FORMATS:
        raise Http404
    content, count = reports.meeting_export(meeting, reports.meeting_lines(meeting), file_format)
    audit.record(audit.Action.EXPORTED, actor=request.user, target=meeting, request=request,
                 export="meeting_attendance", format=file_format, rows=count)
    day = timezone.localtime(meeting.starts_at).date()
    return exporting.attachment(content, file_format=file_format, filename=f"{_export_name('meeting', meeting.pk, day)}.{file_format}")


def _report_year(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _report_entity(request):
    value = request.GET.get("entity", "")
    if not value.isdigit():
        return None
    return Entity.objects.filter(pk=int(value)).first()


@require_safe
@never_cache
@login_required
@permission_or_404("meetings.view_meeting_reports")
def entity_report(request):
    year, entity = _report_year(request), _report_entity(request)
    context = {"year": year, "entity": entity, "entities": Entity.objects.active().order_by(*name_ordering()),
               "years": range(timezone.localdate().year + 1, timezone.localdate().year - 10, -1)}
    if entity is None:
        context["summary"] = reports.year_summary(year)
    else:
        context["lines"] = reports.entity_year_lines(entity, year)
    return render(request, "meetings/entity_report.html", context)


@require_safe
@login_required
@permission_or_404("meetings.view_meeting_reports")
def entity_report_export(request, file_format):
    if file_format not in exporting.FORMATS:
        raise Http404
    year, entity = _report_year(request), _report_entity(request)
    if entity is None:
        columns, rows = reports.SUMMARY_COLUMNS, list(reports.summary_rows(reports.year_summary(year)))
        name = _export_name("meetings", year)
    else:
        columns, rows = reports.ENTITY_COLUMNS, list(reports.entity_rows(reports.entity_year_lines(entity, year)))
        name = _export_name("meetings", year, entity.short_name or entity.pk)
    content = exporting.spreadsheet_bytes(file_format, columns, rows, title=str(year))
    audit.record(audit.Action.EXPORTED, actor=request.user, target=entity, request=request,
                 export="entity_meetings", format=file_format, year=year, rows=len(rows))
    return exporting.attachment(content, file_format=file_format, filename=f"{name}.{file_format}")
