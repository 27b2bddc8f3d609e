"""Who may see and do what in Al Multaqa (campaigns). The object of each permission is a campaign
unless said otherwise; `Campaign.objects.visible_to(user)` answers `view_campaign` for lists and
agrees with it (tests/campaigns/test_rules.py checks every role)."""
import rules

from campaigns.models import OWNER_ROLES, Campaign
from members.rules import is_member, is_secretariat


@rules.predicate
def is_owner_people(user):
    """A director or communication team member of an entity: who writes their entity's cases."""
    return user.is_authenticated and user.is_active and user.role in OWNER_ROLES and user.entity_id is not None


@rules.predicate
def is_own_campaign(user, campaign):
    return campaign is not None and user.entity_id is not None and campaign.owner_id == user.entity_id


@rules.predicate
def is_published(user, campaign):
    return campaign is not None and campaign.state == Campaign.State.PUBLISHED


@rules.predicate
def is_awaiting_submission(user, campaign):
    return campaign is not None and campaign.state in (Campaign.State.DRAFT, Campaign.State.RETURNED)


@rules.predicate
def is_editable_state(user, campaign):
    # In review, the secretariat reads what was submitted: the case waits for its answer.
    return campaign is not None and campaign.state != Campaign.State.IN_REVIEW


rules.add_perm("campaigns.view_campaigns", is_member)
rules.add_perm("campaigns.view_campaign", is_secretariat | (is_member & is_published) | (is_owner_people & is_own_campaign))
rules.add_perm("campaigns.create_campaign", is_owner_people)
rules.add_perm("campaigns.view_own_campaigns", is_owner_people)
rules.add_perm("campaigns.edit_campaign", is_owner_people & is_own_campaign)
rules.add_perm("campaigns.edit_campaign_now", is_owner_people & is_own_campaign & is_editable_state)
rules.add_perm("campaigns.submit_campaign", is_owner_people & is_own_campaign & is_awaiting_submission)
rules.add_perm("campaigns.upload_campaign_documents", is_secretariat | (is_owner_people & is_own_campaign))
# Publishing, returning with comments and the best-practice and featured flags.
rules.add_perm("campaigns.review_campaigns", is_secretariat)

# Interaction with published cases (campaigns/interaction.py): questions and comments, their
# answers by the owner entity and the secretariat, "useful" marks and members' collections.


@rules.predicate
def is_comment_case_visible(user, comment):
    return comment is not None and rules.has_perm("campaigns.view_campaign", user, comment.campaign)


@rules.predicate
def is_shown_comment(user, comment):
    return comment is not None and not comment.hidden


rules.add_perm("campaigns.comment_campaign", is_member & is_published)
rules.add_perm("campaigns.answer_comments", is_published & (is_secretariat | (is_owner_people & is_own_campaign)))
rules.add_perm("campaigns.hide_comments", is_secretariat)
# Agrees with Comment.objects.visible_to: the comment's case is seen, and hidden ones by the secretariat only.
rules.add_perm("campaigns.view_comment", is_comment_case_visible & (is_secretariat | is_shown_comment))
# A case's own entity does not mark it useful: the count says what peers found useful, not its authors.
rules.add_perm("campaigns.mark_useful", is_member & is_published & ~is_own_campaign)
rules.add_perm("campaigns.save_campaign", is_member & is_published)
# Strategic messages and national occasions: every network member, as
# StrategicMessage.objects.visible_to and Occasion.objects.visible_to answer for lists.
rules.add_perm("campaigns.view_strategic_message", is_member)
