"""The workflow of a case through the services: every transition, the illegal ones refused with a
translated message and nothing stored, the audit entries, and who is told (e-mails included)."""
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from campaigns import notifications, services
from campaigns.models import Campaign, Kpi, Review
from portal import fragments
from portal.models import AuditEntry
from portal.notifications.models import Notification
from tests.campaigns.factories import make_campaign, make_theme

pytestmark = pytest.mark.django_db

CASE = {
    "title_ar": "دبي تستطيع", "title_en": "Dubai Can", "summary_ar": "حملة للحد من القوارير البلاستيكية",
    "summary_en": "Fewer plastic bottles", "objectives_ar": "الحد من البلاستيك", "objectives_en": "Less plastic",
    "starts_on": date(2022, 2, 15), "status": "running", "channels": ["instagram", "outdoor"], "audiences": ["residents"],
}


REFUSALS = {
    "publish": "Only a case in review can be published.",
    "return": "Only a case in review can be returned.",
    "submit": "Only a draft or a returned case can be submitted for review.",
}


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def audit_states(campaign):
    return [entry.details.get("state") for entry in AuditEntry.objects.filter(target_type="campaigns.campaign", target_id=str(campaign.pk)).order_by("pk")]


@pytest.fixture
def draft(director, entity, other_entity):
    return services.campaign_create(
        owner=entity, data=CASE, acting_user=director, themes=[make_theme()], partners=[other_entity, entity],
        kpis=[{"metric_ar": "الوصول", "metric_en": "Reach", "target": 100, "achieved": 150}],
    )


def test_a_draft_is_created_with_its_themes_partners_and_kpis(draft, director, entity, other_entity):
    draft.refresh_from_db()
    assert (draft.state, draft.owner, draft.created_by, draft.channels, draft.audiences) == (
        "draft", entity, director, ["instagram", "outdoor"], ["residents"])
    # The owner is not its own partner.
    assert list(draft.partners.all()) == [other_entity]
    assert [(kpi.metric_en, kpi.target, kpi.achieved) for kpi in draft.kpis.all()] == [("Reach", 100, 150)]
    assert AuditEntry.objects.filter(action="created", target_id=str(draft.pk), actor=director).count() == 1


def test_someone_of_another_entity_cannot_write_for_it(other_director, entity, guest, draft):
    with pytest.raises(PermissionDenied):
        services.campaign_create(owner=entity, data=CASE, acting_user=other_director)
    with pytest.raises(PermissionDenied):
        services.campaign_update(campaign=draft, data={"title_en": "Taken"}, acting_user=other_director)
    with pytest.raises(PermissionDenied):
        services.campaign_submit(campaign=draft, acting_user=guest)
    assert Campaign.objects.count() == 1 and Campaign.objects.get().title_en == "Dubai Can"


def test_submit_return_resubmit_publish_and_who_is_told(draft, director, team_member, secretariat, other_director, deliver):
    with deliver():
        services.campaign_submit(campaign=draft, acting_user=team_member)
    assert Campaign.objects.get().state == "in_review"
    assert told(notifications.SUBMITTED) == ["secretariat@test.gcn.ae"]
    assert [message.to for message in mail.outbox] == [["secretariat@test.gcn.ae"]]

    with deliver():
        services.campaign_return(campaign=draft, comment="أضيفوا مصدر أرقام الوصول", acting_user=secretariat)
    draft.refresh_from_db()
    assert (draft.state, draft.review_comment) == ("returned", "أضيفوا مصدر أرقام الوصول")
    # The owner entity's director and team, not the other entity.
    assert told(notifications.RETURNED) == ["director@test.gcn.ae", "team@test.gcn.ae"]
    returned_mail = [message for message in mail.outbox if message.to == ["team@test.gcn.ae"]][0]
    assert "أضيفوا مصدر أرقام الوصول" in returned_mail.body

    services.campaign_update(campaign=draft, data={"summary_en": "Fewer bottles, with sources"}, acting_user=director)
    services.campaign_submit(campaign=draft, acting_user=director)
    with deliver():
        services.campaign_publish(campaign=draft, acting_user=secretariat)
    draft.refresh_from_db()
    assert (draft.state, draft.review_comment) == ("published", "")
    assert draft.published_at is not None
    assert told(notifications.PUBLISHED) == ["director@test.gcn.ae", "team@test.gcn.ae"]
    assert [review.action for review in Review.objects.filter(campaign=draft)] == ["submitted", "returned", "submitted", "published"]
    assert [state for state in audit_states(draft) if state] == [
        {"old": "draft", "new": "in_review"}, {"old": "in_review", "new": "returned"},
        {"old": "returned", "new": "in_review"}, {"old": "in_review", "new": "published"},
    ]
    with translation.override("en"):
        notification = Notification.objects.get(kind=notifications.PUBLISHED, recipient=director)
        assert notification.title == "Your campaign case is published in Al Multaqa: Dubai Can"
    with translation.override("ar"):
        assert notification.title.endswith("دبي تستطيع")


