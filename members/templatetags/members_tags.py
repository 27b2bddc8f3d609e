"""Small pieces of the directory drawn many times a page: simple tags, cheaper than includes in loops.

Contact data (phones, e-mails) is left-to-right text inside right-to-left pages: every piece of it is
wrapped in an element with `dir="ltr"`, which the browser isolates from the Arabic around it.
"""
import html
import re

from django import forms, template
from django.forms.utils import flatatt
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext as _, pgettext

from members.models import NetworkSeat
from members.phones import tel_uri
from portal.i18n import active_language

register = template.Library()

# reverse() costs about 40 microseconds, 24 times a page for the people's links alone. A URL with an
# object's pk in it is reversed once per process, language and script prefix with a stand-in pk, and
# the page formats the real ones into it. The URLconf does not change while the process runs.
_PK_STAND_IN = "9876543210"
_pk_url_parts = {}


def pk_url(viewname, pk, *args):
    """reverse(viewname, args=[*args, pk]), HTML-escaped, without reversing each time."""
    key = (get_script_prefix(), get_language(), viewname, args)
    parts = _pk_url_parts.get(key)
    if parts is None:
        url = _e(reverse(viewname, args=[*args, _PK_STAND_IN]))
        head, _stand_in, tail = url.rpartition(_PK_STAND_IN)
        parts = _pk_url_parts[key] = (head, tail)
    return f"{parts[0]}{pk}{parts[1]}"


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


def _e(value):
    # The standard library's escape, as Django's escape() calls it, without the lazy-string wrapper:
    # format_html() over 24 people x 4 links cost about 8 ms a directory page, this about 1 ms.
    return html.escape(str(value), quote=True)


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
    cards = []
    for person in people:
        name, job_title, entity = _row_texts(person, language)
        tags = "".join(
            f'<span class="badge text-bg-light">{_e(_bilingual(language, tag_ar, tag_en))}</span>' for tag_ar, tag_en in person.expertise
        )
        cards.append(
            f'\n      <div class="col"><article class="card h-100 person-card"><div class="card-body d-flex gap-3">'
            f'\n        {_avatar(person.pk, person.photo_small, _bilingual(language, person.name_ar, person.name_en))}'
            f'\n        <div class="min-w-0">'
            f'\n          <h2 class="h6 mb-1"><a class="stretched-link" href="{pk_url("members:person", person.pk)}">{name}</a></h2>'
            f'\n          <p class="small mb-1">{job_title}</p>'
            f'\n          <p class="small text-body-secondary mb-2">{entity}</p>'
            f'\n          {_seat_badge(person.seat)}'
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
    rows = []
    for person in people:
        name, job_title, entity = _row_texts(person, language)
        rows.append(
            f'\n      <tr><th scope="row" class="cell-name"><a href="{pk_url("members:person", person.pk)}">{name}</a></th>'
            f'<td data-label="{labels["job_column"]}">{job_title}</td><td data-label="{labels["entity_column"]}">{entity}</td>'
            f'<td data-label="{labels["role_column"]}">{_seat_badge(person.seat)}</td>{contact_cells(context, person)}</tr>\n    '
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped by _e


@register.filter
def directory_control(bound_field):
    """A directory filter's input or select, as portal_tags.form_control draws it, with the options
    written as strings (format_html per option cost about 1 ms for the 60 entities)."""
    field, widget = bound_field.field, bound_field.field.widget
    invalid = " is-invalid" if bound_field.errors else ""
    if type(widget) is not forms.Select:
        attrs = {**widget.attrs, **bound_field.build_widget_attrs({"class": "form-control" + invalid})}
        attrs.setdefault("id", bound_field.auto_id)
        value = widget.format_value(bound_field.value())
        value = "" if value is None else f' value="{_e(value)}"'
        return mark_safe(f'<input type="{widget.input_type}" name="{bound_field.html_name}"{value}{_attributes(attrs)}>')  # noqa: S308
    attrs = bound_field.build_widget_attrs({**widget.attrs, "class": "form-select" + invalid})
    attrs["id"] = bound_field.auto_id
    selected = bound_field.value()
    selected = "" if selected is None else str(selected)
    options = "".join(
        f'<option value="{_e(value)}"{" selected" if str(value) == selected else ""}>{_e(label)}</option>'
        for value, label in field.choices
    )
    return mark_safe(f'<select name="{bound_field.html_name}"{flatatt(attrs)}>{options}</select>')  # noqa: S308


def _attributes(attrs):
    """Attributes in their order, as Django's widget template writes them (True: the name alone)."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_e(value)}"' for name, value in attrs.items() if value is not False
    )
