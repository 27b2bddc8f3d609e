"""Image renditions: orientation applied, metadata dropped, decoded at reduced size when possible."""
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from portal.uploads import MAX_IMAGE_PIXELS

Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


def rendition(file, *, max_size, image_format="JPEG", quality=85):
    """A copy of the image at most `max_size` pixels on its longer side, without EXIF/GPS data."""
    file.seek(0)
    with Image.open(file) as image:
        # draft() must come before any load(): it lets the JPEG decoder skip most of the pixels.
        image.draft("RGB", (max_size, max_size))
        image.thumbnail((max_size, max_size))
        # Orientation is applied to the small copy: rotating the full picture would double the memory.
        # The bounding box is square, so the rotated picture still fits in it.
        image = ImageOps.exif_transpose(image)
        image = _convertible_to(image, image_format)
        output = io.BytesIO()
        # Saving without exif=/pnginfo= drops every metadata block: GPS, device, comments.
        image.save(output, image_format, quality=quality)
    return ContentFile(output.getvalue())


# Modes each output format can write; anything else (CMYK and YCbCr from print workflows, 16-bit
# greyscale) is converted first, with its transparency kept where the format has some.
_WRITABLE_MODES = {"JPEG": {"RGB", "L"}, "PNG": {"1", "L", "LA", "P", "RGB", "RGBA"}, "WEBP": {"RGB", "RGBA"}}


def _convertible_to(image, image_format):
    if image.mode in _WRITABLE_MODES[image_format]:
        return image
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    return image.convert("RGBA" if has_alpha and image_format != "JPEG" else "RGB")


def checked_rendition(file, *, max_size, image_format="JPEG"):
    """`rendition()`, with a picture that cannot be decoded (truncated, corrupt) refused as bad input."""
    try:
        return rendition(file, max_size=max_size, image_format=image_format)
    except Image.DecompressionBombError:
        raise ValidationError(_("The image has too many pixels."), code="pixels") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(_("The image cannot be read."), code="image") from None
