"""Campaigns presented at meetings: the meeting page's links (one query for all its agenda items,
only the campaigns the reader may see), the case page's "Presented at" (only the meetings the reader
may see), and the secretariat's autocomplete and save in the campaign's admin page."""
import pytest
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory
from django.utils import timezone, translation

from campaigns import agenda
from campaigns.models import Campaign
from portal.models import AuditEntry
from tests.campaigns.factories import make_campaign
from tests.meetings.page_data import add_agenda, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def presented(entity, other_entity, guest):
    """The network meeting (the guest is invited) presenting a published case of each entity and a
    draft, and a closed meeting presenting the published case too."""
    meeting = make_meeting("Network meeting", -3, guests=[guest])
    opening, results, guest_talk = add_agenda(meeting, entity=entity)
    dubai_can = make_campaign(entity, title_ar="دبي تستطيع", title_en="Dubai Can")
    bags = make_campaign(other_entity, title_ar="الأكياس", title_en="Plastic bags")
    draft = make_campaign(entity, state="draft", title_ar="مسودة", title_en="Draft refill")
    closed = make_meeting("Closed session", -10)
    closed_item = add_agenda(closed)[1]
    dubai_can.agenda_items.add(results, closed_item)
    bags.agenda_items.add(results)
    draft.agenda_items.add(guest_talk)
    return {"meeting": meeting, "items": [opening, results, guest_talk], "dubai_can": dubai_can, "bags": bags,
            "draft": draft, "closed": closed}


def links_for(user, items):
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("en"):
        return agenda.agenda_item_links(request, items)


def test_links_for_all_items_in_one_query_and_only_visible_campaigns(director, other_director, guest, presented, django_assert_num_queries):
    items = presented["items"]
    opening, results, guest_talk = items
    with django_assert_num_queries(1):
        ours = links_for(director, items)
    assert set(ours) == {results.pk, guest_talk.pk}
    assert f'<a href="/en/campaigns/{presented["dubai_can"].pk}/">Dubai Can</a>' in ours[results.pk]
    assert f'<a href="/en/campaigns/{presented["bags"].pk}/">Plastic bags</a>' in ours[results.pk]
    assert "Draft refill" in ours[guest_talk.pk]
    # Another entity's director does not see the draft; a guest sees no campaign at all.
    assert set(links_for(other_director, items)) == {results.pk}
    assert links_for(guest, items) == {}


def test_the_meeting_page_shows_the_campaigns_through_the_registry(login_as, director, guest, presented):
    url = f"/en/meetings/{presented['meeting'].pk}/"
    body = login_as(director).get(url).content.decode()
    assert f'<a href="/en/campaigns/{presented["dubai_can"].pk}/">Dubai Can</a>' in body
    assert "Dubai Can</a>" not in login_as(guest).get(url).content.decode()


def test_the_case_page_shows_the_meetings_it_was_presented_at(login_as, director, presented):
    body = login_as(director).get(f"/en/campaigns/{presented['dubai_can'].pk}/").content.decode()
    assert 'id="case-presented"' in body
    for meeting in (presented["meeting"], presented["closed"]):
        assert f'<a href="/en/meetings/{meeting.pk}/">{meeting.title_en}</a>' in body
    assert "Dubai Can results" in body  # the agenda item's title beside its meeting


def test_presented_at_lists_only_meetings_the_reader_may_see(secretariat, guest, presented):
    from meetings.models import Meeting

    # A guest sees no campaign, but the rule on meetings is checked on its own too.
    links = agenda.case_links(presented["dubai_can"], guest)
    assert [row["link_pk"] for row in links["presented"]] == [presented["meeting"].pk]
    assert not Meeting.objects.visible_to(guest).filter(pk=presented["closed"].pk).exists()
    every = agenda.case_links(presented["dubai_can"], secretariat)
    assert [row["link_pk"] for row in every["presented"]] == [presented["closed"].pk, presented["meeting"].pk]


def test_the_admin_autocomplete_labels_items_with_their_meeting(login_as, secretariat, director, presented):
    url = "/en/admin/campaigns/campaign/agenda-items/autocomplete/"
    response = login_as(secretariat).get(url, {"term": "Dubai Can"})
    results = response.json()["results"]
    day = timezone.localtime(presented["meeting"].starts_at).date()
    labels = [row["text"] for row in results]
    assert f"{day.strftime('%d/%m/%Y')} · Network meeting · Dubai Can results" in labels
    assert all("Dubai Can results" in label for label in labels) and len(labels) == 2
    # Others never reach admin.
    assert login_as(director).get(url).status_code == 302


def test_the_secretariat_links_agenda_items_in_the_campaign_admin(login_as, secretariat, presented):
    campaign = presented["bags"]
    change = f"/en/admin/campaigns/campaign/{campaign.pk}/change/"
    client = login_as(secretariat)
    page = client.get(change)
    assert page.status_code == 200
    form = page.context["adminform"].form
    opening, results, guest_talk = presented["items"]
    # Everything the form shows, as a browser would send it back (an empty file input sends nothing).
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None and not isinstance(form[name].value(), FieldFile)}
    data.update({
        "starts_on": campaign.starts_on.isoformat(), "agenda_items": [opening.pk, results.pk], "audiences": [], "channels": [],
        "themes": [], "partners": [],
    })
    data = {key: value for key, value in data.items() if value is not False}
    for inline in page.context["inline_admin_formsets"]:  # the read-only inlines' management forms
        management = inline.formset.management_form
        data.update({management.add_prefix(name): value for name, value in management.initial.items()})
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert set(Campaign.objects.get(pk=campaign.pk).agenda_items.values_list("pk", flat=True)) == {opening.pk, results.pk}
    entry = AuditEntry.objects.filter(target_type="campaigns.campaign", actor=secretariat).latest("pk")
    assert entry.details["agenda_items"] == {"old": [results.pk], "new": sorted([opening.pk, results.pk])}
