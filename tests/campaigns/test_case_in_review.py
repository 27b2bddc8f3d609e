"""A case in review can be edited by nobody until the secretariat returns or publishes it: its form
and its gallery manager send its entity back to its page with the same warning and change nothing
(campaigns.views.case_to_edit). Who may open either page at all is the access matrix's
(tests/portal/test_access_matrix.py)."""
import pytest

from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db

WARNING = "This case is being reviewed by the secretariat: it can be edited again once it is returned or published."


@pytest.mark.parametrize("page", ["edit", "gallery"])
def test_a_case_in_review_sends_its_entity_back_to_its_page(login_as, director, entity, page):
    campaign = make_campaign(entity, state="in_review", title_en="In review")
    client = login_as(director)
    response = client.get(f"/en/campaigns/{campaign.pk}/{page}/")
    assert response.status_code == 302 and response["Location"] == f"/en/campaigns/{campaign.pk}/"
    followed = client.get(response["Location"])
    assert [str(message) for message in followed.context["messages"]] == [WARNING]
    posted = client.post(f"/en/campaigns/{campaign.pk}/{page}/", {"action": "save", "title_en": "Changed"})
    assert posted.status_code == 302 and posted["Location"] == f"/en/campaigns/{campaign.pk}/"
    campaign.refresh_from_db()
    assert (campaign.title_en, campaign.state) == ("In review", "in_review")

