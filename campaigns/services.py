"""Writes of Al Multaqa. Each is a named function with keyword-only arguments, atomic and audited;
an illegal transition raises `ValidationError` with a translated message and nothing is stored; a
write by someone whose role does not allow it raises `PermissionDenied`.

The workflow of a case:

    draft ──submit──▶ in review ──publish──▶ published
      ▲                 │   ▲                  │
      └──(edit)── returned ◀─┘ return           └─update─▶ in review (when CAMPAIGNS_REVIEW_UPDATES)

The owner entity's director and team write and submit; the secretariat returns with comments,
publishes and sets the best-practice and featured flags. A published case updated by its entity
goes back to review when the setting `CAMPAIGNS_REVIEW_UPDATES` is on (the default): it leaves the
showcase until the secretariat publishes it again, since members must only read reviewed cases.
"""
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import media, notifications
from campaigns.models import Campaign, Kpi, Review
from portal import audit, files, fragments

State = Campaign.State

# What the owner entity's people write (never the owner, the workflow state or the flags).
CASE_FIELDS = (
    "title_ar", "title_en", "summary_ar", "summary_en", "status", "starts_on", "ends_on", "audiences", "channels",
    "objectives_ar", "objectives_en", "insight_ar", "insight_en", "strategy_ar", "strategy_en",
    "implementation_ar", "implementation_en", "results_ar", "results_en", "lessons_ar", "lessons_en",
    "awards_ar", "awards_en", "video_links",
)
KPI_FIELDS = ("metric_ar", "metric_en", "target", "achieved", "unit_ar", "unit_en", "source_ar", "source_en")
# One uploaded cover is kept in cover_source until a background task has made both renditions
# from it (campaigns/tasks.py; their sizes are on the model fields).
COVER_FIELDS = ("cover", "cover_card", "cover_source")


def reviews_updates():
    return settings.CAMPAIGNS_REVIEW_UPDATES


def _may_write(user, owner_id):
    from campaigns.rules import is_owner_people

    if user.role == "secretariat" and user.is_active:
        return True
    return is_owner_people(user) and user.entity_id == owner_id


def _case_data(data):
    unknown = set(data) - set(CASE_FIELDS)
    if unknown:
        # A programming error, not user input: forms only pass CASE_FIELDS.
        raise ValueError(f"Not a case field: {sorted(unknown)}")
    return data


def _split_messages(data):
    """The strategic messages a case carries come with its data (the form's case_data): a
    many-to-many set once the row exists. None (admin's corrections) leaves them as they are."""
    data = dict(data)
    return data, data.pop("messages", None)


def _set_kpis(campaign, kpis):
    campaign.kpis.all().delete()
    Kpi.objects.bulk_create(
        Kpi(campaign=campaign, position=position, **{name: row.get(name) for name in KPI_FIELDS if name in row})
        for position, row in enumerate(kpis)
    )


def _cover_changes(cover, remove_cover):
    """The file changes for replacing_files: a new cover is checked now (cheaply) and kept as it came,
    the current renditions staying until the task replaces them; removing takes everything away."""
    if cover:
        media.check_picture(cover)
        return {"cover_source": cover}
    if remove_cover:
        return {field: None for field in COVER_FIELDS}
    return {}


def _enqueue_cover_renditions(campaign):
    """In the caller's transaction: the job exists exactly when the new cover does."""
    from campaigns import tasks

    tasks.make_cover_renditions.enqueue(campaign.pk, campaign.cover_source.name)


def campaign_create(*, owner, data, acting_user, themes=(), partners=(), kpis=(), cover=None, request=None):
    """A new draft case of `owner`, written by one of its people (or the secretariat)."""
    if not _may_write(acting_user, owner.pk):
        raise PermissionDenied
    data, carried = _split_messages(data)
    campaign = Campaign(owner=owner, created_by=acting_user, state=State.DRAFT, **_case_data(dict(data)))
    campaign.full_clean(exclude=[*COVER_FIELDS])
    with files.replacing_files(campaign, _cover_changes(cover, False)), transaction.atomic():
        campaign.save()
        campaign.themes.set(themes)
        campaign.partners.set([partner for partner in partners if partner.pk != owner.pk])
        if carried:
            campaign.messages.set(carried)
        _set_kpis(campaign, kpis)
        audit.record(audit.Action.CREATED, actor=acting_user, target=campaign, request=request,
                     fields=sorted(data), kpis=len(kpis), cover=bool(cover))
        if cover:
            _enqueue_cover_renditions(campaign)
    return campaign


