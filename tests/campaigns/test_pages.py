"""Al Multaqa's pages: the showcase with its filters, sort and pages; a case's page; the form its
entity writes it with (KPIs, cover, mass assignment ignored); submitting; "my entity's cases"."""
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from PIL import Image

from campaigns.models import Campaign
from portal import fragments
from tests.campaigns.factories import add_kpi, jpeg_with_gps, make_campaign, make_theme

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
IMG = '"><img src=x onerror=alert(1)>'


def titles(response):
    return [campaign.title_en for campaign in response.context["campaigns"]]


def form_post(**overrides):
    data = {
        "title_ar": "حملة الصيف الآمن", "title_en": "Safe Summer", "summary_ar": "ملخص", "summary_en": "Summary",
        "status": "planned", "starts_on": "2024-06-01", "ends_on": "2024-08-31", "objectives_ar": "أهداف",
        "objectives_en": "Objectives", "channels": ["instagram", "tv"], "audiences": ["families"],
        "kpis-TOTAL_FORMS": "2", "kpis-INITIAL_FORMS": "0", "kpis-MIN_NUM_FORMS": "0", "kpis-MAX_NUM_FORMS": "20",
        "kpis-0-metric_ar": "الوصول", "kpis-0-metric_en": "Reach", "kpis-0-target": "1000", "kpis-0-achieved": "1500",
        "kpis-0-unit_en": "people",
    }
    data.update(overrides)
    return data


# The showcase ------------------------------------------------------------------------------------------
def test_showcase_year_filter_offers_exactly_the_years_of_published_cases(login_as, director, entity, other_entity):
    # The list is read by a loose index scan (CampaignQuerySet.start_years): one probe per year,
    # which must neither skip a year after a gap nor stop at a year holding only drafts.
    for day in (date(2019, 12, 31), date(2019, 1, 1), date(2016, 1, 1), date(2024, 7, 4), date(2024, 12, 31)):
        make_campaign(other_entity, starts_on=day)
    make_campaign(entity, state="draft", starts_on=date(2020, 6, 1))  # the viewer's own draft
    make_campaign(other_entity, state="in_review", starts_on=date(2017, 2, 2))
    make_campaign(other_entity, state="draft", starts_on=date(2030, 1, 1))
    version = fragments.data_version()
    assert Campaign.objects.visible_to(director).published().start_years() == [2024, 2019, 2016]
    assert Campaign.objects.visible_to(director).start_years() == [2024, 2020, 2019, 2016]
    assert fragments.data_version() == version  # a read: every user's kept panels stay
    assert Campaign.objects.none().start_years() == []
    choices = login_as(director).get("/en/campaigns/").context["filters"].fields["year"].choices
    assert [value for value, _label in choices] == ["", 2024, 2019, 2016]


def test_showcase_lists_published_cases_only_with_filters_and_sort(login_as, director, entity, other_entity):
    theme = make_theme()
    ours = make_campaign(entity, title_en="Ours", channels=["instagram"], audiences=["youth"], best_practice=True, view_count=5)
    ours.themes.add(theme)
    theirs = make_campaign(other_entity, title_en="Theirs", starts_on=date(2021, 5, 1), status="running", channels=["tv"], view_count=50)
    make_campaign(entity, state="draft", title_en="Our draft")
    make_campaign(other_entity, state="in_review", title_en="Their case in review")
    client = login_as(director)
    # Drafts are not in the showcase, not even the viewer's own (they are in "my entity's cases").
    assert titles(client.get("/en/campaigns/")) == ["Theirs", "Ours"]
    assert titles(client.get("/en/campaigns/", {"sort": "views"})) == ["Theirs", "Ours"]
    assert titles(client.get("/en/campaigns/", {"entity": entity.pk})) == ["Ours"]
    assert titles(client.get("/en/campaigns/", {"year": 2021})) == ["Theirs"]
    assert titles(client.get("/en/campaigns/", {"theme": theme.pk})) == ["Ours"]
    assert titles(client.get("/en/campaigns/", {"channel": "tv"})) == ["Theirs"]
    assert titles(client.get("/en/campaigns/", {"audience": "youth"})) == ["Ours"]
    assert titles(client.get("/en/campaigns/", {"status": "running"})) == ["Theirs"]
    assert titles(client.get("/en/campaigns/", {"best_practice": "on"})) == ["Ours"]
    assert theirs.pk  # the other entity's published case is every member's
    # Bad values are ignored, never a 500.
    response = client.get("/en/campaigns/", {"year": "abc", "entity": "-1", "channel": "fax", "sort": "user__password", "page": "-3"})
    assert titles(response) == ["Theirs", "Ours"]
    body = client.get("/en/campaigns/").content.decode()
    assert "Best practice" in body and theme.name_en in body and "Department of Economy and Tourism" in body


