"""Small pieces of the directory drawn many times a page: simple tags, cheaper than includes in loops."""
from django import template
from django.urls import reverse
from django.utils.html import format_html

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
