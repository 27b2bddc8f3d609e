"""Al Multaqa: the forum of government campaigns."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.access import permission_or_404


@require_safe
@login_required
@permission_or_404("campaigns.view_campaigns")
def index(request):
    return render(request, "campaigns/index.html")
