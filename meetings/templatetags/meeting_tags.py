"""`{% agenda_list items %}`: the meeting page's agenda, written as escaped strings.

Drawn by the template, eight items (title, planned minutes, presenter, description, the campaigns
presented and the documents panel) cost about 3 ms of the page's CPU, a third of it in
{% blocktranslate %} alone; written here, a fraction of that. Each item carries what the view put
on it: `links` (HTML from other portals, portal.registry.agenda_item_links) and `documents_panel`
(HTML from portal.documents.panels)."""
import functools

from django import template
from django.template.defaultfilters import date as date_filter, linebreaksbr, time as time_filter
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from portal.escaping import escaped as _e

register = template.Library()



def _presenter(item, presented_by):
    person, entity, guest = item.presenter_person, item.presenter_entity, item.presenter_guest
    names = [_e(person.name)] if person else []
    if entity:
        names.append(_e(entity.name))
    elif guest:
        names.append(_e(guest))
    if not names:
        return ""
    return f'<span class="d-block small text-body-secondary agenda-presenter">{presented_by} {", ".join(names)}</span>'


def agenda_item(item, presented_by):
    minutes = item.planned_minutes
    parts = [f'<li class="list-group-item agenda-item" id="agenda-item-{int(item.pk)}"><span class="fw-semibold">{_e(item.title)}</span>']
    if minutes:
        label = ngettext("%(counter)s minute", "%(counter)s minutes", minutes) % {"counter": minutes}
        parts.append(f' <span class="badge text-bg-light">{_e(label)}</span>')
    parts.append(_presenter(item, presented_by))
    if item.description:
        parts.append(f'<div class="small mt-1">{linebreaksbr(item.description, autoescape=True)}</div>')
    # Providers give HTML marked safe (format_html...); anything else is text, escaped.
    parts.extend(f'<div class="agenda-link small">{conditional_escape(link)}</div>' for link in item.links)
    parts.append(f"{item.documents_panel}</li>")
    return "".join(parts)


@register.simple_tag
def agenda_list(items):
    presented_by = _e(gettext("Presented by"))
    rows = "\n".join(agenda_item(item, presented_by) for item in items)
    return mark_safe(f'<ol class="agenda-list list-group list-group-numbered">\n{rows}\n</ol>')  # noqa: S308 - escaped by _e


@register.simple_tag
def meeting_when(meeting):
    """When the meeting is: its start and its end (only the time when it ends the same day), each a
    <time>, in the page's language and time zone, as the template wrote it with five date filters.
    Those cost half a millisecond a page; a meeting's times are written once per process."""
    return mark_safe(_when(get_language(), timezone.get_current_timezone_name(), meeting.starts_at, meeting.ends_at))  # noqa: S308 - Django's filters escape


@functools.lru_cache(maxsize=2048)
def _when(language, time_zone, starts_at, ends_at):
    # The language and the time zone are in the key: the filters read the active ones.
    starts_at, ends_at = timezone.localtime(starts_at), timezone.localtime(ends_at)
    same_day = date_filter(ends_at, "Ymd") == date_filter(starts_at, "Ymd")
    end = time_filter(ends_at, "TIME_FORMAT") if same_day else date_filter(ends_at, "DATETIME_FORMAT")
    return (
        f'<time datetime="{_e(date_filter(starts_at, "c"))}">{_e(date_filter(starts_at, "DATETIME_FORMAT"))}</time>'
        f' – <time datetime="{_e(date_filter(ends_at, "c"))}">{_e(end)}</time>'
    )
