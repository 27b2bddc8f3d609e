"""`{% drawn_once "template.html" name="value" ... %}`: a part that depends on nothing but the page's
language and the literal values it is given, drawn once per process and then reused.

The footer and Al Multaqa's section links are the same on every page of a language, yet drawn as
includes they cost 0.15 to 0.25 ms each a request (`make profile`): the template engine's variable
lookups, translations and URL reversing, every time. Their HTML cannot differ between two
requests of one language unless the code or the catalogues change, which restarts the process.

Only quoted literals may be given (checked when the template is compiled), and the part is drawn
without the request or the page's context: nothing of a user, a session or a query string can
reach it, so nothing of one viewer is ever shown to another.
"""
from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# HTML by (template, language, script prefix, given values): bounded by the templates' own literals.
_drawn = {}


class DrawnOnceNode(template.Node):
    def __init__(self, template_name, values):
        self.template_name = template_name
        self.values = values

    def render(self, context):
        key = (self.template_name, get_language(), get_script_prefix(), self.values)
        html = _drawn.get(key)
        if html is None:
            html = _drawn[key] = mark_safe(render_to_string(self.template_name, dict(self.values)))
        return html


def _literal(bit, tag_name):
    if len(bit) < 2 or bit[0] != bit[-1] or bit[0] not in "\"'":
        raise template.TemplateSyntaxError(f"{tag_name} takes quoted literals only, not {bit!r}: it is drawn once for every request")
    return bit[1:-1]


@register.tag
def drawn_once(parser, token):
    tag_name, *bits = token.split_contents()
    if not bits:
        raise template.TemplateSyntaxError(f"{tag_name} needs a template name")
    template_name = _literal(bits[0], tag_name)
    values = []
    for bit in bits[1:]:
        name, equals, value = bit.partition("=")
        if not equals or not name.isidentifier():
            raise template.TemplateSyntaxError(f"{tag_name} takes name=\"value\" pairs, not {bit!r}")
        values.append((name, _literal(value, tag_name)))
    return DrawnOnceNode(template_name, tuple(sorted(values)))
