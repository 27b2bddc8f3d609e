"""Small pieces of the directory drawn many times a page: simple tags, cheaper than includes in loops.

Contact data (phones, e-mails) is left-to-right text inside right-to-left pages: every piece of it is
wrapped in an element with `dir="ltr"`, which the browser isolates from the Arabic around it.
"""
import re

from django import forms, template
from django.utils.safestring import mark_safe
from django.utils.formats import localize
from django.utils.translation import gettext as _, ngettext, pgettext

from members.models import NetworkSeat, Sector
from members.phones import tel_uri
from portal import links
from portal.escaping import escaped as _e
from portal.i18n import active_language

register = template.Library()

def pk_url(viewname, pk, *args):
    """reverse(viewname, args=[*args, pk]), HTML-escaped, reversed once per process (portal.links)."""
    return _e(links.pk_url(viewname, pk, *args))


def pk_urls(viewname, *args):
    """pk_url for the many links of a list: the URL's parts looked up once, a function of the pk."""
    head, tail = (_e(part) for part in links.pk_url_parts(viewname, *args))
    return lambda pk: f"{head}{int(pk)}{tail}"


@register.simple_tag(name="pk_url")
def pk_url_tag(viewname, pk):
    """{% url viewname pk %} for a URL whose only argument is an object's pk, at a fraction of the cost."""
    return mark_safe(pk_url(viewname, pk))  # noqa: S308 - escaped by pk_url, the pk an integer


def _avatar(pk, photo_small, name, large=False):
    if large:
        if photo_small:
            return f'<img class="avatar avatar-lg" src="{pk_url("download", pk, "person-photo")}" alt="" width="160" height="160" loading="lazy">'
        return f'<span class="avatar avatar-lg avatar-initials" aria-hidden="true">{_e((name or "?")[:1])}</span>'
    if photo_small:
        return f'<img class="avatar" src="{pk_url("download", pk, "person-photo-small")}" alt="" width="56" height="56" loading="lazy">'
    return f'<span class="avatar avatar-initials" aria-hidden="true">{_e((name or "?")[:1])}</span>'


@register.simple_tag
def person_avatar(person, large=False):
    return mark_safe(_avatar(person.pk, person.photo_small, person.name, large))  # noqa: S308 - escaped by _e


def _seat_badge(seat):
    """The network role as a badge: member, alternate, or the communication team (no seat)."""
    label = NetworkSeat.Seat(seat).label if seat else _("Communication team")
    return f'<span class="badge seat-badge seat-{_e(seat or "team")}">{_e(label)}</span>'


def _seat_badges():
    """_seat_badge for the people of a list: each badge translated once per list, not per person."""
    badges = {}

    def badge(seat):
        found = badges.get(seat)
        if found is None:
            found = badges[seat] = _seat_badge(seat)
        return found

    return badge


@register.simple_tag
def seat_badge(person):
    return mark_safe(_seat_badge(getattr(person, "seat", None)))  # noqa: S308 - escaped by _e


