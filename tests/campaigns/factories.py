"""Campaign cases for the tests, written straight to the database in the state asked for (the
workflow itself is tested through the services in test_services.py)."""
import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from campaigns.models import Campaign, Kpi, Theme


def make_campaign(owner, *, state=Campaign.State.PUBLISHED, title_ar="حملة", title_en="A campaign", **extra):
    values = {
        "summary_ar": "ملخص الحملة", "summary_en": "The campaign in short", "objectives_ar": "الأهداف",
        "objectives_en": "The objectives", "starts_on": date(2023, 3, 1), "status": Campaign.Status.COMPLETED, **extra,
    }
    if state == Campaign.State.PUBLISHED:
        from django.utils import timezone

        values.setdefault("published_at", timezone.now())
    return Campaign.objects.create(owner=owner, state=state, title_ar=title_ar, title_en=title_en, **values)


def make_theme(name_en="Sustainability", name_ar="الاستدامة"):
    return Theme.objects.get_or_create(name_en=name_en, defaults={"name_ar": name_ar})[0]


def add_kpi(campaign, metric_en="Reach", target=100, achieved=150, position=0):
    return Kpi.objects.create(campaign=campaign, metric_ar="الوصول", metric_en=metric_en, target=target, achieved=achieved, position=position)


def jpeg_with_gps(name="cover.jpg", size=(800, 450)):
    """A JPEG carrying EXIF with a GPS position and the camera's make: what a phone photo brings."""
    image = Image.new("RGB", size, "#0e5f6e")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif.get_ifd(0x8825)[2] = (25.0, 12.0, 0.0)  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
