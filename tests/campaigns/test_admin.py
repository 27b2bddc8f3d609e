"""The secretariat's review in admin: the list by state, publish and return with a comment, the
flags, corrections saved through the services; a refusal is a message, never a 500."""
import pytest

from campaigns.models import Campaign, Review
from portal.models import AuditEntry
from portal.notifications.models import Notification
from tests.campaigns.factories import add_kpi, make_campaign, make_theme

pytestmark = pytest.mark.django_db

CHANGELIST = "/en/admin/campaigns/campaign/"


def action(client, name, campaigns, comment=""):
    return client.post(CHANGELIST, {"action": name, "_selected_action": [c.pk for c in campaigns], "comment": comment}, follow=True)


def test_admin_pages_open_and_list_by_state(login_as, secretariat, entity):
    case = make_campaign(entity, state="in_review", title_en='<script>alert(1)</script>')
    add_kpi(case)
    Review.objects.create(campaign=case, action="submitted", comment='"><img src=x onerror=alert(1)>')
    client = login_as(secretariat)
    listing = client.get(CHANGELIST, {"state__exact": "in_review"})
    assert listing.status_code == 200 and list(listing.context["cl"].result_list) == [case]
    change = client.get(f"{CHANGELIST}{case.pk}/change/")
    body = change.content.decode()
    assert change.status_code == 200
    assert "<script>alert(1)</script>" not in body and "<img src=x" not in body
    assert client.get("/en/admin/campaigns/theme/").status_code == 200
    # Cases come from their entities: admin neither adds nor deletes them.
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.get(f"{CHANGELIST}{case.pk}/delete/").status_code == 403


def test_publish_and_return_actions_write_through_the_services(login_as, secretariat, director, entity, run_tasks):
    first, second = make_campaign(entity, state="in_review", title_en="First"), make_campaign(entity, state="in_review", title_en="Second")
    client = login_as(secretariat)
    action(client, "publish", [first])
    action(client, "return_with_comments", [second], comment="أضيفوا النتائج")
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.state, second.state, second.review_comment) == ("published", "returned", "أضيفوا النتائج")
    assert sorted(Notification.objects.filter(recipient=director).values_list("kind", flat=True)) == ["campaigns.published", "campaigns.returned"]
    assert AuditEntry.objects.filter(target_type="campaigns.campaign", actor=secretariat).count() == 2


def test_a_refused_action_is_a_message_and_changes_nothing(login_as, secretariat, entity):
    draft = make_campaign(entity, state="draft", title_en="Draft")
    in_review = make_campaign(entity, state="in_review", title_en="In review")
    client = login_as(secretariat)
    response = action(client, "publish", [draft])
    assert response.status_code == 200 and "Only a case in review can be published." in response.content.decode()
    response = action(client, "return_with_comments", [in_review], comment="")
    assert response.status_code == 200 and "a returned case needs a comment" in response.content.decode()
    assert dict(Campaign.objects.values_list("title_en", "state")) == {"Draft": "draft", "In review": "in_review"}
    assert not Review.objects.exists()


def test_flags_actions(login_as, secretariat, entity):
    case = make_campaign(entity)
    client = login_as(secretariat)
    action(client, "mark_best_practice", [case])
    action(client, "feature", [case])
    case.refresh_from_db()
    assert (case.best_practice, case.featured) == (True, True)
    action(client, "unfeature", [case])
    assert not Campaign.objects.get(pk=case.pk).featured


def change_data(case, **extra):
    data = {
        "title_ar": case.title_ar, "title_en": case.title_en, "summary_ar": "ملخص", "summary_en": "", "status": case.status,
        "starts_on": "2023-03-01", "ends_on": "", "audiences": [], "channels": [], "themes": [], "partners": [],
        **{f"{name}_{lang}": "" for name in ("objectives", "insight", "strategy", "implementation", "results", "lessons", "awards") for lang in ("ar", "en")},
        "video_links": "", "kpis-TOTAL_FORMS": "0", "kpis-INITIAL_FORMS": "0", "reviews-TOTAL_FORMS": "0", "reviews-INITIAL_FORMS": "0",
    }
    data["objectives_ar"] = "أهداف"
    data.update(extra)
    return data


def test_publish_and_return_from_the_case_page(login_as, secretariat, director, entity):
    first = make_campaign(entity, state="in_review", title_en="First")
    second = make_campaign(entity, state="in_review", title_en="Second")
    client = login_as(secretariat)
    page = client.get(f"{CHANGELIST}{first.pk}/change/").content.decode()
    assert 'name="_publish"' in page and 'name="_return"' in page
    # Returning without a comment is a form error; nothing changes.
    response = client.post(f"{CHANGELIST}{second.pk}/change/", change_data(second, _return="1", title_en="Changed"))
    assert response.status_code == 200
    assert "a returned case needs a comment" in response.content.decode()
    assert Campaign.objects.get(pk=second.pk).title_en == "Second"
    response = client.post(f"{CHANGELIST}{second.pk}/change/", change_data(second, _return="1", comment_to_entity="أضيفوا المصادر"))
    assert response.status_code == 302
    response = client.post(f"{CHANGELIST}{first.pk}/change/", change_data(first, _publish="1", title_en="First, corrected"))
    assert response.status_code == 302
    assert dict(Campaign.objects.values_list("pk", "state")) == {first.pk: "published", second.pk: "returned"}
    assert Campaign.objects.get(pk=first.pk).title_en == "First, corrected"
    assert Campaign.objects.get(pk=second.pk).review_comment == "أضيفوا المصادر"
    # A published case has no review buttons, and a forged one is a form error.
    assert 'name="_publish"' not in client.get(f"{CHANGELIST}{first.pk}/change/").content.decode()
    response = client.post(f"{CHANGELIST}{first.pk}/change/", change_data(first, _return="1", comment_to_entity="x"))
    assert response.status_code == 200 and Campaign.objects.get(pk=first.pk).state == "published"


def test_change_form_saves_through_the_services(login_as, secretariat, entity, other_entity):
    case = make_campaign(entity, state="in_review", channels=["tv"])
    theme = make_theme()
    client = login_as(secretariat)
    data = {
        "title_ar": "حملة مصححة", "title_en": "Corrected", "summary_ar": "ملخص", "summary_en": "", "status": "completed",
        "starts_on": "2023-03-01", "ends_on": "", "audiences": ["youth"], "channels": ["tv", "radio"],
        "themes": [theme.pk], "partners": [other_entity.pk], "best_practice": "on", "state": "published",
        **{f"{name}_{lang}": "" for name in ("objectives", "insight", "strategy", "implementation", "results", "lessons", "awards") for lang in ("ar", "en")},
        "video_links": "",
        "kpis-TOTAL_FORMS": "0", "kpis-INITIAL_FORMS": "0", "reviews-TOTAL_FORMS": "0", "reviews-INITIAL_FORMS": "0",
    }
    data["objectives_ar"] = "أهداف"
    response = client.post(f"{CHANGELIST}{case.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    case.refresh_from_db()
    assert (case.title_en, case.channels, case.audiences, case.best_practice, case.state) == ("Corrected", ["tv", "radio"], ["youth"], True, "in_review")
    assert list(case.themes.all()) == [theme] and list(case.partners.all()) == [other_entity]
    # A bad value is a form error, nothing stored.
    response = client.post(f"{CHANGELIST}{case.pk}/change/", {**data, "ends_on": "2020-01-01", "video_links": "javascript:x"})
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"ends_on", "video_links"}
    assert Campaign.objects.get(pk=case.pk).ends_on is None