def campaign_update(*, campaign, data, acting_user, themes=None, partners=None, kpis=None, cover=None,
                    remove_cover=False, request=None):
    """Change the case. `themes`, `partners` and `kpis` (a list of dicts of KPI_FIELDS, replacing
    the rows) are left alone when None. A case in review waits for the secretariat's answer; a
    published case that changes goes back to review when the setting says so."""
    if not _may_write(acting_user, campaign.owner_id):
        raise PermissionDenied
    data, carried = _split_messages(data)
    data = _case_data(data)
    with files.replacing_files(campaign, _cover_changes(cover, remove_cover)) as changed_files, transaction.atomic():
        state = Campaign.objects.select_for_update().values_list("state", flat=True).get(pk=campaign.pk)
        if state == State.IN_REVIEW and acting_user.role != "secretariat":
            raise ValidationError(_("This case is being reviewed by the secretariat: it can be edited again once it is returned or published."),
                                  code="in_review")
        changed = sorted(name for name, value in data.items() if getattr(campaign, name) != value)
        for name in changed:
            setattr(campaign, name, data[name])
        campaign.full_clean(exclude=[*COVER_FIELDS])
        related = []
        if themes is not None and {theme.pk for theme in themes} != set(campaign.themes.values_list("pk", flat=True)):
            campaign.themes.set(themes)
            related.append("themes")
        if partners is not None:
            partners = [partner for partner in partners if partner.pk != campaign.owner_id]
            if {partner.pk for partner in partners} != set(campaign.partners.values_list("pk", flat=True)):
                campaign.partners.set(partners)
                related.append("partners")
        if carried is not None and {message.pk for message in carried} != set(campaign.messages.values_list("pk", flat=True)):
            campaign.messages.set(carried)
            related.append("messages")
        if kpis is not None and _kpi_rows(campaign) != [_normalised(row) for row in kpis]:
            _set_kpis(campaign, kpis)
            related.append("kpis")
        everything = [*changed, *changed_files, *related]
        update_fields = [*changed, *changed_files, "updated_at"]
        back_to_review = (
            everything and state == State.PUBLISHED and reviews_updates() and acting_user.role != "secretariat"
        )
        if back_to_review:
            campaign.state, campaign.submitted_at = State.IN_REVIEW, timezone.now()
            update_fields += ["state", "submitted_at"]
        campaign.save(update_fields=update_fields)
        audit.record(audit.Action.UPDATED, actor=acting_user, target=campaign, request=request, fields=everything,
                     **({"state": {"old": state, "new": campaign.state}} if back_to_review else {}))
        if cover:
            _enqueue_cover_renditions(campaign)
        if back_to_review:
            Review.objects.create(campaign=campaign, action=Review.Action.RESUBMITTED, actor=acting_user)
            _reindex_documents(campaign)
            notifications.submitted(campaign=campaign, acting_user=acting_user)
    return campaign


def _normalised(row):
    return tuple(row.get(name) if row.get(name) is not None else "" for name in KPI_FIELDS)


def _kpi_rows(campaign):
    return [_normalised({name: getattr(kpi, name) for name in KPI_FIELDS}) for kpi in campaign.kpis.all()]


def _reindex_documents(campaign):
    """A case's documents are found by the case's audiences (campaigns.documents.audiences), which
    change with its state: their search entries follow, in the same transaction."""
    from django.contrib.contenttypes.models import ContentType

    from portal import search
    from portal.documents.models import Document

    pks = Document.objects.filter(owner_type=ContentType.objects.get_for_model(Campaign), owner_id=campaign.pk).values_list("pk", flat=True)
    search.reindex("documents", pks)