@register.filter
def whatsapp_url(number):
    """wa.me wants the international number in digits only: `+971 50 123 4567` → https://wa.me/971501234567.
    A number written the national way (`050 …`) is a UAE number; `00` is the international prefix."""
    digits = re.sub(r"\D", "", number or "")
    if digits.startswith("00"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = "971" + digits[1:]
    return f"https://wa.me/{digits}" if digits else ""


def _visible_mobile(context, person):
    """The person's mobile when the viewer may see it, else "". The rule reads fields already loaded:
    no query per person."""
    user = context.get("user")
    if person.mobile and user is not None and user.has_perm("members.view_mobile", person):
        return person.mobile
    return ""



def _phone_link(number):
    return f'<a class="phone-link" href="tel:{_e(tel_uri(number))}" dir="ltr">{_e(number)}</a>' if number else ""


def _email_link(address):
    return f'<a class="email-link" href="mailto:{_e(address)}" dir="ltr">{_e(address)}</a>' if address else ""


@register.simple_tag
def phone_link(number):
    """A phone number as a tel: link that reads left to right inside Arabic text, or nothing."""
    return mark_safe(_phone_link(number))  # noqa: S308 - every value escaped by _e


@register.simple_tag
def email_link(address):
    return mark_safe(_email_link(address))  # noqa: S308 - every value escaped by _e


def _labels(context):
    """The actions' labels, translated once per page rather than once per person."""
    labels = context.render_context.get("contact_labels")
    if labels is None:
        labels = context.render_context["contact_labels"] = {
            "office": _e(pgettext("contact button", "Office")), "mobile": _e(pgettext("contact button", "Mobile")),
            "email": _e(pgettext("contact button", "E-mail")), "whatsapp": _e(_("WhatsApp")),
            "email_column": _e(_("E-mail")), "office_column": _e(_("Office phone")), "mobile_column": _e(_("Mobile")),
            "job_column": _e(_("Job title")), "entity_column": _e(_("Entity")), "role_column": _e(_("Network role")),
        }
    return labels


@register.simple_tag(takes_context=True)
def contact_actions(context, person):
    """One-tap actions of a directory card: call the office, call the mobile, e-mail, WhatsApp.
    The mobile and WhatsApp appear only when the viewer may see the mobile."""
    mobile = _visible_mobile(context, person)
    whatsapp = whatsapp_url(mobile) if mobile else ""
    labels = _labels(context)
    actions = []
    # Short labels: four buttons share one row of a card; the title shows the number or address.
    if person.office_phone:
        actions.append(("tel:" + tel_uri(person.office_phone), "contact-office", "telephone", labels["office"], person.office_phone))
    if mobile:
        actions.append(("tel:" + tel_uri(mobile), "contact-mobile", "phone", labels["mobile"], mobile))
    if person.email:
        actions.append(("mailto:" + person.email, "contact-email", "envelope", labels["email"], person.email))
    if whatsapp:
        actions.append((whatsapp, "contact-whatsapp", "whatsapp", labels["whatsapp"], mobile))
    if not actions:
        return ""
    links = "".join(
        f'<a class="btn btn-contact {css}" href="{_e(href)}" title="{_e(hint)}"><i class="bi bi-{icon}" aria-hidden="true"></i> {label}</a>'
        for href, css, icon, label, hint in actions
    )
    return mark_safe(f'<div class="card-footer contact-quick">{links}</div>')  # noqa: S308 - every value escaped by _e


@register.simple_tag(takes_context=True)
def contact_cells(context, person):
    """The e-mail, office phone and mobile cells of a directory table row; each cell carries its
    column's name for the stacked layout on phones."""
    labels = _labels(context)
    mobile = _visible_mobile(context, person)
    mobile_html = _phone_link(mobile)
    if mobile_html and whatsapp_url(mobile):
        mobile_html = (
            f'<span class="text-nowrap">{mobile_html} <a class="btn btn-contact btn-contact-icon contact-whatsapp" href="{_e(whatsapp_url(mobile))}">'
            f'<i class="bi bi-whatsapp" aria-hidden="true"></i><span class="visually-hidden">{labels["whatsapp"]}</span></a></span>'
        )
    return mark_safe(  # noqa: S308 - every value escaped by _e
        f'<td data-label="{labels["email_column"]}">{_email_link(person.email)}</td>'
        f'<td data-label="{labels["office_column"]}">{_phone_link(person.office_phone)}</td>'
        f'<td data-label="{labels["mobile_column"]}">{mobile_html}</td>'
    )


def _bilingual(language, arabic, english):
    """portal.i18n.Bilingual for plain values: the page's language, else the other one."""
    return (arabic or english) if language == "ar" else (english or arabic)


def _row_texts(person, language):
    """The escaped name, job title and entity name of a directory row (members.filters.ListedPerson)."""
    return (
        _e(_bilingual(language, person.name_ar, person.name_en)),
        _e(_bilingual(language, person.job_title_ar, person.job_title_en)),
        _e(_bilingual(language, person.entity_name_ar, person.entity_name_en) or ""),
    )


@register.simple_tag(takes_context=True)
def directory_cards(context, people):
    """The directory's cards, one per person of the page (members.filters.ListedPerson), built as
    strings: the same markup through template tags and includes cost about 9 ms a page of 24."""
    language = active_language()
    person_url, seat_badge = pk_urls("members:person"), _seat_badges()
    cards = []
    for person in people:
        name, job_title, entity = _row_texts(person, language)
        tags = "".join(
            f'<span class="badge text-bg-light">{_e(name)}</span>' for name in person.expertise
        )
        cards.append(
            f'\n      <div class="col"><article class="card h-100 person-card"><div class="card-body d-flex gap-3">'
            f'\n        {_avatar(person.pk, person.photo_small, _bilingual(language, person.name_ar, person.name_en))}'
            f'\n        <div class="min-w-0">'
            f'\n          <h2 class="h6 mb-1"><a class="stretched-link" href="{person_url(person.pk)}">{name}</a></h2>'
            f'\n          <p class="small mb-1">{job_title}</p>'
            f'\n          <p class="small text-body-secondary mb-2">{entity}</p>'
            f'\n          {seat_badge(person.seat)}'
            f'\n          {tags}'
            f'\n        </div>'
            f'\n      </div>{contact_actions(context, person)}</article></div>\n    '
        )
    return mark_safe("".join(cards))  # noqa: S308 - every value escaped by _e


@register.simple_tag(takes_context=True)
def directory_rows(context, people):
    """The directory table's rows (see directory_cards); each cell names its column for phones."""
    language = active_language()
    labels = _labels(context)
    person_url, seat_badge = pk_urls("members:person"), _seat_badges()
    rows = []
    for person in people:
        name, job_title, entity = _row_texts(person, language)
        rows.append(
            f'\n      <tr><th scope="row" class="cell-name"><a href="{person_url(person.pk)}">{name}</a></th>'
            f'<td data-label="{labels["job_column"]}">{job_title}</td><td data-label="{labels["entity_column"]}">{entity}</td>'
            f'<td data-label="{labels["role_column"]}">{seat_badge(person.seat)}</td>{contact_cells(context, person)}</tr>\n    '
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped by _e


@register.simple_tag
def directory_filters(form):
    """The directory's filter fields (members.filters.DirectoryFilterForm), each in its column with
    its label: a text input for the name, selects for the rest, marked invalid as form_control marks
    them. Written as strings: through BoundFields, widgets and format_html, 85 options cost about 1 ms."""
    errors, data = form.errors, form.data
    columns = []
    for name, field in form.fields.items():
        invalid = name in errors
        value = data.get(name)
        if isinstance(field, forms.ChoiceField):
            selected = "" if value is None else str(value)
            options = "".join(
                f'<option value="{_e(choice)}"{" selected" if str(choice) == selected else ""}>{_e(label)}</option>'
                for choice, label in field.choices
            )
            if invalid:
                attributes = f' aria-describedby="id_{name}_error" aria-invalid="true" class="form-select is-invalid"'
            else:
                attributes = ' class="form-select"'
            control = f'<select name="{name}"{attributes} id="id_{name}">{options}</select>'
        else:
            value = f' value="{_e(value)}"' if value not in ("", None) else ""
            attributes = f' maxlength="{field.max_length}"' if field.max_length is not None else ""
            if invalid:
                attributes += f' class="form-control is-invalid" aria-invalid="true" aria-describedby="id_{name}_error"'
            else:
                attributes += ' class="form-control"'
            control = f'<input type="text" name="{name}"{value}{attributes} id="id_{name}">'
        columns.append(
            f'\n      <div class="col-12 col-sm-6 col-lg-{3 if name == "q" else 2}">'
            f'\n        <label class="form-label small mb-1" for="id_{name}">{_e(field.label)}</label>'
            f'\n        {control}\n      </div>\n    '
        )
    return mark_safe("".join(columns))  # noqa: S308 - every value escaped by _e


# What an entity's card shows, in this order (members.views.entity_list reads them as values).
ENTITY_CARD_FIELDS = ("pk", "name_ar", "name_en", "short_name", "logo", "sector", "member_count")


def _entity_logo(pk, logo, short_name, name):
    if logo:
        return f'<img class="entity-logo" src="{pk_url("download", pk, "entity-logo")}" alt="" width="56" height="56" loading="lazy">'
    return f'<span class="entity-logo entity-logo-text" aria-hidden="true">{_e((short_name or name)[:4])}</span>'


@register.simple_tag
def entity_logo(entity):
    """An entity's logo, or its short name (else the first letters of its name) in a tile."""
    return mark_safe(_entity_logo(entity.pk, entity.logo, entity.short_name, entity.name))  # noqa: S308 - escaped by _e


@register.simple_tag
def entity_cards(entities):
    """The entity list's cards from ENTITY_CARD_FIELDS values, built as strings: through the
    template, the logo include, the sector's label and the count's plural cost about 12 ms for 60."""
    language = active_language()
    sectors = {value: _e(label) for value, label in Sector.choices}
    entity_url = pk_urls("members:entity")
    counts = {}
    cards = []
    for pk, name_ar, name_en, short_name, logo, sector, member_count in entities:
        name = _bilingual(language, name_ar, name_en)
        count = counts.get(member_count)
        if count is None:
            # As {% blocktranslate count %} writes it: the number localized and escaped, the sentence not.
            count = counts[member_count] = ngettext("%(counter)s person", "%(counter)s people", member_count) % {
                "counter": _e(localize(member_count)),
            }
        cards.append(
            f'\n    <div class="col"><article class="card h-100"><div class="card-body d-flex gap-3 align-items-start">'
            f'\n      {_entity_logo(pk, logo, short_name, name)}\n'
            f'\n      <div>'
            f'\n        <h2 class="h6 mb-1"><a class="stretched-link" href="{entity_url(pk)}">{_e(name)}</a></h2>'
            f'\n        <p class="small text-body-secondary mb-0">{sectors.get(sector, _e(sector))} · {count}</p>'
            f'\n      </div>'
            f'\n    </div></article></div>\n  '
        )
    return mark_safe("".join(cards))  # noqa: S308 - every value escaped by _e


# What the entity page shows of each of its people, in this order (members.views.entity_detail).
ENTITY_PERSON_FIELDS = ("pk", "name_ar", "name_en", "job_title_ar", "job_title_en", "seat", "photo_small")


@register.simple_tag
def entity_people(people):
    """The entity page's list of its people from ENTITY_PERSON_FIELDS values, built as strings (an
    entity of 50 people cost about 7 ms through the template's tags)."""
    language = active_language()
    person_url, seat_badge = pk_urls("members:person"), _seat_badges()
    items = []
    for pk, name_ar, name_en, job_title_ar, job_title_en, seat, photo_small in people:
        name = _bilingual(language, name_ar, name_en)
        items.append(
            f'\n          <li class="list-group-item d-flex gap-3 align-items-center">'
            f'\n            {_avatar(pk, photo_small, name)}'
            f'\n            <div><a class="fw-semibold" href="{person_url(pk)}">{_e(name)}</a>'
            f'\n              <span class="d-block small">{_e(_bilingual(language, job_title_ar, job_title_en))}</span>{seat_badge(seat)}</div>'
            f'\n          </li>\n        '
        )
    return mark_safe("".join(items))  # noqa: S308 - every value escaped by _e
