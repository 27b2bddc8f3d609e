"""The links between the pages of a list, written in Python.

`{% page_links page query_string %}`: a Django Paginator's page ("Page 2 of 7"), for the directory,
notifications, invitations and search. `{% pager_links pager query_string param label %}`: a page of
portal.paging (no count, so "Page 2"), for Al Multaqa's and the meetings' lists; `param` names the
query-string parameter, `label` the navigation for screen readers.

As includes they cost about 0.25 ms a page each (`make profile`), a tenth of what the directory's
cards cost, for three list items. The query string is escaped into the links, as the includes did.
"""
from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()

LINK = '<li class="page-item"><a class="page-link" href="?{}&{}={}">{}</a></li>'
NAV = (
    '\n<nav class="{}" aria-label="{}"><ul class="pagination flex-wrap">\n  {}'
    '\n  <li class="page-item active" aria-current="page"><span class="page-link">{}</span></li>\n  {}\n</ul></nav>\n'
)


def _nav(css, label, query_string, param, number, has_previous, has_next, current):
    previous = format_html(LINK, query_string, param, number - 1, gettext("Previous")) if has_previous else ""
    following = format_html(LINK, query_string, param, number + 1, gettext("Next")) if has_next else ""
    return format_html(NAV, css, label, previous, current, following)


@register.simple_tag
def page_links(page, query_string):
    if not page.has_other_pages():
        return ""
    current = gettext("Page %(number)s of %(total)s") % {"number": page.number, "total": page.paginator.num_pages}
    return _nav("mt-3", gettext("Pages"), query_string, "page", page.number, page.has_previous(), page.has_next(), current)


@register.simple_tag
def pager_links(pager, query_string, param, label):
    """`pager` as portal.paging.page_of gives it: {"number", "has_previous", "has_next", ...}."""
    number, has_previous, has_next = pager["number"], pager["has_previous"], pager["has_next"]
    if not (has_previous or has_next):
        return ""
    current = gettext("Page %(number)s") % {"number": number}
    return _nav("mt-2 mb-4", label, query_string, param, number, has_previous, has_next, current)
