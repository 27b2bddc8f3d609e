"""`seed_demo`: realistic, idempotent, refuses production, and its accounts work."""
import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code
from django.core.management import CommandError, call_command

from meetings.models import Meeting
from members.demo_data import GIVEN_NAMES
from members.models import Entity, Language, NetworkSeat, User

pytestmark = pytest.mark.django_db

DEMO_GENDERS = {
    "secretariat@demo.gcn.ae": "f", "director@demo.gcn.ae": "m", "team@demo.gcn.ae": "f",
    "director2@demo.gcn.ae": "m", "guest@demo.gcn.ae": "f",
}
DEMO_ROLES = {
    "secretariat@demo.gcn.ae": ("secretariat", "General Secretariat of the Executive Council of Dubai"),
    "director@demo.gcn.ae": ("director", "Department of Economy and Tourism"),
    "team@demo.gcn.ae": ("team", "Department of Economy and Tourism"),
    "director2@demo.gcn.ae": ("director", "Dubai Municipality"),
    "guest@demo.gcn.ae": ("guest", None),
}


def seed(*args):
    output = io.StringIO()
    call_command("seed_demo", *args, stdout=output)
    return output.getvalue()


def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert not User.objects.exists()


def test_seeds_every_portal_once_and_again_without_duplicates(settings):
    settings.DEBUG = True
    printed = seed()
    counts = (Entity.objects.count(), User.objects.count(), Meeting.objects.count(), NetworkSeat.objects.count())
    assert counts[0] == 40 and counts[1] >= 150 and counts[2] == 4
    for email in DEMO_ROLES:
        assert email in printed
    assert "GcnDemo!2026" in printed and "JBSWY3DPEHPK3PXP" in printed
    seed()
    assert (Entity.objects.count(), User.objects.count(), Meeting.objects.count(), NetworkSeat.objects.count()) == counts
    assert "already loaded" in seed("--once")


def test_demo_accounts_have_their_roles_entities_and_password(settings, client):
    settings.DEBUG = True
    seed()
    for email, (role, entity) in DEMO_ROLES.items():
        user = User.objects.get(email=email)
        assert (user.role, user.entity.name_en if user.entity else None) == (role, entity)
        assert user.check_password("GcnDemo!2026")
    guest = User.objects.get(email="guest@demo.gcn.ae")
    assert list(Meeting.objects.visible_to(guest).values_list("title_en", flat=True)) == ["Knowledge session: crisis communication"]
    people = User.objects.in_directory()
    assert people.exclude(photo="").count() == people.count()
    assert people.exclude(name_ar="").exclude(name_en="").count() == people.count()


def test_demo_secretariat_totp_matches_the_printed_secret_and_demo_totp(settings):
    settings.DEBUG = True
    seed()
    secretariat = User.objects.get(email="secretariat@demo.gcn.ae")
    authenticator = Authenticator.objects.get(user=secretariat, type=Authenticator.Type.TOTP)
    output = io.StringIO()
    call_command("demo_totp", stdout=output)
    code = output.getvalue().strip()
    assert validate_totp_code("JBSWY3DPEHPK3PXP", code)
    assert TOTP(authenticator).validate_code(code)


def test_every_demo_person_has_the_gender_of_their_given_name(settings):
    settings.DEBUG = True
    seed()
    for email, gender in DEMO_GENDERS.items():
        assert User.objects.get(email=email).gender == gender
    gender_of_name = {given_ar: gender for given_ar, _given_en, gender in GIVEN_NAMES}
    people = list(User.objects.exclude(email__in=DEMO_GENDERS))
    assert len(people) >= 140
    assert {person.gender for person in people} == {"m", "f"}
    for person in people:
        assert person.gender == gender_of_name[person.name_ar.split()[0]], person.name_ar


