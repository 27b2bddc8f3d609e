"""Who sees and does what with campaign cases, for every role and state, and that the rules agree
with Campaign.objects.visible_to."""
import pytest

from campaigns.models import Campaign
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db

ROLES = ["secretariat", "director", "team", "other_director", "guest"]
MEMBERS = ["director", "other_director", "secretariat", "team"]
OWNERS_AND_SECRETARIAT = ["director", "secretariat", "team"]


def allowed(users, perm, obj=None):
    return sorted(role for role in ROLES if users[role].has_perm(perm, obj))


@pytest.fixture
def cases(entity):
    return {state: make_campaign(entity, state=state, title_en=f"Case {state}") for state in Campaign.State.values}


def test_published_cases_for_members_the_others_for_their_entity_and_the_secretariat(users, cases):
    assert allowed(users, "campaigns.view_campaign", cases["published"]) == MEMBERS
    for state in ("draft", "in_review", "returned"):
        assert allowed(users, "campaigns.view_campaign", cases[state]) == OWNERS_AND_SECRETARIAT, state
    # The rule and the queryset agree for every role and case; anonymous and inactive see nothing.
    for role in ROLES:
        user = users[role]
        for campaign in cases.values():
            assert user.has_perm("campaigns.view_campaign", campaign) == Campaign.objects.visible_to(user).filter(pk=campaign.pk).exists(), (role, campaign.state)
    from django.contrib.auth.models import AnonymousUser

    assert not Campaign.objects.visible_to(AnonymousUser()).exists()
    director = users["director"]
    director.is_active = False
    assert not Campaign.objects.visible_to(director).exists()
    assert not director.has_perm("campaigns.view_campaign", cases["draft"])


def test_exact_visible_sets(users, cases, other_entity):
    other_draft = make_campaign(other_entity, state="draft", title_en="Other draft")
    visible = {role: set(Campaign.objects.visible_to(users[role]).values_list("title_en", flat=True)) for role in ROLES}
    everything = {f"Case {state}" for state in Campaign.State.values}
    assert visible["secretariat"] == everything | {"Other draft"}
    assert visible["director"] == visible["team"] == everything
    assert visible["other_director"] == {"Case published", "Other draft"}
    assert visible["guest"] == set()
    assert other_draft.pk not in Campaign.objects.visible_to(users["director"]).values_list("pk", flat=True)


def test_writing_belongs_to_the_owner_entity_and_reviewing_to_the_secretariat(users, cases):
    assert allowed(users, "campaigns.create_campaign") == ["director", "other_director", "team"]
    assert allowed(users, "campaigns.edit_campaign", cases["published"]) == ["director", "team"]
    assert allowed(users, "campaigns.edit_campaign_now", cases["in_review"]) == []
    assert allowed(users, "campaigns.edit_campaign_now", cases["returned"]) == ["director", "team"]
    assert allowed(users, "campaigns.submit_campaign", cases["draft"]) == ["director", "team"]
    assert allowed(users, "campaigns.submit_campaign", cases["returned"]) == ["director", "team"]
    assert allowed(users, "campaigns.submit_campaign", cases["in_review"]) == []
    assert allowed(users, "campaigns.submit_campaign", cases["published"]) == []
    assert allowed(users, "campaigns.review_campaigns") == ["secretariat"]
    assert allowed(users, "campaigns.upload_campaign_documents", cases["draft"]) == OWNERS_AND_SECRETARIAT
    assert allowed(users, "campaigns.view_campaigns") == MEMBERS


def test_document_owner_follows_the_case(users, cases):
    from campaigns.documents import CAMPAIGN_OWNER

    assert set(CAMPAIGN_OWNER.visible_owners(users["other_director"])) == {cases["published"]}
    assert list(CAMPAIGN_OWNER.visible_owners(users["guest"])) == []
    assert sorted(role for role in ROLES if CAMPAIGN_OWNER.can_upload(users[role], cases["draft"])) == OWNERS_AND_SECRETARIAT
    assert [CAMPAIGN_OWNER.can_manage(users[role], None) for role in ROLES] == [True, False, False, False, False]