@pytest.mark.parametrize(("state", "write"), [
    ("draft", "publish"), ("draft", "return"), ("returned", "publish"), ("published", "publish"),
    ("published", "return"), ("in_review", "submit"), ("published", "submit"),
])
def test_illegal_transitions_are_refused_and_change_nothing(entity, director, secretariat, state, write):
    campaign = make_campaign(entity, state=state)
    calls = {
        "publish": lambda: services.campaign_publish(campaign=campaign, acting_user=secretariat),
        "return": lambda: services.campaign_return(campaign=campaign, comment="لا", acting_user=secretariat),
        "submit": lambda: services.campaign_submit(campaign=campaign, acting_user=director),
    }
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        calls[write]()
    # The message is the translatable one (its Arabic is in the catalogue the lead merges).
    assert refusal.value.messages == [REFUSALS[write]]
    assert Campaign.objects.get(pk=campaign.pk).state == state
    assert not Review.objects.exists() and not Notification.objects.exists()
    assert not AuditEntry.objects.filter(target_type="campaigns.campaign").exists()


def test_only_the_secretariat_reviews_and_a_return_needs_a_comment(entity, director, secretariat):
    campaign = make_campaign(entity, state="in_review")
    for write in (services.campaign_publish, services.campaign_return):
        with pytest.raises(PermissionDenied):
            write(campaign=campaign, acting_user=director, **({"comment": "x"} if write is services.campaign_return else {}))
    with pytest.raises(PermissionDenied):
        services.campaign_set_flags(campaign=campaign, best_practice=True, acting_user=director)
    with translation.override("en"), pytest.raises(ValidationError, match="needs a comment"):
        services.campaign_return(campaign=campaign, comment="   ", acting_user=secretariat)
    assert Campaign.objects.get(pk=campaign.pk).state == "in_review"


def test_an_incomplete_case_cannot_be_submitted(entity, director):
    campaign = make_campaign(entity, state="draft", summary_ar="", summary_en="", objectives_ar="", objectives_en="")
    with translation.override("en"), pytest.raises(ValidationError, match="Add a summary and the objectives"):
        services.campaign_submit(campaign=campaign, acting_user=director)
    assert Campaign.objects.get(pk=campaign.pk).state == "draft"


def test_a_case_in_review_waits_for_the_secretariat(entity, director, secretariat):
    campaign = make_campaign(entity, state="in_review")
    with pytest.raises(ValidationError):
        services.campaign_update(campaign=campaign, data={"title_en": "Changed"}, acting_user=director)
    assert Campaign.objects.get(pk=campaign.pk).title_en == "A campaign"
    # The secretariat may correct it while reviewing.
    services.campaign_update(campaign=campaign, data={"title_en": "Corrected"}, acting_user=secretariat)
    assert Campaign.objects.get(pk=campaign.pk).title_en == "Corrected"


