"""Documents in the background: text extracted from a PDF and Office files (Arabic and English),
a first-page PNG for PDFs, and search finding the text within each document's audiences."""
import io

import pypdfium2
import pytest
from django.urls import reverse
from PIL import Image

from portal import search
from portal.documents import services
from portal.documents.extraction import logical_order
from portal.documents.models import Document
from tests.portal.test_documents_support import (  # noqa: F401 - fixtures
    add, docx_bytes, owners, pdf_bytes, pptx_bytes, upload, xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def test_pdf_text_in_arabic_and_english_and_its_preview(owners, director, run_tasks, login_as, settings):
    content = pdf_bytes(lines=[("ar", "محضر الاجتماع الأول للشبكة"), ("en", "Minutes of the first network meeting")])
    document = add(owners, director, "محضر.pdf", content)
    assert document.extraction == "pending"
    run_tasks()
    document.refresh_from_db()
    assert document.extraction == "done"
    assert document.text.splitlines() == ["محضر الاجتماع الأول للشبكة", "Minutes of the first network meeting"]
    png = (settings.MEDIA_ROOT / document.preview.name).read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and abs(image.width - 480) <= 1  # PDFium rounds the scaled size
    response = login_as(director).get(reverse("documents:preview", args=[document.pk]))
    assert b"".join(response.streaming_content) == png
    assert response["Content-Disposition"].startswith("inline;") and "sandbox" in response["Content-Security-Policy"]
    # The rendered page is the first page of the PDF that was uploaded.
    assert len(pypdfium2.PdfDocument(content)) == 1


@pytest.mark.parametrize("name,make,expected", [
    ("برنامج.docx", docx_bytes, ["برنامج التطوع البيئي", "Environmental volunteering programme"]),
    ("عرض.pptx", pptx_bytes, ["نتائج حملة دبي تستطيع", "Dubai Can results"]),
    ("جدول.xlsx", xlsx_bytes, ["أكياس البلاستيك", "Plastic bags tariff"]),
], ids=["docx", "pptx", "xlsx"])
def test_office_text_is_extracted(owners, director, run_tasks, name, make, expected):
    document = add(owners, director, name, make())
    run_tasks()
    document.refresh_from_db()
    assert (document.extraction, document.text.splitlines(), document.preview.name) == ("done", expected, "")


def test_a_new_version_is_read_again_and_its_old_preview_removed(owners, director, run_tasks, settings):
    document = add(owners, director, "a.pdf", pdf_bytes(lines=[("en", "First draft")]))
    run_tasks()
    document.refresh_from_db()
    old_preview = document.preview.name
    services.document_replace(document=document, upload=upload("b.pdf", pdf_bytes(lines=[("en", "Approved text")])), acting_user=director)
    run_tasks()
    document.refresh_from_db()
    assert document.text == "Approved text"
    assert document.preview.name != old_preview and not (settings.MEDIA_ROOT / old_preview).exists()


def test_search_finds_document_text_within_its_audiences(owners, director, secretariat, guest, run_tasks, django_capture_on_commit_callbacks):
    shared = add(owners, director, "عرض.pdf", pdf_bytes(lines=[("ar", "برنامج التطوع البيئي"), ("en", "Volunteering programme")]),
                 kind="presentation", shared_with_guests=True)
    internal = add(owners, director, "داخلي.docx", docx_bytes(paragraphs=["ميزانية التطوع الداخلية", "Internal volunteering budget"]), language="both")
    run_tasks()
    for user, expected in ((director, {shared.pk, internal.pk}), (guest, {shared.pk})):
        for query in ("التطوع", "volunteering"):
            hits = search.search(user, query).hits
            assert {int(hit.url.rstrip("/").split("/")[-1]) for hit in hits if hit.kind == "documents"} == expected, (user, query)
    hit = next(hit for hit in search.search(guest, "التطوع").hits if hit.kind == "documents")
    assert hit.url == reverse("documents:detail", args=[shared.pk]) and "<mark>" in hit.snippet_html
    services.document_withdraw(document=internal, acting_user=director)
    assert [hit.title for hit in search.search(director, "ميزانية").hits] == []


def test_a_broken_file_leaves_the_document_without_text(owners, director, run_tasks):
    # A valid signature and a body PDFium cannot parse.
    document = add(owners, director, "broken.pdf", b"%PDF-1.7\nnot really a pdf")
    run_tasks()
    document.refresh_from_db()
    assert (document.extraction, document.text, document.preview.name) == ("failed", "", "")
    assert Document.objects.visible_to(director).get() == document


def test_arabic_lines_drawn_in_visual_order_are_read_in_reading_order():
    assert logical_order("ةكبشلل لوألا عامتجالا رضحم") == "محضر الاجتماع الأول للشبكة"
    assert logical_order("2022 ماعل ةطخلا") == "الخطة لعام 2022"
    assert logical_order("محضر الاجتماع الأول") == "محضر الاجتماع الأول"
    assert logical_order("Dubai Can") == "Dubai Can"
