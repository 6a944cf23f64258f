"""Generated office files holding real Arabic: PDFs (text and scanned), Word files, web pages."""

from __future__ import annotations

import io
from pathlib import Path

import arabic_reshaper
import docx
from bidi.algorithm import get_display
from fpdf import FPDF
from PIL import Image, ImageDraw

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PAGE_ONE = (
    "أعلنت وزارة الصحة افتتاح مستشفى جديد للأطفال في مدينة جدة بسعة 200 سرير",
    "وقال الوزير إن المستشفى سيستقبل المرضى مطلع الشهر المقبل",
)
PAGE_TWO = (
    "وأضاف أن الوزارة ستفتتح مركزا لأبحاث السكري في مدينة الطائف",
    "ويضم المركز مختبرات حديثة وعيادات متخصصة للكبار والصغار",
)


def _pdf() -> FPDF:
    """An A4 PDF with the DejaVu font (it draws Arabic letters)."""
    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=13)
    return pdf


def text_pdf(title: str = "تقرير وزارة الصحة", visual: bool = True) -> bytes:
    """Two pages of Arabic. visual: drawn as most Arabic PDFs store it (presentation forms, in
    visual order); else the letters in reading order, which extractors then turn around."""
    pdf = _pdf()
    pdf.set_title(title)
    for page in (PAGE_ONE, PAGE_TWO):
        pdf.add_page()
        for line in page:
            pdf.cell(text=get_display(arabic_reshaper.reshape(line)) if visual else line)
            pdf.ln(10)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A PDF whose only page is a picture of text (no text layer), as a scanner makes it."""
    picture = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(picture).rectangle((40, 60, 560, 90), fill="black")
    pdf = _pdf()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=180)
    return bytes(pdf.output())


def word_file() -> bytes:
    """A Word file: a heading, two paragraphs and a table of clinics."""
    document = docx.Document()
    document.core_properties.title = "دليل العيادات"
    document.add_heading("عيادات وزارة الصحة في المنطقة الشرقية", level=1)
    document.add_paragraph("تفتح العيادات أبوابها من الأحد إلى الخميس لاستقبال المراجعين.")
    document.add_paragraph("ويمكن حجز المواعيد عبر تطبيق موعد الإلكتروني.")
    table = document.add_table(rows=3, cols=2)
    for row, (clinic, city) in enumerate(
        (("العيادة", "المدينة"), ("عيادة طب الأسنان", "الدمام"), ("عيادة العيون", "الخبر"))
    ):
        table.cell(row, 0).text, table.cell(row, 1).text = clinic, city
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def web_page() -> bytes:
    """A news page with navigation, a footer and a script around its article."""
    return """<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>افتتاح متحف الخط العربي</title><script>var menu = "القائمة الرئيسية";</script></head>
<body><header><nav><a href="/">الرئيسية</a> <a href="/sport">الرياضة</a></nav></header>
<main><article><h1>افتتاح متحف الخط العربي في الرياض</h1>
<p>افتتحت هيئة المتاحف <b>متحفا</b> جديدا للخط العربي يضم ثلاثمئة لوحة نادرة.</p>
<ul><li><p>تفتح القاعات من التاسعة صباحا.</p></li><li>الدخول مجاني للطلاب.</li></ul>
</article></main><aside>اقرأ أيضا: أخبار الطقس</aside>
<footer>جميع الحقوق محفوظة لموقع المثال</footer></body></html>""".encode()
