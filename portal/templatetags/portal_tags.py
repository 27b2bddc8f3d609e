"""Template helpers shared by every portal."""
from django import forms, template

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
    return bound_field.as_widget(attrs={"class": css})
