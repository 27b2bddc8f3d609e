"""The demo meetings: the network's history as the seeds tell it, complete (agenda, replies with a
wait list, attendance, decisions rolling forward, minutes, feedback, real documents), the demo guest
in exactly one meeting and seeing only its shared documents, and nothing doubled by a second run."""
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.demo_data import FIRST_MEETING, NEXT_MEETING, SESSION, WORKSHOP
from meetings.models import ActionItem, Attendance, Feedback, Meeting, Minutes, MinutesComment, Rsvp
from members.models import User
from portal.documents.models import Document

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def snapshot():
    return tuple(model.objects.count() for model in (Meeting, Rsvp, Attendance, ActionItem, Minutes, Feedback, Document))


@pytest.fixture
def demo(settings, run_tasks):
    settings.DEBUG = True
    seed()
    run_tasks()  # the documents' text extraction


def test_first_meeting_of_2022_as_the_seeds_tell_it(demo):
    meeting = Meeting.objects.get(title_en=FIRST_MEETING)
    assert (meeting.host.name_en, meeting.starts_at.year, meeting.status) == ("Department of Economy and Tourism", 2022, "held")
    agenda = list(meeting.agenda_items.values_list("title_en", flat=True))
    assert len(agenda) == 5 and "Dubai Can" in agenda[2] and "plastic bag" in agenda[3] and "COP28" in agenda[4]
    assert "1 July 2022" in meeting.agenda_items.get(position=4).description_en
    assert meeting.agenda_items.get(position=5).presenter_guest_en == "Emirates Nature–WWF"
    assert meeting.attendance.count() == 16 and meeting.minutes.get().status == "approved"
    # Open action items roll forward into the next network meeting's matters arising.
    arising = ActionItem.objects.arising_for(Meeting.objects.get(title_en=NEXT_MEETING))
    assert arising.filter(meeting=meeting).count() == 3 and not arising.filter(status="done").exists()


def test_workshop_has_its_22_participants_and_their_feedback(demo):
    workshop = Meeting.objects.get(title_en=WORKSHOP)
    assert workshop.participants_count == 22 and workshop.attendance.count() == 22
    assert {"Audience and content", "The response mechanism"} <= set(workshop.agenda_items.values_list("title_en", flat=True))
    assert 10 <= workshop.feedback.count() <= 22 and workshop.minutes.get().status == "for_comment"


def test_knowledge_session_is_full_with_a_wait_list_and_the_guest_presents(demo):
    session = Meeting.objects.with_counts().get(title_en=SESSION)
    assert (session.attending_count, session.capacity) == (12, 12) and session.wait_list_count >= 1
    guest = User.objects.get(email="guest@demo.gcn.ae")
    assert list(Meeting.objects.invited(guest)) == [session] == list(Meeting.objects.visible_to(guest))
    assert session.agenda_items.filter(presenter_person=guest).exists()
    delegation = Rsvp.objects.get(meeting__title_en=NEXT_MEETING, person__email="director@demo.gcn.ae")
    assert delegation.response == "delegate" and Rsvp.objects.get(person=delegation.delegate, meeting=delegation.meeting).on_behalf_of_id == delegation.person_id


def test_documents_are_real_files_and_the_guest_sees_only_her_shared_one(demo):
    documents = Document.objects.all()
    assert documents.count() == 10
    extensions = {doc.current_version.original_name.rsplit(".", 1)[1] for doc in documents.select_related("current_version")}
    assert extensions == {"pdf", "docx", "pptx", "xlsx"}
    assert all(doc.extraction == "done" for doc in documents), [(d.title, d.extraction) for d in documents]
    guest = User.objects.get(email="guest@demo.gcn.ae")
    assert list(Document.objects.visible_to(guest).values_list("title", flat=True)) == ["جدول أعمال الجلسة المعرفية"]
    director = User.objects.get(email="director@demo.gcn.ae")
    assert Document.objects.visible_to(director).count() == 10


def test_seeding_again_changes_nothing(demo):
    before = snapshot()
    seed()
    assert snapshot() == before


def test_a_held_meeting_papers_and_comments_are_dated_when_they_were_shared_not_when_the_demo_was_loaded(demo):
    first = Meeting.objects.get(title_en=FIRST_MEETING)
    agenda = Document.objects.select_related("current_version").get(title="جدول أعمال الاجتماع الأول لعام 2022")
    assert agenda.current_version.uploaded_at.date() == (first.starts_at - timedelta(days=3)).date()
    workshop = Meeting.objects.get(title_en=WORKSHOP)
    report = Document.objects.select_related("current_version").get(title="قائمة المشاركين في الورشة")
    assert report.current_version.uploaded_at.date() == (workshop.ends_at + timedelta(days=1)).date() == report.created_at.date()
    comment = MinutesComment.objects.get(minutes__meeting=workshop)
    assert workshop.ends_at < comment.created_at < timezone.now() - timedelta(days=365)
    # The upcoming session's agenda is shared now: it has not taken place.
    session_agenda = Document.objects.select_related("current_version").get(title="جدول أعمال الجلسة المعرفية")
    assert session_agenda.current_version.uploaded_at > timezone.now() - timedelta(hours=1)
