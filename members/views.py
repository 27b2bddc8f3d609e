"""Members portal views: the directory, entity and person pages, contact cards, profiles, invitations."""
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings.models import Meeting
from members import services
from members.filters import PersonFilter, name_ordering
from members.forms import EntityForm, InvitationAcceptForm, InvitationForm, ProfileForm, SocialAccountFormSet
from members.models import PROFILE_CONFIRMATION_DAYS, Entity, NetworkSeat, Role, User
from members.vcards import person_vcard, person_vcard_for_qr, vcard_filename
from portal import audit, fragments
from portal.access import permission_or_404
from portal.i18n import active_language

PAGE_SIZE = 24
BULK_VCARD_LIMIT = 500


def get_person_for_user(user, pk):
    """A directory person the user may see, or 404."""
    if not user.has_perm("members.view_directory"):
        raise Http404
    return get_object_or_404(User.objects.in_directory().with_seat().select_related("entity", "acting_for"), pk=pk)


def get_entity_for_user(user, pk):
    if not user.has_perm("members.view_directory"):
        raise Http404
    return get_object_or_404(Entity.objects.active(), pk=pk)


@require_GET
@never_cache
@login_required
@permission_or_404("members.view_directory")
def directory(request):
    layout = "table" if request.GET.get("view") == "table" else "cards"

    def render_content():
        person_filter = PersonFilter(request.GET, queryset=User.objects.in_directory().for_listing())
        page = Paginator(person_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render_to_string("members/includes/directory_content.html", {
            "filter": person_filter, "page": page, "layout": layout, "query_string": query.urlencode(),
        }, request=request)

    # Everyone of a role sees the same directory for the same query: rendered once, then cached
    # until a person, entity, seat or expertise changes (portal.fragments).
    content = fragments.cached(
        ["directory", active_language(), request.user.role, sorted(request.GET.lists())], render_content
    )
    return render(request, "members/directory.html", {"content": mark_safe(content)})  # noqa: S308 - our own render


@require_GET
@login_required
@permission_or_404("members.view_directory")
def entity_list(request):
    entities = (
        Entity.objects.active()
        .annotate(member_count=Count("people", filter=Q(people__is_active=True) & ~Q(people__role=Role.GUEST)))
        .order_by(*name_ordering())
    )
    return render(request, "members/entity_list.html", {"entities": entities})


@require_GET
@never_cache
@login_required
def entity_detail(request, pk):
    entity = get_entity_for_user(request.user, pk)

    def render_sections():
        people = User.objects.in_directory().for_listing().with_seat_rank().filter(entity=entity).order_by("seat_rank", *name_ordering())
        return render_to_string("members/includes/entity_sections.html", {
            "people": people,
            "meetings_hosted": Meeting.objects.visible_to(request.user).filter(host=entity).order_by("-starts_at")[:5],
        }, request=request)

    sections = fragments.cached(["entity", entity.pk, active_language(), request.user.role], render_sections)
    return render(request, "members/entity_detail.html", {
        "entity": entity,
        "social_accounts": entity.social_accounts.all(),
        "sections": mark_safe(sections),  # noqa: S308 - our own render
    })


@require_GET
@never_cache
@login_required
def person_detail(request, pk):
    person = get_person_for_user(request.user, pk)
    return render(request, "members/person_detail.html", {
        "person": person,
        "expertise": person.expertise.order_by(f"name_{active_language()}"),
        "can_see_mobile": request.user.has_perm("members.view_mobile", person),
    })


def _vcard_response(body, filename):
    response = HttpResponse(body, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def person_vcard_download(request, pk):
    person = get_person_for_user(request.user, pk)
    return _vcard_response(
        person_vcard(person, can_see_mobile=request.user.has_perm("members.view_mobile", person)),
        vcard_filename(person),
    )


@require_GET
@login_required
def person_qr(request, pk):
    """The person's vCard as a QR code (SVG, drawn here: no external service)."""
    person = get_person_for_user(request.user, pk)
    card = person_vcard_for_qr(person, can_see_mobile=request.user.has_perm("members.view_mobile", person))
    image = qrcode.make(card, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@require_GET
@login_required
@permission_or_404("members.download_vcards")
def bulk_vcards(request):
    """One .vcf with a card for everyone in the filtered directory (photos left out to keep it small)."""
    person_filter = PersonFilter(request.GET, queryset=User.objects.in_directory().with_seat().select_related("entity"))
    people = list(person_filter.qs[:BULK_VCARD_LIMIT])
    # Many people's contact details leave the portal at once: the secretariat can see who took them.
    audit.record(audit.Action.EXPORTED, actor=request.user, request=request, what="vcards", count=len(people), filters=request.GET.urlencode()[:500])
    body = "".join(
        person_vcard(person, can_see_mobile=request.user.has_perm("members.view_mobile", person), with_photo=False)
        for person in people
    )
    return _vcard_response(body, "gcn-directory.vcf")


@require_GET
@never_cache
@login_required
def profile(request):
    if request.user.has_perm("members.view_directory"):
        return redirect("members:person", pk=request.user.pk)
    return render(request, "members/profile.html", {"person": request.user})


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def profile_edit(request, pk):
    person = get_person_for_user(request.user, pk) if pk != request.user.pk else request.user
    if not request.user.has_perm("members.edit_profile", person):
        raise PermissionDenied
    form = ProfileForm(request.POST or None, request.FILES or None, instance=person)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ProfileForm.Meta.fields}
        try:
            services.profile_update(
                person=User.objects.get(pk=person.pk), data=data, acting_user=request.user,
                photo=form.cleaned_data.get("photo_upload"), remove_photo=form.cleaned_data.get("remove_photo"),
                request=request,
            )
        except OSError:
            form.add_error("photo_upload", _("The photo could not be saved. Please try again."))
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect("members:profile") if person.pk == request.user.pk else redirect("members:person", pk=person.pk)
    return render(request, "members/profile_edit.html", {"form": form, "person": person})


@require_POST
@login_required
def profile_confirm(request):
    services.profile_confirm(person=request.user, request=request)
    messages.success(request, _("Thank you: your details are confirmed."))
    return redirect("members:profile")


@require_http_methods(["GET", "POST"])
@login_required
def entity_edit(request, pk):
    entity = get_entity_for_user(request.user, pk)
    if not request.user.has_perm("members.edit_entity_page", entity):
        raise PermissionDenied
    form = EntityForm(request.POST or None, request.FILES or None, instance=entity)
    formset = SocialAccountFormSet(request.POST or None, instance=entity, prefix="social")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {name: form.cleaned_data[name] for name in EntityForm.Meta.fields}
        try:
            with transaction.atomic():
                services.entity_update(
                    entity=Entity.objects.get(pk=entity.pk), data=data, acting_user=request.user,
                    logo=form.cleaned_data.get("logo_upload"), request=request,
                )
                if formset.has_changed():
                    formset.save()
                    audit.record(audit.Action.UPDATED, actor=request.user, target=entity, request=request, fields=["social_accounts"])
        except OSError:
            form.add_error("logo_upload", _("The logo could not be saved. Please try again."))
        else:
            messages.success(request, _("The entity's page has been saved."))
            return redirect("members:entity", pk=entity.pk)
    return render(request, "members/entity_edit.html", {"form": form, "formset": formset, "entity": entity})


@require_GET
@never_cache
@login_required
@permission_or_404("members.view_reports")
def freshness_report(request):
    limit = timezone.now() - timezone.timedelta(days=PROFILE_CONFIRMATION_DAYS)
    stale = (
        User.objects.in_directory().filter(Q(profile_confirmed_at__isnull=True) | Q(profile_confirmed_at__lt=limit))
        .select_related("entity").order_by("entity__name_en", *name_ordering())
    )
    without_member = Entity.objects.active().exclude(
        seats__seat=NetworkSeat.Seat.MEMBER, seats__ended_on__isnull=True
    ).order_by(*name_ordering())
    return render(request, "members/freshness_report.html", {
        "stale_people": stale, "entities_without_member": without_member, "days": PROFILE_CONFIRMATION_DAYS,
    })


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
            invitation = services.invitation_create(
                email=data["email"], role=role, entity=entity, invited_by=request.user,
                name_ar=data["name_ar"], name_en=data["name_en"], request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            invitation.refresh_from_db(fields=["email_sent_at"])
            if invitation.email_sent_at:
                messages.success(request, _("The invitation has been sent to %(email)s.") % {"email": invitation.email})
            else:
                messages.warning(request, _(
                    "The invitation to %(email)s is saved, but the mail server did not take the e-mail. "
                    "It will be sent again automatically."
                ) % {"email": invitation.email})
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
        login(request, user, backend="members.backends.AuthenticationBackend")
        messages.success(request, _("Welcome to the Government Communication Network portal."))
        return redirect("home")
    return render(request, "members/invitation_accept.html", {"form": form, "invitation": invitation})
