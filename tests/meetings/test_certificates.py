"""Certificates of attendance: only a workshop's attendees download theirs; the PDF is read back with
PDFium (pypdfium2) as a reader would.

What is checked about the Arabic: PDFium's text extraction, which applies the Unicode bidi algorithm
to the glyphs as placed on the page, returns the name and the title in logical order, and the glyphs
of each Arabic line run from right to left on the page. Shaping shows in ligatures: a glyph that stands
for two letters (lam-alef in الفلاسي, الاجتماعي) exists only after HarfBuzz shaped the text. PDFium
writes a ligature's letters in reverse within an RTL run (it reports them with one shared box), so the
reading below puts the letters of each such glyph back in their order before comparing.
"""
import re
import zlib
from datetime import timedelta

import pypdfium2 as pdfium
import pytest
from django.utils import timezone

from meetings.certificates import certificate_pdf
from meetings.models import Attendance, Meeting
from portal.models import AuditEntry

pytestmark = pytest.mark.django_db

TITLE_AR = "ورشة استخدام وسائل التواصل الاجتماعي"
TITLE_EN = "Using social media"
ARABIC = re.compile("[\u0600-\u06ff]")


def workshop(**extra):
    start = timezone.now() - timedelta(days=2)
    return Meeting.objects.create(**{
        "title_ar": TITLE_AR, "title_en": TITLE_EN, "kind": Meeting.Kind.WORKSHOP,
        "starts_at": start, "ends_at": start + timedelta(hours=3), "programme_ar": "برنامج القدرات الاتصالية الحكومية",
        "programme_en": "Government communication capability programme", **extra,
    })


def read_lines(pdf_bytes):
    """The page's text, line by line, in logical order (see the module's docstring)."""
    page = pdfium.PdfDocument(pdf_bytes)[0]
    text_page = page.get_textpage()
    chars = [(text_page.get_text_range(index, 1), text_page.get_charbox(index)) for index in range(text_page.count_chars())]
    glyphs = []  # [(letters, box)]: the letters PDFium gave one glyph
    for char, box in chars:
        if glyphs and box == glyphs[-1][1] and char.strip():
            glyphs[-1][0].append(char)
        else:
            glyphs.append(([char], box))
    text = "".join("".join(reversed(letters)) if len(letters) > 1 and ARABIC.match(letters[0]) else "".join(letters)
                   for letters, _box in glyphs)
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()], glyphs


def test_the_certificate_has_arabic_shaped_right_to_left_and_english(team_member):
    meeting = workshop()
    attendance = Attendance.objects.create(meeting=meeting, person=team_member)
    body = certificate_pdf(Attendance.objects.select_related("meeting", "person").get(pk=attendance.pk))

    lines, glyphs = read_lines(body)
    assert "نورة الفلاسي" in lines and TITLE_AR in lines
    assert "Noura Al Falasi" in lines and TITLE_EN in lines
    assert "برنامج القدرات الاتصالية الحكومية" in " ".join(lines)
    assert lines.index("نورة الفلاسي") < lines.index("Noura Al Falasi")  # Arabic first
    assert lines[-1] == f"GCN-{meeting.pk}-{attendance.pk}"

    # Shaped: lam-alef ligatures, one glyph for two letters.
    assert any(letters in (["ا", "ل"], ["ل", "ا"]) for letters, _box in glyphs)
    # Right to left: along the name's letters in logical order, each glyph stands left of the one before.
    name_glyphs = _glyphs_of(glyphs, "نورة")
    lefts = [box[0] for _letters, box in name_glyphs]
    assert lefts == sorted(lefts, reverse=True) and len(set(lefts)) == len(lefts)


def _glyphs_of(glyphs, word):
    for start in range(len(glyphs)):
        run = glyphs[start:start + len(word)]
        if "".join("".join(letters) for letters, _box in run) == word:
            return run
    raise AssertionError(f"{word} not found")


def test_fonts_are_embedded_and_nothing_is_external(team_member):
    attendance = Attendance.objects.create(meeting=workshop(), person=team_member)
    body = certificate_pdf(attendance)

    assert body.startswith(b"%PDF-")
    assert body.count(b"/FontFile2") >= 2  # the Arabic and the Latin faces, as embedded font programs
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S):
        try:
            body += zlib.decompress(stream)
        except zlib.error:
            pass  # not a Flate stream (an uncompressed one is already searched as it stands in `body`)
    # No link, launch, remote file or form submission, compressed streams included.
    for name in (b"/URI", b"/Launch", b"/GoToR", b"/SubmitForm", b"/JavaScript", b"http://", b"https://"):
        assert name not in body, name
    document = pdfium.PdfDocument(body)
    assert len(document) == 1  # one page whatever the lengths


def test_a_long_title_and_a_person_without_an_english_name_still_fit_one_page(team_member):
    team_member.name_en = ""
    team_member.gender = "f"
    team_member.save(update_fields=["name_en", "gender"])
    meeting = workshop(title_ar="ورشة " + "تدريبية متقدمة " * 12, title_en="", programme_ar="", programme_en="")
    body = certificate_pdf(Attendance.objects.create(meeting=meeting, person=team_member))
    lines, _glyphs = read_lines(body)
    assert len(pdfium.PdfDocument(body)) == 1
    assert sum(1 for line in lines if line == "نورة الفلاسي") == 2  # the Arabic name stands in for the English one


# The download -----------------------------------------------------------------------------------------

def test_only_attendees_download_and_each_download_is_audited(login_as, team_member, director, guest):
    meeting = workshop()
    Attendance.objects.create(meeting=meeting, person=team_member)
    url = f"/ar/meetings/{meeting.pk}/certificate.pdf"

    response = login_as(team_member).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="certificate-{meeting.pk}.pdf"'
    assert "sandbox" in response["Content-Security-Policy"]
    assert AuditEntry.objects.filter(action="downloaded", actor=team_member, target_id=str(meeting.pk),
                                     details__file="certificate").count() == 1

    assert login_as(director).get(url).status_code == 403  # sees the workshop, did not attend
    assert login_as(guest).get(url).status_code == 404  # does not see it
    assert login_as(team_member).post(url).status_code == 405


def test_a_guest_who_attended_their_workshop_downloads_theirs(login_as, guest):
    meeting = workshop()
    meeting.guests.add(guest)
    Attendance.objects.create(meeting=meeting, person=guest)
    assert login_as(guest).get(f"/en/meetings/{meeting.pk}/certificate.pdf").status_code == 200


def test_no_certificate_for_a_meeting_that_is_not_a_workshop(login_as, team_member):
    meeting = workshop(kind=Meeting.Kind.NETWORK_MEETING)
    Attendance.objects.create(meeting=meeting, person=team_member)
    assert login_as(team_member).get(f"/en/meetings/{meeting.pk}/certificate.pdf").status_code == 403
