"""The notification centre and the preferences page. Every view reads only the signed-in user's own
notifications (`for_user`): another user's id is a 404, whatever the role."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.notifications import services
from portal.notifications.forms import PreferencesForm
from portal.notifications.models import Notification

PAGE_SIZE = 20
UNREAD = "unread"


def _filter_of(data):
    return UNREAD if data.get("filter") == UNREAD else ""


def _centre_url(show):
    url = reverse("notifications:index")
    return f"{url}?filter={UNREAD}" if show == UNREAD else url


@require_safe
@never_cache
@login_required
def index(request):
    show = _filter_of(request.GET)
    notifications = Notification.objects.for_user(request.user)
    if show == UNREAD:
        notifications = notifications.unread()
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/index.html", {
        "page": page, "notifications": page.object_list, "show": show, "query_string": f"filter={show}",
    })


def _own(request, pk):
    return get_object_or_404(Notification.objects.for_user(request.user), pk=pk)


@require_POST
@login_required
def open_notification(request, pk):
    """Mark the notification read and go to what it is about (in the page's language). POST: a
    link prefetched or followed by a crawler must not mark anything read."""
    notification = services.notification_open(notification=_own(request, pk))
    return redirect(notification.target_path() or reverse("notifications:index"))


@require_POST
@login_required
def mark_read(request, pk):
    services.notification_open(notification=_own(request, pk))
    messages.success(request, _("The notification was marked as read."))
    return redirect(_centre_url(_filter_of(request.POST)))


@require_POST
@login_required
def mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, ngettext(
            "%(count)d notification was marked as read.", "%(count)d notifications were marked as read.", count,
        ) % {"count": count})
    else:
        messages.info(request, _("You have no unread notifications."))
    return redirect(_centre_url(_filter_of(request.POST)))


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def preferences(request):
    choices = services.choices_of(request.user)
    initial = {"language": services.language_of_user(request.user)}
    form = PreferencesForm(request.POST or None, initial=initial, choices=choices)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(
            user=request.user, choices=form.chosen(), language=form.cleaned_data["language"], request=request,
        )
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
