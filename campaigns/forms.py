"""Forms of Al Multaqa: the showcase's filters, the case and its KPI rows. Each form names only the
fields it reads, so extra POST fields (`state=published`, `owner`, `best_practice`, `is_staff`) have
nowhere to go."""
from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from campaigns import theme_keys
from campaigns.media import check_picture
from campaigns.models import Audience, Campaign, Channel, Theme
from campaigns.services import CASE_FIELDS
from members.models import Entity
from portal.forms import BilingualInputsMixin
from portal.i18n import active_language, name_ordering
from portal.uploads import ValidatedFileField

SORTS = {
    "newest": ("-published_at", "-pk"),
    "views": ("-view_count", "-published_at", "-pk"),
    "useful": ("-useful_count", "-published_at", "-pk"),
}


class Choices(BaseChoiceIterator):
    """(value, label) pairs that a form field takes as they are. Given a list, a field and its widget
    each normalize it again, entry by entry (as the members directory found: members.filters.Choices)."""

    def __init__(self, pairs):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)


def bilingual_choices(rows):
    """(pk, name) pairs from (pk, name_ar, name_en) rows, the name in the page's language or else in
    the other one, as Bilingual reads it: a filter bar needs no model instance per option."""
    if active_language() == "ar":
        return [(pk, name_ar or name_en) for pk, name_ar, name_en in rows]
    return [(pk, name_en or name_ar) for pk, name_ar, name_en in rows]


CHANNEL_CHOICES = Choices([("", _("All channels")), *Channel.choices])
AUDIENCE_CHOICES = Choices([("", _("All audiences")), *Audience.choices])
STATUS_CHOICES = Choices([("", _("Any status")), *Campaign.Status.choices])
SORT_CHOICES = Choices([("newest", _("Newest")), ("views", _("Most viewed")), ("useful", _("Most useful"))])


