"""Contact in one tap and left-to-right data in right-to-left pages, in real Chromium: the directory's
call, e-mail and WhatsApp links, the table stacked on a phone, phone numbers and handles that read
and are typed left to right in Arabic."""
import re

import pytest
from playwright.sync_api import expect

from members.models import EntitySocialAccount, NetworkSeat
from members.services import seat_assign
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_login_and_language import SUBMIT, sign_in
from tests.conftest import totp_now
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def fatima(entity):
    person = PersonFactory(
        entity=entity, name_ar="فاطمة الهاشمي", name_en="Fatima Al Hashimi", email="fatima@test.gcn.ae",
        office_phone="+971 4 201 1007", mobile="+971 50 111 2222", role="director",
    )
    seat_assign(entity=entity, person=person, seat=NetworkSeat.Seat.MEMBER)
    return person


def hrefs(locator):
    return locator.evaluate_all("links => links.map(link => link.getAttribute('href'))")


def test_card_offers_call_email_and_whatsapp(page, director, fatima):
    sign_in(page, director.email, language="en")
    expect(page).to_have_url(re.compile(r"/en/home/$"))
    page.goto("/en/members/?q=Fatima")
    card = page.locator(".person-card")
    expect(card).to_have_count(1)

    actions = card.locator(".contact-quick a")
    assert hrefs(actions) == ["tel:+97142011007", "tel:+971501112222", "mailto:fatima@test.gcn.ae", "https://wa.me/971501112222"]
    expect(actions).to_have_text(["Office", "Mobile", "E-mail", "WhatsApp"])
    # The actions sit above the card's stretched link: a tap on WhatsApp is a tap on WhatsApp.
    whatsapp = card.locator(".contact-whatsapp")
    box = whatsapp.bounding_box()
    topmost = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('a').getAttribute('href')",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert topmost == "https://wa.me/971501112222"


def test_hidden_mobile_gives_no_mobile_and_no_whatsapp_to_the_team(page, team_member, entity):
    PersonFactory(entity=entity, name_en="Hidden Mobile", email="hidden@test.gcn.ae", office_phone="+971 4 200 3000",
                  mobile="+971 50 999 8888", hide_mobile_from_team=True)
    sign_in(page, team_member.email, language="en")
    expect(page).to_have_url(re.compile(r"/en/home/$"))

    page.goto("/en/members/?q=Hidden")
    assert hrefs(page.locator(".person-card .contact-quick a")) == ["tel:+97142003000", "mailto:hidden@test.gcn.ae"]
    page.goto("/en/members/?q=Hidden&view=table")
    row = page.locator(".directory-table tbody tr")
    expect(row).to_have_count(1)
    assert hrefs(row.locator("td a")) == ["mailto:hidden@test.gcn.ae", "tel:+97142003000"]
    assert "999" not in row.inner_text()


def test_table_row_links_to_tel_mailto_and_whatsapp(page, director, fatima):
    sign_in(page, director.email, language="en")
    expect(page).to_have_url(re.compile(r"/en/home/$"))
    page.goto("/en/members/?q=Fatima&view=table")
    row = page.locator(".directory-table tbody tr")
    expect(row).to_have_count(1)

    assert hrefs(row.locator("td a")) == [
        "mailto:fatima@test.gcn.ae", "tel:+97142011007", "tel:+971501112222", "https://wa.me/971501112222",
    ]
    expect(row.locator(".contact-whatsapp")).to_have_accessible_name("WhatsApp")


def test_phone_numbers_read_left_to_right_in_arabic(page, director, fatima):
    sign_in(page, director.email)
    expect(page).to_have_url(re.compile(r"/ar/home/$"))
    page.goto("/ar/members/?view=table&q=فاطمة")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    office = page.locator(".directory-table .phone-link").first
    expect(office).to_have_text("+971 4 201 1007")
    assert office.evaluate("element => getComputedStyle(element).direction") == "ltr"
    # Drawn left to right: the "+" comes first on screen, at the left, not after the digits.
    plus_first = office.evaluate(
        """element => {
            const range = document.createRange();
            range.setStart(element.firstChild, 0); range.setEnd(element.firstChild, 1);
            return range.getBoundingClientRect().left <= element.getBoundingClientRect().left + 1;
        }"""
    )
    assert plus_first

    page.goto(f"/ar/members/people/{fatima.pk}/")
    assert page.locator("#contact-office span[dir=ltr]").evaluate("element => getComputedStyle(element).direction") == "ltr"
    expect(page.locator("#contact-whatsapp")).to_have_attribute("href", "https://wa.me/971501112222")


