"""Person and entity pages: contact data and its privacy, vCard and QR, query counts."""
import io

import pytest
import vobject
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.models import NetworkSeat
from members.services import profile_update, seat_assign
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def jpeg_upload(color="#1c5d87", size=(400, 300)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def colleague(entity):
    return PersonFactory(
        entity=entity, email="colleague@test.gcn.ae", name_ar="أحمد الكتبي", name_en="Ahmed Al Ketbi",
        office_phone="+971 4 222 3333", mobile="+971 50 444 5555",
    )


def test_person_page_offers_mailto_tel_vcard_and_qr(login_as, director, colleague):
    response = login_as(director).get(f"/ar/members/people/{colleague.pk}/")
    body = response.content.decode()
    assert 'href="mailto:colleague@test.gcn.ae"' in body
    assert 'href="tel:+97142223333"' in body
    assert 'href="tel:+971504445555"' in body
    assert f'/ar/members/people/{colleague.pk}/vcard.vcf' in body
    assert f'/ar/members/people/{colleague.pk}/qr.svg' in body
    assert response["Cache-Control"].count("no-store") == 1


def test_guest_and_anonymous_never_see_contact_data(client, login_as, guest, colleague):
    for url in (f"/ar/members/people/{colleague.pk}/", f"/ar/members/people/{colleague.pk}/vcard.vcf",
                f"/ar/members/people/{colleague.pk}/qr.svg", f"/ar/files/person-photo/{colleague.pk}/"):
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/ar/accounts/login/")
        assert login_as(guest).get(url).status_code == 404
        client.logout()


def test_vcard_parses_with_both_names_and_photo(login_as, director, colleague):
    profile_update(person=colleague, data={}, acting_user=colleague, photo=jpeg_upload())
    response = login_as(director).get(f"/ar/members/people/{colleague.pk}/vcard.vcf")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == "attachment; filename=\"Ahmed Al Ketbi.vcf\""
    card = vobject.readOne(response.content.decode())
    assert card.version.value == "3.0"
    assert {line.value for line in card.fn_list} == {"أحمد الكتبي", "Ahmed Al Ketbi"}
    assert {line.value[0] for line in card.org_list} == {"دائرة الاقتصاد والسياحة", "Department of Economy and Tourism"}
    assert card.email.value == "colleague@test.gcn.ae"
    assert sorted(line.value for line in card.tel_list) == ["+97142223333", "+971504445555"]
    photo = Image.open(io.BytesIO(card.photo.value))
    assert photo.format == "JPEG" and max(photo.size) == 160


def test_hidden_mobile_is_kept_from_the_team_but_not_from_directors(login_as, director, team_member, colleague):
    colleague.hide_mobile_from_team = True
    colleague.save(update_fields=["hide_mobile_from_team"])
    team_card = vobject.readOne(login_as(team_member).get(f"/ar/members/people/{colleague.pk}/vcard.vcf").content.decode())
    assert [line.value for line in team_card.tel_list] == ["+97142223333"]
    assert "+971 50 444 5555" not in login_as(team_member).get(f"/ar/members/people/{colleague.pk}/").content.decode()
    assert "+971 50 444 5555" in login_as(director).get(f"/ar/members/people/{colleague.pk}/").content.decode()


def test_bulk_vcards_hold_one_card_per_filtered_person(login_as, director, colleague, other_director):
    response = login_as(director).get("/ar/members/vcards.vcf", {"entity": colleague.entity_id})
    cards = list(vobject.readComponents(response.content.decode()))
    names = sorted(card.fn_list[0].value for card in cards)
    assert names == sorted(["أحمد الكتبي", "خالد المنصوري"])


def test_qr_code_is_an_svg_drawn_here(login_as, director, colleague):
    response = login_as(director).get(f"/ar/members/people/{colleague.pk}/qr.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") and b"<svg" in response.content and b"http" not in response.content.split(b"<svg", 1)[1].split(b">", 1)[0].replace(b"http://www.w3.org/2000/svg", b"")


def test_entity_page_lists_member_then_alternate_then_team(login_as, director, entity):
    team = PersonFactory(entity=entity, name_en="Aaa Team")
    alternate = PersonFactory(entity=entity, name_en="Zzz Alternate")
    seat_assign(entity=entity, person=director, seat=NetworkSeat.Seat.MEMBER)
    seat_assign(entity=entity, person=alternate, seat=NetworkSeat.Seat.ALTERNATE)
    response = login_as(director).get(f"/en/members/entities/{entity.pk}/")
    assert [person.name_en for person in response.context["people"]] == ["Khalid Al Mansouri", "Zzz Alternate", "Aaa Team"]
    assert team.pk


def test_person_page_of_unknown_or_guest_is_404(login_as, director, guest):
    client = login_as(director)
    assert client.get("/ar/members/people/999999/").status_code == 404
    assert client.get(f"/ar/members/people/{guest.pk}/").status_code == 404


@pytest.mark.parametrize("language", ["ar", "en"])
def test_detail_pages_query_counts_do_not_grow(login_as, director, entity, django_assert_num_queries, language):
    client = login_as(director)
    person = PersonFactory(entity=entity)
    # person page: session user, person (with seat, entity, acting_for), expertise
    with django_assert_num_queries(3):
        client.get(f"/{language}/members/people/{person.pk}/")
    # entity page: session user, entity, social accounts, people (with seat), and the sections the
    # other portals register: campaigns, meetings hosted and their agendas
    with django_assert_num_queries(7):
        client.get(f"/{language}/members/entities/{entity.pk}/")
    for _ in range(10):
        PersonFactory(entity=entity)
    with django_assert_num_queries(7):
        response = client.get(f"/{language}/members/entities/{entity.pk}/")
    assert len(response.context["people"]) == 12
