"""Al Multaqa's pages: the showcase of published cases, a case's page, the form its entity writes it
with, and the entity's own list of cases with their states. Writes go through campaigns.services;
the secretariat reviews in admin (campaigns/admin.py)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.db.models import OuterRef
from django.db.models.query import MAX_GET_RESULTS
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from campaigns import interaction, services, views_interaction
from campaigns import media
from campaigns.charts import kpi_chart, number
from campaigns.forms import CampaignFilterForm, CampaignForm, KpiFormSet
from campaigns.models import OWNER_ROLES, Campaign, GalleryImage, Kpi, Theme
from campaigns.related import similar_campaigns
from campaigns.templatetags.campaign_cards import CARD_FIELDS
from members.models import Entity, User
from portal import fragments
from portal.access import get_visible_or_404, permission_or_404
from portal.compiled import compiled_instances, compiled_query, fetch_rows, viewer_stand_in
from portal.documents import panels
from portal.documents.models import Document, manages_all_documents
from portal.embedded import JSONRows, instances
from portal.i18n import active_language, name_ordering
from portal.paging import page_of

PAGE_SIZE = 24


def _page(queryset, number):
    return page_of(queryset, number, PAGE_SIZE)


def cards(campaigns):
    """What a grid card reads (campaigns.templatetags.campaign_cards), as rows of plain values in one
    query (CardRows): each case's themes come as their pks in its row (Campaign.theme_keys)."""
    return campaigns.values_list(*CARD_FIELDS)


def _viewer(user):
    """What Campaign.objects.visible_to reads of the viewer: what the showcase works out from the cases
    they see is kept (or compiled) under it."""
    return (user.role, user.is_active, user.entity_id)


def _published(user):
    return Campaign.objects.visible_to(user).published()


def _filter_lists(user):
    """The years, entities and themes the filter bar lists, kept under the data version
    (portal.fragments.kept): three queries of every showcase page, about 1.5 ms of PostgreSQL's time
    (the entities are those of 5,000 cases), for lists that change only when the cases do. The
    themes, in the page's order, also name the cards' themes (campaign_cards)."""
    def lists():
        published = _published(user)
        entities = Entity.objects.filter(pk__in=published.values("owner")).order_by(*name_ordering()).values_list("pk", "name_ar", "name_en")
        themes = Theme.objects.order_by(*name_ordering()).values_list("pk", "name_ar", "name_en")
        return list(published.start_years()), list(entities), list(themes)

    return fragments.kept(f"showcase filter lists:{active_language()}:{_viewer(user)}", lists)


# The filters whose value goes into the cards' compiled SQL as a parameter. The others' few values
# are in its key: the ORM writes them into the SQL in another form (a year as its first and last
# days, a channel or a theme as a LIKE pattern) or they change its shape (the sort, best practice only).
VALUED_FILTERS = ("entity", "status")


class CardRows:
    """The cards' rows (named tuples of CARD_FIELDS, the theme pks as Campaign.theme_keys holds them) of SQL that lists the
    filtered cases, sliced as page_of slices a queryset."""

    def __init__(self, sql, params):
        self.sql, self.params = sql, params

    def __getitem__(self, page):
        return fetch_rows(f"{self.sql} LIMIT {int(page.stop - page.start)} OFFSET {int(page.start)}", self.params, CARD_FIELDS)


def _card_rows(user, filters):
    """The rows of the published cases `filters` give among those `user` sees, from SQL compiled
    once per process and shape (portal.compiled): building and compiling the query cost about 2 ms
    of each page. The querysets are built only to be compiled."""
    values = filters.given()
    try:
        if values.get("q"):
            # A search's SQL depends on its words and the viewer's audiences (campaigns.showcase): built each time.
            return CardRows(*cards(filters.narrowed(_published(user), values)).query.sql_with_params())
        given = {name: values[name] for name in VALUED_FILTERS if name in values}
        shape = sorted((name, value) for name, value in values.items() if name not in given)
        key = ("showcase cards", active_language(), *_viewer(user), *shape)
        return CardRows(*compiled_query(key, lambda **given: cards(filters.narrowed(_published(user), {**values, **given})), given))
    except EmptyResultSet:  # visible_to gives this viewer nothing: no SQL to run
        return []


