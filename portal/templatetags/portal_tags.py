"""Template helpers shared by every portal."""
from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from portal.forms import set_input_direction

register = template.Library()


@register.filter
def form_control(bound_field):
    """Render a form field with the Bootstrap class its widget needs, marked invalid when it has errors."""
    widget = bound_field.field.widget
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    existing = widget.attrs.get("class", "")
    if css not in existing:
        css = f"{existing} {css}".strip()
    else:
        css = existing
    if bound_field.errors:
        css += " is-invalid"
    if type(widget) is forms.Select:
        return _select(bound_field, css)
    # Addresses, numbers, handles and passwords read left to right in the Arabic UI too, also in forms
    # that are not BilingualInputsMixin forms (formsets, allauth's).
    set_input_direction(bound_field.name, widget)
    return bound_field.as_widget(attrs={"class": css})


# The option templates choice_input() writes itself: Django's own (no project overrides them).
_CHOICE_INPUT_TEMPLATES = ("django/forms/widgets/radio_option.html", "django/forms/widgets/checkbox_option.html")


@register.filter
def choice_input(option):
    """`{{ option.tag }}` of a radio or checkbox option (a BoundWidget), written directly as Django's
    input.html and attrs.html write it: each option's tag drew three templates, and the reply form
    of a meeting page four options."""
    data = option.data
    if data.get("template_name") not in _CHOICE_INPUT_TEMPLATES:
        return option.tag()
    value = "" if data["value"] is None else format_html(' value="{}"', str(data["value"]))
    attrs = "".join(
        format_html(" {}", name) if value_ is True else format_html(' {}="{}"', name, str(value_))
        for name, value_ in data["attrs"].items() if value_ is not False
    )
    return format_html('<input type="{}" name="{}"{}{}>', data["type"], data["name"], value, mark_safe(attrs))  # noqa: S308 - each part escaped by format_html


def _select(bound_field, css):
    """A single <select>, built directly: Django's widget templates render one template per option,
    which made a filter bar with 60 entities cost more than the 24 cards below it."""
    # iter() first: list() would ask a ModelChoiceIterator for its length, a COUNT query.
    choices = list(iter(bound_field.field.choices))
    if any(isinstance(label, (list, tuple)) for _value, label in choices):
        return bound_field.as_widget(attrs={"class": css})  # option groups: leave to Django
    attrs = bound_field.build_widget_attrs({**bound_field.field.widget.attrs, "class": css})
    attrs["id"] = bound_field.auto_id
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    selected = bound_field.value()
    selected = "" if selected is None else str(selected)
    options = format_html_join(
        "", '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if str(value) == selected else "", label) for value, label in choices),
    )
    return format_html('<select name="{}"{}>{}</select>', bound_field.html_name, flatatt(attrs), options)
