"""Forms of a case's gallery manager: new pictures with their captions (several at once), and the
pictures the case has, to caption, reorder and remove. They name only what they read; the writes are
campaigns.media.gallery_add and gallery_edit."""
from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.media import MAX_GALLERY_PICTURES, check_picture
from portal.forms import BilingualInputsMixin
from portal.uploads import ValidatedFileField

NEW_PICTURE_ROWS = 4


class NewPictureForm(BilingualInputsMixin, forms.Form):
    picture = ValidatedFileField(label=_("Picture"), required=False, kind="image", prepare=check_picture, widget=forms.FileInput)
    caption_ar = forms.CharField(label=_("Caption (Arabic)"), max_length=300, required=False)
    caption_en = forms.CharField(label=_("Caption (English)"), max_length=300, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("picture") and (cleaned.get("caption_ar") or cleaned.get("caption_en")) and "picture" not in self.errors:
            self.add_error("picture", _("Choose the picture this caption belongs to."))
        return cleaned


class BaseNewPictureFormSet(forms.BaseFormSet):
    def pictures(self):
        """What gallery_add takes: the rows with a picture, in the order given."""
        return [
            {"upload": form.cleaned_data["picture"], "caption_ar": form.cleaned_data["caption_ar"], "caption_en": form.cleaned_data["caption_en"]}
            for form in self.forms
            if form.cleaned_data.get("picture")
        ]


NewPictureFormSet = forms.formset_factory(
    NewPictureForm, formset=BaseNewPictureFormSet, extra=NEW_PICTURE_ROWS, max_num=NEW_PICTURE_ROWS, validate_max=True,
    absolute_max=NEW_PICTURE_ROWS,
)


class PictureForm(BilingualInputsMixin, forms.Form):
    """One picture the case has. `picture` is its pk: the service ignores a pk of another case's picture."""

    picture = forms.IntegerField(widget=forms.HiddenInput)
    position = forms.IntegerField(label=_("Position"), min_value=1, max_value=MAX_GALLERY_PICTURES)
    caption_ar = forms.CharField(label=_("Caption (Arabic)"), max_length=300, required=False)
    caption_en = forms.CharField(label=_("Caption (English)"), max_length=300, required=False)
    remove = forms.BooleanField(label=_("Remove this picture"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].widget.attrs.update(dir="ltr", inputmode="numeric", size=3)


class BasePictureFormSet(forms.BaseFormSet):
    def changes(self):
        """(order, captions, remove) for gallery_edit: pictures sorted by the positions typed (ties
        keep their current order)."""
        rows = [(form.cleaned_data["position"], index, form.cleaned_data) for index, form in enumerate(self.forms) if form.cleaned_data]
        order = [data["picture"] for _position, _index, data in sorted(rows, key=lambda row: row[:2])]
        captions = {data["picture"]: (data["caption_ar"], data["caption_en"]) for _position, _index, data in rows}
        remove = {data["picture"] for _position, _index, data in rows if data.get("remove")}
        return order, captions, remove


PictureFormSet = forms.formset_factory(
    PictureForm, formset=BasePictureFormSet, extra=0, max_num=MAX_GALLERY_PICTURES, absolute_max=MAX_GALLERY_PICTURES,
)
