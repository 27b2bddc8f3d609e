"""Model fields that keep what is stored safe, whichever form, admin page or code path writes it.

- `CharField` / `TextField`: bidi control characters and NUL bytes are removed and the text is
  NFC-normalised, both when a form validates it (`to_python`) and when the row is saved (`pre_save`).
- `ProtectedFileField`: the upload rules of its kind (allowlist, signature, size, bombs) run as the
  field's validation, the stored name is generated, and pictures are re-encoded without metadata.
  Its bytes are only ever served through `portal.files`.
"""
from django.db import models
from django.utils.deconstruct import deconstructible

from portal.text import clean_text


class CleanTextMixin:
    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            cleaned = clean_text(value)
            if cleaned != value:
                setattr(model_instance, self.attname, cleaned)
            return cleaned
        return value


class CharField(CleanTextMixin, models.CharField):
    pass


class TextField(CleanTextMixin, models.TextField):
    pass


@deconstructible
class GeneratedName:
    """`upload_to` that ignores the user's file name: `<folder>/<yyyy>/<mm>/<uuid>.<ext>`."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        from portal.uploads import extension_of, storage_name

        return storage_name(self.folder, extension_of(filename))

    def __eq__(self, other):
        return isinstance(other, GeneratedName) and other.folder == self.folder


class ProtectedFileField(models.FileField):
    """A stored file whose safety does not depend on the form that brought it.

    `kind` names the upload rules (portal.uploads.KINDS); `folder` where it is stored; with
    `image_size`, the upload is replaced by a re-encoded copy of at most that many pixels on its
    longer side, in `image_format`, without EXIF/GPS data.
    """

    def __init__(self, *args, kind="document", folder="files", image_size=None, image_format="JPEG", **kwargs):
        self.kind, self.folder, self.image_size, self.image_format = kind, folder, image_size, image_format
        kwargs["upload_to"] = GeneratedName(folder)
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("upload_to", None)
        kwargs.update(kind=self.kind, folder=self.folder)
        if self.image_size:
            kwargs.update(image_size=self.image_size, image_format=self.image_format)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        from portal.uploads import ValidatedFileField

        return super().formfield(**{
            "form_class": ValidatedFileField, "kind": self.kind, "prepare": self.prepared_content, **kwargs,
        })

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value and not getattr(value, "_committed", True):
            self.prepared_content(value)  # raises a translated ValidationError for a bad file

    def prepared_content(self, upload):
        """What is stored for `upload`: the re-encoded picture, or the checked file itself.

        Raises a translated ValidationError for a file that breaks the kind's rules or a picture
        that cannot be decoded. The result is kept on the upload, so that validating in a form and
        storing in a service decode the picture once.
        """
        from portal.uploads import validate_upload

        # A file assigned to the model arrives wrapped in a FieldFile: work on the upload inside.
        if isinstance(upload, models.fields.files.FieldFile):
            upload = upload.file
        key = (self.kind, self.image_size, self.image_format)
        prepared = getattr(upload, "_portal_prepared", {})
        if key not in prepared:
            file = upload
            validate_upload(file, self.kind)
            if self.image_size:
                from portal.images import checked_rendition

                prepared[key] = checked_rendition(file, max_size=self.image_size, image_format=self.image_format)
            else:
                file.seek(0)
                prepared[key] = file
            upload._portal_prepared = prepared
        return prepared[key]

    def stored_extension(self, upload_name):
        from portal.uploads import extension_of

        if self.image_size:
            return "png" if self.image_format == "PNG" else "jpg"
        return extension_of(upload_name)

    def store(self, instance, upload):
        """Write `upload` to storage under a generated name now; returns that name."""
        content = self.prepared_content(upload)
        name = self.generate_filename(instance, f"upload.{self.stored_extension(upload.name)}")
        return self.storage.save(name, content, max_length=self.max_length)

    def pre_save(self, model_instance, add):
        # A file assigned straight to the model (admin, a ModelForm) is checked and re-encoded too.
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            name = self.store(model_instance, file)
            setattr(model_instance, self.attname, name)
            return getattr(model_instance, self.attname)
        return super().pre_save(model_instance, add)

