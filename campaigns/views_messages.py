"""Strategic messages' pages: the list (current ones first, then the expired; filtered by theme) and
a message's page with the campaigns that carry it. The secretariat writes them in admin
(campaigns/messages.py)."""
from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, Case, Value, When
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from campaigns.models import Campaign, StrategicMessage, Theme
from portal.access import get_visible_or_404, permission_or_404
from portal.i18n import name_ordering
from portal.paging import page_of

PAGE_SIZE = 30


class MessageFilterForm(forms.Form):
    theme = forms.TypedChoiceField(label=gettext_lazy("Theme"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, themes):
        super().__init__(data)
        self.fields["theme"].choices = [("", _("All themes")), *((theme.pk, theme.name) for theme in themes)]


@require_safe
@never_cache
@login_required
@permission_or_404("campaigns.view_campaigns")
def index(request):
    today = timezone.localdate()
    filters = MessageFilterForm(request.GET, themes=Theme.objects.order_by(*name_ordering()))
    messages = StrategicMessage.objects.visible_to(request.user).select_related("theme")
    if filters.is_valid() and filters.cleaned_data.get("theme"):
        messages = messages.filter(theme_id=filters.cleaned_data["theme"])
    # Current and past in one query: the expired ones sort after, each part newest first.
    messages = messages.annotate(
        is_expired=Case(When(valid_until__lt=today, then=Value(True)), default=Value(False), output_field=BooleanField()),
    ).order_by("is_expired", "-valid_from", "-pk")
    page = page_of(messages, request.GET.get("page", 1), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "campaigns/messages.html", {
        "current": [message for message in page["items"] if not message.is_expired],
        "past": [message for message in page["items"] if message.is_expired],
        "filters": filters, "today": today, "query_string": query.urlencode(), "pager": page,
    })


@require_safe
@never_cache
@login_required
@permission_or_404("campaigns.view_campaigns")
def detail(request, pk):
    user = request.user
    message = get_visible_or_404(StrategicMessage.objects.select_related("theme"), user, pk=pk)
    # The published campaigns carrying it, and the user's own entity's others (drafts, in review).
    campaigns = list(
        Campaign.objects.visible_to(user).filter(messages=message).select_related("owner")
        .only("pk", "title_ar", "title_en", "state", "status", "starts_on", "ends_on", "owner__name_ar", "owner__name_en")
        .order_by("-starts_on", "-pk")
    )
    today = timezone.localdate()
    return render(request, "campaigns/message_detail.html", {
        "message": message, "campaigns": campaigns,
        "is_current": message.valid_until is None or message.valid_until >= today,
    })
