"""Campaign cases as owners of documents (portal.documents): the case study, creative files,
presentations and reports of a campaign, and the cover images served through portal.files.
Registered from CampaignsConfig.ready().

Whoever sees the case sees its documents; the owner entity's people and the secretariat upload;
the secretariat manages them (besides each document's uploader)."""
from django.urls import reverse

from campaigns.models import Campaign
from portal import files, registry

CAMPAIGN_KEY = "campaigns.campaign"
KINDS = ("case_study", "creative_file", "presentation", "report", "other")


def audiences(campaign):
    """Who may find the case (and its documents) in search: every member once it is published; before,
    its entity's people and the secretariat (keys given by members.plugins.search_audiences)."""
    if campaign.state == Campaign.State.PUBLISHED:
        return ("members",)
    return ("secretariat", f"draft:entity:{campaign.owner_id}")


CAMPAIGN_OWNER = registry.DocumentOwner(
    model=Campaign,
    visible_owners=lambda user: Campaign.objects.visible_to(user),
    guests_only_shared=lambda user: False,  # guests see no campaign at all
    can_upload=lambda user, campaign: user.has_perm("campaigns.upload_campaign_documents", campaign),
    can_manage=lambda user, document: user.is_active and user.role == "secretariat",
    audiences=lambda campaign, document: audiences(campaign),
    owner_url=lambda campaign: reverse("campaigns:detail", args=[campaign.pk]),
    kinds=KINDS,
    label=str,
)


def register():
    registry.document_owners.register(CAMPAIGN_KEY, CAMPAIGN_OWNER, order=20)
    for kind, field in (("campaign-cover", "cover"), ("campaign-cover-card", "cover_card")):
        files.register(
            kind, model=Campaign, field=field, permission="campaigns.view_campaign",
            filename=lambda campaign: f"campaign-{campaign.pk}.jpg", inline_image=True,
        )