def test_updating_a_published_case_re_enters_review(entity, director, secretariat, deliver):
    campaign = make_campaign(entity)
    with deliver():
        services.campaign_update(campaign=campaign, data={"results_en": "Better than expected"}, acting_user=director,
                                 kpis=[{"metric_ar": "الوصول", "target": 10, "achieved": 12}])
    campaign.refresh_from_db()
    assert campaign.state == "in_review" and campaign.submitted_at is not None
    assert told(notifications.SUBMITTED) == ["secretariat@test.gcn.ae"]
    assert Review.objects.get(campaign=campaign).action == "resubmitted"
    assert Kpi.objects.get(campaign=campaign).achieved == 12


def test_without_review_of_updates_a_published_case_stays_published(entity, director, settings):
    settings.CAMPAIGNS_REVIEW_UPDATES = False
    campaign = make_campaign(entity)
    services.campaign_update(campaign=campaign, data={"results_en": "Better"}, acting_user=director)
    campaign.refresh_from_db()
    assert (campaign.state, campaign.results_en) == ("published", "Better")
    assert not Notification.objects.exists()


def test_an_update_that_changes_nothing_does_not_re_enter_review(entity, director):
    campaign = make_campaign(entity)
    services.campaign_update(campaign=campaign, data={"title_en": "A campaign"}, acting_user=director, kpis=[])
    assert Campaign.objects.get(pk=campaign.pk).state == "published"


def test_invalid_data_is_refused_with_nothing_stored(entity, director):
    campaign = make_campaign(entity, state="draft")
    with pytest.raises(ValidationError) as refusal:
        services.campaign_update(campaign=campaign, data={"ends_on": date(2020, 1, 1), "video_links": "javascript:alert(1)"},
                                 acting_user=director)
    assert set(refusal.value.error_dict) == {"ends_on", "video_links"}
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.ends_on, stored.video_links) == (None, "")


def test_flags_are_set_and_audited(entity, secretariat):
    campaign = make_campaign(entity)
    services.campaign_set_flags(campaign=campaign, best_practice=True, featured=True, acting_user=secretariat)
    campaign.refresh_from_db()
    assert (campaign.best_practice, campaign.featured) == (True, True)
    entry = AuditEntry.objects.get(target_type="campaigns.campaign", target_id=str(campaign.pk))
    assert entry.details["best_practice"] == {"old": False, "new": True}


def test_views_are_counted_for_published_cases_only(entity):
    published, draft = make_campaign(entity), make_campaign(entity, state="draft")
    for campaign in (published, published, draft):
        services.campaign_record_view(campaign=campaign)
    assert Campaign.objects.get(pk=published.pk).view_count == 2
    assert Campaign.objects.get(pk=draft.pk).view_count == 0


def test_a_counted_view_keeps_the_home_panels_kept(entity):
    # Every user's kept panels and sections hang on the data version (portal.fragments); none shows views.
    published = make_campaign(entity)
    before = fragments.data_version()
    services.campaign_record_view(campaign=published)
    assert (fragments.data_version(), Campaign.objects.get(pk=published.pk).view_count) == (before, 1)


def test_injection_in_a_title_is_inert_in_notifications_and_their_e_mails(entity, director, secretariat, deliver, login_as):
    campaign = make_campaign(entity, state="draft", title_en='<script>alert(1)</script>', title_ar='"><img src=x onerror=alert(1)>')
    with deliver():
        services.campaign_submit(campaign=campaign, acting_user=director)
    (message,) = mail.outbox
    (html, _mimetype), = message.alternatives
    # The HTML part (Arabic: the reader's language) carries the title escaped; the plain-text part is
    # text, shown as text by mail programs.
    from django.utils.html import escape

    assert escape(campaign.title_ar) in html
    assert "<script>" not in html and "<img src=x" not in html
    page = login_as(secretariat).get("/en/notifications/").content.decode()
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
