"""A campaign's case study and creative files (portal.documents): its entity's people and the
secretariat upload; whoever sees the case sees them, and a draft's documents stay with its entity."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.documents.models import Document
from tests.campaigns.factories import make_campaign
from tests.portal.test_documents_support import pdf_bytes

pytestmark = pytest.mark.django_db


def post_document(client, campaign, title):
    return client.post(f"/en/documents/add/campaigns.campaign/{campaign.pk}/", {
        "file": SimpleUploadedFile("دراسة الحالة.pdf", pdf_bytes(), content_type="application/pdf"),
        "title": title, "kind": "case_study", "language": "both",
    })


def test_the_entity_uploads_the_case_study_and_members_see_it_once_published(login_as, team_member, other_director, entity):
    published = make_campaign(entity, title_en="Published")
    draft = make_campaign(entity, state="draft", title_en="Draft")
    client = login_as(team_member)
    assert post_document(client, published, "Dubai Can case study").status_code == 302
    assert post_document(client, draft, "Draft study").status_code == 302
    page = client.get(f"/en/campaigns/{published.pk}/").content.decode()
    assert "Dubai Can case study" in page and "/en/documents/add/campaigns.campaign/" in page

    other = login_as(other_director)
    body = other.get(f"/en/campaigns/{published.pk}/").content.decode()
    assert "Dubai Can case study" in body
    # Seen, not uploaded to: no upload form for another entity's case, and a post is refused.
    assert "/en/documents/add/campaigns.campaign/" not in body
    assert post_document(other, published, "Not mine").status_code == 403
    assert not Document.objects.filter(title="Not mine").exists()
    draft_document = Document.objects.get(title="Draft study")
    assert other.get(f"/en/documents/{draft_document.pk}/").status_code == 404
    assert sorted(Document.objects.visible_to(other_director).values_list("title", flat=True)) == ["Dubai Can case study"]


def test_a_case_documents_are_found_in_search_once_the_case_is_published(login_as, team_member, other_director, secretariat, entity):
    from django.utils import translation

    from campaigns import services
    from portal import search

    campaign = make_campaign(entity, state="in_review", title_en="Refill")
    post_document(login_as(team_member), campaign, "Refill stations study")

    def found(user):
        with translation.override("en"):
            return [hit.title for hit in search.search(user, "stations").hits if hit.kind == "documents"]

    assert found(other_director) == [] and found(team_member) == ["Refill stations study"]
    services.campaign_publish(campaign=campaign, acting_user=secretariat)
    assert found(other_director) == ["Refill stations study"]
    # Updated by its entity, the case is back in review: its documents leave the other entities' search.
    services.campaign_update(campaign=campaign, data={"title_en": "Refill, updated"}, acting_user=team_member)
    assert found(other_director) == [] and found(secretariat) == ["Refill stations study"]