def _transition(campaign, *, allowed_from, to, acting_user, request, review_action, comment="", error, extra=()):
    """Move `campaign` from one of `allowed_from` to `to` under a row lock; audited, with a review step."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.state not in allowed_from:
            raise ValidationError(error, code="state")
        old = locked.state
        campaign.state = to
        update_fields = ["state", "updated_at", *extra]
        campaign.save(update_fields=update_fields)
        Review.objects.create(campaign=campaign, action=review_action, comment=comment, actor=acting_user)
        if Campaign.State.PUBLISHED in (old, to):
            _reindex_documents(campaign)
        audit.record(audit.Action.UPDATED, actor=acting_user, target=campaign, request=request,
                     fields=["state"], state={"old": old, "new": to}, **({"comment": comment} if comment else {}))
    return campaign


def _missing_for_review(campaign):
    """Why the case cannot be reviewed yet, or None. Whole sentences, not pieces: each is translated as one."""
    no_summary = not (campaign.summary_ar or campaign.summary_en)
    no_objectives = not (campaign.objectives_ar or campaign.objectives_en)
    if no_summary and no_objectives:
        return _("Add a summary and the objectives before submitting the case.")
    if no_summary:
        return _("Add a summary before submitting the case.")
    if no_objectives:
        return _("Add the objectives before submitting the case.")
    return None


def campaign_submit(*, campaign, acting_user, request=None):
    """The owner entity sends its draft (or returned) case to the secretariat."""
    if not _may_write(acting_user, campaign.owner_id) or acting_user.role == "secretariat":
        raise PermissionDenied
    missing = _missing_for_review(campaign)
    if missing:
        raise ValidationError(missing, code="incomplete")
    campaign.submitted_at = timezone.now()
    _transition(
        campaign, allowed_from=(State.DRAFT, State.RETURNED), to=State.IN_REVIEW, acting_user=acting_user, request=request,
        review_action=Review.Action.SUBMITTED, extra=["submitted_at"],
        error=_("Only a draft or a returned case can be submitted for review."),
    )
    notifications.submitted(campaign=campaign, acting_user=acting_user)
    return campaign


def _require_secretariat(user):
    if not (user.is_active and user.role == "secretariat"):
        raise PermissionDenied


def campaign_return(*, campaign, comment, acting_user, request=None):
    """The secretariat sends a case in review back to its entity, saying what to change."""
    _require_secretariat(acting_user)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say what the entity should change: a returned case needs a comment."), code="comment")
    campaign.review_comment = comment
    _transition(
        campaign, allowed_from=(State.IN_REVIEW,), to=State.RETURNED, acting_user=acting_user, request=request,
        review_action=Review.Action.RETURNED, comment=comment, extra=["review_comment"],
        error=_("Only a case in review can be returned."),
    )
    notifications.returned(campaign=campaign, comment=comment, acting_user=acting_user)
    return campaign


def campaign_publish(*, campaign, acting_user, comment="", request=None):
    """The secretariat publishes a case in review: every network member sees it from now on."""
    _require_secretariat(acting_user)
    campaign.review_comment = ""
    extra = ["review_comment"]
    if campaign.published_at is None:
        campaign.published_at = timezone.now()
        extra.append("published_at")
    _transition(
        campaign, allowed_from=(State.IN_REVIEW,), to=State.PUBLISHED, acting_user=acting_user, request=request,
        review_action=Review.Action.PUBLISHED, comment=(comment or "").strip(), extra=extra,
        error=_("Only a case in review can be published."),
    )
    notifications.published(campaign=campaign, acting_user=acting_user)
    return campaign


def campaign_set_flags(*, campaign, acting_user, best_practice=None, featured=None, request=None):
    """The secretariat marks a case as best practice and/or features it (None: left as it is)."""
    _require_secretariat(acting_user)
    wanted = {name: value for name, value in (("best_practice", best_practice), ("featured", featured)) if value is not None}
    changed = {name: value for name, value in wanted.items() if getattr(campaign, name) != value}
    if not changed:
        return campaign
    with transaction.atomic():
        old = {name: getattr(campaign, name) for name in changed}
        for name, value in changed.items():
            setattr(campaign, name, value)
        campaign.save(update_fields=[*changed, "updated_at"])
        audit.record(audit.Action.UPDATED, actor=acting_user, target=campaign, request=request, fields=sorted(changed),
                     **{name: {"old": old[name], "new": value} for name, value in changed.items()})
    return campaign


def campaign_record_view(*, campaign):
    """Count one view of a published case. Not audited: a read is not a change of the case, and one
    audit row per page view would drown the log. A single UPDATE, so concurrent views all count."""
    if campaign.state == State.PUBLISHED:
        # No home panel or entity section shows the count: it need not discard what they keep.
        with fragments.write_that_no_panel_shows():
            Campaign.objects.filter(pk=campaign.pk).update(view_count=F("view_count") + 1)
