"""Members' interaction with published campaign cases: questions and comments with one level of
answers, "useful" marks and each member's own collection of saved cases.

The writes are named services like those of campaigns/services.py: keyword-only, atomic, audited,
`save(update_fields=...)`; a refusal by role is `PermissionDenied`, a refusal of the request itself
(a draft, an answer to an answer, an empty comment) a `ValidationError` with a translated message,
and nothing is stored either way. Who may do what is in campaigns/rules.py.

- Any network member comments on a published case; the owner entity's director and team and the
  secretariat answer a comment (never an answer: threads have one level). The entity is told of a
  question, the question's author of an answer (campaigns/notifications.py).
- The secretariat hides a comment and shows it again; a hidden comment is kept (what was said stays
  on record) but only the secretariat sees it (`Comment.objects.visible_to`).
- "Useful": one mark per member and case (a unique constraint), and `Campaign.useful_count` moved by
  an F() update in the same transaction as the row it counts, so concurrent clicks never make the
  count drift from the rows. The case's own entity does not mark it: the count tells what peers found
  useful.
- The collection: cases a member saved; the page lists those they may still see.

Also here: comment text shown as HTML (escaped, http(s) links made clickable, line breaks kept).
"""
import re
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from campaigns import notifications
from campaigns.models import OWNER_ROLES, Campaign, Comment, SavedCase, UsefulMark
from portal import audit
from portal.compiled import compiled_instances, viewer_stand_in