def test_showcase_filters_of_one_shape_find_each_values_cases(login_as, director, other_director, entity, other_entity):
    # The page's SQL is compiled once per process for each shape of filters (campaigns.views._card_rows):
    # the entity, theme and status given are its parameters, the others part of its shape.
    theme, other_theme = make_theme("Sustainability", "الاستدامة"), make_theme("Safety", "السلامة")
    make_campaign(entity, title_en="Ours", status="running", channels=["tv"]).themes.add(theme)
    make_campaign(other_entity, title_en="Theirs", channels=["tv"]).themes.add(other_theme)
    make_campaign(other_entity, title_en="Their draft", state="draft", channels=["tv"]).themes.add(other_theme)
    for viewer in (director, other_director):  # the draft's own entity's viewer is the second
        client = login_as(viewer)
        for filters, expected in (
            ({"entity": entity.pk}, ["Ours"]), ({"entity": other_entity.pk}, ["Theirs"]),
            ({"theme": theme.pk, "channel": "tv"}, ["Ours"]), ({"theme": other_theme.pk, "channel": "tv"}, ["Theirs"]),
            ({"status": "running", "sort": "views"}, ["Ours"]), ({"status": "completed", "sort": "views"}, ["Theirs"]),
            ({"entity": other_entity.pk, "theme": other_theme.pk, "status": "completed"}, ["Theirs"]),
            ({"entity": other_entity.pk, "theme": theme.pk, "status": "completed"}, []),
        ):
            assert titles(client.get("/en/campaigns/", filters)) == expected, (viewer, filters)


def test_showcase_filter_lists_are_kept_until_a_write(login_as, director, entity, other_entity, django_assert_num_queries):
    make_campaign(entity, title_en="Ours", starts_on=date(2020, 1, 1))
    client = login_as(director)
    client.get("/en/campaigns/")
    with django_assert_num_queries(2):  # session user, the page of cases: the lists are kept
        lists = client.get("/en/campaigns/", {"year": 2020}).context["filters"].listed
    make_campaign(other_entity, title_en="Theirs", starts_on=date(2023, 1, 1))
    with django_assert_num_queries(5):  # session user, the years, entities and themes, the page of cases
        response = client.get("/en/campaigns/", {"year": 2020})
    assert titles(response) == ["Ours"]
    assert lists[1] == [2020] and response.context["filters"].listed[1] == [2023, 2020]
    assert other_entity.pk in [pk for pk, _name in response.context["filters"].listed[0]]


def test_showcase_pages(login_as, director, entity):
    for i in range(26):
        make_campaign(entity, title_en=f"Case {i:02d}")
    client = login_as(director)
    first = client.get("/en/campaigns/")
    assert len(first.context["campaigns"]) == 24 and "page=2" in first.content.decode()
    assert len(client.get("/en/campaigns/", {"page": 2}).context["campaigns"]) == 2


def test_injection_in_titles_is_rendered_inert(login_as, director, entity):
    campaign = make_campaign(entity, title_en=SCRIPT, title_ar=IMG, summary_en=IMG, results_en=SCRIPT)
    add_kpi(campaign, metric_en=SCRIPT)
    client = login_as(director)
    for path in ("/en/campaigns/", f"/en/campaigns/{campaign.pk}/", "/ar/campaigns/", f"/ar/campaigns/{campaign.pk}/"):
        body = client.get(path).content.decode()
        assert SCRIPT not in body and "<img src=x" not in body, path
        assert escape(SCRIPT) in body or escape(IMG) in body, path


