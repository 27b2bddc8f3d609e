"""Small pieces of the directory drawn many times a page: simple tags, cheaper than includes in loops.

Contact data (phones, e-mails) is left-to-right text inside right-to-left pages: every piece of it is
wrapped in an element with `dir="ltr"`, which the browser isolates from the Arabic around it.
"""
import html
import re

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _, pgettext

from members.phones import tel_uri

register = template.Library()


@register.simple_tag
def person_avatar(person, large=False):
    size = 160 if large else 56
    css = "avatar avatar-lg" if large else "avatar"
    if person.photo_small:
        url = reverse("download", args=["person-photo" if large else "person-photo-small", person.pk])
        return format_html('<img class="{}" src="{}" alt="" width="{}" height="{}" loading="lazy">', css, url, size, size)
    return format_html('<span class="{} avatar-initials" aria-hidden="true">{}</span>', css, (person.name or "?")[:1])


@register.simple_tag
def seat_badge(person):
    return format_html('<span class="badge seat-badge seat-{}">{}</span>', getattr(person, "seat", None) or "team", person.seat_label)


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