def test_arabic_titles_and_bios_agree_with_the_person(settings):
    settings.DEBUG = True
    seed()
    people = list(User.objects.in_directory().select_related("entity"))
    directors = [person for person in people if person.role == "director"]
    assert {person.gender for person in directors} == {"m", "f"}
    for person in directors:
        assert person.job_title_ar.startswith("مديرة " if person.gender == "f" else "مدير "), person.job_title_ar
        assert person.job_title_en.startswith("Director of ")
        assert person.bio_ar.startswith("تقود " if person.gender == "f" else "يقود ")
        assert person.bio_en == (
            f"Leads the communication team of {person.entity.name_en} and oversees its campaigns and media messages."
        )
    team = [person for person in people if person.role == "team"]
    for person in team:
        first_word = person.job_title_ar.split()[0]
        if person.gender == "f":
            assert first_word in {"رئيسة", "أخصائية", "منسقة", "مصممة", "محررة"}, person.job_title_ar
            assert person.bio_ar.startswith(f"تعمل ضمن فريق الاتصال في {person.entity.name_ar}، ولها خبرة في ")
        else:
            assert first_word in {"رئيس", "أخصائي", "منسق", "مصمم", "محرر"}, person.job_title_ar
            assert person.bio_ar.startswith(f"يعمل ضمن فريق الاتصال في {person.entity.name_ar}، وله خبرة في ")
    # Agreement is more than a final ة: "senior" agrees too.
    titles = {(person.gender, person.job_title_ar) for person in team}
    assert {("f", "أخصائية أولى اتصال مؤسسي"), ("m", "أخصائي أول اتصال مؤسسي")} <= titles
    # No title is cut short: the longest fits the column, and titles are whole words from the lists.
    max_length = User._meta.get_field("job_title_ar").max_length
    assert all(len(person.job_title_ar) <= max_length and len(person.job_title_en) <= max_length for person in people)
    secretariat = User.objects.get(email="secretariat@demo.gcn.ae")
    assert (secretariat.job_title_ar, secretariat.job_title_en) == (
        "منسقة الشبكة العامة للاتصال الحكومي", "Coordinator of the Government Communication Network",
    )
    assert secretariat.bio_ar.startswith("تتابع شؤون أعضاء الشبكة العامة للاتصال الحكومي وتنسّق اجتماعاتها")
    director = User.objects.get(email="director@demo.gcn.ae")
    assert director.job_title_ar.startswith("مدير إدارة الاتصال")
    team_account = User.objects.get(email="team@demo.gcn.ae")
    assert team_account.bio_ar.startswith("تعمل ضمن فريق الاتصال في دائرة الاقتصاد والسياحة، ولها خبرة في ")


def test_languages_are_codes_and_some_people_have_a_third(settings):
    settings.DEBUG = True
    seed()
    languages = [person.languages for person in User.objects.in_directory()]
    assert all(codes[:2] == ["ar", "en"] and set(codes) <= set(Language.values) for codes in languages)
    thirds = {codes[2] for codes in languages if len(codes) == 3}
    assert len(thirds) >= 5
    assert max(len(codes) for codes in languages) == 3


def test_seeding_again_rewrites_profiles_seeded_before_genders_existed(settings):
    settings.DEBUG = True
    seed()
    director = User.objects.get(email="director2@demo.gcn.ae")
    woman = User.objects.in_directory().filter(gender="f", role="team").order_by("pk").first()
    User.objects.filter(pk__in=[director.pk, woman.pk]).update(gender="", job_title_ar="مدير", bio_ar="يعمل")
    seed()
    director.refresh_from_db()
    woman.refresh_from_db()
    assert (director.gender, director.job_title_ar.split()[0], director.bio_ar.split()[0]) == ("m", "مدير", "يقود")
    assert (woman.gender, woman.bio_ar.split()[0]) == ("f", "تعمل")
    assert woman.job_title_ar.split()[0] in {"رئيسة", "أخصائية", "منسقة", "مصممة", "محررة"}