class CampaignFilterForm(forms.Form):
    """The showcase's filters. Entity and year choices come from the published cases, passed in by the
    view: the entities and themes as (pk, name_ar, name_en) rows, the years as numbers."""

    entity = forms.TypedChoiceField(label=_("Entity"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), required=False)
    status = forms.ChoiceField(label=_("Campaign status"), required=False)
    best_practice = forms.BooleanField(label=_("Best practice only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    # Last in the form: a search box of the portal's index (campaigns/showcase.py), combined with the filters.
    q = forms.CharField(label=_("Search the cases"), required=False, max_length=100)

    def __init__(self, data, *, entities, years, themes, user=None):
        super().__init__(data)
        self.user = user
        self.fields["q"].widget.attrs.update(type="search", placeholder=_("Words from the title or the case, in Arabic or English"))
        fields = self.fields
        # What the lists of entities, years and themes hold: with the values given, all that the
        # filter bar is drawn from besides the page's language (drawn_from).
        self.listed = (bilingual_choices(entities), list(years), bilingual_choices(themes))
        entity_choices, years, theme_choices = self.listed
        fields["entity"].choices = Choices([("", _("All entities")), *entity_choices])
        fields["year"].choices = Choices([("", _("All years")), *((year, str(year)) for year in years)])
        fields["theme"].choices = Choices([("", _("All themes")), *theme_choices])
        fields["channel"].choices = CHANNEL_CHOICES
        fields["audience"].choices = AUDIENCE_CHOICES
        fields["status"].choices = STATUS_CHOICES
        fields["sort"].choices = SORT_CHOICES

    def drawn_from(self):
        """What this form's HTML is drawn from besides the page's language and the fixed choices, for
        a fingerprint (portal.renderings): the listed entities, years and themes, and the value given
        for each field, as its widget reads it (errors follow from these)."""
        return [self.listed, [self.data.get(name) for name in self.fields]]

    def given(self):
        """{name: value} of the filters given with a valid value: an invalid one (`?year=abc`) is
        ignored, as is an empty one (no entity, not only the best practice, the default sort)."""
        self.is_valid()
        return {
            name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors and value
        }

    def narrowed(self, campaigns, values):
        """`campaigns` narrowed and sorted by `values` (given())."""
        if values.get("entity"):
            campaigns = campaigns.filter(owner_id=values["entity"])
        if values.get("year"):
            campaigns = campaigns.filter(starts_on__year=values["year"])
        if values.get("theme"):
            campaigns = campaigns.filter(theme_keys__contains=theme_keys.key(values["theme"]))
        if values.get("channel"):
            campaigns = campaigns.filter(channels__contains=f" {values['channel']} ")
        if values.get("audience"):
            campaigns = campaigns.filter(audiences__contains=f" {values['audience']} ")
        if values.get("status"):
            campaigns = campaigns.filter(status=values["status"])
        if values.get("best_practice"):
            campaigns = campaigns.filter(best_practice=True)
        if values.get("q") and self.user is not None:
            from campaigns.showcase import matching_campaign_ids

            matching = matching_campaign_ids(self.user, values["q"])
            if matching is not None:
                campaigns = campaigns.filter(pk__in=matching)
        return campaigns.order_by(*SORTS.get(values.get("sort") or "newest", SORTS["newest"]))


class CampaignForm(BilingualInputsMixin, forms.ModelForm):
    """The case, as the owner entity's people write it: never its entity, state or flags."""

    # Not the model's field: the upload is only checked here (campaigns.media.check_picture) and kept
    # by the service until the background task makes the renditions.
    cover = ValidatedFileField(label=_("Cover image"), required=False, kind="image", prepare=check_picture, widget=forms.FileInput)
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)

    class Meta:
        model = Campaign
        fields = [*CASE_FIELDS, "themes", "partners", "messages"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "themes": forms.CheckboxSelectMultiple,
            "messages": forms.CheckboxSelectMultiple,
            "video_links": forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
            **{name: forms.Textarea(attrs={"rows": 4}) for name in CASE_FIELDS if name.endswith(("_ar", "_en")) and not name.startswith("title")},
        }

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by(*name_ordering())
        partners = Entity.objects.active().order_by(*name_ordering())
        if owner is not None:
            partners = partners.exclude(pk=owner.pk)
        self.fields["partners"].queryset = partners
        self.fields["partners"].help_text = _("Other entities that ran the campaign with yours.")
        self.fields["title_en"].help_text = _("Optional: the Arabic title is shown when it is empty.")
        from campaigns.messages import choices_for  # the strategic messages a case may carry

        self.fields["messages"].queryset = choices_for(self.instance)
        self.fields["messages"].help_text = _("The government's strategic messages this campaign carries (those currently valid).")
        if not (self.instance and (self.instance.cover or self.instance.cover_source)):
            del self.fields["remove_cover"]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return cleaned

    def _post_clean(self):
        # The model's own validation runs in the service (on the real row); here only the fields.
        pass

    def case_data(self):
        # The strategic messages travel with the case's data (campaigns.services sets them).
        return {**{name: self.cleaned_data[name] for name in CASE_FIELDS}, "messages": list(self.cleaned_data["messages"])}

    def new_cover(self):
        """The picture uploaded with this form, or None (without one, the field holds the current file)."""
        return self.cleaned_data.get("cover") if "cover" in self.changed_data and self.cleaned_data.get("cover") else None


class KpiForm(BilingualInputsMixin, forms.Form):
    metric_ar = forms.CharField(label=_("Metric (Arabic)"), max_length=150)
    metric_en = forms.CharField(label=_("Metric (English)"), max_length=150, required=False)
    target = forms.DecimalField(label=_("Target"), max_digits=16, decimal_places=2, min_value=0, required=False)
    achieved = forms.DecimalField(label=_("Achieved"), max_digits=16, decimal_places=2, min_value=0, required=False)
    unit_ar = forms.CharField(label=_("Unit (Arabic)"), max_length=40, required=False)
    unit_en = forms.CharField(label=_("Unit (English)"), max_length=40, required=False)
    source_ar = forms.CharField(label=_("Source of the figure (Arabic)"), max_length=200, required=False)
    source_en = forms.CharField(label=_("Source of the figure (English)"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("target", "achieved"):
            self.fields[name].widget.attrs.update(dir="ltr", inputmode="decimal")


class BaseKpiFormSet(forms.BaseFormSet):
    def rows(self):
        """The KPI rows kept, in order: filled in and not marked for deletion."""
        return [
            {name: value for name, value in form.cleaned_data.items() if name != "DELETE"}
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


KpiFormSet = forms.formset_factory(
    KpiForm, formset=BaseKpiFormSet, extra=2, can_delete=True, max_num=20, validate_max=True, absolute_max=40,
)
