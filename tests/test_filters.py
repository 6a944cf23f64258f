"""Filters by source and date: read from the question or a command, applied inside ranking."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import Engine, build_index
from bot.render import render_answer
from retrieval.corpus import DocumentInfo, build_corpus
from retrieval.filters import SearchScope, describe, parse_scope
from retrieval.search import Searcher
from retrieval.sources import SourceNames
from tests.support.news_archive import syndicated_archive

NAMES = SourceNames.build()
LATEST = date(2015, 8, 11)


def test_a_paper_named_in_the_question_becomes_a_source_filter() -> None:
    words, scope, _ = parse_scope("ما أخبار سوق الأسهم؟ في عكاظ", NAMES, LATEST)
    assert scope.sources == {"okaz"} and words == "ما أخبار سوق الأسهم؟"
    assert parse_scope("ماذا نشرت صحيفة عين اليوم عن الأمطار؟", NAMES, LATEST)[1].sources == {
        "3alyoum"
    }


def test_a_paper_whose_name_is_a_city_needs_the_word_paper() -> None:
    words, scope, _ = parse_scope("كم درجة الحرارة في الرياض؟", NAMES, LATEST)
    assert scope == SearchScope() and words == "كم درجة الحرارة في الرياض؟"
    assert parse_scope("ما أخبار المطر في صحيفة الرياض", NAMES, LATEST)[1].sources == {"alriyadh"}
    assert parse_scope("ما أخبار اليوم؟", NAMES, LATEST)[1] == SearchScope()


def test_a_month_in_the_question_becomes_a_date_range() -> None:
    words, scope, _ = parse_scope("ما أخبار النفط في أغسطس 2015؟", NAMES, LATEST)
    assert (scope.since, scope.until) == (date(2015, 8, 1), date(2015, 8, 31))
    assert words == "ما أخبار النفط ؟"
    # a month without a year: the last such month up to the archive's latest day
    scope = parse_scope("أخبار النفط في شهر يوليو", NAMES, LATEST)[1]
    assert (scope.since, scope.until) == (date(2015, 7, 1), date(2015, 7, 31))


def test_this_week_and_this_month_count_back_from_the_archives_latest_day() -> None:
    week = parse_scope("ما أخبار سوق الأسهم هذا الأسبوع", NAMES, LATEST)[1]
    assert (week.since, week.until) == (date(2015, 8, 5), date(2015, 8, 11))
    month = parse_scope("ما أخبار سوق الأسهم؟ في عكاظ هذا الشهر", NAMES, LATEST)[1]
    assert (month.sources, month.since, month.until) == (
        {"okaz"},
        date(2015, 8, 1),
        date(2015, 8, 31),
    )


def test_the_command_syntax_sets_source_dates_and_order() -> None:
    words, scope, unknown = parse_scope(
        "سوق الأسهم من:عكاظ بعد:2015-08-01 قبل:٢٠١٥-٠٨-١٠ الأحدث أولًا من:مجهولة", NAMES, LATEST
    )
    assert words == "سوق الأسهم"
    assert scope == SearchScope(frozenset({"okaz"}), date(2015, 8, 1), date(2015, 8, 10), True)
    assert unknown == ["مجهولة"]
    assert describe(scope, NAMES) == "في عكاظ، من 1 أغسطس 2015 إلى 10 أغسطس 2015، الأحدث أولًا"
    month = SearchScope(frozenset({"okaz"}), date(2015, 8, 1), date(2015, 8, 31))
    assert describe(month, NAMES) == "في عكاظ، أغسطس 2015"
    city = SearchScope(frozenset({"alriyadh"}))
    assert describe(city, NAMES) == "في صحيفة الرياض"  # not the city


def _searcher(documents: list[tuple[str, str, str]]) -> Searcher:
    """A searcher over (source, date, text) documents."""
    infos = [
        (DocumentInfo(f"d{i}", f"عنوان {i}", source, date=day), text)
        for i, (source, day, text) in enumerate(documents)
    ]
    from retrieval.analyzer import analyze

    return Searcher(build_corpus(infos, analyze))


# Twelve papers' articles say «سوق الأسهم» three times; okaz's once, far below the top ten.
_STRONG = "سوق الأسهم ارتفع اليوم وسوق الأسهم تراجع أمس وسوق الأسهم يترقب الأرباح"
_WEAK = "تحدث الخبراء في ندوة طويلة عن الاقتصاد والتجارة والنفط ثم عن سوق الأسهم باختصار"


def test_a_source_filter_ranks_inside_the_source_not_the_top_ten() -> None:
    documents = [("alriyadh", "2015-08-02", f"{_STRONG} {n}") for n in range(12)]
    searcher = _searcher([*documents, ("okaz", "2015-08-03", _WEAK)])
    question = "سوق الأسهم"
    unfiltered = searcher.search(question, top_k=10)
    assert all(h.document.source == "alriyadh" for h in unfiltered.hits)
    answer = searcher.search(question, scope=SearchScope(frozenset({"okaz"})))
    assert [h.document.path for h in answer.hits] == ["d12"]


def test_a_date_filter_ranks_inside_the_dates() -> None:
    documents = [("alriyadh", "2015-07-21", f"{_STRONG} {n}") for n in range(12)]
    searcher = _searcher([*documents, ("alriyadh", "2015-08-09", _WEAK)])
    august = SearchScope(since=date(2015, 8, 1))
    assert [h.document.path for h in searcher.search("سوق الأسهم", scope=august).hits] == ["d12"]
    july = SearchScope(until=date(2015, 7, 31))
    assert "d12" not in [h.document.path for h in searcher.search("سوق الأسهم", scope=july).hits]


def test_newest_first_orders_good_answers_by_date() -> None:
    days = ["2015-07-25", "2015-08-09", "2015-07-30"]
    searcher = _searcher([("okaz", day, f"{_STRONG} {day}") for day in days])
    answer = searcher.search("سوق الأسهم", scope=SearchScope(newest_first=True))
    assert [h.document.date for h in answer.hits] == ["2015-08-09", "2015-07-30", "2015-07-25"]


@pytest.fixture(scope="module")
def news_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated archive, indexed."""
    folder = tmp_path_factory.mktemp("news")
    build_index(folder / "dalil.db", syndicated_archive(folder / "corpus"), workers=1)
    return folder / "dalil.db"