MAX_COMMENT = Comment._meta.get_field("body").max_length
# A web address in a comment: up to the next space or a character that cannot be part of one here.
LINK = re.compile(r"https?://[^\s<>\"'\u00a0]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than the address ("see https://x.ae/a." or "(https://x.ae)").
TRAILING = ".,;:!?)]}'\"،؛؟»"


# Showing a comment -------------------------------------------------------------------------------
def _link(address):
    trailing = ""
    while address and address[-1] in TRAILING:
        # A closing bracket belongs to the address when it opened one (Wikipedia's "(disambiguation)").
        if address[-1] == ")" and address.count("(") >= address.count(")"):
            break
        address, trailing = address[:-1], address[-1] + trailing
    parts = urlsplit(address)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return escape(address + trailing)
    return f'<a href="{escape(address)}" rel="nofollow noopener" dir="ltr">{escape(address)}</a>{escape(trailing)}'


def comment_html(text):
    """`text` as safe HTML: every character escaped, http and https addresses made links (no other
    scheme: `javascript:` stays text), line breaks kept as <br>."""
    lines = []
    for line in text.splitlines():
        pieces, start = [], 0
        for match in LINK.finditer(line):
            pieces.append(escape(line[start:match.start()]))
            pieces.append(_link(match.group()))
            start = match.end()
        pieces.append(escape(line[start:]))
        lines.append("".join(pieces))
    return mark_safe("<br>".join(lines))  # noqa: S308 - every piece above is escaped


# Comments ----------------------------------------------------------------------------------------
def _clean_body(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write your question or comment first."), code="empty")
    if len(body) > MAX_COMMENT:
        raise ValidationError(
            _("A comment can be at most %(limit)d characters long (this one has %(count)d).") % {"limit": MAX_COMMENT, "count": len(body)},
            code="too_long",
        )
    return body


def _locked_published_case(campaign):
    """The case's state read under a row lock, so a comment never lands on a case being unpublished."""
    state = Campaign.objects.select_for_update().values_list("state", flat=True).get(pk=campaign.pk)
    if state != Campaign.State.PUBLISHED:
        raise ValidationError(_("Only published cases accept questions and comments."), code="not_published")


def _write_comment(*, campaign, author, body, parent=None, request=None):
    comment = Comment(campaign=campaign, parent=parent, author=author, author_entity_id=author.entity_id, body=body)
    comment.full_clean()
    comment.save()
    audit.record(audit.Action.CREATED, actor=author, target=comment, request=request, campaign=campaign.pk,
                 **({"answer_to": parent.pk} if parent else {}))
    return comment


def comment_add(*, campaign, author, body, request=None):
    """A network member's question or comment on a published case; its entity is told."""
    if not author.has_perm("campaigns.view_campaign", campaign) or not author.has_perm("campaigns.view_campaigns"):
        raise PermissionDenied
    if not campaign.is_published:
        raise ValidationError(_("Only published cases accept questions and comments."), code="not_published")
    if not author.has_perm("campaigns.comment_campaign", campaign):
        raise PermissionDenied
    body = _clean_body(body)
    with transaction.atomic():
        _locked_published_case(campaign)
        comment = _write_comment(campaign=campaign, author=author, body=body, request=request)
        notifications.question(comment=comment, acting_user=author)
    return comment


def comment_answer(*, comment, author, body, request=None):
    """The owner entity's director or team, or the secretariat, answers a comment (one level only);
    the comment's author is told."""
    campaign = comment.campaign
    if not author.has_perm("campaigns.view_comment", comment):
        raise PermissionDenied
    if comment.parent_id is not None:
        raise ValidationError(_("An answer cannot be answered: answer the question it belongs to."), code="nested")
    if not campaign.is_published:
        raise ValidationError(_("Only published cases accept questions and comments."), code="not_published")
    if not author.has_perm("campaigns.answer_comments", campaign):
        raise PermissionDenied
    if comment.hidden:
        raise ValidationError(_("This comment is hidden: show it again before answering it."), code="hidden")
    body = _clean_body(body)
    with transaction.atomic():
        _locked_published_case(campaign)
        answer = _write_comment(campaign=campaign, author=author, body=body, parent=comment, request=request)
        notifications.answered(answer=answer, acting_user=author)
    return answer


def _set_hidden(comment, hidden, acting_user, request):
    if not acting_user.has_perm("campaigns.hide_comments"):
        raise PermissionDenied
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.hidden == hidden:
            comment.hidden, comment.hidden_by_id, comment.hidden_at = locked.hidden, locked.hidden_by_id, locked.hidden_at
            return comment
        comment.hidden = hidden
        # Who hid it and when stay after it is shown again: the record of the last decision.
        if hidden:
            comment.hidden_by, comment.hidden_at = acting_user, timezone.now()
        comment.save(update_fields=["hidden", "hidden_by", "hidden_at"] if hidden else ["hidden"])
        audit.record(audit.Action.UPDATED, actor=acting_user, target=comment, request=request, fields=["hidden"],
                     hidden={"old": not hidden, "new": hidden}, campaign=comment.campaign_id)
    return comment


def comment_hide(*, comment, acting_user, request=None):
    """The secretariat hides a comment from members (and its answers with it); it is kept, not deleted."""
    return _set_hidden(comment, True, acting_user, request)


def comment_unhide(*, comment, acting_user, request=None):
    """The secretariat shows a hidden comment again."""
    return _set_hidden(comment, False, acting_user, request)


# Useful marks ------------------------------------------------------------------------------------
def _require(user, permission, campaign):
    if not user.has_perm("campaigns.view_campaign", campaign):
        raise PermissionDenied
    if not campaign.is_published:
        raise ValidationError(_("Only published cases can be marked useful or saved."), code="not_published")
    if not user.has_perm(permission, campaign):
        raise PermissionDenied


def useful_mark(*, campaign, user, request=None):
    """Mark a published case useful. Marking it again changes nothing. Returns whether a mark was added."""
    _require(user, "campaigns.mark_useful", campaign)
    with transaction.atomic():
        try:
            # The unique constraint decides between two concurrent clicks: the second waits for the
            # first's commit and fails here, so it never counts twice.
            with transaction.atomic():
                UsefulMark.objects.create(campaign=campaign, user=user)
        except IntegrityError:
            return False
        Campaign.objects.filter(pk=campaign.pk).update(useful_count=F("useful_count") + 1)
        audit.record(audit.Action.CREATED, actor=user, target=campaign, request=request, useful=True)
    return True


def useful_unmark(*, campaign, user, request=None):
    """Take one's mark back. Without a mark, nothing changes. Returns whether a mark was removed."""
    if not user.has_perm("campaigns.view_campaign", campaign):
        raise PermissionDenied
    with transaction.atomic():
        # The DELETE reports the rows it removed: of two concurrent ones, the second removes none.
        removed, _by_model = UsefulMark.objects.filter(campaign=campaign, user=user).delete()
        if not removed:
            return False
        Campaign.objects.filter(pk=campaign.pk).update(useful_count=F("useful_count") - 1)
        audit.record(audit.Action.DELETED, actor=user, target=campaign, request=request, useful=False)
    return True


# The collection ----------------------------------------------------------------------------------
def case_save(*, campaign, user, request=None):
    """Save a published case to the member's collection (again: nothing changes)."""
    _require(user, "campaigns.save_campaign", campaign)
    with transaction.atomic():
        try:
            with transaction.atomic():
                SavedCase.objects.create(campaign=campaign, user=user)
        except IntegrityError:
            return False
        audit.record(audit.Action.CREATED, actor=user, target=campaign, request=request, saved=True)
    return True


def case_unsave(*, campaign, user, request=None):
    """Remove a case from the member's collection (also one they can no longer see)."""
    with transaction.atomic():
        removed, _by_model = SavedCase.objects.filter(campaign=campaign, user=user).delete()
        if removed:
            audit.record(audit.Action.DELETED, actor=user, target=campaign, request=request, saved=False)
    return bool(removed)


# Reads for the pages -----------------------------------------------------------------------------
def viewer_annotations(user):
    """Whether `user` marked the case useful and saved it, as annotations of the case's own query
    (no query of their own on the case page)."""
    return {
        "viewer_marked_useful": models.Exists(UsefulMark.objects.filter(campaign=models.OuterRef("pk"), user_id=user.pk)),
        "viewer_saved": models.Exists(SavedCase.objects.filter(campaign=models.OuterRef("pk"), user_id=user.pk)),
    }


def threads(campaign, user):
    """The comments on `campaign` that `user` may see, as [(question, [answers])], oldest first, in
    one query. An answer to a question hidden from the user is hidden with it."""
    # Compiled once per process and kind of viewer (portal.compiled): building it cost more than
    # running it. The key holds what Comment.objects.visible_to asks of the viewer.
    owner_role_with_entity = user.role in OWNER_ROLES and user.entity_id is not None
    values = {"campaign": campaign.pk}
    if owner_role_with_entity:
        values["entity"] = user.entity_id

    def build(campaign, entity=None):
        viewer = viewer_stand_in(user, pk=None, entity_id=entity, permissions={})
        return (
            Comment.objects.visible_to(viewer).filter(campaign=campaign)
            .select_related("author", "author_entity")
            .only("pk", "campaign_id", "parent_id", "body", "hidden", "hidden_at", "created_at", "author_entity_id",
                  "author__name_ar", "author__name_en", "author__role", "author_entity__name_ar", "author_entity__name_en")
            .order_by("created_at", "pk")
        )

    comments = compiled_instances(("case comments", user.role, user.is_active, owner_role_with_entity), build, values)
    questions = {comment.pk: (comment, []) for comment in comments if comment.parent_id is None}
    for comment in comments:
        comment.html = comment_html(comment.body)
        comment.from_owner = comment.author_entity_id is not None and comment.author_entity_id == campaign.owner_id
        comment.from_secretariat = comment.author is not None and comment.author.role == "secretariat"
        if comment.parent_id in questions:
            questions[comment.parent_id][1].append(comment)
    return list(questions.values())
