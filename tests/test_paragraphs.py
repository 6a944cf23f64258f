"""A long paragraph's pieces are cited as the whole paragraph, with a short excerpt shown."""

from __future__ import annotations

from pathlib import Path

from bot.engine import Engine, build_index
from bot.telegram_format import passage_view
from retrieval.excerpts import MAX_EXCERPT_CHARS
from retrieval.settings import SearchSettings

# One paragraph of two pieces: the dam and its project named all through the first, its cost
# given only in the second, which never names the dam.
PROJECT = (
    "أعلنت وزارة البيئة والمياه والزراعة اكتمال مشروع سد وادي بيش في منطقة جازان بعد سنوات "
    "من العمل المتواصل، وقد أنشئ السد لحجز مياه السيول التي تنحدر من الجبال في موسم الأمطار "
    "وحماية القرى والمزارع الواقعة على ضفتي الوادي من الفيضانات المتكررة التي كانت تجرف "
    "المحاصيل وتهدم البيوت الطينية، وتولت الوزارة الإشراف على تنفيذ المشروع عبر عدة شركات "
    "وطنية وأجنبية، واستمرت أعمال البناء فيه قرابة خمس سنوات بسبب وعورة التضاريس وصعوبة نقل "
    "المعدات الثقيلة إلى موقع العمل في بطن الوادي الضيق بين الجبال العالية في منطقة جازان. "
    "ويعد السد من أكبر السدود في جنوب المملكة."
)
COST = "وبلغت التكلفة الإجمالية 450 مليون ريال، دفعت على ثلاث مراحل."
QUESTION = "ما تكلفة مشروع سد وادي بيش في منطقة جازان؟"
OTHERS = {
    "rain.txt": "وتوقعت الأرصاد هطول أمطار رعدية على منطقة جازان خلال الأيام المقبلة.",
    "road.txt": "وافتتحت الوزارة طريقا جديدا يربط القرى الجبلية بمدينة جازان هذا العام.",
    "farm.txt": "ودعت الوزارة المزارعين إلى ترشيد استهلاك المياه في موسم الصيف الحار.",
}


def _engine(tmp_path: Path, settings: SearchSettings | None = None) -> Engine:
    """Index the dam article and a few others, and load them."""
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "bish.txt").write_text(f"سد وادي بيش\n\n{PROJECT} {COST}\n", encoding="utf-8")
    for name, text in OTHERS.items():
        (corpus / name).write_text(f"خبر\n\n{text}\n", encoding="utf-8")
    build_index(tmp_path / "dalil.db", corpus, workers=1)
    engine = Engine(tmp_path / "dalil.db", aliases_path=None, settings=settings)
    engine.load()
    return engine


def test_the_answer_in_a_long_paragraphs_other_piece_is_cited_with_a_short_excerpt(
    tmp_path: Path,
) -> None:
    pieces = _engine(tmp_path, SearchSettings().minus("whole_paragraphs"))
    first = pieces.ask(QUESTION).answer.hits[0]
    assert first.document.path == "bish.txt" and "450 مليون" not in first.passage_text

    engine = _engine(tmp_path)
    hits = engine.ask(QUESTION).answer.hits
    cited = hits[0]
    assert cited.document.path == "bish.txt"
    assert "450 مليون ريال" in cited.passage_text and PROJECT[:40] in cited.passage_text
    assert len(cited.excerpt.text) <= MAX_EXCERPT_CHARS < len(cited.passage_text)
    assert "450 مليون ريال" in cited.excerpt.text
    assert [h for h in hits if h.document.path == "bish.txt"] == [cited]  # cited once
    view = passage_view(engine.searcher, cited.passage_index, QUESTION)
    assert "450 مليون ريال" in view and "أعلنت وزارة البيئة" in view
