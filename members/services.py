"""Writes of the members portal. Each is atomic and leaves an audit entry."""
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, override

from members.models import Invitation, Role, User, normalize_email
from members import notifications as member_notifications
from portal import audit, files, mail

logger = logging.getLogger(__name__)


def user_set_role(*, user, role, acting_user=None, request=None):
    """Give `user` exactly the rights of the role and nothing left over from before: the role's
    permission group only, admin access for the secretariat only, no permission granted one by one,
    and no superuser flag (`createsuperuser` makes a secretariat member, whose rights come from the
    group like everybody else's once the role is set here)."""
    previous = user.role
    was_superuser = user.is_superuser
    with transaction.atomic():
        user.role = role
        user.is_staff = role == Role.SECRETARIAT
        user.is_superuser = False
        user.save(update_fields=["role", "is_staff", "is_superuser"])
        user.user_permissions.clear()
        user.groups.set([Group.objects.get(name=role)])
        # ModelBackend caches permissions on the instance, and so does User.has_perm: the caller's
        # object must not keep the old ones (the same role set again still clears one-by-one grants).
        for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache", "_kept_permissions"):
            user.__dict__.pop(cache, None)
        if previous != role or acting_user is not None or was_superuser:
            details = {"old": previous, "new": role}
            if was_superuser:
                details["superuser_removed"] = True
            audit.record(audit.Action.ROLE_CHANGED, actor=acting_user, target=user, request=request, **details)
        member_notifications.role_changed(user=user, old_role=previous, acting_user=acting_user)


def invitation_create(*, email, role, entity, invited_by, name_ar="", name_en="", request=None):
    """Invite someone; the e-mail goes out once the invitation is safely stored."""
    email = normalize_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("An account with this e-mail address already exists."), code="exists")
    if role not in (Role.SECRETARIAT, Role.GUEST) and entity is None:
        raise ValidationError(_("Choose the entity of the person you invite."), code="entity")
    with transaction.atomic():
        # A new invitation replaces any earlier pending one for the same address, but only one
        # the inviter could have sent: a director cannot cancel another entity's invitation.
        earlier = list(Invitation.objects.pending().select_for_update().filter(email__iexact=email))
        if any(not invited_by.has_perm("members.invite_to_entity", old.entity) for old in earlier):
            raise ValidationError(_("This person already has a pending invitation from another entity."), code="pending")
        for old in earlier:
            invitation_revoke(invitation=old, acting_user=invited_by, request=request)
        # The real token is made when the e-mail is sent; this one only fills the unique column.
        _token, token_hash = Invitation.new_token()
        invitation = Invitation.objects.create(
            email=email, role=role, entity=entity, invited_by=invited_by,
            name_ar=name_ar, name_en=name_en, token_hash=token_hash,
        )
        audit.record(audit.Action.INVITATION_SENT, actor=invited_by, target=invitation, request=request, role=role)
        queue_invitation_email(invitation, request=request)
    return invitation


def queue_invitation_email(invitation, *, request=None):
    """The invitation's e-mail is a job queued with the change (members.tasks.send_invitation_email):
    it goes out only if the change commits, and is retried while the mail server refuses it."""
    from members.tasks import send_invitation_email

    base_url = request.build_absolute_uri("/") if request is not None else ""
    send_invitation_email.enqueue(invitation.pk, base_url)


def invitation_send(invitation, *, base_url=""):
    """E-mail a fresh link for `invitation` (run by the queue). Raises when the mail server does not
    take it, so the job is retried.

    The token is only ever known at sending time (the database keeps its hash), so every send,
    retries included, issues a new link and the older one stops working.
    """
    token, token_hash = Invitation.new_token()
    invitation.token_hash = token_hash
    invitation.email_attempts += 1
    invitation.save(update_fields=["token_hash", "email_attempts"])
    # Invitees have no language preference yet: the link opens in Arabic, the message has both languages.
    with override("ar"):
        path = reverse("members:invitation_accept", kwargs={"token": token})
        context = {
            "invitation": invitation,
            "accept_url": base_url.rstrip("/") + path if base_url else f"{settings.PORTAL_BASE_URL}{path}",
        }
        subject = render_to_string("members/email/invitation_subject.txt", context).strip()
        body = render_to_string("members/email/invitation_message.txt", context)
    # Sent here rather than queued again (portal.mail): this job is already the retry unit, and
    # email_sent_at must say when the server took this very link.
    send_mail(subject, body, None, [invitation.email])
    invitation.email_sent_at = timezone.now()
    invitation.save(update_fields=["email_sent_at"])