# A case's page -------------------------------------------------------------------------------------
def test_case_page_tells_the_story_with_results_team_and_videos(login_as, other_director, director, team_member, entity, other_entity):
    campaign = make_campaign(
        entity, title_en="Dubai Can", insight_en="People want less plastic", lessons_en="Give the alternative first",
        video_links="https://www.youtube.com/watch?v=abc", channels=["instagram"], audiences=["residents"],
    )
    campaign.partners.add(other_entity)
    add_kpi(campaign, metric_en="Water stations", target=50, achieved=60)
    response = login_as(other_director).get(f"/en/campaigns/{campaign.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("People want less plastic", "Give the alternative first", "Audience insight", "Lessons learned",
                 "Water stations", "https://www.youtube.com/watch?v=abc", "Instagram", "Residents"):
        assert text in body, text
    # The chart is server-rendered SVG with a text alternative; the team links to the directory.
    assert 'role="img"' in body and "Water stations: target 50, achieved 60" in body
    assert f'href="/en/members/people/{director.pk}/"' in body and f'href="/en/members/people/{team_member.pk}/"' in body
    assert f'href="/en/members/entities/{other_entity.pk}/"' in body
    # Not the other entity's to edit.
    assert "edit-campaign" not in body and "submit-campaign" not in body
    assert Campaign.objects.get(pk=campaign.pk).view_count == 1


def test_chart_bars_follow_the_page_direction(login_as, director, entity):
    campaign = make_campaign(entity)
    add_kpi(campaign, target=100, achieved=50)
    client = login_as(director)
    english = client.get(f"/en/campaigns/{campaign.pk}/").context["chart"]
    arabic = client.get(f"/ar/campaigns/{campaign.pk}/").context["chart"]
    # Target is the longer bar (460 units); in Arabic the bars start from the right edge (640).
    assert 'class="chart-target" x="0" y="18" width="460"' in english and 'class="chart-achieved" x="0" y="32" width="230"' in english
    assert 'class="chart-target" x="180" y="18" width="460"' in arabic and 'class="chart-achieved" x="410" y="32" width="230"' in arabic


def test_drafts_of_another_entity_are_not_found(login_as, other_director, entity):
    draft = make_campaign(entity, state="draft", title_en="Secret plan")
    response = login_as(other_director).get(f"/en/campaigns/{draft.pk}/")
    assert response.status_code == 404 and "Secret plan" not in response.content.decode()


# Writing a case --------------------------------------------------------------------------------------
def test_team_member_creates_a_draft_and_extra_fields_are_ignored(login_as, team_member, entity, other_entity):
    response = login_as(team_member).post("/en/campaigns/new/", form_post(
        state="published", owner=other_entity.pk, best_practice="on", featured="on", view_count="999",
        created_by=other_entity.pk, is_staff="on",
    ))
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/campaigns/{campaign.pk}/"
    assert (campaign.state, campaign.owner, campaign.best_practice, campaign.featured, campaign.view_count, campaign.created_by) == (
        "draft", entity, False, False, 0, team_member)
    assert (campaign.channels, campaign.audiences) == (["instagram", "tv"], ["families"])
    assert [(kpi.metric_en, kpi.target, kpi.achieved, kpi.unit_en) for kpi in campaign.kpis.all()] == [("Reach", 1000, 1500, "people")]
    team_member.refresh_from_db()
    assert not team_member.is_staff


