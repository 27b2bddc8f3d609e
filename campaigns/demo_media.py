"""Demo pictures of Al Multaqa: a gallery of generated pictures for a few demo cases, and every
rendition still waiting (the demo covers too) made at once, since `seed_demo` runs before any worker.

The rows are written directly, as the demo's review history is: through campaigns.media.gallery_add
a published case would go back to review and its entity be told."""
import io
import random

GALLERY_CASES = 5
PICTURES_PER_CASE = 4
CAPTIONS = [
    ("إطلاق الحملة بحضور الشركاء", "The campaign's launch with its partners"),
    ("فريق الحملة في الميدان", "The campaign team in the field"),
    ("منصة التوعية في مركز تجاري", "The awareness stand in a shopping centre"),
    ("مشاركة طلاب المدارس", "School students taking part"),
    ("المحتوى المرئي على وسائل التواصل", "The visuals on social media"),
    ("تكريم المشاركين في ختام الحملة", "Honouring the participants at the close"),
]
COLOURS = ["#0e5f6e", "#1d5e34", "#7a5c14", "#3b4a8a", "#0b2a40"]


def gallery_picture(seed, colour):
    """A generated stand-in for an event photo: a sky, a floor, a stage and people as simple shapes."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    width, height = 1600, 1200
    image = Image.new("RGB", (width, height), "#e9eef0")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 2 // 3, width, height), fill="#c9c2b2")
    left = rng.randint(100, 500)
    draw.rectangle((left, 250, left + 900, 700), fill=colour)
    draw.rectangle((left + 60, 310, left + 840, 380), fill="#f4ecd9")
    for _ in range(14):
        x, y = rng.randint(40, width - 40), rng.randint(height * 2 // 3 - 40, height - 120)
        shade = rng.choice(["#0b2a40", "#5b2e6e", "#8a1c1c", "#ffffff", "#b68a35"])
        draw.ellipse((x - 22, y - 130, x + 22, y - 86), fill="#a47551")
        draw.rounded_rectangle((x - 38, y - 84, x + 38, y + 60), radius=18, fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("picture.jpg", buffer.getvalue(), content_type="image/jpeg")


def seed(stdout, *, titles):
    """Galleries for the demo cases named in `titles` (English titles) that have none, then every
    waiting rendition. Idempotent."""
    from campaigns import tasks
    from campaigns.models import Campaign, GalleryImage

    cases = list(Campaign.objects.filter(title_en__in=titles, gallery__isnull=True).order_by("pk")[:GALLERY_CASES])
    field = GalleryImage._meta.get_field("source")
    for index, campaign in enumerate(cases):
        for position in range(PICTURES_PER_CASE):
            caption_ar, caption_en = CAPTIONS[(index + position) % len(CAPTIONS)]
            picture = GalleryImage(campaign=campaign, position=position, caption_ar=caption_ar, caption_en=caption_en)
            picture.source = field.store(picture, gallery_picture(index * 10 + position, COLOURS[(index + position) % len(COLOURS)]))
            picture.save()
    made = tasks.make_pending_renditions()
    stdout.write(f"  {len(cases)} campaign galleries; {made} pictures prepared")
