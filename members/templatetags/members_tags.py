"""Small pieces of the directory drawn many times a page: simple tags, cheaper than includes in loops.

Contact data (phones, e-mails) is left-to-right text inside right-to-left pages: every piece of it is
wrapped in an element with `dir="ltr"`, which the browser isolates from the Arabic around it.
"""
import re

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
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


@register.simple_tag
def phone_link(number, link_id=""):
    """A phone number as a tel: link that reads left to right, or nothing."""
    if not number:
        return ""
    return format_html('<a class="phone-link" href="tel:{}" dir="ltr"{}>{}</a>', tel_uri(number),
                       format_html(' id="{}"', link_id) if link_id else "", number)


@register.simple_tag
def email_link(address):
    if not address:
        return ""
    return format_html('<a class="email-link" href="mailto:{}" dir="ltr">{}</a>', address, address)


@register.simple_tag(takes_context=True)
def contact_actions(context, person):
    """One-tap actions of a directory card: call the office, call the mobile, e-mail, WhatsApp.
    The mobile and WhatsApp appear only when the viewer may see the mobile."""
    mobile = _visible_mobile(context, person)
    actions = []
    # Short labels: four buttons share one row of a card.
    if person.office_phone:
        actions.append(("tel:" + tel_uri(person.office_phone), "contact-office", "telephone", pgettext("contact button", "Office"), person.office_phone))
    if mobile:
        actions.append(("tel:" + tel_uri(mobile), "contact-mobile", "phone", pgettext("contact button", "Mobile"), mobile))
    if person.email:
        actions.append(("mailto:" + person.email, "contact-email", "envelope", pgettext("contact button", "E-mail"), person.email))
    if mobile and whatsapp_url(mobile):
        actions.append((whatsapp_url(mobile), "contact-whatsapp", "whatsapp", _("WhatsApp"), mobile))
    if not actions:
        return ""
    return format_html(
        '<div class="card-footer contact-quick">{}</div>',
        format_html_join(
            "", '<a class="btn btn-contact {}" href="{}" title="{}"><i class="bi bi-{}" aria-hidden="true"></i> {}</a>',
            ((css, href, hint, icon, label) for href, css, icon, label, hint in actions),
        ),
    )


@register.simple_tag(takes_context=True)
def contact_cells(context, person):
    """The e-mail, office phone and mobile cells of a directory table row; each cell carries its
    column's name for the stacked layout on phones."""
    mobile = _visible_mobile(context, person)
    whatsapp = whatsapp_url(mobile) if mobile else ""
    mobile_html = phone_link(mobile)
    if whatsapp:
        mobile_html = format_html(
            '<span class="text-nowrap">{} <a class="btn btn-contact btn-contact-icon contact-whatsapp" href="{}"><i class="bi bi-whatsapp" aria-hidden="true"></i>'
            '<span class="visually-hidden">{}</span></a></span>', mobile_html, whatsapp, _("WhatsApp"),
        )
    return format_html(
        '<td data-label="{}">{}</td><td data-label="{}">{}</td><td data-label="{}">{}</td>',
        _("E-mail"), email_link(person.email), _("Office phone"), phone_link(person.office_phone), _("Mobile"), mobile_html,
    )
