"""Forms of the members portal."""
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from members.models import Entity, EntitySocialAccount, Role, User
from members.phones import normalize_phone
from portal.forms import BilingualInputsMixin, clean_text
from portal.i18n import name_ordering


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
            self.fields["entity"].queryset = Entity.objects.active().order_by(*name_ordering())

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
            probe = User(email=self.invitation.email, name_ar=cleaned.get("name_ar", ""), name_en=cleaned.get("name_en", ""))
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(BilingualInputsMixin, forms.ModelForm):
    """What a person (or their director, or the secretariat) may change on a profile: never role or entity."""

    # The model field's own form field: the picture is checked and decoded while the form validates.
    photo_upload = User._meta.get_field("photo").formfield(label=_("New photo"), required=False, help_text=_("JPEG, PNG or WebP, up to 20 MB."))
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False)

    class Meta:
        model = User
        fields = [
            "name_ar", "name_en", "gender", "job_title_ar", "job_title_en", "office_phone", "mobile", "hide_mobile_from_team",
            "languages", "expertise", "bio_ar", "bio_en", "acting_for", "acting_from", "acting_until",
        ]
        widgets = {
            "expertise": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "acting_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "acting_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "bio_ar": forms.Textarea(attrs={"rows": 4}),
            "bio_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.instance
        # Acting as deputy is for someone of the same entity.
        colleagues = User.objects.in_directory().filter(entity_id=person.entity_id) if person.entity_id else User.objects.none()
        self.fields["acting_for"].queryset = colleagues.exclude(pk=person.pk).order_by("name_en")
        for name in ("office_phone", "mobile"):
            self.fields[name].widget.attrs.update(dir="ltr", inputmode="tel", autocomplete="tel")
        self.fields["name_ar"].required = self.fields["name_en"].required = True

    def clean(self):
        cleaned = super().clean()
        for name in ("name_ar", "name_en", "job_title_ar", "job_title_en", "bio_ar", "bio_en"):
            if name in cleaned:
                cleaned[name] = clean_text(cleaned[name])
        for name in ("office_phone", "mobile"):
            if name in cleaned:
                try:
                    cleaned[name] = normalize_phone(cleaned[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        start, end = cleaned.get("acting_from"), cleaned.get("acting_until")
        if start and end and end < start:
            self.add_error("acting_until", _("The end date must be after the start date."))
        return cleaned


class EntityForm(BilingualInputsMixin, forms.ModelForm):
    logo_upload = Entity._meta.get_field("logo").formfield(label=_("New logo"), required=False, help_text=_("JPEG, PNG or WebP, up to 5 MB."))

    class Meta:
        model = Entity
        fields = ["short_name", "website", "general_email", "general_phone"]

    def clean_short_name(self):
        return clean_text(self.cleaned_data["short_name"])

    def clean_general_phone(self):
        return normalize_phone(self.cleaned_data["general_phone"])


SocialAccountFormSet = forms.inlineformset_factory(
    Entity, EntitySocialAccount, fields=["platform", "url", "handle"], extra=1, max_num=10, can_delete=True,
)