def invitation_for_token(token):
    """The invitation for a link's token, or None when the token is unknown."""
    return Invitation.objects.select_related("entity").filter(token_hash=Invitation.hash_token(token)).first()


def invitation_accept(*, invitation, password, name_ar, name_en, request=None):
    """Create the invited account with its role and entity; the link cannot be used again."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable:
            raise ValidationError(_("This invitation has expired or has already been used."), code="unusable")
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("An account with this e-mail address already exists."), code="exists")
        user = User.objects.create_user(
            invitation.email, password, name_ar=name_ar, name_en=name_en, entity=invitation.entity,
        )
        user_set_role(user=user, role=invitation.role)
        # Following the e-mailed link proves the address.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        audit.record(audit.Action.INVITATION_ACCEPTED, actor=user, target=invitation, request=request)
        member_notifications.invitation_accepted(invitation=invitation, user=user)
    return user


def invitation_revoke(*, invitation, acting_user, request=None):
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(audit.Action.INVITATION_REVOKED, actor=acting_user, target=invitation, request=request)


# One uploaded photo becomes two renditions (the model fields say their sizes); the original is not kept.
PHOTO_FIELDS = ("photo", "photo_small")


def profile_update(*, person, data, acting_user, photo=None, remove_photo=False, request=None):
    """Save profile fields (never role or entity) and the photo; audited; files are never orphaned."""
    expertise = data.pop("expertise", None)
    photo_changes = {field: photo for field in PHOTO_FIELDS} if (photo or remove_photo) else {}
    with files.replacing_files(person, photo_changes) as changed_files, transaction.atomic():
        for field, value in data.items():
            setattr(person, field, value)
        # Editing one's own details counts as confirming them.
        if acting_user.pk == person.pk:
            person.profile_confirmed_at = timezone.now()
        person.save(update_fields=[*data, *changed_files, "profile_confirmed_at"])
        if expertise is not None:
            person.expertise.set(expertise)
        audit.record(
            audit.Action.UPDATED, actor=acting_user, target=person, request=request,
            fields=sorted(set(data) | ({"expertise"} if expertise is not None else set()) | ({"photo"} if changed_files else set())),
        )
    return person


def contact_cards_export(*, people, acting_user, filters="", request=None):
    """One vCard file for `people` (photos left out to keep it small). Many people's contact details
    leave the portal at once, so the secretariat can see who took them and with which filters."""
    from members.vcards import person_vcard

    audit.record(audit.Action.EXPORTED, actor=acting_user, request=request, what="vcards", count=len(people), filters=filters[:500])
    return "".join(
        person_vcard(person, can_see_mobile=acting_user.has_perm("members.view_mobile", person), with_photo=False)
        for person in people
    )


def profile_confirm(*, person, request=None):
    person.profile_confirmed_at = timezone.now()
    person.save(update_fields=["profile_confirmed_at"])
    audit.record(audit.Action.UPDATED, actor=person, target=person, request=request, fields=["profile_confirmed_at"])


def entity_update(*, entity, data, acting_user, logo=None, social_accounts=None, request=None):
    """Save an entity's page: its fields, a new logo (stored as a bounded PNG rendition) and, when
    given, the formset of its official social accounts. Atomic and audited."""
    changed = sorted(field for field, value in data.items() if getattr(entity, field) != value)
    with files.replacing_files(entity, {"logo": logo} if logo else {}) as changed_files, transaction.atomic():
        for field in changed:
            setattr(entity, field, data[field])
        entity.save(update_fields=[*changed, *changed_files, "updated_at"])
        changed += changed_files
        if social_accounts is not None and social_accounts.has_changed():
            social_accounts.instance = entity
            social_accounts.save()
            changed.append("social_accounts")
        audit.record(audit.Action.UPDATED, actor=acting_user, target=entity, request=request, fields=changed)
    return entity


def seat_assign(*, entity, person, seat, acting_user=None, request=None):
    """Make `person` the entity's current member or alternate; the previous holder goes into history."""
    from members.models import NetworkSeat

    if person.entity_id != entity.pk:
        raise ValidationError(_("The person must belong to the entity."), code="entity")
    with transaction.atomic():
        today = timezone.localdate()
        NetworkSeat.objects.filter(entity=entity, seat=seat, ended_on__isnull=True).exclude(person=person).update(ended_on=today)
        NetworkSeat.objects.filter(person=person, ended_on__isnull=True).exclude(entity=entity, seat=seat).update(ended_on=today)
        holding, created = NetworkSeat.objects.get_or_create(
            entity=entity, seat=seat, person=person, ended_on=None, defaults={"started_on": today}
        )
        if created:
            audit.record(audit.Action.CREATED, actor=acting_user, target=holding, request=request, seat=seat)
            member_notifications.seat_assigned(holding=holding, acting_user=acting_user)
    return holding


