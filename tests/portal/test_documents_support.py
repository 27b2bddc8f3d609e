"""Shared parts of the documents tests: a test owner (members.Entity) registered for the test
only, so the tests do not depend on the meetings portal, and real files of every accepted type.
(Named test_*.py so it sits with its tests; it holds no test itself.)"""
import io
import logging
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every subsetting step of a PDF

from members.models import Entity, Role
from portal import registry
from portal.documents import services

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "node_modules" / "@fontsource" / "ibm-plex-sans-arabic" / "files"
OWNER_KEY = "tests.entity"
PERSON_KEY = "tests.person"


def guest_audience(entity):
    return f"tests-guests:{entity.pk}"


def entity_owner(guest_entity):
    """Members see every entity's documents; a guest sees only `guest_entity`'s shared ones.
    Directors upload to their own entity; the secretariat manages all."""
    return registry.DocumentOwner(
        model=Entity,
        visible_owners=lambda user: Entity.objects.filter(pk=guest_entity.pk) if user.role == Role.GUEST else Entity.objects.all(),
        guests_only_shared=lambda user: user.role == Role.GUEST,
        can_upload=lambda user, owner: user.role == Role.SECRETARIAT or (user.role == Role.DIRECTOR and user.entity_id == owner.pk),
        can_manage=lambda user, document: user.role == Role.SECRETARIAT,
        audiences=lambda owner, document: ("members", guest_audience(owner)) if document.shared_with_guests else ("members",),
        owner_url=lambda owner: f"/ar/members/entities/{owner.pk}/",
        kinds=("agenda", "minutes", "presentation", "report", "other"),
        related_owners=lambda owner: [(PERSON_KEY, owner.people.all())],
        label=lambda owner: owner.name,
    )


def person_owner():
    from members.models import User

    return registry.DocumentOwner(
        model=User,
        visible_owners=lambda user: User.objects.none() if user.role == Role.GUEST else User.objects.all(),
        guests_only_shared=lambda user: user.role == Role.GUEST,
        can_upload=lambda user, owner: user.role == Role.SECRETARIAT,
        can_manage=lambda user, document: False,
        audiences=lambda owner, document: ("members",),
        owner_url=lambda owner: "/ar/",
        label=lambda owner: owner.name,
    )


@pytest.fixture
def owners(entity):
    """Registers the test owners for one test (and the guests' search audience)."""
    registry.document_owners.register(OWNER_KEY, entity_owner(entity))
    registry.document_owners.register(PERSON_KEY, person_owner())
    registry.search_audiences.register(
        "tests-documents", lambda user: [guest_audience(entity)] if user.role == Role.GUEST else [],
    )
    yield entity
    registry.document_owners.unregister(OWNER_KEY)
    registry.document_owners.unregister(PERSON_KEY)
    registry.search_audiences._entries.pop("tests-documents", None)


# Real files ------------------------------------------------------------------------------------

def _font(tmp_dir, subset):
    from fontTools.ttLib import TTFont

    target = Path(tmp_dir) / f"plex-{subset}.ttf"
    if not target.exists():
        font = TTFont(FONTS / f"ibm-plex-sans-arabic-{subset}-400-normal.woff")
        font.flavor = None
        font.save(target)
    return str(target)


def pdf_bytes(lines=(("ar", "محضر الاجتماع الأول للشبكة"), ("en", "Minutes of the first network meeting")), *, fonts_dir="/tmp"):
    """A real PDF with the fonts embedded (IBM Plex Sans Arabic, as the portal ships it)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("plex-ar", fname=_font(fonts_dir, "arabic"))
    pdf.add_font("plex-en", fname=_font(fonts_dir, "latin"))
    for language, text in lines:
        pdf.set_font("plex-ar" if language == "ar" else "plex-en", size=16)
        pdf.cell(text=text)
        pdf.ln()
    return bytes(pdf.output())


def _zip(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def docx_bytes(paragraphs=("برنامج التطوع البيئي", "Environmental volunteering programme")):
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    document = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": document})


def pptx_bytes(texts=("نتائج حملة دبي تستطيع", "Dubai Can results")):
    slides = {}
    for number, text in enumerate(texts, start=1):
        slides[f"ppt/slides/slide{number}.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?><p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody>'
            f'<a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>'
        )
    return _zip({"[Content_Types].xml": CONTENT_TYPES, **slides})


def xlsx_bytes(values=("أكياس البلاستيك", "Plastic bags tariff")):
    from openpyxl import Workbook

    workbook = Workbook()
    for row, value in enumerate(values, start=1):
        workbook.active.cell(row=row, column=1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes():
    return _zip({"اقرأني.txt": "ملف مرفق".encode(), "data/readme.txt": b"attached"})


def image_bytes(image_format, size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (14, 95, 110)).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def add(owner, user, name="محضر الاجتماع.pdf", content=None, **fields):
    """Upload through the service, as a view would after its form validated."""
    fields.setdefault("kind", "minutes")
    fields.setdefault("language", "ar")
    return services.document_upload(owner=owner, upload=upload(name, content if content is not None else pdf_bytes()),
                                    acting_user=user, **fields)


def stored_files(media_root):
    """Every file under MEDIA_ROOT, hidden ones included."""
    root = Path(media_root)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def visible_files(media_root):
    return [name for name in stored_files(media_root) if not Path(name).name.startswith(".")]
