"""Members portal views: the directory, one's own profile, invitations."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from members import services
from members.forms import InvitationAcceptForm, InvitationForm
from members.models import Entity, Role
from portal.access import permission_or_404
from portal.i18n import localized_ordering


@require_GET
@login_required
@permission_or_404("members.view_directory")
def directory(request):
    entities = (
        Entity.objects.active()
        .annotate(member_count=Count("people", filter=Q(people__is_active=True)))
        .order_by(*localized_ordering("name"))
    )
    return render(request, "members/directory.html", {"entities": entities})


@require_GET
@login_required
def profile(request):
    return render(request, "members/profile.html", {"person": request.user})


@require_http_methods(["GET", "POST"])
@login_required
@permission_or_404("members.invite_members")
def invite(request):
    form = InvitationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.user.has_perm("members.choose_invitation_role"):
            role, entity = data["role"], data["entity"]
        else:
            role, entity = Role.TEAM, request.user.entity
        if not request.user.has_perm("members.invite_to_entity", entity) and role not in (Role.SECRETARIAT, Role.GUEST):
            raise PermissionDenied
        try:
            services.invitation_create(
                email=data["email"], role=role, entity=entity, invited_by=request.user,
                name_ar=data["name_ar"], name_en=data["name_en"], request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The invitation has been sent to %(email)s.") % {"email": data["email"]})
            return redirect("members:invite")
    return render(request, "members/invite.html", {"form": form, "invitation_days": settings.INVITATION_VALID_DAYS})


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None or not invitation.is_usable:
        return render(request, "members/invitation_invalid.html", status=404 if invitation is None else 410)
    if request.user.is_authenticated:
        messages.info(request, _("You are already signed in."))
        return redirect("home")
    form = InvitationAcceptForm(
        request.POST or None, invitation=invitation,
        initial={"name_ar": invitation.name_ar, "name_en": invitation.name_en},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"],
                name_ar=form.cleaned_data["name_ar"], name_en=form.cleaned_data["name_en"], request=request,
            )
        except ValidationError as error:
            return render(request, "members/invitation_invalid.html", {"error": error.messages[0]}, status=410)
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("Welcome to the Government Communication Network portal."))
        return redirect("home")
    return render(request, "members/invitation_accept.html", {"form": form, "invitation": invitation})
