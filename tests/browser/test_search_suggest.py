"""A director finds a person from the header's search box: typed without hamza, picked from the
suggestions with the keyboard (the ARIA combobox of static/js/search-suggest.js)."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_login_and_language import sign_in
from tests.members.factories import EntityFactory, PersonFactory

pytestmark = pytest.mark.browser


def test_director_picks_a_suggestion_with_the_keyboard_and_lands_on_the_person(page, director):
    entity = EntityFactory(name_ar="هيئة الطرق والمواصلات", name_en="Roads and Transport Authority", sector="infrastructure")
    person = PersonFactory(entity=entity, name_ar="أحمد الكعبي", name_en="Ahmed Al Kaabi", role="team", email="ahmed@test.gcn.ae")
    PersonFactory(entity=entity, name_ar="سالم الكتبي", name_en="Salem Al Ketbi", role="team", email="salem@test.gcn.ae")

    sign_in(page, director.email)
    expect(page).to_have_url(re.compile(r"/ar/home/$"))
    box = page.locator("#site-search")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "false")

    # أحمد typed as احمد (no hamza), one letter at a time as a person types.
    box.press_sequentially("احمد", delay=40)
    listbox = page.locator("#site-search-suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first.locator(".search-suggest-title")).to_have_text("أحمد الكعبي")
    expect(options.first.locator(".search-suggest-meta")).to_have_text("الأشخاص · أخصائي اتصال · هيئة الطرق والمواصلات")
    expect(page.locator("#site-search-status")).not_to_be_empty()

    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "site-search-suggestions-0")
    # Escape closes the list without leaving the box; ArrowDown opens it again.
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("ArrowDown")
    expect(listbox).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")

    expect(page).to_have_url(re.compile(rf"/ar/members/people/{person.pk}/$"))
    expect(page.locator("h1")).to_have_text("أحمد الكعبي")
