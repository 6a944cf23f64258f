"""Promise 4: any message, however hostile, gets a valid Telegram reply and never an exception.

Property tests feed arbitrary Unicode (emoji, lone surrogates, bidi marks, markup characters,
10,000-character strings, digits only, mixed scripts) through analyze -> search -> format over
an index whose documents are hostile too (markup in text, titles, file names and URLs).
HYPOTHESIS_PROFILE=nightly runs 5,000 examples per property; the default runs 300.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.engine import Engine, build_index
from bot.render import TELEGRAM_LIMIT, render_answer
from retrieval.analyzer import analyze
from retrieval.normalize import normalize
from storage.database import connect
from storage.query_log import QueryRecord, log_query, recent_unanswered
from tests.support.telegram_html import telegram_html_problem, utf16_len, visible_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PROFILES = {
    "ci": settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]),
    "nightly": settings(
        max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    ),
}
PROFILE = PROFILES.get(os.environ.get("HYPOTHESIS_PROFILE", "ci"), PROFILES["ci"])
TRIED: Counter[str] = Counter()

HOSTILE_PIECES = [
    "<",
    ">",
    "&",
    "&amp;",
    "&lt;",
    "<b>",
    "</b>",
    "<a href='x'>",
    '"',
    "'",
    "<script>",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u202b",
    "\u2066",
    "\u2069",
    "\u061c",
    "\u200d",
    "\ufeff",
    "😀",
    "👨‍👩‍👧",
    "🇸🇦",
    "\ud83d",
    "\udc00",
    "\x00",
    "\n",
    "\t",
    "\r\n",
    "١٢٣",
    "۴۵۶",
    "2014",
    "ﻻ",
    "ﷺ",
    "﷼",
    "ـــ",
    "بِسْمِ",
    "İ",
    "ß",
    "Σ",
    "ς",
    "ﬁ",
    "①",
    "漢字",
    "Привет",
    "שלום",
]
SEED_WORDS = sorted(
    {word for path in SEEDS.glob("*.txt") for word in path.read_text("utf-8").split()}
)
ANY_CHARACTER = st.characters(exclude_categories=())
ANY_TEXT = st.text(ANY_CHARACTER, max_size=80)
PIECES = st.one_of(st.sampled_from(HOSTILE_PIECES), st.sampled_from(SEED_WORDS), ANY_TEXT)
MIXED = st.lists(PIECES, max_size=25).map(" ".join)
DIGITS = st.text("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹ ", min_size=1, max_size=40)
LONG = st.tuples(MIXED.filter(bool), st.integers(1000, 10_000)).map(
    lambda pair: (pair[0] * (pair[1] // len(pair[0]) + 1))[: pair[1]]
)
QUESTIONS = [
    "من هو بلال الشواش؟",
    "كم مدنيا قتلوا في غارات ادلب يوم الثلاثاء؟",
    "من هو مدير المرصد السوري لحقوق الإنسان؟",
    "من زار بلدة الهبيط؟",
    "ماذا قال وزير الخارجية الفرنسي عن تقسيم سوريا؟",
    "خبر عن الرقة",
]
ANSWERABLE = st.tuples(
    st.sampled_from(QUESTIONS), st.lists(st.sampled_from(HOSTILE_PIECES), max_size=4), st.randoms()
).map(lambda t: " ".join(t[2].sample(t[0].split() + t[1], len(t[0].split()) + len(t[1]))))
MESSAGES = st.one_of(ANY_TEXT, MIXED, DIGITS, LONG, ANSWERABLE, ANSWERABLE)
TEN_THOUSAND = ("بلال الشواش <b>&amp; 😀\u202e " * 400)[:10_000]


def hostile_documents(folder: Path) -> None:
    """Seed articles plus documents whose text, titles, names and URLs carry markup and marks."""
    shutil.copytree(SEEDS, folder)
    (folder / 'a<b>&c".txt').write_text(
        "<b>عنوان</b> & <i>مائل</i>\n\nبلال الشواش كتب <script>alert(1)</script> & "
        "&amp; &lt;x&gt; في الرقة \u202eمعكوس\u202c وعلامات \u200f\u200e 😀👨‍👩‍👧🇸🇦\n",
        encoding="utf-8",
    )
    (folder / "emoji.txt").write_text(
        "رموز كثيرة\n\n" + "\n\n".join(f"بلال الشواش {n} " + "😀🎉" * 150 for n in range(12)),
        encoding="utf-8",
    )
    records = [
        {
            "title": f"<u>خبر</u> & {n}",
            "content": f"خبر عن بلال الشواش والرقة رقم {n} <tg-spoiler>سر</tg-spoiler> &#x202E;",
            "url": f'https://example.com/?q="<x>"&n={n}',
            "source": "<مصدر>",
            "date": "2016-01-0" + str(n),
        }
        for n in range(1, 4)
    ]
    (folder / "news.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """An engine over the hostile documents; prints how many examples each property tried."""
    root = tmp_path_factory.mktemp("hostile-messages")
    hostile_documents(root / "corpus")
    build_index(root / "dalil.db", root / "corpus", workers=1)
    engine = Engine(root / "dalil.db")
    engine.load()
    yield engine
    print("\nhostile messages: " + ", ".join(f"{n} {name}" for name, n in sorted(TRIED.items())))


@PROFILE
@given(question=MESSAGES, top_k=st.integers(1, 10), offset=st.integers(0, 12))
@example(question=TEN_THOUSAND, top_k=10, offset=0)
@example(question="٠١٢٣٤٥٦٧٨٩ 0123456789", top_k=3, offset=0)
@example(question="بلال الشواش \ud83d <b>&", top_k=10, offset=0)
@example(question="بلال الشواش", top_k=10, offset=0)
def test_any_message_gets_a_valid_telegram_reply(
    engine: Engine, question: str, top_k: int, offset: int
) -> None:
    answer = engine.ask(question, top_k=top_k, offset=offset).answer
    reply = render_answer(answer, markup=True)
    TRIED["replies (" + ("answered" if answer.hits else "abstained") + ")"] += 1
    reply.encode("utf-8")  # no lone surrogate can reach Telegram
    assert telegram_html_problem(reply) is None, reply
    assert len(reply) <= TELEGRAM_LIMIT
    assert 0 < utf16_len(visible_text(reply)) <= TELEGRAM_LIMIT
    assert render_answer(answer, markup=False).strip()


@PROFILE
@given(text=MESSAGES)
@example(text=TEN_THOUSAND)
@example(text="ΑΣ Σ ς İ ﻻ ﷺ ﬁ")
def test_normalization_is_idempotent_and_analysis_never_fails(text: str) -> None:
    TRIED["normalizations"] += 1
    once = normalize(text)
    assert normalize(once) == once
    assert analyze(once) == analyze(text)


@PROFILE
@given(question=MESSAGES)
@example(question="\ud83d\udc00 \udcff سؤال")
@example(question=TEN_THOUSAND)
def test_any_message_can_be_logged(tmp_path_factory: pytest.TempPathFactory, question: str) -> None:
    TRIED["logged questions"] += 1
    db = connect(tmp_path_factory.getbasetemp() / "query-log.db")
    try:
        log_query(db, QueryRecord("user", "private", question, "", 0.0, True, 1.0))
        logged = recent_unanswered(db, limit=1)[0][1]
    finally:
        db.close()
    logged.encode("utf-8")
    assert logged == question or "\\ud" in logged
