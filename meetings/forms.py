"""Forms of the meetings pages: the list's filters, the reply, a comment on the minutes, workshop
feedback and the check-in's walk-in search. Each form names only the fields it reads, so extra POST
fields (`status`, `person`, `is_staff`) have nowhere to go."""
from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Feedback, Meeting, MinutesComment, Rsvp
from portal.forms import clean_text


class MeetingFilterForm(forms.Form):
    """The list's filters. Choices come from the meetings the user may see, passed in by the view."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    host = forms.TypedChoiceField(label=_("Host entity"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, years, hosts):
        super().__init__(data)
        self.fields["kind"].choices = [("", _("All kinds")), *Meeting.Kind.choices]
        self.fields["year"].choices = [("", _("All years")), *((year, str(year)) for year in years)]
        self.fields["host"].choices = [("", _("All hosts")), *((entity.pk, entity.name) for entity in hosts)]

    def filter(self, meetings):
        """`meetings` narrowed by the valid filters; an invalid value (`?year=abc`) is ignored."""
        self.is_valid()
        values = getattr(self, "cleaned_data", {})
        if values.get("kind"):
            meetings = meetings.filter(kind=values["kind"])
        if values.get("year"):
            meetings = meetings.filter(starts_at__year=values["year"])
        if values.get("host"):
            meetings = meetings.filter(host_id=values["host"])
        return meetings


class RsvpForm(forms.Form):
    response = forms.ChoiceField(label=_("Will you attend?"), choices=Rsvp.Response.choices, widget=forms.RadioSelect)
    delegate = forms.ModelChoiceField(
        label=_("Delegate"), required=False, queryset=None,
        help_text=_("Someone of your own entity who attends in your place."),
    )

    def __init__(self, *args, delegates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if delegates is None:
            # Without an entity (a guest, the secretariat) there is nobody to send.
            del self.fields["delegate"]
            self.fields["response"].choices = [
                choice for choice in Rsvp.Response.choices if choice[0] != Rsvp.Response.DELEGATE
            ]
        else:
            self.fields["delegate"].queryset = delegates
            self.fields["delegate"].empty_label = _("Choose a colleague")

    def clean(self):
        data = super().clean()
        if data.get("response") == Rsvp.Response.DELEGATE and not data.get("delegate"):
            self.add_error("delegate", _("Choose the colleague who attends in your place."))
        if data.get("response") != Rsvp.Response.DELEGATE:
            data["delegate"] = None
        return data


class MinutesCommentForm(forms.ModelForm):
    class Meta:
        model = MinutesComment
        fields = ["text"]
        labels = {"text": _("Your comment")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def clean_text(self):
        return clean_text(self.cleaned_data["text"])


class FeedbackForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("How useful was the workshop? (1 = not useful, 5 = very useful)"),
        choices=[(value, str(value)) for value in range(1, 6)], coerce=int, widget=forms.RadioSelect,
    )

    class Meta:
        model = Feedback
        fields = ["rating", "comment"]
        labels = {"comment": _("Comment (optional)")}
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}

    def clean_comment(self):
        return clean_text(self.cleaned_data["comment"])


class WalkInSearchForm(forms.Form):
    walk_in = forms.CharField(label=_("Find a member by name"), max_length=100, required=False)

    def clean_walk_in(self):
        return clean_text(self.cleaned_data["walk_in"]).strip()