@require_safe
@never_cache
@login_required
@permission_or_404("campaigns.view_campaigns")
def index(request):
    user = request.user
    years, entities, themes = _filter_lists(user)
    filters = CampaignFilterForm(request.GET, entities=entities, years=years, themes=themes, user=user)
    page = _page(_card_rows(user, filters), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "campaigns/index.html", {
        "filters": filters, "campaigns": page["items"], "themes": themes, "pager": page, "query_string": query.urlencode(),
        "can_create": user.has_perm("campaigns.create_campaign"),
    })


# What User.objects.visible_to asks of the viewer: the team's compiled query is kept per answer.
TEAM_VIEWER_PERMISSIONS = ("members.view_directory",)


def _team(campaign, user):
    """The owner entity's director and communication team, as the directory shows them. Compiled
    once per process, language and answer to what visible_to asks (portal.compiled)."""
    permissions = {permission: user.has_perm(permission) for permission in TEAM_VIEWER_PERMISSIONS}

    def build(entity):
        return _team_queryset(viewer_stand_in(user, pk=None, entity_id=None, permissions=permissions), entity)

    return compiled_instances(("case team", active_language(), *permissions.items()), build, {"entity": campaign.owner_id})


def _team_queryset(user, entity_id):
    return (
        User.objects.visible_to(user).filter(entity_id=entity_id, role__in=OWNER_ROLES)
        .only("pk", "name_ar", "name_en", "job_title_ar", "job_title_en", "role", "photo_small").order_by("role", *name_ordering())
    )


@require_safe
@never_cache
@login_required
@permission_or_404("campaigns.view_campaigns")
def detail(request, pk):
    user = request.user
    campaign = _detail_case(user, pk)
    services.campaign_record_view(campaign=campaign)
    themes = instances(Theme, campaign.theme_rows)
    kpis = instances(Kpi, campaign.kpi_rows)
    for kpi in kpis:
        kpi.target_shown, kpi.achieved_shown = number(kpi.target), number(kpi.achieved)
    return render(request, "campaigns/detail.html", {
        "campaign": campaign, "themes": themes, "partners": instances(Entity, campaign.partner_rows),
        "kpis": kpis, "chart": kpi_chart(kpis), "team": _team(campaign, user),
        "documents": _documents(user, campaign),
        "can_edit": user.has_perm("campaigns.edit_campaign_now", campaign),
        "can_submit": user.has_perm("campaigns.submit_campaign", campaign),
        "can_review": user.has_perm("campaigns.review_campaigns"),
        "sections": _story(campaign),
        **views_interaction.case_context(request, campaign),
        "gallery": instances(GalleryImage, campaign.gallery_rows),
        "related": similar_campaigns(campaign, user, theme_ids=[theme.pk for theme in themes]),
    })


def _detail_case(user, pk):
    """get_visible_or_404(<the case with its short lists and the viewer's marks>, user, pk=pk), from
    SQL compiled once per process, language and kind of viewer (portal.compiled): building and
    compiling its subqueries cost a third of the page. The key holds what the building asks of the
    viewer (Campaign.objects.visible_to: role, flags, whether an owner-role viewer has an entity)
    and the language the short lists are sorted in; the case's pk, the viewer's and their entity's
    are the values."""
    owner_role_with_entity = user.role in OWNER_ROLES and user.entity_id is not None
    key = ("case detail", active_language(), user.role, user.is_active, owner_role_with_entity)
    values = {"pk": pk, "viewer": user.pk}
    if owner_role_with_entity:
        values["entity"] = user.entity_id

    def build(pk, viewer, entity=None):
        stand_in = viewer_stand_in(user, pk=viewer, entity_id=entity, permissions={})
        queryset = Campaign.objects.select_related("owner").annotate(**interaction.viewer_annotations(stand_in), **_case_lists())
        # As QuerySet.get() asks: unordered, at most MAX_GET_RESULTS rows.
        return queryset.visible_to(stand_in).filter(pk=pk).order_by()[:MAX_GET_RESULTS]

    found = compiled_instances(key, build, values)
    if not found:
        raise Http404
    [campaign] = found
    return campaign


