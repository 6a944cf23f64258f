"""PDF, Word and web documents: indexed with Arabic repaired, cited by page or paragraph."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import texts
from bot.cli import main
from bot.engine import Engine, build_index
from bot.render import render_answer
from storage.errors import NoSupportedFiles
from storage.readers.arabic_text import repair_arabic
from storage.readers.office import UnreadableOffice, read_office
from tests.support.office_files import scanned_pdf, text_pdf, web_page, word_file


@pytest.mark.parametrize("visual", [True, False], ids=["visual-order", "reading-order"])
def test_a_pdf_yields_its_arabic_page_by_page(visual: bool) -> None:
    pages = read_office(text_pdf(visual=visual), "تقرير.pdf")
    assert [p.page for p in pages] == [1, 2]
    assert {p.title for p in pages} == {"تقرير وزارة الصحة"}
    assert "وقال الوزير إن المستشفى سيستقبل المرضى مطلع الشهر المقبل" in pages[0].text
    assert "ويضم المركز مختبرات حديثة وعيادات متخصصة للكبار والصغار" in pages[1].text
    assert not any("\ufb50" <= ch <= "\ufeff" for p in pages for ch in p.text)


def test_lines_written_backwards_are_turned_around() -> None:
    assert repair_arabic("ةدج ةنيدم يف ديدج ىفشتسم") == "مستشفى جديد في مدينة جدة"
    assert repair_arabic("ﺍﻟﺼﺤﺔ") == "الصحة"  # presentation forms folded, order kept
    assert repair_arabic("مستشفى جديد في مدينة جدة") == "مستشفى جديد في مدينة جدة"


def test_a_scanned_pdf_is_refused_with_the_reason() -> None:
    with pytest.raises(UnreadableOffice, match="scanned PDF"):
        read_office(scanned_pdf(), "مسح.pdf")
    with pytest.raises(UnreadableOffice, match="not a readable PDF"):
        read_office(b"%PDF-1.4 broken", "x.pdf")


def test_a_word_file_keeps_paragraphs_and_table_rows() -> None:
    [document] = read_office(word_file(), "عيادات.docx")
    assert document.title == "دليل العيادات"
    lines = document.text.split("\n")
    assert lines[0] == "عيادات وزارة الصحة في المنطقة الشرقية"
    assert lines[-1] == "العيادة | المدينة؛ عيادة طب الأسنان | الدمام؛ عيادة العيون | الخبر."


def test_a_web_page_keeps_its_article_and_drops_navigation() -> None:
    [document] = read_office(web_page(), "متحف.html")
    assert document.title == "افتتاح متحف الخط العربي"
    assert document.text.split("\n") == [
        "افتتاح متحف الخط العربي في الرياض",
        "افتتحت هيئة المتاحف متحفا جديدا للخط العربي يضم ثلاثمئة لوحة نادرة.",
        "تفتح القاعات من التاسعة صباحا.",
        "الدخول مجاني للطلاب.",
    ]
    for dropped in ("الرئيسية", "القائمة", "الحقوق", "اقرأ أيضا"):
        assert dropped not in document.text


def test_a_folder_of_documents_is_indexed_and_cited_by_page_and_paragraph(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "تقرير.pdf").write_bytes(text_pdf())
    (corpus / "مسح.pdf").write_bytes(scanned_pdf())
    (corpus / "عيادات.docx").write_bytes(word_file())
    (corpus / "متحف.htm").write_bytes(web_page())
    report = build_index(tmp_path / "dalil.db", corpus, workers=1)
    assert [(s.path, s.reason) for s in report.skipped] == [
        ("مسح.pdf", "scanned PDF: its pages are images without a text layer (run OCR on it first)")
    ]
    assert sorted(report.added) == ["تقرير.pdf#1", "تقرير.pdf#2", "عيادات.docx", "متحف.htm"]
    engine = Engine(tmp_path / "dalil.db")
    cases = (
        ("مركز أبحاث السكري في الطائف", f"📄 تقرير وزارة الصحة — {texts.PAGE_LABEL} 2، "),
        ("عيادة طب الأسنان في الدمام", "📄 دليل العيادات — "),
        ("كم لوحة في متحف الخط العربي؟", "📄 افتتاح متحف الخط العربي — "),
    )
    for question, cited in cases:
        text = render_answer(engine.ask(question, top_k=1).answer)
        assert cited + texts.PASSAGE_LABEL in text, text


def test_a_folder_without_supported_files_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "office"
    corpus.mkdir()
    (corpus / "a.xlsx").write_bytes(b"PK")
    (corpus / "b.pptx").write_bytes(b"PK")
    with pytest.raises(NoSupportedFiles, match=r"no supported files .*; ignored: a\.xlsx, b\.pptx"):
        build_index(tmp_path / "dalil.db", corpus, workers=1)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--db", str(tmp_path / "d.db"), "index", "--source", str(empty), "--quiet"]) == 2
    assert capsys.readouterr().err.startswith("dalil: no supported files in")
