"""The members portal's background jobs (portal.tasks)."""
from django.utils.translation import gettext_lazy as _

from portal.tasks import background


@background(label=_("Send an invitation e-mail"))
def send_invitation_email(invitation_id, base_url=""):
    from members.models import Invitation
    from members.services import invitation_send

    invitation = Invitation.objects.select_related("entity", "invited_by").filter(pk=invitation_id).first()
    # Revoked, accepted or expired while the job waited (a retry after an outage): nothing to send.
    if invitation is None or not invitation.is_usable:
        return {"sent": False}
    invitation_send(invitation, base_url=base_url)
    return {"sent": True}
