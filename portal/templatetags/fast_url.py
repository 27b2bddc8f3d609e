"""Django's `{% url %}`, with each URL reversed once per process for its shape, not once per link.

Installed as a template builtin (TEMPLATES' "builtins" in portal.settings), so it replaces the
`url` tag of every template, the admin's included; every other tag is Django's own.

reverse() costs 40-50 microseconds, and a case page draws about seventy links, a meeting page
twenty. What reverse() gives for a view name, the literal strings among its arguments, the
language (i18n_patterns put it in the path), the script prefix, the URLconf and the current
application does not change while the process runs; only the pks in it do. So the URL is reversed
once with stand-ins for the integer arguments, cut at the stand-ins, and later links are the
pieces with the real integers put back. Any other link (keyword arguments, a string from a
variable, a negative number, a shape whose stand-ins do not come back as they went in, an error)
is reversed by Django's node exactly as before.
"""
from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

# Digits only: an int, slug, str or path converter reverses them as they are.
_STAND_IN = "98765432{:02d}"
_INTEGER = object()  # an integer argument's place in a shape's key
# shape -> the URL's pieces between the integer arguments, or None: reversed by Django's node.
# Bounded: the view names and literals of the templates, by language, prefix and application.
_pieces_by_shape = {}


def _current_app(context):
    # As Django's URLNode finds it.
    request = getattr(context, "request", None)
    current_app = getattr(request, "current_app", None)
    if current_app is None:
        current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
    return current_app


def _pieces(view_name, shape, current_app):
    """The URL of `view_name` cut at its integer arguments, or None if it cannot be cut safely."""
    stand_ins = []
    args = []
    for part in shape:
        if part is _INTEGER:
            stand_ins.append(_STAND_IN.format(len(stand_ins)))
            args.append(stand_ins[-1])
        else:
            args.append(part)
    try:
        url = reverse(view_name, args=args, current_app=current_app)
    except NoReverseMatch:
        return None
    pieces = []
    for stand_in in stand_ins:
        head, found, url = url.partition(stand_in)
        if not found or stand_in in url:
            return None
        pieces.append(head)
    pieces.append(url)
    if any(_STAND_IN[:8] in piece for piece in pieces):
        return None
    return pieces


class URLNode(defaulttags.URLNode):
    def render(self, context):
        if self.kwargs:
            return super().render(context)
        shape, integers = [], []
        for arg in self.args:
            value = arg.resolve(context)
            if type(value) is int and value >= 0:  # not bool, which is an int too
                shape.append(_INTEGER)
                integers.append(value)
            elif isinstance(value, str) and not arg.is_var and not arg.filters:
                shape.append(value)  # a quoted literal of the template: a bounded key
            else:
                return super().render(context)
        view_name = self.view_name.resolve(context)
        current_app = _current_app(context)
        key = (view_name, tuple(shape), get_language(), get_script_prefix(), get_urlconf(), current_app)
        try:
            pieces = _pieces_by_shape[key]
        except KeyError:
            pieces = _pieces_by_shape[key] = _pieces(view_name, shape, current_app)
        if pieces is None:
            return super().render(context)
        url = pieces[0]
        for integer, piece in zip(integers, pieces[1:]):
            url = f"{url}{integer}{piece}"
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return URLNode(node.view_name, node.args, node.kwargs, node.asvar)
