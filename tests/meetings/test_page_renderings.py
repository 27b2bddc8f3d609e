"""The meeting page keeps the members' record (attendance, decisions and action items, minutes)
under the data version (portal.fragments.kept), and writes its documents panels and agenda as
strings. A kept record must follow every change to what it shows and the day the comments close,
and the minutes' comment form must carry each viewer's own CSRF token."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from meetings import services
from meetings.models import ActionItem, MinutesComment
from portal.documents.models import Document
from portal.forms import CSRF_STAND_IN
from portal.documents.services import document_replace, document_update, document_upload
from tests.conftest import make_user
from tests.meetings.page_data import action, add_agenda, make_meeting, publish_minutes
from tests.portal.test_uploads import pdf_bytes

pytestmark = pytest.mark.django_db


def _page(client, meeting, language="en"):
    response = client.get(f"/{language}/meetings/{meeting.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _without_tokens(page):
    """The page without its CSRF tokens, masked afresh for each response."""
    return re.sub(r'(csrfmiddlewaretoken" value|csrf-token" content)="[^"]+"', "", page)


def test_a_document_item_follows_its_new_title_and_version(login_as, secretariat, director):
    meeting = make_meeting("Forum")
    document = document_upload(owner=meeting, upload=SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf"), title="Old title",
                               kind="agenda", language="en", acting_user=secretariat)
    client = login_as(director)
    first = _page(client, meeting)
    assert "Old title" in first and "version 1" in first
    assert _without_tokens(_page(client, meeting)) == _without_tokens(first)  # the record read back from the cache: the same page
    document_update(document=document, data={"title": "New title"}, acting_user=secretariat)
    document_replace(document=document, upload=SimpleUploadedFile("b.pdf", pdf_bytes(), "application/pdf"), acting_user=secretariat)
    page = _page(client, meeting)
    assert "Old title" not in page and "New title" in page
    assert "version 2" in page and "version 1" not in page


def test_the_kept_record_follows_an_action_item_closed_and_a_new_comment(login_as, secretariat, director, team_member):
    meeting = make_meeting("Forum", -2)
    item = action(meeting, "Share the media kit")
    minutes = publish_minutes(meeting, secretariat)
    client = login_as(director)
    before = _page(client, meeting)
    assert re.search(r'<span class="badge text-bg-warning">Open</span>', before)
    services.action_item_set_status(item=item, status=ActionItem.Status.DONE, acting_user=secretariat)
    MinutesComment.objects.create(minutes=minutes, author=team_member, text="Please add the dates.")
    after = _page(client, meeting)
    assert re.search(r'<span class="badge text-bg-light">Done</span>', after)
    assert "text-bg-warning\">Open</span>" not in after
    assert "Please add the dates." in after and "Please add the dates." not in before


def _checking_csrf(person):
    """A browser of `person` whose posts must carry a valid CSRF token, as a real one's must."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(person, backend="members.backends.AuthenticationBackend")
    return client


def test_each_member_comments_on_the_minutes_with_their_own_csrf_token(secretariat, director, entity):
    meeting = make_meeting("Forum", -2)
    minutes = publish_minutes(meeting, secretariat)
    colleague = make_user("colleague@size.test", "director", entity, name_en="Colleague")
    for person, text in ((director, "First comment"), (colleague, "Second comment")):
        client = _checking_csrf(person)
        page = _page(client, meeting)
        # The record was drawn for the first member and read back from the cache for the second.
        form = re.search(r'<form method="post" action="([^"]+)" id="minutes-comment-form"><input type="hidden" '
                         r'name="csrfmiddlewaretoken" value="([^"]+)">', page)
        assert form and form.group(2) != CSRF_STAND_IN
        response = client.post(form.group(1), {"text": text, "csrfmiddlewaretoken": form.group(2)})
        assert response.status_code == 302
    assert list(minutes.comments.order_by("pk").values_list("author_id", "text")) == [
        (director.pk, "First comment"), (colleague.pk, "Second comment"),
    ]


def test_each_member_uploads_through_kept_panels_with_their_own_csrf_token(secretariat, director, entity):
    """The documents panels are kept for every member who sees the same documents and may upload
    to the same places: drawn for the first member, read back for the second, the page's upload
    form (the meeting's; the agenda items link to their upload pages) must carry the page's own token."""
    meeting = make_meeting("Forum")
    add_agenda(meeting, entity=entity)
    colleague = make_user("colleague@size.test", "director", entity, name_en="Colleague")
    for person, title in ((director, "First upload"), (colleague, "Second upload")):
        client = _checking_csrf(person)
        page = _page(client, meeting)
        forms = re.findall(r'<form method="post" action="([^"]+/documents/add/[^"]*)"[^>]*>\s*<input type="hidden" '
                           r'name="csrfmiddlewaretoken" value="([^"]+)">', page)
        assert len(forms) == 1  # the meeting's panel's
        assert CSRF_STAND_IN not in page
        action, token = forms[0]
        response = client.post(action, {
            "file": SimpleUploadedFile("slides.pdf", pdf_bytes(), "application/pdf"), "title": title,
            "kind": "presentation", "language": "en", "csrfmiddlewaretoken": token,
        })
        assert response.status_code == 302, response.content.decode()[:500]
    assert list(Document.objects.order_by("pk").values_list("uploaded_by_id", "title")) == [
        (director.pk, "First upload"), (colleague.pk, "Second upload"),
    ]


