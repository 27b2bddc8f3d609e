"""The meeting page works out its documents panels itself (meetings.views._agenda_and_documents: the
documents grouped once, the upload rule asked of each owner), yet must show exactly what the shared
panel (`{% documents_panel %}`) shows for the same owner and viewer: both are written by
portal.documents.panels."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.utils import translation

from portal.documents.models import Document
from portal.documents.services import document_upload, document_withdraw
from tests.meetings.page_data import add_agenda, make_meeting
from tests.portal.test_uploads import pdf_bytes

pytestmark = pytest.mark.django_db

PANEL = re.compile(r'<div class="documents-panel" id="(?P<id>[^"]+)">.*?\n</div>', re.S)


def _without_tokens(html):
    return re.sub(r'csrfmiddlewaretoken" value="[^"]+"', "", html)


def _panels(html):
    return {match["id"]: _without_tokens(match[0]) for match in PANEL.finditer(html)}


def _shared_panels(user, meeting, items, language):
    """Every panel of the meeting drawn by the shared template tag, as a page of another portal would:
    from Document instances, where the meeting page lists rows (ListedDocument)."""
    request = RequestFactory().get(f"/{language}/")
    request.user = user
    documents = list(Document.objects.for_owners([meeting, *items], visible_to=user))
    template = Template(
        "{% load documents %}{% documents_panel meeting documents None documents %}"
        "{% for item in items %}{% documents_panel item documents upload_form=False %}{% endfor %}"
    )
    with translation.override(language):
        for item in items:
            item.meeting = meeting
        return _panels(template.render(RequestContext(request, {"meeting": meeting, "items": items, "documents": documents})))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_meeting_page_shows_the_shared_documents_panel(login_as, secretariat, director, entity, language):
    meeting = make_meeting("Forum")
    items = add_agenda(meeting, entity=entity)
    upload = {"kind": "agenda", "language": "en", "acting_user": secretariat}
    document_upload(owner=meeting, upload=SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf"), title="Agenda <b>", shared_with_guests=True, **upload)
    withdrawn = document_upload(owner=meeting, upload=SimpleUploadedFile("b.pdf", pdf_bytes(), "application/pdf"), title="Old", **upload)
    document_withdraw(document=withdrawn, acting_user=secretariat)
    document_upload(owner=items[1], upload=SimpleUploadedFile("c.pdf", pdf_bytes(), "application/pdf"), title="Slides", **upload)
    shown = {}
    for user in (secretariat, director):
        page = login_as(user).get(f"/{language}/meetings/{meeting.pk}/")
        assert page.status_code == 200
        shown[user.pk] = on_page = _panels(page.content.decode())
        assert len(on_page) == 1 + len(items)
        assert on_page == _shared_panels(user, meeting, items, language)
    # The comparison covered what it is for: items (the withdrawn one, the secretariat's only) and forms.
    everything = "".join(shown[secretariat.pk].values())
    assert all(part in everything for part in ("document-withdrawn", 'class="document-upload"', "document-upload-link", "Slides", "Agenda &lt;b&gt;"))
    assert "document-withdrawn" not in "".join(shown[director.pk].values())



def test_the_page_carries_one_upload_form_and_each_agenda_item_a_link_to_its_upload_page(login_as, secretariat, entity):
    meeting = make_meeting("Forum")
    items = add_agenda(meeting, entity=entity)
    client = login_as(secretariat)
    html = client.get(f"/ar/meetings/{meeting.pk}/").content.decode()
    assert html.count("data-upload-progress") == 1
    assert f'action="/ar/documents/add/meetings.meeting/{meeting.pk}/"' in html
    assert len(re.findall(r'<script src="[^"]*upload-progress[^"]*\.js"', html)) == 1
    links = re.findall(r'<a class="btn btn-outline-primary document-upload-link" href="([^"]+)">', html)
    assert links == [f"/ar/documents/add/meetings.agendaitem/{item.pk}/" for item in items]
    # The link's page: the item named, its own form with the progress bar, and back to the item.
    upload_page = client.get(links[1])
    assert upload_page.status_code == 200
    page = upload_page.content.decode()
    assert items[1].title_ar in page and "data-upload-progress" in page and "<progress" in page
    response = client.post(links[1], {
        "file": SimpleUploadedFile("slides.pdf", pdf_bytes(), "application/pdf"), "title": "Slides",
        "kind": "presentation", "language": "ar",
    })
    assert response.status_code == 302
    assert response["Location"] == f"/ar/meetings/{meeting.pk}/#agenda-item-{items[1].pk}"
    assert list(Document.objects.values_list("owner_id", "title")) == [(items[1].pk, "Slides")]
