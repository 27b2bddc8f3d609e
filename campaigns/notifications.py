"""Al Multaqa's notifications (portal.notifications), registered from CampaignsConfig.ready():
a case submitted for review (to the secretariat), returned with comments and published (to the
owner entity's director and team), a question on a case (to its entity's director and team) and
an answer to one (to the question's author). The services call the functions below inside their own
transaction, so the notifications exist exactly when the change commits.

Each notification's target is its campaign; who may receive it is what `campaigns.view_campaign`
says at the time (checked on loaded users, no query per person)."""
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _, gettext_lazy

from campaigns.models import OWNER_ROLES
from portal.notifications import kinds
from portal.notifications.services import notify

SUBMITTED = "campaigns.submitted"
RETURNED = "campaigns.returned"
PUBLISHED = "campaigns.published"
QUESTION = "campaigns.question"
ANSWER = "campaigns.answer"


def _audience(campaign):
    import rules

    return lambda user: rules.has_perm("campaigns.view_campaign", user, campaign)


def _describe(campaign):
    return {
        "title": {"ar": campaign.title_ar, "en": campaign.title_en},
        "entity": {"ar": campaign.owner.name_ar, "en": campaign.owner.name_en},
    }


def _link(campaign):
    return ("campaigns:detail", [campaign.pk])


def _submitted_title(notification):
    return _("A campaign case awaits your review: %(title)s") % {"title": notification.value("title")}


def _submitted_body(notification):
    return _("Submitted by %(entity)s. Publish it or return it with comments in the administration.") % {
        "entity": notification.value("entity"),
    }


def _returned_title(notification):
    return _("Your campaign case was returned with comments: %(title)s") % {"title": notification.value("title")}


def _returned_body(notification):
    return notification.context.get("comment") or ""


def _published_title(notification):
    return _("Your campaign case is published in Al Multaqa: %(title)s") % {"title": notification.value("title")}


def _question_title(notification):
    return _("A question on your entity's campaign case: %(title)s") % {"title": notification.value("title")}


def _answer_title(notification):
    return _("Your question on a campaign case was answered: %(title)s") % {"title": notification.value("title")}


def _comment_body(notification):
    # The comment's own words, as plain text: the notification centre and the e-mail escape them.
    return _("%(author)s wrote: %(text)s") % {"author": notification.value("author"), "text": notification.value("text")}


def register():
    kinds.register(kinds.Kind(
        name=SUBMITTED, label=gettext_lazy("Campaign case submitted for review"),
        description=gettext_lazy("For the secretariat: when an entity submits a campaign case, or updates a published one."),
        audience=_audience, link=_link, describe=_describe, title=_submitted_title, body=_submitted_body,
        icon="megaphone", order=60,
    ))
    kinds.register(kinds.Kind(
        name=RETURNED, label=gettext_lazy("Campaign case returned with comments"),
        description=gettext_lazy("When the secretariat returns one of your entity's campaign cases with comments."),
        audience=_audience, link=_link, describe=_describe, title=_returned_title, body=_returned_body,
        icon="chat-left-text", order=61,
    ))
    kinds.register(kinds.Kind(
        name=PUBLISHED, label=gettext_lazy("Campaign case published"),
        description=gettext_lazy("When the secretariat publishes one of your entity's campaign cases."),
        audience=_audience, link=_link, describe=_describe, title=_published_title,
        icon="megaphone-fill", order=62,
    ))
    kinds.register(kinds.Kind(
        name=QUESTION, label=gettext_lazy("Question on my entity's campaign case"),
        description=gettext_lazy("When a member asks a question or comments on one of your entity's published campaign cases."),
        audience=_audience, link=_link, describe=_describe, title=_question_title, body=_comment_body,
        icon="chat-left-dots", order=63,
    ))
    kinds.register(kinds.Kind(
        name=ANSWER, label=gettext_lazy("Answer to my question on a campaign case"),
        description=gettext_lazy("When the entity or the secretariat answers your question or comment on a campaign case."),
        audience=_audience, link=_link, describe=_describe, title=_answer_title, body=_comment_body,
        icon="chat-left-quote", order=64,
    ))


# Who is told ------------------------------------------------------------------------------------
def owner_people(campaign):
    """The owner entity's director and communication team, as a queryset of users."""
    return get_user_model().objects.in_directory().filter(entity_id=campaign.owner_id, role__in=OWNER_ROLES)


def secretariat_people():
    return get_user_model().objects.filter(role="secretariat", is_active=True)


def submitted(*, campaign, acting_user):
    return notify(secretariat_people(), SUBMITTED, campaign, actor=acting_user)


def returned(*, campaign, comment, acting_user):
    return notify(owner_people(campaign), RETURNED, campaign, actor=acting_user, context={"comment": comment})


def published(*, campaign, acting_user):
    return notify(owner_people(campaign), PUBLISHED, campaign, actor=acting_user)


def _comment_context(comment):
    author = comment.author
    names = {"ar": author.name_ar, "en": author.name_en} if author else {"ar": "", "en": ""}
    # An excerpt: the whole comment is on the case's page, and a notification row stays small.
    return {"author": names, "text": comment.body[:600] + ("…" if len(comment.body) > 600 else "")}


def question(*, comment, acting_user):
    """A member asked or commented on a case: its entity's director and team are told (not the author)."""
    return notify(owner_people(comment.campaign), QUESTION, comment.campaign, actor=acting_user, context=_comment_context(comment))


def answered(*, answer, acting_user):
    """The entity or the secretariat answered: the question's author is told."""
    question_author = answer.parent.author_id
    if question_author is None:
        return []
    return notify([question_author], ANSWER, answer.campaign, actor=acting_user, context=_comment_context(answer))