def test_the_record_is_read_back_until_the_next_write(login_as, secretariat, director, django_assert_num_queries):
    """Asked again with nothing written since, the page reads the session's user and the meeting
    with the viewer's own reply: the record (three queries), the agenda, the campaigns presented and
    the documents are read back from what the first view kept."""
    meeting = make_meeting("Forum", -2)
    add_agenda(meeting)
    action(meeting, "Share the media kit")
    publish_minutes(meeting, secretariat)
    client = login_as(director)
    first = _page(client, meeting)
    with django_assert_num_queries(2):
        again = _page(client, meeting)
    assert _without_tokens(again) == _without_tokens(first)
    action(meeting, "Publish the calendar")
    assert "Publish the calendar" in _page(client, meeting)


def test_the_kept_record_closes_the_comment_form_on_the_next_day(login_as, secretariat, director, monkeypatch):
    """The day is part of the record's key: a record kept while comments were open is not served
    once the last day for comments has passed, though nothing was written."""
    from datetime import timedelta

    from django.utils import timezone

    meeting = make_meeting("Forum", -2)
    today = timezone.localdate()
    publish_minutes(meeting, secretariat, comments_until=today)
    client = login_as(director)
    assert 'id="minutes-comment-form"' in _page(client, meeting)
    tomorrow = today + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert 'id="minutes-comment-form"' not in _page(client, meeting)


def test_the_minutes_and_their_comments_read_together_are_what_two_queries_gave(secretariat, director, team_member):
    """meetings.views reads a meeting's minutes and the comments on the newest version in one query:
    the same versions, and the same visible comments in the same order, as reading them apart. Hidden
    comments and comments on an earlier version are left out; a version without comments is kept."""
    from meetings.models import Minutes
    from meetings.views import _minutes_and_comments

    meeting = make_meeting("Forum", -2)
    assert _minutes_and_comments(meeting) == ([], [])
    first = publish_minutes(meeting, secretariat)
    MinutesComment.objects.create(minutes=first, author=director, text="On the first version")
    newest = Minutes.objects.create(meeting=meeting, version=2, text_en="Corrected", status=Minutes.Status.FOR_COMMENT)
    assert [version.pk for version in _minutes_and_comments(meeting)[0]] == [newest.pk, first.pk]
    assert _minutes_and_comments(meeting)[1] == []
    for author, text, hidden in ((team_member, "Second", False), (director, "Hidden", True), (director, "Third <b>", False)):
        MinutesComment.objects.create(minutes=newest, author=author, text=text, hidden=hidden)
    versions, comments = _minutes_and_comments(meeting)
    expected = list(MinutesComment.objects.filter(minutes=newest, hidden=False).select_related("author").order_by("created_at", "pk"))
    assert [version.pk for version in versions] == list(Minutes.objects.filter(meeting=meeting).order_by("-version").values_list("pk", flat=True))
    assert [(c.pk, c.minutes_id, c.text, c.created_at, c.author.pk, c.author.name) for c in comments] == [
        (c.pk, c.minutes_id, c.text, c.created_at, c.author.pk, c.author.name) for c in expected
    ]
    assert [c.text for c in comments] == ["Second", "Third <b>"]


def _reply_form(page):
    return re.search(r'<form method="post" action="[^"]+/rsvp/" id="rsvp-form">.*?</form>', page, re.S).group(0)


def test_each_viewer_gets_their_own_reply_form_kept_and_its_token_is_accepted(secretariat, director, team_member, other_director, entity):
    """The reply form is kept for the viewers it is the same for: each one's reply checked, each
    member offered their own colleagues (not themselves), the secretariat none; and each page's
    token in it, as the post with it shows."""
    meeting = make_meeting("Soon", 3)
    colleague = make_user("colleague@size.test", "director", entity, name_en="Colleague")
    forms = {}
    for person in (director, colleague, other_director, secretariat, director):
        client = _checking_csrf(person)
        forms[person.pk] = form = _reply_form(_page(client, meeting))
        assert CSRF_STAND_IN not in form
    offered = {pk: re.findall(r'<option value="(\d+)"', form) for pk, form in forms.items()}
    assert sorted(offered[director.pk]) == sorted([str(colleague.pk), str(team_member.pk)])
    assert str(director.pk) in offered[colleague.pk] and str(colleague.pk) not in offered[colleague.pk]
    assert offered[other_director.pk] == [] and 'name="delegate"' not in forms[secretariat.pk]
    # The director replies with the token of their page's form; the form then shows their reply checked.
    client = _checking_csrf(director)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _reply_form(_page(client, meeting))).group(1)
    response = client.post(f"/en/meetings/{meeting.pk}/rsvp/", {"response": "maybe", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert re.search(r'<input type="radio" name="response" value="maybe"[^>]* checked', _reply_form(_page(client, meeting)))
    assert not re.search(r'value="maybe"[^>]* checked', _reply_form(_page(_checking_csrf(colleague), meeting)))
