"""vCard 3.0 for people in the directory, with names in both languages."""
import vobject
from django.core.files.storage import default_storage

from members.phones import tel_uri


def _add_text(card, name, value, language=None):
    if value:
        line = card.add(name)
        line.value = value
        if language:
            line.params["LANGUAGE"] = [language]


def person_vcard(person, *, can_see_mobile, with_photo=True):
    """One vCard. The Arabic and English names are both given (FN and ORG tagged with LANGUAGE)."""
    card = vobject.vCard()
    primary = person.name_ar or person.name_en or person.email
    card.add("n").value = vobject.vcard.Name(family="", given=primary)
    _add_text(card, "fn", person.name_ar or person.name_en or person.email, "ar" if person.name_ar else "en")
    if person.name_ar and person.name_en:
        _add_text(card, "fn", person.name_en, "en")
    # X-PHONETIC-… carry the other script, which Apple and Android contacts show under the name.
    _add_text(card, "x-phonetic-first-name", person.name_en)
    if person.entity:
        org = card.add("org")
        org.value = [person.entity.name_ar]
        org.params["LANGUAGE"] = ["ar"]
        org_en = card.add("org")
        org_en.value = [person.entity.name_en]
        org_en.params["LANGUAGE"] = ["en"]
    _add_text(card, "title", person.job_title_ar, "ar")
    _add_text(card, "title", person.job_title_en, "en")
    email = card.add("email")
    email.value = person.email
    email.type_param = "INTERNET"
    if person.office_phone:
        tel = card.add("tel")
        tel.value = tel_uri(person.office_phone)
        tel.type_param = "WORK"
    if person.mobile and can_see_mobile:
        tel = card.add("tel")
        tel.value = tel_uri(person.mobile)
        tel.type_param = "CELL"
    if with_photo and person.photo_small:
        try:
            with default_storage.open(person.photo_small.name, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            data = b""
        if data:
            photo = card.add("photo")
            photo.value = data
            photo.encoding_param = "b"
            photo.type_param = "JPEG"
    return card.serialize()


def vcard_filename(person):
    return f"{person.name_en or person.email}.vcf"
