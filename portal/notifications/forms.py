"""The preferences form: one radio group per kind of notification, and the language of e-mails."""
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.notifications import kinds
from portal.notifications.kinds import Delivery
from portal.notifications.models import EmailLanguage


def _radios():
    return forms.RadioSelect(attrs={"class": "form-check-input"})


def kind_field_name(kind):
    return f"kind__{kind.name}"


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of e-mails"), choices=EmailLanguage.choices, widget=_radios(),
        help_text=_("Notification e-mails are written in this language."),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds.all_kinds()
        for kind in self.kinds:
            self.fields[kind_field_name(kind)] = forms.ChoiceField(
                label=kind.label, help_text=kind.description, choices=Delivery.choices,
                widget=_radios(), initial=choices.get(kind.name, kind.default),
            )

    def kind_fields(self):
        return [self[kind_field_name(kind)] for kind in self.kinds]

    def chosen(self):
        """{kind name: delivery} from the cleaned data."""
        return {kind.name: self.cleaned_data[kind_field_name(kind)] for kind in self.kinds}
