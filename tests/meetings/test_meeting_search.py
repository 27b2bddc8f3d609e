"""Meetings in the one search index: meetings and their agenda items, found by whoever sees the
meeting (a guest only within their own meeting)."""
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from meetings.models import AgendaItem, Meeting
from portal import search

pytestmark = pytest.mark.django_db


def make_meeting(title_en, guests=(), **extra):
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(title_ar=f"اجتماع {title_en}", title_en=title_en, starts_at=start,
                                     ends_at=start + timedelta(hours=2), **extra)
    meeting.guests.set(guests)
    return meeting


def found(user, text, kind=""):
    with translation.override("en"):
        return [(hit.kind, hit.title, hit.url) for hit in search.search(user, text, kind=kind).hits]


@pytest.fixture
def agenda(guest, other_entity):
    theirs = make_meeting("Volunteering forum", guests=[guest])
    other = make_meeting("Closed network meeting")
    visible = AgendaItem.objects.create(
        meeting=theirs, position=1, title_ar="برنامج التطوع قبل مؤتمر الأطراف", title_en="Volunteering programme ahead of COP28",
        presenter_guest_ar="جمعية الإمارات للطبيعة", presenter_guest_en="Emirates Nature–WWF",
    )
    hidden = AgendaItem.objects.create(
        meeting=other, position=1, title_ar="حملة الأكياس البلاستيكية", title_en="Single-use plastic bag campaign",
        presenter_entity=other_entity, description_en="Tariff from 1 July 2022, volunteering teams",
    )
    return theirs, other, visible, hidden


def test_members_find_agenda_items_in_both_languages(director, agenda):
    theirs, other, visible, hidden = agenda
    assert ("meetings-agenda", "Single-use plastic bag campaign", f"/en/meetings/{other.pk}/") in found(director, "plastic")
    assert ("meetings-agenda", "Single-use plastic bag campaign", f"/en/meetings/{other.pk}/") in found(director, "الأكياس")
    # The presenter and the meeting are in the subtitle.
    with translation.override("en"):
        (hit,) = [hit for hit in search.search(director, "plastic").hits if hit.kind == "meetings-agenda"]
    assert "Dubai Municipality" in hit.subtitle and "Closed network meeting" in hit.subtitle


def test_a_guest_finds_the_agenda_of_their_meeting_only(guest, agenda):
    theirs, other, visible, hidden = agenda
    assert sorted(kind for kind, _title, _url in found(guest, "volunteering")) == ["meetings", "meetings-agenda"]
    urls = {url for _kind, _title, url in found(guest, "volunteering")}
    assert urls == {f"/en/meetings/{theirs.pk}/"}  # the other meeting's item mentions volunteering too
    assert found(guest, "plastic") == []


def test_renaming_a_meeting_updates_its_agenda_items_subtitles(director, agenda):
    theirs, other, visible, hidden = agenda
    other.title_en = "Sustainability meeting"
    other.save(update_fields=["title_en"])
    with translation.override("en"):
        (hit,) = [hit for hit in search.search(director, "plastic").hits if hit.kind == "meetings-agenda"]
    assert "Sustainability meeting" in hit.subtitle


def test_a_deleted_agenda_item_leaves_the_index(director, agenda):
    theirs, other, visible, hidden = agenda
    hidden.delete()
    assert [kind for kind, _title, _url in found(director, "plastic")] == []


def test_a_guest_finds_only_their_meetings_shared_documents_and_hears_of_them(guest, director, secretariat, deliver, agenda):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings import notifications
    from portal.documents.services import document_upload
    from portal.notifications.models import Notification
    from tests.portal.test_documents_support import pdf_bytes

    theirs, other, visible, hidden = agenda
    theirs.rsvps.create(person=guest, response="attending")

    def upload(owner, title, shared):
        with deliver():
            return document_upload(owner=owner, upload=SimpleUploadedFile(f"{title}.pdf", pdf_bytes(), "application/pdf"),
                                   title=title, kind="presentation", language="en", shared_with_guests=shared,
                                   acting_user=secretariat)

    upload(visible, "Volunteering slides shared", True)
    upload(theirs, "Volunteering budget internal", False)
    upload(other, "Volunteering plan of another meeting", True)

    titles = {title for kind, title, _url in found(guest, "volunteering", kind="documents")}
    assert titles == {"Volunteering slides shared"}
    assert {title for kind, title, _url in found(director, "volunteering", kind="documents")} == {
        "Volunteering slides shared", "Volunteering budget internal", "Volunteering plan of another meeting",
    }
    told = Notification.objects.filter(kind=notifications.DOCUMENT_ADDED, recipient=guest)
    with translation.override("en"):
        assert [str(n.title) for n in told] == ["New document: Volunteering slides shared"]