@pytest.fixture
def phone_page(browser, live_server, django_db_serialized_rollback):
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_directory_table_is_stacked_on_a_phone(phone_page, director, fatima):
    page = phone_page
    for number in range(6):
        PersonFactory(entity=fatima.entity, name_en=f"Long-named Communication Person {number}",
                      email=f"a.rather.long.address.{number}@communication.test.gcn.ae")
    sign_in(page, director.email)
    expect(page).to_have_url(re.compile(r"/ar/home/$"))
    page.goto("/ar/members/?view=table")
    rows = page.locator(".directory-table tbody tr")
    expect(rows).to_have_count(8)

    width = page.evaluate("() => window.innerWidth")
    assert width == PHONE["width"]
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= width
    table = page.locator(".table-responsive")
    assert table.evaluate("element => element.scrollWidth <= element.clientWidth")
    # Each row is a block of its own, one below the other, with the column's name beside each value.
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"]
    assert first["width"] <= width
    assert page.locator(".directory-table thead").evaluate("element => element.getBoundingClientRect().height") <= 1
    label = rows.nth(0).locator("td[data-label]").first.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"المسمى الوظيفي"'


def test_entity_edit_form_types_phone_email_url_and_handle_left_to_right(page, director, entity):
    entity.general_phone = "+971 4 600 0000"
    entity.general_email = "media@det.test.gcn.ae"
    entity.website = "https://det.example"
    entity.save(update_fields=["general_phone", "general_email", "website"])
    EntitySocialAccount.objects.create(entity=entity, platform="x", url="https://x.example/DET", handle="@DET")
    sign_in(page, director.email)
    expect(page).to_have_url(re.compile(r"/ar/home/$"))

    page.goto(f"/ar/members/entities/{entity.pk}/edit/")
    for selector in ("#id_general_phone", "#id_general_email", "#id_website", "#id_social-0-url", "#id_social-0-handle"):
        expect(page.locator(selector)).to_have_attribute("dir", "ltr")
    assert page.locator("#id_general_phone").evaluate("element => getComputedStyle(element).direction") == "ltr"
    expect(page.locator("#id_social-0-handle")).to_have_value("@DET")
    expect(page.locator("#id_short_name")).not_to_have_attribute("dir", "ltr")

    page.goto(f"/ar/members/people/{director.pk}/edit/")
    for selector in ("#id_office_phone", "#id_mobile"):
        expect(page.locator(selector)).to_have_attribute("dir", "ltr")
    expect(page.locator("#id_name_ar")).to_have_attribute("dir", "rtl")


def test_admin_change_forms_type_contact_data_left_to_right(page, secretariat, entity, fatima):
    EntitySocialAccount.objects.create(entity=entity, platform="x", url="https://x.example/DET", handle="@DET")
    sign_in(page, secretariat.email)
    expect(page).to_have_url(re.compile(r"/ar/accounts/2fa/authenticate/$"))
    page.fill("#id_code", totp_now())
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(r"/ar/home/$"))

    page.goto(f"/ar/admin/members/entity/{entity.pk}/change/")
    for selector in ("#id_general_phone", "#id_general_email", "#id_website", "#id_social_accounts-0-url", "#id_social_accounts-0-handle"):
        expect(page.locator(selector)).to_have_attribute("dir", "ltr")
    page.goto(f"/ar/admin/members/user/{fatima.pk}/change/")
    for selector in ("#id_office_phone", "#id_mobile"):
        expect(page.locator(selector)).to_have_attribute("dir", "ltr")
    expect(page.locator("#id_name_ar")).to_have_attribute("dir", "rtl")
