"""The interaction on a case's page (campaigns/interaction.py): questions and comments with their
answers, hiding them (secretariat), "useful" marks, saving to one's collection, and the collection
page. Every button is a plain POST form that answers with a redirect back to the case, so all of it
works without JavaScript. A refusal of the request is a message on the case's page; a refusal by
role a 403, and a case or comment the user may not see a 404."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from campaigns import interaction
from campaigns.models import Campaign, Comment, SavedCase
from portal.access import get_visible_or_404, permission_or_404

# A comment that could not be stored waits here for the case's page to put it back in its box:
# what the member wrote is never lost to a refusal.
DRAFT_KEY = "campaigns:comment-draft"
COLLECTION_SIZE = 48


class CommentForm(forms.Form):
    """Only the text: the case, the author, the thread and the hidden state come from the URL and the
    signed-in user, so posting `author`, `campaign` or `hidden` changes nothing."""

    body = forms.CharField(
        label=gettext_lazy("Your question or comment"), max_length=interaction.MAX_COMMENT, strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto", "maxlength": interaction.MAX_COMMENT}),
        help_text=gettext_lazy("Plain text; web addresses become links."),
    )


def _case(request, pk):
    return get_visible_or_404(Campaign.objects.select_related("owner"), request.user, pk=pk)


def _back(campaign, anchor="comments"):
    return redirect(f"{reverse('campaigns:detail', args=[campaign.pk])}#{anchor}")


def _refused(request, error, *, campaign, parent=None, body=""):
    messages.error(request, " ".join(error.messages))
    if body:
        request.session[DRAFT_KEY] = {"campaign": campaign.pk, "parent": parent.pk if parent else None, "body": body[:20000]}


def case_context(request, campaign):
    """What the case's page needs for its interaction part (templates/campaigns/_interaction.html):
    one query for the comments; the viewer's mark and saved state come annotated on the case."""
    user = request.user
    draft = request.session.pop(DRAFT_KEY, None) if DRAFT_KEY in request.session else None
    if draft and draft.get("campaign") != campaign.pk:
        draft = None
    comment_threads = interaction.threads(campaign, user) if campaign.is_published else []
    return {
        "threads": comment_threads,
        "comment_count": sum(1 + len(answers) for _question, answers in comment_threads),
        "comment_form": CommentForm(initial={"body": draft["body"]} if draft and not draft.get("parent") else None),
        "answer_draft": draft if draft and draft.get("parent") else None,
        "can_comment": user.has_perm("campaigns.comment_campaign", campaign),
        "can_answer": user.has_perm("campaigns.answer_comments", campaign),
        "can_hide": user.has_perm("campaigns.hide_comments"),
        "can_mark_useful": user.has_perm("campaigns.mark_useful", campaign),
        "can_save": user.has_perm("campaigns.save_campaign", campaign),
        "marked_useful": getattr(campaign, "viewer_marked_useful", False),
        "saved": getattr(campaign, "viewer_saved", False),
    }


@require_POST
@login_required
@permission_or_404("campaigns.view_campaigns")
def comment_add(request, pk):
    campaign = _case(request, pk)
    body = request.POST.get("body", "")
    try:
        comment = interaction.comment_add(campaign=campaign, author=request.user, body=body, request=request)
    except ValidationError as error:
        _refused(request, error, campaign=campaign, body=body)
        return _back(campaign)
    messages.success(request, _("Your comment is published. The campaign's entity will be told."))
    return _back(campaign, f"comment-{comment.pk}")


def _comment(request, campaign, comment_pk):
    try:
        return Comment.objects.visible_to(request.user).select_related("campaign").get(pk=comment_pk, campaign=campaign)
    except Comment.DoesNotExist:
        raise Http404 from None


@require_POST
@login_required
@permission_or_404("campaigns.view_campaigns")
def comment_answer(request, pk, comment_pk):
    campaign = _case(request, pk)
    question = _comment(request, campaign, comment_pk)
    body = request.POST.get("body", "")
    try:
        answer = interaction.comment_answer(comment=question, author=request.user, body=body, request=request)
    except ValidationError as error:
        _refused(request, error, campaign=campaign, parent=question, body=body)
        return _back(campaign, f"comment-{question.pk}")
    messages.success(request, _("Your answer is published. The author of the question will be told."))
    return _back(campaign, f"comment-{answer.pk}")


@require_POST
@login_required
@permission_or_404("campaigns.view_campaigns")
def comment_hide(request, pk, comment_pk):
    """Hide (`hidden=1`) or show again (`hidden=0`) a comment: the secretariat only (403 for the
    members who see it)."""
    campaign = _case(request, pk)
    comment = _comment(request, campaign, comment_pk)
    if request.POST.get("hidden") == "0":
        interaction.comment_unhide(comment=comment, acting_user=request.user, request=request)
        messages.success(request, _("The comment is shown to members again."))
    else:
        interaction.comment_hide(comment=comment, acting_user=request.user, request=request)
        messages.success(request, _("The comment is hidden from members."))
    return _back(campaign, f"comment-{comment.pk}")


@require_POST
@login_required
@permission_or_404("campaigns.view_campaigns")
def useful(request, pk):
    """Mark (`useful=1`) or unmark (`useful=0`) the case: the state wanted is posted, so a repeated
    click or a resent form leaves the same state."""
    campaign = _case(request, pk)
    try:
        if request.POST.get("useful") == "0":
            interaction.useful_unmark(campaign=campaign, user=request.user, request=request)
        else:
            interaction.useful_mark(campaign=campaign, user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(campaign, "interaction")


@require_POST
@login_required
@permission_or_404("campaigns.view_campaigns")
def save(request, pk):
    """Save (`saved=1`) or remove (`saved=0`) the case in one's collection; `back=collection` returns
    to the collection page instead of the case."""
    from_collection = request.POST.get("back") == "collection"
    if from_collection and request.POST.get("saved") == "0":
        # From the collection a member may remove a case they can no longer open (unpublished since).
        campaign = Campaign.objects.filter(pk=pk, saved_by__user=request.user).first()
        if campaign is None:
            raise Http404
    else:
        campaign = _case(request, pk)
    try:
        if request.POST.get("saved") == "0":
            interaction.case_unsave(campaign=campaign, user=request.user, request=request)
            messages.success(request, _("The case is removed from your collection."))
        else:
            interaction.case_save(campaign=campaign, user=request.user, request=request)
            messages.success(request, _("The case is saved to your collection."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if from_collection:
        return redirect("campaigns:collection")
    return _back(campaign, "interaction")


@require_safe
@never_cache
@login_required
@permission_or_404("campaigns.view_campaigns")
def collection(request):
    """The member's saved cases they may still open (a case unpublished since is left out), the
    latest saved first: one query with its case and entity."""
    saved = list(
        SavedCase.objects.filter(user=request.user, campaign__in=Campaign.objects.visible_to(request.user).published())
        .select_related("campaign__owner")
        .only("pk", "created_at", "campaign__id", "campaign__title_ar", "campaign__title_en", "campaign__starts_on",
              "campaign__cover_card", "campaign__useful_count", "campaign__best_practice", "campaign__owner__name_ar",
              "campaign__owner__name_en")
        .order_by("-created_at", "-pk")[:COLLECTION_SIZE]
    )
    return render(request, "campaigns/collection.html", {"saved": saved, "limit": COLLECTION_SIZE})
