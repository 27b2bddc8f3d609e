"""Forms of the members portal."""
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from members.models import Entity, Role
from portal.forms import BilingualInputsMixin, clean_text


class InvitationForm(BilingualInputsMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=150, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.TEAM)
    entity = forms.ModelChoiceField(label=_("Entity"), queryset=Entity.objects.active(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.has_perm("members.choose_invitation_role"):
            # A director invites only their own entity's communication team.
            del self.fields["role"]
            del self.fields["entity"]
        else:
            self.fields["entity"].queryset = Entity.objects.active().order_by("name_ar" if self.is_arabic else "name_en")

    def clean_name_ar(self):
        return clean_text(self.cleaned_data["name_ar"])

    def clean_name_en(self):
        return clean_text(self.cleaned_data["name_en"])


class InvitationAcceptForm(BilingualInputsMixin, forms.Form):
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=150)
    name_en = forms.CharField(label=_("Name (English)"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)

    def clean_name_ar(self):
        return clean_text(self.cleaned_data["name_ar"])

    def clean_name_en(self):
        return clean_text(self.cleaned_data["name_en"])

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match."))
        elif password1:
            from members.models import User

            probe = User(email=self.invitation.email, name_ar=cleaned.get("name_ar", ""), name_en=cleaned.get("name_en", ""))
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
