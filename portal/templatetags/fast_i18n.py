"""Django's `i18n` template library, with `{% translate "literal" %}` looked up once per process.

Installed under the name `i18n` (TEMPLATES' "libraries" in portal.settings), so every template's
`{% load i18n %}` gets it, admin's and the apps' alike; every other tag and filter is Django's own.

A page shows 40 to 50 fixed strings (the header alone has 15). Django resolves each one on every
page: a variable lookup, gettext through the thread's active translation (several catalogues), the
escaping of the result and the doubled percent signs put back: about 1.5 ms of a directory page's
CPU. The result depends only on the string, the active language and autoescaping, and the
catalogues do not change while the process runs: it is kept per process under those three. A
string with filters, a context (`context "..."`) or a variable is rendered by Django's node as before.
"""
from django import template
from django.template.base import render_value_in_context
from django.templatetags import i18n
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)

# (language, literal, noop, autoescape) -> the rendered value. Bounded by the templates' literals.
_rendered = {}


class TranslateNode(i18n.TranslateNode):
    def render(self, context):
        var = self.filter_expression.var
        if self.message_context or self.filter_expression.filters or getattr(var, "literal", None) is None:
            return super().render(context)
        key = (get_language(), var.literal, self.noop, context.autoescape)
        value = _rendered.get(key)
        if value is None:
            value = _rendered[key] = self._value(context)
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value

    def _value(self, context):
        """What Django's render gives (or puts in `asvar`) for the literal."""
        self.filter_expression.var.translate = not self.noop
        value = render_value_in_context(self.filter_expression.resolve(context), context)
        # Percent signs are doubled in template text, so that they are not read as format flags.
        return mark_safe(value.replace("%%", "%")) if isinstance(value, SafeData) else value.replace("%%", "%")


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = i18n.do_translate(parser, token)
    node.__class__ = TranslateNode
    return node
