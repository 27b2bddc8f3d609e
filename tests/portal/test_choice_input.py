"""`{{ option|choice_input }}` (portal_tags) writes a radio or checkbox option's input itself, in
place of Django's option templates: it must write exactly what `{{ option.tag }}` writes, for every
kind of option, value and attribute."""
import pytest
from django import forms

from meetings.forms import FeedbackForm, RsvpForm
from members.models import User
from portal.templatetags.portal_tags import choice_input

pytestmark = pytest.mark.django_db


class EveryKindOfChoice(forms.Form):
    colours = forms.MultipleChoiceField(
        choices=[("red", "Red"), ('a"b<c>', "Quotes & <tags>"), ("", "Empty"), ("٣", "عربي")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input", "data-x": 'say "hi"', "disabled": False, "autofocus": True}),
    )
    size = forms.TypedChoiceField(choices=[(1, "One"), (2, "Two")], coerce=int, widget=forms.RadioSelect, required=False)
    agree = forms.ChoiceField(choices=[("yes", "Yes")], widget=forms.RadioSelect(attrs={"aria-describedby": "help"}))


def _options(form):
    return [option for field in form.visible_fields() if field.widget_type in ("radioselect", "checkboxselectmultiple") for option in field]


@pytest.mark.parametrize("make_form", [
    lambda: EveryKindOfChoice(initial={"colours": ['a"b<c>', "٣"], "size": 2}),
    lambda: EveryKindOfChoice({"colours": ["nope"], "size": "9"}, auto_id="x_%s"),
    lambda: EveryKindOfChoice(auto_id=False),
    lambda: RsvpForm(delegates=User.objects.none(), initial={"response": "maybe"}),
    lambda: RsvpForm({"response": "bad"}, delegates=None),
    lambda: FeedbackForm(),
])
def test_choice_input_writes_what_the_option_template_writes(make_form):
    form = make_form()
    form.is_bound and form.is_valid()  # errors: aria-invalid on the inputs
    options = _options(form)
    assert options
    for option in options:
        assert choice_input(option) == option.tag()
    assert any(" checked" in choice_input(option) for option in options) or not form.initial


def test_a_custom_option_template_is_left_to_django():
    class Custom(forms.RadioSelect):
        option_template_name = "django/forms/widgets/input.html"

    form = forms.Form()
    form.fields["pick"] = forms.ChoiceField(choices=[("a", "A")], widget=Custom)
    [option] = list(form["pick"])
    assert choice_input(option) == option.tag()
