"""The escaping of HTML written as Python strings (directory cards, campaign cards, documents
panels, a meeting's agenda): pages whose repeated parts cost too much drawn by templates."""
import html


def escaped(value):
    """`value` as text safe inside an element or a quoted attribute: the standard library's escape,
    as Django's escape() calls it, without the lazy-string wrapper (format_html() over 24 people x 4
    links cost about 8 ms a directory page, this about 1 ms)."""
    return html.escape(str(value), quote=True)
