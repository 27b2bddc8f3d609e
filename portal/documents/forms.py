"""The forms of documents. The file's checks live on the model field (ProtectedFileField), which
builds the file input here; the services check the choices again."""
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.documents.models import Document, DocumentVersion


def _file_field(**kwargs):
    field = DocumentVersion._meta.get_field("file").formfield(label=_("File"), **kwargs)
    field.widget.attrs.update({"class": "form-control form-control-lg"})
    return field


class DocumentUploadForm(forms.Form):
    file = forms.FileField()  # replaced in __init__ by the model field's validated input
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Left empty, the file's name is used."))
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Document.Language.choices)
    shared_with_guests = forms.BooleanField(label=_("Shared with guests"), required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()
        if kinds:
            self.fields["kind"].choices = [(value, label) for value, label in Document.Kind.choices if value in kinds]


class DocumentReplaceForm(forms.Form):
    file = forms.FileField()
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()


class DocumentEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Document.Language.choices)
    shared_with_guests = forms.BooleanField(label=_("Shared with guests"), required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        if kinds:
            self.fields["kind"].choices = [(value, label) for value, label in Document.Kind.choices if value in kinds]


class DocumentWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