def test_cover_upload_is_stored_as_renditions_without_metadata(login_as, director, run_tasks):
    login_as(director).post("/en/campaigns/new/", {**form_post(), "cover": jpeg_with_gps("غلاف الحملة.jpg", (2400, 1350))})
    run_tasks()  # the renditions are made by the background task (tests/campaigns/test_media.py)
    campaign = Campaign.objects.get()
    for field, longest in (("cover", 1600), ("cover_card", 640)):
        name = getattr(campaign, field).name
        assert name.startswith("campaigns/covers/") and name.endswith(".jpg") and "غلاف" not in name
        with default_storage.open(name) as handle:
            stored = Image.open(handle)
            stored.load()
        assert max(stored.size) == longest
        assert not stored.getexif() and "exif" not in stored.info
    # Served through the protected path to who may see the case.
    response = login_as(director).get(f"/en/files/campaign-cover-card/{campaign.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_a_bad_cover_or_bad_values_get_clear_errors_and_nothing_is_stored(login_as, director):
    fake = SimpleUploadedFile("cover.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg")
    response = login_as(director).post("/en/campaigns/new/", {
        **form_post(ends_on="2020-01-01", video_links="javascript:alert(1)", title_ar="x" * 300, channels=["fax"]),
        "kpis-0-target": "-5", "cover": fake,
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"ends_on", "title_ar", "channels", "cover"}
    assert response.context["kpi_forms"].errors[0]["target"]
    assert not Campaign.objects.exists() and not default_storage.exists("campaigns")


def test_invalid_video_link_is_a_form_error(login_as, director):
    response = login_as(director).post("/en/campaigns/new/", form_post(video_links="javascript:alert(1)"))
    assert response.status_code == 200
    assert "video_links" in response.context["form"].errors and not Campaign.objects.exists()


def test_editing_submitting_and_the_state_in_my_cases(login_as, director, team_member, entity):
    campaign = make_campaign(entity, state="draft", title_en="Draft")
    client = login_as(team_member)
    page = client.get(f"/en/campaigns/{campaign.pk}/edit/")
    assert page.status_code == 200 and page.context["form"]["title_en"].value() == "Draft"
    response = client.post(f"/en/campaigns/{campaign.pk}/edit/", form_post(title_en="Renamed", state="published"))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.title_en, campaign.state) == ("Renamed", "draft")
    assert client.get(f"/en/campaigns/{campaign.pk}/").context["can_submit"]
    client.post(f"/en/campaigns/{campaign.pk}/submit/")
    assert Campaign.objects.get(pk=campaign.pk).state == "in_review"
    # In review: the form sends the editor back to the case with a message.
    response = client.get(f"/en/campaigns/{campaign.pk}/edit/")
    assert (response.status_code, response["Location"]) == (302, f"/en/campaigns/{campaign.pk}/")
    mine = client.get("/en/campaigns/mine/")
    assert [(c.title_en, c.state) for c in mine.context["campaigns"]] == [("Renamed", "in_review")]
    assert "In review" in mine.content.decode()


def test_a_second_submit_is_a_message_not_an_error(login_as, director, entity):
    campaign = make_campaign(entity, state="in_review")
    response = login_as(director).post(f"/en/campaigns/{campaign.pk}/submit/", follow=True)
    assert response.status_code == 200
    assert "Only a draft or a returned case can be submitted for review." in response.content.decode()


def test_returned_case_shows_the_secretariat_comment_to_its_entity_only(login_as, director, other_director, entity):
    campaign = make_campaign(entity, state="returned", review_comment="Add the sources")
    assert "Add the sources" in login_as(director).get(f"/en/campaigns/{campaign.pk}/").content.decode()
    make_campaign(entity, state="published", title_en="Public", review_comment="")
    assert login_as(other_director).get(f"/en/campaigns/{campaign.pk}/").status_code == 404


def test_editing_a_published_case_sends_it_back_to_review(login_as, director, entity):
    campaign = make_campaign(entity, title_en="Published")
    response = login_as(director).post(f"/en/campaigns/{campaign.pk}/edit/", form_post(title_en="Published, updated"), follow=True)
    assert "the case is back in review" in response.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).state == "in_review"


def test_edit_form_keeps_the_kpis_and_can_remove_the_cover(login_as, director, entity, django_capture_on_commit_callbacks, run_tasks):
    client = login_as(director)
    client.post("/en/campaigns/new/", {**form_post(), "cover": jpeg_with_gps()})
    run_tasks()
    campaign = Campaign.objects.get()
    names = [campaign.cover.name, campaign.cover_card.name]
    page = client.get(f"/en/campaigns/{campaign.pk}/edit/")
    assert page.context["kpi_forms"].forms[0]["metric_en"].value() == "Reach"
    assert "remove_cover" in page.context["form"].fields
    # Saved without a new picture, the cover stays as it is.
    client.post(f"/en/campaigns/{campaign.pk}/edit/", form_post(title_en="Renamed"))
    campaign.refresh_from_db()
    assert [campaign.cover.name, campaign.cover_card.name] == names
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/campaigns/{campaign.pk}/edit/", {**form_post(), "remove_cover": "on"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.cover.name, campaign.cover_card.name) == ("", "")
    # The replaced files are removed once the change is committed.
    assert not any(default_storage.exists(name) for name in names)


def test_a_case_in_review_offers_no_edit_button_to_its_entity(login_as, director, entity):
    campaign = make_campaign(entity, state="in_review")
    response = login_as(director).get(f"/en/campaigns/{campaign.pk}/")
    assert not response.context["can_edit"] and 'id="in-review"' in response.content.decode()
