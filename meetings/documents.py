"""Meetings and their agenda items as owners of documents (portal.documents), registered from
MeetingsConfig.ready().

Members see every meeting's documents; a guest only the documents shared with guests of the meeting
they are invited to. The secretariat uploads to any meeting, a member to a meeting they are
invited to, and an agenda item's presenter (a guest presenter too) to that item. People concerned
by the meeting are told when a document is added."""
from django.db.models import Exists, OuterRef
from django.urls import reverse

from meetings import notifications
from meetings.models import AgendaItem, Meeting, is_member
from meetings.rules import invited
from members.models import Role
from portal import registry

MEETING_KEY = "meetings.meeting"
AGENDA_ITEM_KEY = "meetings.agendaitem"
KINDS = ("agenda", "minutes", "presentation", "report", "other")


def _is_guest(user):
    return user.role == Role.GUEST


def _is_secretariat(user):
    return user.is_active and user.role == Role.SECRETARIAT


def _audiences(meeting, document):
    # The meeting's own audience is where its guests find it (meetings.plugins.search_audiences).
    return ("members", f"meeting:{meeting.pk}") if document.shared_with_guests else ("members",)


def can_upload_to_meeting(user, meeting):
    if not user.is_authenticated or meeting.is_cancelled:
        return False
    return _is_secretariat(user) or (is_member(user) and invited(user, meeting))


def is_presenter(user, item):
    return item.presenter_person_id == user.pk or (
        user.entity_id is not None and item.presenter_entity_id == user.entity_id and is_member(user)
    )


def can_upload_to_agenda_item(user, item):
    if not user.is_authenticated or not user.is_active:
        return False
    return can_upload_to_meeting(user, item.meeting) or (not item.meeting.is_cancelled and is_presenter(user, item))


def _can_manage(user, document):
    return _is_secretariat(user)


def _tell_attendees(meeting):
    def on_added(document, acting_user):
        notifications.queue(notifications.DOCUMENT_ADDED, meeting(document), acting_user=acting_user, document=document)

    return on_added


MEETING_OWNER = registry.DocumentOwner(
    model=Meeting,
    visible_owners=lambda user: Meeting.objects.visible_to(user),
    guests_only_shared=_is_guest,
    can_upload=can_upload_to_meeting,
    can_manage=_can_manage,
    audiences=_audiences,
    owner_url=lambda meeting: reverse("meetings:detail", args=[meeting.pk]),
    kinds=KINDS,
    on_added=_tell_attendees(lambda document: document.owner),
    related_owners=lambda meeting: [(AGENDA_ITEM_KEY, meeting.agenda_items.all())],
    label=str,
)

AGENDA_ITEM_OWNER = registry.DocumentOwner(
    model=AgendaItem,
    # EXISTS per item: with `meeting_id IN (visible meetings)` PostgreSQL joined every agenda item to
    # every meeting to answer for one meeting's documents.
    visible_owners=lambda user: AgendaItem.objects.filter(
        Exists(Meeting.objects.visible_to(user).filter(pk=OuterRef("meeting_id"))),
    ),
    guests_only_shared=_is_guest,
    can_upload=can_upload_to_agenda_item,
    can_manage=_can_manage,
    audiences=lambda item, document: _audiences(item.meeting, document),
    owner_url=lambda item: reverse("meetings:detail", args=[item.meeting_id]) + f"#agenda-item-{item.pk}",
    kinds=KINDS,
    on_added=_tell_attendees(lambda document: document.owner.meeting),
    label=str,
)


def register():
    registry.document_owners.register(MEETING_KEY, MEETING_OWNER, order=30)
    registry.document_owners.register(AGENDA_ITEM_KEY, AGENDA_ITEM_OWNER, order=31)