def test_dalil_ask_takes_source_since_and_until(
    news_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "ما أخبار سوق الأسهم السعودية؟"
    args = ["--db", str(news_db), "ask", question, "--source", "عكاظ", "--since", "2015-08-01"]
    assert main(args) == 0
    out = capsys.readouterr().out
    cited = [line for line in out.splitlines() if line.startswith("📰")]
    assert cited and all(line.startswith("📰 عكاظ · ") for line in cited)
    assert "30 يوليو 2015" not in out and "نطاق البحث: في عكاظ، منذ 1 أغسطس 2015" in out
    assert main([*args[:-2], "--until", "2015-07-31"]) == 0
    assert "📰 عكاظ · 30 يوليو 2015" in capsys.readouterr().out
    assert main([*args, "--source", "مجهولة"]) == 2
    assert "unknown source" in capsys.readouterr().err


def test_the_question_words_filter_in_the_engine(news_db: Path) -> None:
    answer = Engine(news_db).ask("ما أخبار سوق الأسهم السعودية في عكاظ في أغسطس 2015؟").answer
    assert answer.hits and {h.document.source for h in answer.hits} == {"okaz"}
    assert all(h.document.date >= "2015-08-01" for h in answer.hits)
    assert answer.scope_label == "في عكاظ، أغسطس 2015"
    assert "نطاق البحث: في عكاظ، أغسطس 2015" in render_answer(answer)


async def test_the_bot_filters_from_the_questions_own_words(news_db: Path, tmp_path: Path) -> None:
    from tests.support.botapi_standin import BotApiStandIn, telegram_html_problem
    from tests.support.harness import running_bot, settings_for

    async with BotApiStandIn() as standin:
        settings = settings_for(standin, news_db, tmp_path)
        async with running_bot(settings):
            standin.push_text("ما أخبار سوق الأسهم السعودية؟ في عكاظ هذا الشهر")
            [reply] = await standin.wait_for("sendMessage")
    text = reply["text"]
    assert telegram_html_problem(text) is None
    assert "نطاق البحث: في عكاظ، أغسطس 2015" in text
    cited = [line for line in text.splitlines() if line.startswith("📰")]
    assert cited and all(line.startswith("📰 <b>عكاظ · ") for line in cited)
    assert "يوليو" not in "".join(cited)
    assert '<a href="https://okaz.example.com/article/' in text and "🔗</a>" in text
