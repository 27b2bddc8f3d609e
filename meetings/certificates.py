"""Certificates of attendance for training workshops: a one-page PDF, Arabic above English.

Written with fpdf2; Arabic is shaped by HarfBuzz (uharfbuzz: joining forms, the lam-alef ligature)
and laid out right to left, so the PDF shows connected Arabic and a text extractor reads it back in
logical order. The font is IBM Plex Sans Arabic, the portal's own (the @fontsource package that
static/vendor serves), read from its WOFF files and embedded as a subset: nothing is fetched and
the reader needs no font installed. Two faces: the Arabic subset, with the Latin one as fallback for
Latin letters and digits inside Arabic lines (and the other way round).
"""
import re
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _, pgettext
from fpdf import FPDF

FONT_PATH = "vendor/ibm-plex-sans-arabic/ibm-plex-sans-arabic-{subset}-{weight}-normal.woff"
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
GOLD = (182, 138, 53)
INK = (33, 37, 41)
MUTED = (90, 98, 106)


@lru_cache(maxsize=None)
def font_file(subset, weight):
    path = finders.find(FONT_PATH.format(subset=subset, weight=weight))
    if not path:
        raise ImproperlyConfigured(f"Font {FONT_PATH.format(subset=subset, weight=weight)} not found: run `make install`.")
    return path


class CertificatePDF(FPDF):
    def __init__(self):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.set_auto_page_break(False)
        for weight, style in ((400, ""), (700, "B")):
            self.add_font("plex-ar", style=style, fname=font_file("arabic", weight))
            self.add_font("plex-latin", style=style, fname=font_file("latin", weight))

    def centred(self, text, *, size, bold=False, colour=INK, gap=4):
        """One centred line, shaped right to left when it holds Arabic."""
        text = " ".join(str(text).split())
        if not text:
            return
        if ARABIC.search(text):
            self.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="ara")
            self.set_font("plex-ar", style="B" if bold else "", size=size)
            self.set_fallback_fonts(["plex-latin"])
        else:
            self.set_text_shaping(use_shaping_engine=True, direction="ltr", script="latn", language="eng")
            self.set_font("plex-latin", style="B" if bold else "", size=size)
            self.set_fallback_fonts(["plex-ar"])
        self.set_text_color(*colour)
        self.multi_cell(w=0, h=size * 0.45, text=text, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)


def _name(person, language):
    other = "en" if language == "ar" else "ar"
    return getattr(person, f"name_{language}") or getattr(person, f"name_{other}") or person.email


def _title(meeting, language):
    other = "en" if language == "ar" else "ar"
    return getattr(meeting, f"title_{language}") or getattr(meeting, f"title_{other}")


def _programme(meeting, language):
    other = "en" if language == "ar" else "ar"
    return getattr(meeting, f"programme_{language}") or getattr(meeting, f"programme_{other}")


def certificate_number(attendance):
    return f"GCN-{attendance.meeting_id}-{attendance.pk}"


def _attended(person):
    return pgettext("certificate, woman", "attended the training workshop") if person.gender == "f" else pgettext(
        "certificate, man", "attended the training workshop")


def _section(pdf, meeting, person, language):
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        day = formats.date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")
        pdf.centred(_("Certificate of attendance"), size=26, bold=True, colour=GOLD, gap=3)
        pdf.centred(_("The Government Communication Network certifies that"), size=13, colour=MUTED, gap=2)
        pdf.centred(_name(person, language), size=22, bold=True, gap=2)
        pdf.centred(_attended(person), size=13, colour=MUTED, gap=2)
        pdf.centred(_title(meeting, language), size=17, bold=True, gap=2)
        programme = _programme(meeting, language)
        if programme:
            pdf.centred(_("Programme: %(programme)s") % {"programme": programme}, size=12, colour=MUTED, gap=1)
        pdf.centred(_("held on %(date)s") % {"date": day}, size=12, colour=MUTED, gap=1)


def certificate_pdf(attendance):
    """The PDF (bytes) of `attendance` (a workshop's Attendance row, with meeting and person loaded)."""
    meeting, person = attendance.meeting, attendance.person
    pdf = CertificatePDF()
    pdf.set_title(f"{_title(meeting, 'en')} · {_name(person, 'en')}")
    pdf.set_author("Government Communication Network")
    pdf.set_creator("GCN Portal")
    pdf.add_page()
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)
    pdf.set_margins(24, 20, 24)
    pdf.set_y(20)
    _section(pdf, meeting, person, "ar")
    pdf.set_draw_color(*GOLD)
    rule_y = pdf.get_y() + 2
    pdf.set_line_width(0.4)
    pdf.line(pdf.w / 2 - 40, rule_y, pdf.w / 2 + 40, rule_y)
    pdf.set_y(rule_y + 6)
    _section(pdf, meeting, person, "en")
    pdf.set_y(pdf.h - 24)
    pdf.centred(certificate_number(attendance), size=9, colour=MUTED, gap=0)
    return bytes(pdf.output())


def certificate_filename(meeting):
    return f"certificate-{meeting.pk}.pdf"
