"""Citations a person reads: paper names, publication days, «🔗» links, titles shown once."""

from __future__ import annotations

from pathlib import Path

from bot import texts
from bot.render import render_answer
from retrieval.corpus import DocumentInfo
from retrieval.excerpts import Excerpt
from retrieval.search import Answer, Hit
from retrieval.sources import SourceNames
from storage.publication_day import publication_day
from storage.sources_file import read_sources
from tests.support.botapi_standin import telegram_html_problem


def _hit(rank: int, document: DocumentInfo, number: int = 1) -> Hit:
    """A hit on a document whose excerpt is a short sentence."""
    excerpt = Excerpt("نص المقتطف", 0, (), False, False)
    return Hit(rank, document, rank, number, "نص المقتطف", excerpt, (), 1.0)


def test_the_publication_day_comes_from_the_url_when_it_holds_one() -> None:
    okaz = "http://www.okaz.com.sa/new/Issues/20150720/Con20150720784687.htm"
    assert publication_day("2015-07-21 02:27:12", okaz) == "2015-07-20"
    assert publication_day("2015-07-21 02:47:05", "http://www.aleqt.com/2015/07/20/a.html") == (
        "2015-07-20"
    )
    # a number in the URL that is no plausible day, or no URL: the day of the date field
    assert publication_day("2015-07-21 13:05:37", "http://www.alriyadh.com/1066713") == "2015-07-21"
    assert publication_day("2015-07-21 13:05:37", "http://x.sa/20990101/") == "2015-07-21"
    assert publication_day("أمس") == "أمس"


def test_a_news_citation_names_the_paper_the_day_and_links_with_an_emoji() -> None:
    document = DocumentInfo(
        "2015-08-04.zip/2015-08-04.json#17",
        'السوق يغلق "مرتفعا"',
        "okaz",
        "https://okaz.example.com/a?x=1&y=2",
        "2015-08-04",
        publisher="عكاظ",
    )
    text = render_answer(Answer("س", (), (_hit(1, document),), False, "", 1))
    assert telegram_html_problem(text) is None
    assert '📰 <b>عكاظ · 4 أغسطس 2015</b> — السوق يغلق "مرتفعا"' in text
    assert '<a href="https://okaz.example.com/a?x=1&amp;y=2">🔗</a>' in text
    assert ".zip" not in text and ".json" not in text and ">https://" not in text


def test_a_files_title_is_short_and_shown_once_with_page_and_paragraph() -> None:
    title = "كشفت مصادر إعلامية في المعارضة السورية انشقاق عدد من ما يسمى أمراء تنظيم داعش وهروبهم"
    document = DocumentInfo("000_fb920527ced1f061.txt", title)
    report = DocumentInfo("تقرير.pdf#3", "التقرير السنوي", page=3)
    hits = (_hit(1, document, 4), _hit(2, document, 9), _hit(3, report, 2))
    text = render_answer(Answer("س", (), hits, False, "", 1))
    assert telegram_html_problem(text) is None
    citations = [line for line in text.splitlines() if line.startswith("📄")]
    assert citations == [
        f"📄 كشفت مصادر إعلامية في المعارضة السورية انشقاق عدد من ما… — {texts.PASSAGE_LABEL} 4",
        f"📄 {texts.SAME_DOCUMENT} — {texts.PASSAGE_LABEL} 9",
        f"📄 التقرير السنوي — {texts.PAGE_LABEL} 3، {texts.PASSAGE_LABEL} 2",
    ]
    assert "000_fb920527ced1f061" not in text


def test_the_sources_file_adds_and_renames_papers(tmp_path: Path) -> None:
    path = tmp_path / "sources.txt"
    path.write_text(
        "# papers\nalarabiya = العربية\nokaz = ~صحيفة عكاظ اليومية\nbad line\n", "utf-8"
    )
    names = SourceNames.build(read_sources(path))
    assert names.name_of("alarabiya") == "العربية" and names.find("العربية").slug == "alarabiya"
    assert names.name_of("okaz") == "صحيفة عكاظ اليومية" and names.find("okaz").ambiguous
    assert names.name_of("3alyoum") == "عين اليوم" and names.name_of("unknown") == "unknown"
