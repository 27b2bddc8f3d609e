"""A case's gallery manager: its entity's people add pictures with captions (several at once), and
caption, reorder and remove the ones it has. The writes are campaigns.media's services; the
renditions are made in the background, so a new picture shows "being prepared" for a moment."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from campaigns import media
from campaigns.gallery_forms import NewPictureFormSet, PictureFormSet
from campaigns.views import case_to_edit
from portal.access import permission_or_404


def _picture_initial(pictures):
    return [
        {"picture": picture.pk, "position": index, "caption_ar": picture.caption_ar, "caption_en": picture.caption_en}
        for index, picture in enumerate(pictures, start=1)
    ]


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
@permission_or_404("campaigns.view_campaigns")
def gallery(request, pk):
    user = request.user
    campaign, in_review = case_to_edit(request, pk)
    if in_review:
        return in_review
    pictures = media.gallery_of(campaign)
    action = request.POST.get("action") if request.method == "POST" else None
    new_forms = NewPictureFormSet(request.POST if action == "add" else None, request.FILES if action == "add" else None, prefix="new")
    picture_forms = PictureFormSet(request.POST if action == "save" else None, prefix="pictures", initial=_picture_initial(pictures))
    error = None
    try:
        if action == "add" and new_forms.is_valid():
            added = media.gallery_add(campaign=campaign, pictures=new_forms.pictures(), acting_user=user, request=request)
            if added:
                messages.success(request, ngettext(
                    "%(count)d picture added: it is being prepared and will show in a moment.",
                    "%(count)d pictures added: they are being prepared and will show in a moment.", len(added),
                ) % {"count": len(added)})
            return redirect("campaigns:gallery", campaign.pk)
        if action == "save" and picture_forms.is_valid():
            order, captions, remove = picture_forms.changes()
            media.gallery_edit(campaign=campaign, order=order, captions=captions, remove=remove, acting_user=user, request=request)
            messages.success(request, _("The gallery is saved."))
            return redirect("campaigns:gallery", campaign.pk)
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
    return render(request, "campaigns/_gallery_manager.html", {
        "campaign": campaign, "pictures": pictures, "new_forms": new_forms, "picture_forms": picture_forms,
        "rows": list(zip(pictures, picture_forms.forms)) if action != "save" else _rows(pictures, picture_forms),
        "error": error, "limit": media.MAX_GALLERY_PICTURES,
    })


def _rows(pictures, picture_forms):
    """Posted forms beside their pictures (matched by pk, as posted)."""
    by_pk = {picture.pk: picture for picture in pictures}
    rows = []
    for form in picture_forms.forms:
        try:
            pk = int(form["picture"].value())
        except (TypeError, ValueError):
            continue
        if pk in by_pk:
            rows.append((by_pk[pk], form))
    return rows