def user_change_email(*, user, new_email, acting_user, request=None):
    """Change the address `user` signs in with (and receives password resets at).

    The new address replaces every allauth address of the account and stays unverified until its
    owner follows the confirmation link; the old address is told who changed it and when, so a
    change nobody asked for (the first step of taking an account over) does not go unnoticed.
    """
    from django.core.validators import validate_email
    from django.db import IntegrityError

    new_email = normalize_email(new_email)
    validate_email(new_email)
    if new_email == normalize_email(user.email):
        raise ValidationError(_("This is already the account's login e-mail address."), code="unchanged")
    taken = ValidationError(_("Another account already uses this e-mail address."), code="exists")
    try:
        with transaction.atomic():
            user = User.objects.select_for_update().get(pk=user.pk)
            old_email = user.email
            if (
                User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists()
                or EmailAddress.objects.filter(email__iexact=new_email).exclude(user=user).exists()
            ):
                raise taken
            user.email = new_email
            user.save(update_fields=["email"])
            # The old address must no longer log in or receive a password reset.
            EmailAddress.objects.filter(user=user).delete()
            address = EmailAddress.objects.create(user=user, email=new_email, verified=False, primary=True)
            audit.record(
                audit.Action.UPDATED, actor=acting_user, target=user, request=request,
                fields=["email"], old=old_email, new=new_email,
            )
            # Queued with the change: both e-mails exist exactly when the change commits.
            _send_email_change_mails(
                address=address, old_email=old_email, acting_user=acting_user, changed_at=timezone.now(), request=request,
            )
    except IntegrityError:
        # Another request took the address between the check and the write.
        raise taken from None
    return user


def _send_email_change_mails(*, address, old_email, acting_user, changed_at, request):
    """Confirmation to the new address, notice to the old one: both queued (portal.mail), so a mail
    server that is down delays them and never undoes the change."""
    from allauth.core import context

    if request is not None:
        # allauth builds the link from the request it finds in its own context.
        with context.request_context(request):
            address.send_confirmation(request)
    else:
        address.send_confirmation(None)
    mail.send_plain(*_email_changed_notice(address.email, acting_user, changed_at), [old_email])


def _email_changed_notice(new_email, acting_user, changed_at):
    """Subject and body in Arabic and English (the person's language is not known for sure)."""
    from django.utils.formats import date_format

    subjects, bodies = [], []
    for language in ("ar", "en"):
        with override(language):
            subjects.append(_("Your GCN Portal login e-mail address was changed"))
            bodies.append(_(
                "The e-mail address you sign in to the GCN Portal with was changed to {new_email} "
                "by {actor} on {when} (Dubai time). This address will no longer sign you in.\n\n"
                "If you did not ask for this change, contact the network's secretariat at once."
            ).format(
                new_email=new_email,
                actor=f"{acting_user} <{acting_user.email}>" if acting_user else _("the portal"),
                when=date_format(timezone.localtime(changed_at), "DATETIME_FORMAT"),
            ))
    return f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subjects[0]} | {subjects[1]}", "\n\n———\n\n".join(bodies)