def _documents(user, campaign):
    """The case's documents the user may open, as its panel lists them (portal.documents.panels),
    from SQL compiled once per process and kind of viewer (portal.compiled), as the case's own:
    building it was a fifth of the view's time. The key holds what Document.objects.for_owners asks
    of the viewer: Campaign.objects.visible_to's questions and whether they manage every document
    (else their own withdrawn uploads are theirs to see, by their pk)."""
    manages_all = manages_all_documents(user)
    owner_role_with_entity = user.role in OWNER_ROLES and user.entity_id is not None
    key = ("case documents", user.role, user.is_active, owner_role_with_entity, manages_all)
    values = {"campaign": campaign.pk}
    if not manages_all:
        values["viewer"] = user.pk
    if owner_role_with_entity:
        values["entity"] = user.entity_id

    def build(campaign, viewer=None, entity=None):
        stand_in = viewer_stand_in(user, pk=viewer, entity_id=entity, permissions={"documents.change_document": manages_all})
        return Document.objects.for_owners([Campaign(pk=campaign)], visible_to=stand_in).values_list(*panels.LISTED_FIELDS)

    try:
        sql, params = compiled_query(key, build, values, repeated=True)  # the case's pk is in two places
    except EmptyResultSet:
        return []
    return panels.listed(fetch_rows(sql, params))


def _case_lists():
    """The case page's short lists as annotations of the case's own query (portal/embedded.py):
    each would otherwise be a query of its own, and the page is at the detail pages' limit."""
    return {
        "theme_rows": JSONRows(Theme.objects.filter(campaigns=OuterRef("pk")).order_by(*name_ordering()), ("pk", "name_ar", "name_en")),
        "partner_rows": JSONRows(
            Entity.objects.filter(partner_campaigns=OuterRef("pk")).order_by(*name_ordering()), ("pk", "name_ar", "name_en"),
        ),
        "kpi_rows": JSONRows(Kpi.objects.filter(campaign=OuterRef("pk")).order_by("position", "pk"), (
            "pk", "metric_ar", "metric_en", "target", "achieved", "unit_ar", "unit_en", "source_ar", "source_en",
        )),
        "gallery_rows": media.case_gallery(),
    }


def _story(campaign):
    """The case's parts in the planning model's order, those written only."""
    parts = (
        ("objectives", _("Objectives")), ("insight", _("Audience insight")), ("strategy", _("Strategy and idea")),
        ("implementation", _("Implementation")), ("results", _("Results and evaluation")),
        ("lessons", _("Lessons learned")), ("awards", _("Awards and recognition")),
    )
    return [(name, label, getattr(campaign, name)) for name, label in parts if getattr(campaign, name)]


def _kpi_initial(campaign):
    return [
        {name: getattr(kpi, name) for name in services.KPI_FIELDS}
        for kpi in campaign.kpis.order_by("position", "pk")
    ]


