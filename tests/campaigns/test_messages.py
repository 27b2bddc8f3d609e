"""Strategic messages: published by the secretariat in admin (through the audited services), every
network member told in one background job (never a guest), the list and a message's page, the case
form's choice of messages and the case page, search and the home panel."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from campaigns import messages as strategic
from campaigns.models import Campaign, StrategicMessage
from portal.models import AuditEntry
from portal.notifications.models import Notification
from tests.campaigns.factories import make_campaign, make_theme

pytestmark = pytest.mark.django_db

ADD = "/en/admin/campaigns/strategicmessage/add/"


def make_message(title_en, *, valid_from=None, valid_until=None, theme=None, body_en="Say it clearly."):
    today = timezone.localdate()
    return StrategicMessage.objects.create(
        title_ar=f"رسالة {title_en}", title_en=title_en, body_ar="نص الرسالة", body_en=body_en, theme=theme,
        valid_from=valid_from or today - timedelta(days=10), valid_until=valid_until,
    )


def message_form(**overrides):
    today = timezone.localdate()
    return {
        "title_ar": "دبي مدينة الاستدامة", "title_en": "Dubai, a city of sustainability", "body_ar": "نص", "body_en": "Text",
        "theme": "", "valid_from": today.isoformat(), "valid_until": (today + timedelta(days=60)).isoformat(), **overrides,
    }


def test_the_secretariat_publishes_in_admin_and_every_member_is_told_but_no_guest(
    login_as, secretariat, director, team_member, other_director, guest, run_tasks,
):
    theme = make_theme()
    response = login_as(secretariat).post(ADD, message_form(theme=theme.pk))
    assert response.status_code == 302
    message = StrategicMessage.objects.get()
    assert (message.published_by, message.theme) == (secretariat, theme)
    assert AuditEntry.objects.filter(target_type="campaigns.strategicmessage", action="created", actor=secretariat).count() == 1
    # The fan-out is a job written with the message, not work done in the request.
    assert not Notification.objects.exists()
    run_tasks()
    told = set(Notification.objects.filter(kind=strategic.NEW_MESSAGE).values_list("recipient__email", flat=True))
    assert told == {director.email, team_member.email, other_director.email}  # not the guest, not the publisher
    notification = Notification.objects.filter(recipient=director).get()
    assert notification.url_name == "campaigns:message" and notification.url_args == [message.pk]


def test_the_fan_out_costs_the_same_queries_for_many_members(django_assert_num_queries, secretariat, entity, run_tasks):
    from tests.conftest import make_user

    counts = []
    for size in (3, 30):
        for index in range(size):
            make_user(f"m{size}-{index}@fan.test", "team", entity)
        message = make_message(f"Fan out {size}")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            result = strategic.notify_members.call(message.pk, secretariat.pk)
        counts.append(len(queries))
        assert result["notified"] >= size
    assert counts[0] == counts[1]


def test_admin_corrections_go_through_the_update_service_and_tell_nobody_again(login_as, secretariat, run_tasks):
    message = make_message("Old title", valid_until=timezone.localdate() + timedelta(days=30))
    client = login_as(secretariat)
    response = client.post(f"/en/admin/campaigns/strategicmessage/{message.pk}/change/", message_form(
        title_en="New title", valid_from=message.valid_from.isoformat(), valid_until=""))
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.title_en, message.valid_until) == ("New title", None)
    entry = AuditEntry.objects.get(target_type="campaigns.strategicmessage", action="updated")
    assert entry.details["fields"] == ["body_ar", "body_en", "title_ar", "title_en", "valid_until"]
    run_tasks()
    assert not Notification.objects.exists()


def test_bad_admin_input_is_a_form_error_and_nothing_is_stored(login_as, secretariat):
    today = timezone.localdate()
    response = login_as(secretariat).post(ADD, message_form(valid_until=(today - timedelta(days=1)).isoformat(), title_ar="x" * 300))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) >= {"title_ar", "valid_until"}
    assert not StrategicMessage.objects.exists()
    # Messages are given an end of validity, never deleted.
    message = make_message("Kept")
    assert login_as(secretariat).get(f"/en/admin/campaigns/strategicmessage/{message.pk}/delete/").status_code == 403


def test_only_the_secretariat_publishes(director):
    with pytest.raises(PermissionDenied):
        strategic.message_publish(data={"title_ar": "x", "body_ar": "y", "valid_from": date(2026, 1, 1)}, acting_user=director)


def test_the_list_shows_current_messages_first_then_past_and_filters_by_theme(login_as, director, guest):
    today = timezone.localdate()
    theme = make_theme()
    past = make_message("Past", valid_from=today - timedelta(days=90), valid_until=today - timedelta(days=1), theme=theme)
    current = make_message("Current", valid_from=today - timedelta(days=5))
    open_ended = make_message("Open ended", valid_from=today - timedelta(days=30), theme=theme)
    coming = make_message("Coming", valid_from=today + timedelta(days=5), valid_until=today + timedelta(days=50))
    client = login_as(director)
    page = client.get("/en/campaigns/messages/")
    assert page.context["current"] == [coming, current, open_ended] and page.context["past"] == [past]
    body = page.content.decode()
    assert body.index("Current messages") < body.index("Coming") < body.index("Past messages") < body.index(">Past<")
    filtered = client.get("/en/campaigns/messages/", {"theme": theme.pk})
    assert (filtered.context["current"], filtered.context["past"]) == ([open_ended], [past])
    assert client.get("/en/campaigns/messages/", {"theme": "x", "page": "-3"}).status_code == 200
    assert login_as(guest).get("/en/campaigns/messages/").status_code == 404
    assert login_as(guest).get(f"/en/campaigns/messages/{current.pk}/").status_code == 404


def test_a_message_page_lists_the_published_campaigns_and_the_own_entitys_others(login_as, director, other_director, entity, other_entity):
    message = make_message("Sustainability first")
    published = make_campaign(other_entity, title_en="Published elsewhere")
    our_draft = make_campaign(entity, state="draft", title_en="Our draft")
    their_draft = make_campaign(other_entity, state="in_review", title_en="Their review")
    make_campaign(entity, title_en="Not carrying")
    for campaign in (published, our_draft, their_draft):
        campaign.messages.add(message)
    ours = login_as(director).get(f"/en/campaigns/messages/{message.pk}/")
    assert ours.context["campaigns"] == [published, our_draft] or set(ours.context["campaigns"]) == {published, our_draft}
    assert '<span class="badge campaign-state-draft">Draft</span>' in ours.content.decode()
    theirs = login_as(other_director).get(f"/en/campaigns/messages/{message.pk}/")
    assert set(theirs.context["campaigns"]) == {published, their_draft}


def test_the_case_form_offers_current_messages_and_the_case_page_shows_them(login_as, director, entity):
    today = timezone.localdate()
    current = make_message("Current")
    expired = make_message("Expired", valid_from=today - timedelta(days=60), valid_until=today - timedelta(days=2))
    client = login_as(director)
    form = client.get("/en/campaigns/new/").context["form"]
    assert list(form.fields["messages"].queryset) == [current]
    data = {
        "title_ar": "حملة الرسائل", "title_en": "Messages campaign", "status": "planned", "starts_on": today.isoformat(),
        "messages": [current.pk], "kpis-TOTAL_FORMS": "0", "kpis-INITIAL_FORMS": "0",
    }
    assert client.post("/en/campaigns/new/", data).status_code == 302
    campaign = Campaign.objects.get(title_en="Messages campaign")
    assert list(campaign.messages.all()) == [current]
    # An expired message cannot be picked...
    response = client.post(f"/en/campaigns/{campaign.pk}/edit/", {**data, "messages": [expired.pk]})
    assert response.status_code == 200 and "messages" in response.context["form"].errors
    # ...but one the case carries already stays offered when it expires.
    campaign.messages.add(expired)
    assert set(client.get(f"/en/campaigns/{campaign.pk}/edit/").context["form"].fields["messages"].queryset) == {current, expired}
    body = client.get(f"/en/campaigns/{campaign.pk}/").content.decode()
    assert f'<a href="/en/campaigns/messages/{current.pk}/">Current</a>' in body
    assert f'<a href="/en/campaigns/messages/{expired.pk}/">Expired</a>' in body


def test_changing_the_messages_of_a_published_case_is_audited(director, entity):
    from campaigns import services

    message = make_message("Carried")
    campaign = make_campaign(entity, state="draft")
    services.campaign_update(campaign=campaign, data={"messages": [message]}, acting_user=director)
    assert list(campaign.messages.all()) == [message]
    assert AuditEntry.objects.filter(target_type="campaigns.campaign", action="updated").latest("pk").details["fields"] == ["messages"]


def test_members_find_messages_in_search_and_guests_do_not(users):
    from django.utils import translation

    from portal import search

    make_message("Falcon message", body_en="The falcon flies over Dubai")

    def found(user):
        with translation.override("en"):
            return [hit.title for hit in search.search(user, "falcon").hits if hit.kind == "campaigns-messages"]

    for role in ("secretariat", "director", "team", "other_director"):
        assert found(users[role]) == ["Falcon message"], role
    assert found(users["guest"]) == []


def test_the_home_panel_shows_current_messages_in_one_query(rf, director, django_assert_num_queries):
    today = timezone.localdate()
    make_message("Valid now")
    make_message("Expired", valid_from=today - timedelta(days=60), valid_until=today - timedelta(days=2))
    make_message("Not yet", valid_from=today + timedelta(days=3))
    request = rf.get("/en/home/")
    request.user = director
    with django_assert_num_queries(1):
        html = strategic.messages_panel(request)
    assert "Valid now" in html and "Expired" not in html and "Not yet" not in html


def test_the_rule_for_one_message_agrees_with_the_list(users, director):
    from django.contrib.auth.models import AnonymousUser

    from campaigns.models import Occasion

    message = make_message("Agreed")
    occasion = Occasion.objects.create(name_ar="يوم العلم", name_en="Flag Day", starts_on=date(2026, 11, 3))
    for role, user in {**users, "anonymous": AnonymousUser()}.items():
        may = user.has_perm("campaigns.view_strategic_message", message)
        assert may == StrategicMessage.objects.visible_to(user).filter(pk=message.pk).exists(), role
        assert may == Occasion.objects.visible_to(user).filter(pk=occasion.pk).exists(), role
        assert may == (role in ("secretariat", "director", "team", "other_director")), role
    director.is_active = False
    assert not director.has_perm("campaigns.view_strategic_message", message)
    assert not StrategicMessage.objects.visible_to(director).exists()
