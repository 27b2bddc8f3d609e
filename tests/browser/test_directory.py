"""A director uses the directory in Arabic: filters it, opens a person, saves their contact card."""
import re

import pytest
import vobject
from playwright.sync_api import expect

from members.models import NetworkSeat
from members.services import seat_assign
from tests.browser.test_login_and_language import sign_in
from tests.members.factories import EntityFactory, PersonFactory

pytestmark = pytest.mark.browser


def test_director_filters_opens_a_person_and_downloads_the_vcard(page, director, tmp_path):
    health = EntityFactory(name_ar="هيئة الصحة بدبي", name_en="Dubai Health Authority", sector="health")
    person = PersonFactory(entity=health, name_ar="فاطمة الهاشمي", name_en="Fatima Al Hashimi", role="director",
                           email="fatima@test.gcn.ae", mobile="+971 50 111 2222")
    seat_assign(entity=health, person=person, seat=NetworkSeat.Seat.MEMBER)
    PersonFactory(name_ar="سالم الكتبي", name_en="Salem Al Ketbi")

    sign_in(page, director.email)
    expect(page).to_have_url(re.compile(r"/ar/home/$"))
    page.goto("/ar/members/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".person-card")).to_have_count(3)

    page.select_option("#id_sector", "health")
    page.click(".directory-filters button[type=submit]")
    expect(page).to_have_url(re.compile(r"sector=health"))
    expect(page.locator(".person-card")).to_have_count(1)
    expect(page.locator(".person-card h2")).to_have_text("فاطمة الهاشمي")

    # The same person found by a spelling variant: ة typed as ه.
    page.fill("#id_q", "فاطمه")
    page.click(".directory-filters button[type=submit]")
    expect(page.locator(".person-card")).to_have_count(1)

    page.click(".person-card h2 a")
    expect(page).to_have_url(re.compile(rf"/ar/members/people/{person.pk}/$"))
    expect(page.locator("h1")).to_have_text("فاطمة الهاشمي")
    expect(page.locator("#contact-mobile")).to_have_attribute("href", "tel:+971501112222")

    with page.expect_download() as download_info:
        page.click("#download-vcard")
    download = download_info.value
    assert download.suggested_filename == "Fatima Al Hashimi.vcf"
    saved = tmp_path / "card.vcf"
    download.save_as(saved)
    card = vobject.readOne(saved.read_text(encoding="utf-8"))
    assert {line.value for line in card.fn_list} == {"فاطمة الهاشمي", "Fatima Al Hashimi"}
    assert "+971501112222" in [line.value for line in card.tel_list]