def _apply_refusal(form, error):
    """A service's refusal shown on the form: on its fields when it names them, else above it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
@permission_or_404("campaigns.view_campaigns")
def create(request):
    user = request.user
    if not user.has_perm("campaigns.create_campaign"):
        raise PermissionDenied
    owner = user.entity
    form = CampaignForm(request.POST or None, request.FILES or None, owner=owner)
    kpi_forms = KpiFormSet(request.POST or None, prefix="kpis")
    if request.method == "POST" and form.is_valid() and kpi_forms.is_valid():
        try:
            campaign = services.campaign_create(
                owner=owner, data=form.case_data(), acting_user=user, request=request,
                themes=form.cleaned_data["themes"], partners=form.cleaned_data["partners"],
                kpis=kpi_forms.rows(), cover=form.new_cover(),
            )
        except ValidationError as error:
            _apply_refusal(form, error)
        else:
            messages.success(request, _("The draft is saved. Submit it for review when it is ready."))
            return redirect("campaigns:detail", campaign.pk)
    return render(request, "campaigns/form.html", {"form": form, "kpi_forms": kpi_forms, "owner": owner})


def case_to_edit(request, pk):
    """(case, None) for the pages its entity edits it on (the form, the gallery): 404 when the user
    may not see it, 403 when they see it but may not edit it; (case, a redirect to its page with a
    warning) while the secretariat reviews it."""
    user = request.user
    campaign = get_visible_or_404(Campaign.objects.select_related("owner"), user, pk=pk)
    if not user.has_perm("campaigns.edit_campaign", campaign):
        raise PermissionDenied
    if not user.has_perm("campaigns.edit_campaign_now", campaign):
        messages.warning(request, _("This case is being reviewed by the secretariat: it can be edited again once it is returned or published."))
        return campaign, redirect("campaigns:detail", campaign.pk)
    return campaign, None


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
@permission_or_404("campaigns.view_campaigns")
def edit(request, pk):
    user = request.user
    campaign, in_review = case_to_edit(request, pk)
    if in_review:
        return in_review
    form = CampaignForm(request.POST or None, request.FILES or None, instance=campaign, owner=campaign.owner)
    kpi_forms = KpiFormSet(request.POST or None, prefix="kpis", initial=None if request.POST else _kpi_initial(campaign))
    if request.method == "POST" and form.is_valid() and kpi_forms.is_valid():
        was_published = campaign.is_published
        try:
            services.campaign_update(
                campaign=campaign, data=form.case_data(), acting_user=user, request=request,
                themes=list(form.cleaned_data["themes"]), partners=list(form.cleaned_data["partners"]),
                kpis=kpi_forms.rows(), cover=form.new_cover(),
                remove_cover=form.cleaned_data.get("remove_cover", False),
            )
        except ValidationError as error:
            _apply_refusal(form, error)
        else:
            if was_published and not campaign.is_published:
                messages.info(request, _("Your changes are saved and sent to the secretariat: the case is back in review."))
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect("campaigns:detail", campaign.pk)
    return render(request, "campaigns/form.html", {"form": form, "kpi_forms": kpi_forms, "owner": campaign.owner, "campaign": campaign})


@require_POST
@login_required
@permission_or_404("campaigns.view_campaigns")
def submit(request, pk):
    user = request.user
    campaign = get_visible_or_404(Campaign.objects.select_related("owner"), user, pk=pk)
    if not user.has_perm("campaigns.edit_campaign", campaign):
        raise PermissionDenied
    try:
        services.campaign_submit(campaign=campaign, acting_user=user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The case is submitted: the secretariat will publish it or return it with comments."))
    return redirect("campaigns:detail", campaign.pk)


@require_safe
@never_cache
@login_required
@permission_or_404("campaigns.view_own_campaigns")
def mine(request):
    """The user's entity's cases, whatever their state, the latest changed first."""
    campaigns = (
        Campaign.objects.visible_to(request.user).filter(owner_id=request.user.entity_id)
        .only("pk", "title_ar", "title_en", "state", "status", "starts_on", "updated_at", "review_comment", "view_count")
        .order_by("-updated_at", "-pk")
    )
    page = _page(campaigns, request.GET.get("page"))
    return render(request, "campaigns/mine.html", {"campaigns": page["items"], "pager": page, "query_string": ""})
