"""Members portal views: the directory, entity and person pages, contact cards, profiles, invitations."""
import functools
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.query import MAX_GET_RESULTS
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe, require_http_methods, require_POST

from members import services
from members.filters import PersonFilter, listed_people, person_expertise
from members.templatetags.members_tags import ENTITY_CARD_FIELDS, ENTITY_PERSON_FIELDS
from members.forms import EntityForm, InvitationAcceptForm, InvitationForm, ProfileForm, SocialAccountFormSet
from members.models import PROFILE_CONFIRMATION_DAYS, Entity, EntitySocialAccount, NetworkSeat, Role, User
from members.vcards import person_vcard, vcard_filename
from portal import fragments, registry
from portal.access import permission_or_404
from portal.compiled import compiled_instances, compiled_query, fetch_rows, viewer_stand_in
from portal.i18n import active_language, name_ordering

PAGE_SIZE = 24
BULK_VCARD_LIMIT = 500


# What PersonQuerySet.visible_to and EntityQuerySet.visible_to ask of the viewer.
PERSON_VIEWER_PERMISSIONS = ("members.view_directory",)


def get_person_for_user(user, pk):
    """A directory person the user may see, or 404 (as get_visible_or_404), from SQL compiled once
    per process for each answer to what visible_to asks (portal.compiled): building and compiling
    the seat subquery and its two joins cost more than running them."""
    permissions = {permission: user.has_perm(permission) for permission in PERSON_VIEWER_PERMISSIONS}

    def build(pk):
        viewer = viewer_stand_in(user, pk=None, entity_id=None, permissions=permissions)
        # As QuerySet.get() asks: unordered, at most MAX_GET_RESULTS rows.
        queryset = User.objects.with_seat().select_related("entity", "acting_for").visible_to(viewer)
        return queryset.filter(pk=pk).order_by()[:MAX_GET_RESULTS]

    found = compiled_instances(("person detail", *permissions.items()), build, {"pk": pk})
    if not found:
        raise Http404
    [person] = found
    return person


def get_entity_for_user(user, pk):
    """An entity the user may see, or 404, compiled once per process like get_person_for_user
    (EntityQuerySet.visible_to asks the same question)."""
    permissions = {permission: user.has_perm(permission) for permission in PERSON_VIEWER_PERMISSIONS}

    def build(pk):
        viewer = viewer_stand_in(user, pk=None, entity_id=None, permissions=permissions)
        return Entity.objects.visible_to(viewer).filter(pk=pk).order_by()[:MAX_GET_RESULTS]

    found = compiled_instances(("entity detail", *permissions.items()), build, {"pk": pk})
    if not found:
        raise Http404
    [entity] = found
    return entity


@require_safe
@never_cache
@login_required
@permission_or_404("members.view_directory")
def directory(request):
    layout = "table" if request.GET.get("view") == "table" else "cards"
    person_filter = PersonFilter(request.GET)
    page = Paginator(person_filter.directory_rows(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = listed_people(page.object_list, person_filter.form.expertise)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "members/directory.html", {
        "filter": person_filter, "page": page, "layout": layout, "query_string": query.urlencode(),
    })


@require_safe
@login_required
@permission_or_404("members.view_directory")
def entity_list(request):
    # Each entity's count read from the people's entity index: a join of every person to their
    # entity, grouped, cost the database three times as much. Plain values: the cards are strings.
    def entities():
        members = (
            User.objects.filter(entity=OuterRef("pk"), is_active=True).exclude(role=Role.GUEST)
            .order_by().values("entity").annotate(count=Count("pk")).values("count")
        )
        return (
            Entity.objects.active().annotate(member_count=Coalesce(Subquery(members), 0))
            .order_by(*name_ordering()).values_list(*ENTITY_CARD_FIELDS)
        )

    return render(request, "members/entity_list.html", {
        "entities": fetch_rows(*compiled_query(("entity list", active_language()), entities, {}), ENTITY_CARD_FIELDS),
    })


@require_safe
@never_cache
@login_required
def entity_detail(request, pk):
    entity = get_entity_for_user(request.user, pk)
    people = []
    if request.user.has_perm("members.view_directory"):  # User.objects.visible_to(request.user)
        # Name, title and seat only: the entity page shows no expertise, so none is fetched.
        people = fetch_rows(*compiled_query(("entity people", active_language()), lambda entity: (
            User.objects.visible_to(request.user).with_seat().with_seat_rank().filter(entity=entity)
            .order_by("seat_rank", *name_ordering()).values_list(*ENTITY_PERSON_FIELDS)
        ), {"entity": entity.pk}), ENTITY_PERSON_FIELDS)
    # What the other portals show of an entity (meetings hosted, campaigns...) they register
    # themselves; kept for this user until the next write (portal.fragments).
    sections = [html for html in fragments.render_many(request, [
        (name, functools.partial(section, request, entity)) for name, section in registry.entity_sections.items()
    ], scope=f"entity:{entity.pk}") if html]
    return render(request, "members/entity_detail.html", {
        "entity": entity, "people": people, "sections": sections,
        "social_accounts": compiled_instances(("entity social accounts",), lambda entity: (
            EntitySocialAccount.objects.filter(entity=entity).order_by("platform")
        ), {"entity": entity.pk}),
    })


@require_safe
@never_cache
@login_required
def person_detail(request, pk):
    person = get_person_for_user(request.user, pk)
    return render(request, "members/person_detail.html", {
        "person": person,
        "expertise": person_expertise(person.pk),
        "can_see_mobile": request.user.has_perm("members.view_mobile", person),
    })


def _vcard_response(body, filename):
    response = HttpResponse(body, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@login_required
def person_vcard_download(request, pk):
    person = get_person_for_user(request.user, pk)
    return _vcard_response(
        person_vcard(person, can_see_mobile=request.user.has_perm("members.view_mobile", person)),
        vcard_filename(person),
    )


@require_safe
@login_required
def person_qr(request, pk):
    """The person's vCard as a QR code (SVG, drawn here: no external service)."""
    person = get_person_for_user(request.user, pk)
    # Without the photo: a phone camera reads at most a few hundred bytes comfortably.
    card = person_vcard(person, can_see_mobile=request.user.has_perm("members.view_mobile", person), with_photo=False)
    image = qrcode.make(card, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@require_safe
@login_required
@permission_or_404("members.download_vcards")
def bulk_vcards(request):
    """One .vcf with a card for everyone in the filtered directory (photos left out to keep it small)."""
    person_filter = PersonFilter(request.GET, queryset=User.objects.visible_to(request.user).with_seat().select_related("entity"))
    people = list(person_filter.qs[:BULK_VCARD_LIMIT])
    body = services.contact_cards_export(people=people, acting_user=request.user, filters=request.GET.urlencode(), request=request)
    return _vcard_response(body, "gcn-directory.vcf")


@require_safe
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
            services.entity_update(
                entity=Entity.objects.get(pk=entity.pk), data=data, acting_user=request.user,
                logo=form.cleaned_data.get("logo_upload"), social_accounts=formset, request=request,
            )
        except OSError:
            form.add_error("logo_upload", _("The logo could not be saved. Please try again."))
        else:
            messages.success(request, _("The entity's page has been saved."))
            return redirect("members:entity", pk=entity.pk)
    return render(request, "members/entity_edit.html", {"form": form, "formset": formset, "entity": entity})


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
            messages.success(request, _("The invitation is on its way to %(email)s.") % {"email": invitation.email})
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
