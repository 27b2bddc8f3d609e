"""A page's documents (`Document.objects.for_owners(owners, visible_to=user)`, which looks up only
those owners' visibility) are exactly the rows of `Document.objects.visible_to(user)` for them, for
every role: shared and unshared, active and withdrawn, a meeting the guest is invited to and one
they are not."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from portal.documents.models import Document
from portal.documents.services import document_upload, document_withdraw
from tests.meetings.test_rules import ROLES, make_meeting
from tests.portal.test_uploads import pdf_bytes

pytestmark = pytest.mark.django_db


def upload(owner, title, user, *, shared=False):
    return document_upload(owner=owner, upload=SimpleUploadedFile("file.pdf", pdf_bytes(), "application/pdf"),
                           title=title, kind="report", language="ar", shared_with_guests=shared, acting_user=user)


def test_the_documents_of_given_owners_are_those_visible_to_the_user(users):
    secretariat = users["secretariat"]
    everyone = make_meeting()
    chosen = make_meeting(invite_all_members=False)
    chosen.guests.add(users["guest"])
    owners = {}
    for meeting in (everyone, chosen):
        item = services.agenda_item_save(meeting=meeting, data={"title_ar": "بند"}, acting_user=secretariat)
        owners[meeting] = [meeting, item]
        for owner in (meeting, item):
            upload(owner, "shared", secretariat, shared=True)
            upload(owner, "members only", secretariat)
            document_withdraw(document=upload(owner, "withdrawn", users["director"]), acting_user=secretariat)

    for role in ROLES:
        user = users[role]
        for listed in (owners[everyone], owners[chosen], owners[everyone] + owners[chosen], [owners[chosen][1]]):
            narrowed = set(Document.objects.for_owners(listed, visible_to=user))
            assert narrowed == set(Document.objects.visible_to(user).for_owners(listed)), (role, listed)

    def titles(user, meeting):
        return sorted(document.title for document in Document.objects.for_owners(owners[meeting], visible_to=user))

    # What each role gets, so that the comparison above cannot pass on two empty lists.
    assert titles(users["guest"], everyone) == []
    assert titles(users["guest"], chosen) == ["shared", "shared"]
    assert titles(users["team"], chosen) == ["members only", "members only", "shared", "shared"]
    assert titles(users["director"], chosen) == ["members only", "members only", "shared", "shared", "withdrawn", "withdrawn"]
    assert len(titles(secretariat, everyone)) == 6


def test_the_meeting_page_lists_what_for_owners_gives_each_viewer_with_kept_rows(users, login_as):
    """The meeting page keeps the documents it lists for every member who has withdrawn nothing
    (meetings.views._documents): each viewer still gets exactly Document.objects.for_owners(...,
    visible_to=viewer), asked in turns with nothing written between, so that each reads rows kept
    for another."""
    import re

    from django.utils import translation

    from portal.documents.panels import item_urls

    secretariat = users["secretariat"]
    meeting = make_meeting(invite_all_members=False)
    meeting.guests.add(users["guest"])
    item = services.agenda_item_save(meeting=meeting, data={"title_ar": "بند"}, acting_user=secretariat)
    upload(meeting, "shared", secretariat, shared=True)
    upload(item, "members only", secretariat)
    document_withdraw(document=upload(item, "withdrawn by its uploader", users["director"]), acting_user=secretariat)
    with translation.override("en"):
        download = item_urls()["download"]

    def listed(role):
        page = login_as(users[role]).get(f"/en/meetings/{meeting.pk}/").content.decode()
        return sorted(int(pk) for pk in re.findall(re.escape(download[0]) + r"(\d+)" + re.escape(download[1]), page))

    for _turn in range(2):
        for role in ROLES:
            expected = sorted(document.pk for document in Document.objects.for_owners([meeting, item], visible_to=users[role]))
            assert listed(role) == expected, role
    # So that the comparison cannot pass on lists alike: the uploader alone (and the secretariat)
    # also see the withdrawn document, and the guest only the shared one.
    counts = {role: len(listed(role)) for role in ROLES}
    assert counts == {"secretariat": 3, "director": 3, "team": 2, "other_director": 2, "guest": 1}
