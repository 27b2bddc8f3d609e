"""A director replies to a meeting in Arabic, uploads a presentation to an agenda item while the
progress bar shows, and downloads it; the guest sees only the meeting they are invited to."""
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import AgendaItem, Meeting, Rsvp
from portal.documents.models import Document
from tests.browser.test_login_and_language import sign_in
from tests.portal.test_uploads import pdf_bytes

pytestmark = pytest.mark.browser

# Records whether the upload's progress bar was shown and the last percentage it said: a small file
# uploads faster than a check after the click could see it, and the page then reloads to show the
# new document (hence sessionStorage, which outlives the reload).
WATCH_PROGRESS = """() => {
  sessionStorage.removeItem("progressShown");
  sessionStorage.removeItem("progressText");
  const box = document.querySelector(".upload-progress");
  new MutationObserver(() => {
    if (box.hidden) return;
    sessionStorage.setItem("progressShown", "yes");
    sessionStorage.setItem("progressText", box.querySelector("[aria-live]").textContent);
  }).observe(box, {attributes: true, childList: true, characterData: true, subtree: true});
}"""


def make_meeting(title_ar, title_en, days, **fields):
    start = timezone.now() + timedelta(days=days)
    return Meeting.objects.create(title_ar=title_ar, title_en=title_en, starts_at=start, ends_at=start + timedelta(hours=2), **fields)


def test_director_replies_uploads_and_downloads_and_the_guest_sees_only_their_meeting(page, director, guest, entity):
    meeting = make_meeting("اجتماع الشبكة الأول", "First network meeting", 5, host=entity)
    item = AgendaItem.objects.create(meeting=meeting, position=1, title_ar="نتائج حملة دبي تقدر", title_en="Dubai Can results",
                                     presenter_entity=entity)
    guest_meeting = make_meeting("جلسة مع الضيف", "Session with the guest", 8)
    guest_meeting.guests.add(guest)

    sign_in(page, director.email)
    page.goto(f"/ar/meetings/{meeting.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_contain_text("اجتماع الشبكة الأول")

    form = page.locator("#rsvp-form")
    form.locator("input[name=response][value=attending]").check()
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/ar/meetings/{meeting.pk}/#rsvp$"))
    expect(page.locator("#my-reply .reply-attending")).to_be_visible()
    assert list(Rsvp.objects.values_list("person", "response")) == [(director.pk, "attending")]

    # The item's "Add a document" opens its upload page; the upload comes back to the item.
    page.locator(f"#agenda-item-{item.pk} .documents-panel a.document-upload-link").click()
    expect(page.locator("h1")).to_have_text("إضافة مستند")
    expect(page.locator(".breadcrumb")).to_contain_text("نتائج حملة دبي تقدر")
    page.evaluate(WATCH_PROGRESS)
    form = page.locator("form[data-upload-progress]")
    form.locator("input[type=file]").set_input_files(
        {"name": "عرض دبي تقدر.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
    )
    form.locator("select[name=kind]").select_option("presentation")
    form.locator("input[name=title]").fill("عرض نتائج الحملة")
    form.locator("button[type=submit]").click()
    # The answer is the meeting's address with #agenda-item-N, where the new document shows.
    expect(page).to_have_url(re.compile(rf"/ar/meetings/{meeting.pk}/#agenda-item-{item.pk}$"))
    expect(page.locator(f"#agenda-item-{item.pk} .document-title")).to_have_text("عرض نتائج الحملة")
    assert page.evaluate("location.hash") == f"#agenda-item-{item.pk}"
    assert page.evaluate("[sessionStorage.progressShown, sessionStorage.progressText]") == ["yes", "100%"]
    document = Document.objects.get()
    assert (document.owner_id, document.kind, document.uploaded_by) == (item.pk, "presentation", director)

    with page.expect_download() as download_info:
        page.locator(f"#agenda-item-{item.pk} .document-title").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == pdf_bytes()

    page.context.clear_cookies()
    sign_in(page, guest.email)
    page.goto("/ar/meetings/")
    expect(page.locator(".meeting-list a")).to_have_text(["جلسة مع الضيف"])
    response = page.goto(f"/ar/meetings/{meeting.pk}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("اجتماع الشبكة الأول")
