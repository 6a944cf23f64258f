"""What may be cited: never a title, heading, fragment or boilerplate line on its own; a piece
of a long paragraph is scored with its paragraph's context."""

from __future__ import annotations

import json
from pathlib import Path

from bot.engine import Engine, build_index
from retrieval.analyzer import analyze
from retrieval.corpus import DocumentInfo, build_corpus
from retrieval.search import PLAIN_BM25, Searcher
from retrieval.units import UnitKind, document_units
from storage.database import connect
from storage.metadata import read_meta, write_meta

BODY = (
    "تبوك مدينة في شمال غرب المملكة العربية السعودية، وهي عاصمة منطقة تبوك الإدارية، "
    "وتشتهر بزراعة الورد والزيتون."
)
# lines every article of the folder ends with: the site's boilerplate
BOILERPLATE = "للتواصل مع المحرر أرسل رسالة قصيرة إلى الرقم 88591 من أي شبكة"
FILLER = [
    "وأعلنت الهيئة العامة للإحصاء نتائج التعداد السكاني الجديد في مؤتمر صحفي أمس.",
    "وشهدت الأسواق المحلية ارتفاعا في أسعار الخضار والفواكه خلال الأسبوع الماضي.",
    "ودعت إدارة المرور السائقين إلى الالتزام بالسرعة المحددة على الطرق السريعة.",
    "وافتتحت الجامعة مركزا جديدا للأبحاث الزراعية يخدم المزارعين في المنطقة.",
]


def _news(number: int, line: str) -> str:
    """An article with a headline, one line of news and one of filler."""
    return f"أخبار اليوم رقم {number}\n\n{line}\n{FILLER[number % len(FILLER)]}\n"


