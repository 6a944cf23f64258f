"""Telegram HTML of answers: escaped, within 4,096 units, never cut inside a tag or entity."""

from __future__ import annotations

import dataclasses
import html

from hypothesis import given
from hypothesis import strategies as st

from bot import texts
from bot.render import ELLIPSIS, message_length, render_answer, render_answer_parts, truncate_html
from retrieval.corpus import DocumentInfo
from retrieval.excerpts import Excerpt
from retrieval.search import Answer, Hit
from tests.support.botapi_standin import telegram_html_problem


def hit(rank: int, text: str, title: str = "عنوان", url: str = "") -> Hit:
    """A hit whose excerpt is the whole text, with the first word highlighted."""
    first = text.find(" ") if " " in text else len(text)
    excerpt = Excerpt(text, 0, ((0, first),), False, False)
    document = DocumentInfo(f"doc{rank}.txt", title, url=url)
    return Hit(rank, document, rank, 1, text, excerpt, ("t",), 1.0)


def answer(*hits: Hit) -> Answer:
    """An answer made of the given hits."""
    return Answer("سؤال", ("t",), tuple(hits), False, "", 1)


def test_the_words_a_passage_lacks_are_listed_under_its_citation() -> None:
    lacking = dataclasses.replace(hit(1, "نص الفقرة"), missing_words=("ولد", "<b>"))
    html_text = render_answer(answer(lacking, hit(2, "فقرة ثانية")))
    assert telegram_html_problem(html_text) is None
    block, second = html_text.split("\n\n")[1:]
    assert block.endswith("\nلا يذكر: «ولد»، «&lt;b&gt;»")
    assert "لا يذكر" not in second  # a passage holding every word says nothing
    assert render_answer(answer(lacking), markup=False).endswith("لا يذكر: «ولد»، «<b>»")


def test_an_answer_that_leaned_on_the_previous_one_says_so_on_its_first_page() -> None:
    leaned = dataclasses.replace(answer(hit(1, "نص الفقرة")), followed_up=True)
    assert render_answer(leaned).startswith(f"{texts.FOLLOWED_UP}\n{texts.ANSWER_HEADER}\n\n")
    assert render_answer(answer(hit(1, "نص الفقرة"))).startswith(texts.ANSWER_HEADER)
    later_page = dataclasses.replace(leaned, offset=3)
    assert texts.FOLLOWED_UP not in render_answer(later_page)


def test_stored_strings_are_escaped() -> None:
    """<, > and & in excerpts, titles and URLs reach Telegram as entities."""
    text = render_answer(
        answer(hit(1, "داعش <script> & «نص»", title="<b>عنوان</b> & x", url='http://x/?a=1&b="2"'))
    )
    assert telegram_html_problem(text) is None
    assert "&lt;script&gt; &amp;" in text and "&lt;b&gt;عنوان&lt;/b&gt; &amp; x" in text
    assert 'href="http://x/?a=1&amp;b=&quot;2&quot;"' in text


def test_long_excerpts_are_trimmed_before_hits_are_dropped() -> None:
    """Ten 1,000-character excerpts fit by trimming each one, keeping all ten."""
    words = " ".join(["كلمة"] * 200)
    text, shown = render_answer_parts(answer(*(hit(r, words) for r in range(1, 11))))
    assert shown == 10 and message_length(text) <= 4096
    assert text.count(ELLIPSIS) >= 10 and telegram_html_problem(text) is None


def test_a_huge_citation_is_cut_between_tags() -> None:
    """Even a single hit whose link alone passes the limit yields valid HTML within it."""
    url = "https://example.com/" + "عنوان&<طويل>" * 600
    text, shown = render_answer_parts(answer(hit(1, "داعش في إدلب", url=url)))
    assert shown == 1
    assert message_length(text) <= 4096 and telegram_html_problem(text) is None
    assert text.endswith(ELLIPSIS)


def test_astral_characters_count_twice() -> None:
    """Telegram counts UTF-16 units: emoji take two, so 3,000 of them do not fit."""
    text, _ = render_answer_parts(answer(hit(1, "😀" * 3000)))
    assert message_length(text) <= 4096 and len(text.encode("utf-16-le")) // 2 <= 4096


pieces = st.one_of(
    st.text(alphabet='ابت ثج&<>"😀', min_size=1, max_size=30).map(
        lambda s: html.escape(s, quote=False)
    ),
    st.text(alphabet="داعش ", min_size=1, max_size=20).map(lambda s: f"<b>{s}</b>"),
    st.just('<a href="http://x/?a=1&amp;b=2">رابط</a>'),
    st.text(alphabet="م ن", min_size=1, max_size=20).map(lambda s: f"<code><i>{s}</i></code>"),
)


@given(st.lists(pieces, max_size=60), st.integers(min_value=5, max_value=400))
def test_truncate_html_never_breaks_markup(parts: list[str], limit: int) -> None:
    """Any valid message cut to any limit stays valid, within the limit."""
    message = "".join(parts)
    cut = truncate_html(message, limit)
    assert telegram_html_problem(cut) is None
    assert message_length(cut) <= limit or cut == message
    if message_length(message) <= limit:
        assert cut == message