def _engine(tmp_path: Path, files: dict[str, str]) -> Engine:
    """Index the files (name: text) and load them."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    build_index(tmp_path / "dalil.db", corpus, workers=1)
    engine = Engine(tmp_path / "dalil.db", aliases_path=None)
    engine.load()
    return engine


def _cited(engine: Engine, question: str) -> list[str]:
    """The passages an answer cites, best first."""
    return [hit.passage_text for hit in engine.ask(question, top_k=10).answer.hits]


def test_a_title_line_is_never_cited_alone_but_its_words_still_find_the_article(
    tmp_path: Path,
) -> None:
    files = {f"{n}.txt": _news(n, FILLER[n - 1]) for n in range(1, 5)}
    engine = _engine(tmp_path, {"tabuk.txt": f"مدينة تبوك\n\n{BODY}\n", **files})
    cited = _cited(engine, "ما هي مدينة تبوك؟")
    assert cited and cited[0] == BODY
    assert "مدينة تبوك" not in cited
    assert all(not text.startswith("أخبار اليوم") for text in _cited(engine, "أخبار اليوم رقم 2"))


def test_headings_fragments_and_link_lines_are_not_citable() -> None:
    text = "\n".join(
        [
            "حريق في مستودع بمدينة الخبر",
            "رابط الخبر بصحيفة المنطقة: حريق في مستودع بمدينة الخبر",
            "الخبر::",
            "اندلع حريق كبير فجر أمس في مستودع للأخشاب بالحي الصناعي في مدينة الخبر.",
            "يزور بلدة الهبيط }",
            "سمات: الخبر، الدفاع المدني، حريق",
            "http://example.com/news/123",
            "وأوضح المتحدث باسم الدفاع المدني أن الحريق لم يسفر عن إصابات.",
        ]
    )
    kinds = [unit.kind for unit in document_units(text, "حريق في مستودع بمدينة الخبر")]
    assert kinds == [
        UnitKind.TITLE,
        UnitKind.TITLE,
        UnitKind.HEADING,
        UnitKind.TEXT,
        UnitKind.FRAGMENT,
        UnitKind.LINK_OR_TAGS,
        UnitKind.LINK_OR_TAGS,
        UnitKind.TEXT,
    ]
    info = DocumentInfo("a.txt", "حريق في مستودع بمدينة الخبر")
    others = [(DocumentInfo(f"{n}.txt", f"خبر {n}"), line) for n, line in enumerate(FILLER)]
    searcher = Searcher(build_corpus([(info, text), *others], analyze))
    cited = {hit.passage_text for hit in searcher.search("ماذا حدث في مدينة الخبر؟").hits}
    assert cited and all(len(t) > 60 for t in cited)


def test_a_closing_sentence_that_repeats_the_title_is_cut_off_and_not_cited() -> None:
    title = "مصرع شخصين بحريق بئر في مركز شواق بتبوك"
    news = "وأوضح المتحدث أن الحريق تسبب باختناق صاحب البئر وعامل وأدى لوفاتهما."
    text = f"{news} رابط الخبر بصحيفة الوئام: {title}\n{FILLER[0]}"
    units = document_units(text, title)
    assert [(text[u.span.start : u.span.end], u.kind) for u in units] == [
        (news, UnitKind.TEXT),
        (f"رابط الخبر بصحيفة الوئام: {title}", UnitKind.TITLE),
        (FILLER[0], UnitKind.TEXT),
    ]
    assert [u.span.number for u in units] == [1, 2, 3]
    # in a paragraph long enough to be cut in pieces, the last piece may be that sentence
    long_news = " ".join([news, *FILLER, *FILLER, *FILLER])
    long_text = f"{long_news}\nرابط الخبر بصحيفة الوئام: {title}".replace("\n", " ")
    kinds = [u.kind for u in document_units(long_text, title)]
    assert len(kinds) > 2 and kinds[-1] == UnitKind.TITLE and set(kinds[:-1]) == {UnitKind.TEXT}
    khobar = "اندلع حريق كبير فجر أمس في مستودع للأخشاب بالحي الصناعي في مدينة الخبر."
    documents = [
        (DocumentInfo("well.json", title), text),
        (DocumentInfo("khobar.json", "حريق مستودع"), khobar),
        *((DocumentInfo(f"{n}.txt", f"خبر {n}"), line) for n, line in enumerate(FILLER)),
    ]
    searcher = Searcher(build_corpus(documents, analyze))
    cited = [hit.passage_text for hit in searcher.search("حريق في مدينة الخبر").hits]
    assert cited[0] == khobar and not any("رابط الخبر" in t for t in cited)


def test_a_document_of_one_short_line_is_still_citable() -> None:
    units = document_units("الهيئة الشرعية في حلب")
    assert [unit.kind for unit in units] == [UnitKind.TEXT]


def test_a_line_repeated_across_many_articles_of_a_source_is_never_cited(tmp_path: Path) -> None:
    cities = ["الرياض", "جدة", "الدمام", "أبها", "تبوك"]
    files = {
        f"{number}.txt": _news(number, f"افتتح أمير المنطقة مستشفى جديدا في مدينة {city} أمس.")
        + BOILERPLATE
        for number, city in enumerate(cities)
    }
    files |= {f"other{n}.txt": _news(n, line) for n, line in enumerate(FILLER * 2)}
    engine = _engine(tmp_path, files)
    assert BOILERPLATE not in _cited(engine, "كيف أرسل رسالة قصيرة إلى المحرر؟")
    assert _cited(engine, "مستشفى جديد في جدة")[0].endswith("مدينة جدة أمس.")


def test_a_line_four_articles_share_is_not_boilerplate(tmp_path: Path) -> None:
    files = {
        f"{n}.txt": _news(n, f"خبر رقم {n} عن افتتاح مستشفى جديد في المنطقة.") + BOILERPLATE
        for n in range(4)
    }
    files |= {f"other{n}.txt": _news(n, line) for n, line in enumerate(FILLER * 2)}
    engine = _engine(tmp_path, files)
    assert BOILERPLATE in _cited(engine, "كيف أرسل رسالة قصيرة إلى المحرر؟")


def test_boilerplate_of_one_source_is_counted_apart_from_another_sources(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for source, count in (("a", 3), ("b", 3)):
        records = [
            {"title": f"خبر {n}", "content": f"افتتاح مشروع رقم {n} للمياه.\n{BOILERPLATE}"}
            for n in range(count)
        ]
        records += [{"title": f"نبأ {n}", "content": line} for n, line in enumerate(FILLER * 2)]
        for record in records:
            record["source"] = source
        (corpus / f"{source}.json").write_text(json.dumps(records, ensure_ascii=False))
    build_index(tmp_path / "dalil.db", corpus, workers=1)
    engine = Engine(tmp_path / "dalil.db", aliases_path=None)
    assert BOILERPLATE in _cited(engine, "كيف أرسل رسالة قصيرة إلى المحرر؟")


def _dam(name: str, place: str, capacity: str, extra: str) -> str:
    """An article of one long paragraph: the dam named in its first piece, its capacity in
    the second, which says «السد» and never the name."""
    lead = (
        f"يقع {name} في {place}، وقد أنشئ لحجز مياه السيول التي تنحدر من الجبال في موسم "
        "الأمطار وحماية القرى والمزارع الواقعة على ضفتي الوادي من الفيضانات المتكررة التي "
        "كانت تجرف المحاصيل وتهدم البيوت الطينية، وتولت الوزارة الإشراف على تنفيذه عبر عدة "
        "شركات وطنية وأجنبية، واستمرت أعمال البناء فيه قرابة خمس سنوات بسبب وعورة التضاريس "
        "وصعوبة نقل المعدات الثقيلة إلى موقع العمل في بطن الوادي الضيق بين الجبال العالية، "
        "وقد شارك في المشروع مئات المهندسين والعمال من جنسيات مختلفة طوال سنوات العمل، كما "
        "أقيمت حوله طرق جديدة وجسور صغيرة لتسهيل وصول السكان والمزارعين إلى قراهم."
    )
    return f"{lead} وتبلغ السعة التخزينية للسد {capacity} مليون متر مكعب{extra}."


def test_a_long_paragraphs_second_piece_is_found_by_words_only_in_its_first_piece() -> None:
    documents = [
        (DocumentInfo("bish.txt", "سد"), _dam("سد وادي بيش", "منطقة جازان", "193", "")),
        (
            DocumentInfo("fahd.txt", "سد"),
            _dam("سد الملك فهد", "منطقة عسير", "325", "، وهي أكبر سعة تخزينية في المنطقة"),
        ),
        *((DocumentInfo(f"{n}.txt", f"خبر {n}"), line) for n, line in enumerate(FILLER * 2)),
    ]
    corpus = build_corpus(documents, analyze)
    assert [p.document for p in corpus.passages[:4]] == [0, 0, 1, 1]  # each cut in two
    question = "كم تبلغ السعة التخزينية لسد وادي بيش؟"

    def capacity_first(context: float) -> str:
        settings = PLAIN_BM25.plus(context=context) if context else PLAIN_BM25
        hits = Searcher(corpus, settings=settings).search(question, 4).hits
        return next(h.document.path for h in hits if "السعة التخزينية" in h.passage_text)

    assert capacity_first(0.0) == "fahd.txt"
    assert capacity_first(1.0) == "bish.txt"


def test_an_index_of_the_previous_format_is_rebuilt_in_full(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tabuk.txt").write_text(f"مدينة تبوك\n\n{BODY}\n", encoding="utf-8")
    build_index(tmp_path / "dalil.db", corpus, workers=1)
    db = connect(tmp_path / "dalil.db")
    write_meta(db, {"index_format": "1"})
    db.close()
    report = build_index(tmp_path / "dalil.db", corpus, workers=1)
    assert report.added == ["tabuk.txt"] and report.passages == 1
    db = connect(tmp_path / "dalil.db")
    assert read_meta(db)["index_format"] != "1"
    db.close()
