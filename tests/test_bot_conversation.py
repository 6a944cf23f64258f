"""End to end: the factory's Application answering private questions through the stand-in."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import texts
from bot.engine import Engine, Timed
from bot.render import ELLIPSIS, message_length, render_answer
from storage.query_log import hash_user
from tests.support.botapi_standin import BotApiStandIn, telegram_html_problem
from tests.support.harness import (
    USER_ID,
    bot_message,
    buttons,
    logged_questions,
    running_bot,
    settings_for,
    texts_to,
)

BILAL = "من هو بلال الشواش؟"
# the example question replies show, built from the seeds' titles (not a fixed question)
SEED_EXAMPLE = "ما آخر أخبار داعش؟"
BILAL_FILE = "000_fb920527ced1f061.txt"


def assert_valid_html(text: str) -> None:
    """Telegram would accept text with parse_mode HTML."""
    assert telegram_html_problem(text) is None, telegram_html_problem(text)


async def test_start_and_help_explain_the_bot(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """/start and /help say what the bot does, how to ask, the sources and the commands."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text("/start")
        standin.push_text("/help")
        replies = await standin.wait_for("sendMessage", count=2)
    for reply in replies:
        assert reply["parse_mode"] == "HTML"
        assert_valid_html(reply["text"])
        assert "5 وثائق" in reply["text"] and "130 فقرة" in reply["text"]
        for command in ("/ask", "/stats", "/reindex", "/help"):
            assert command in reply["text"]


async def test_arabic_question_is_answered_with_excerpt_and_citation(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """The answer shows the right excerpt, bold matches, a short title and the paragraph (no
    internal file name)."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text(BILAL)
        [reply] = await standin.wait_for("sendMessage")
    text = reply["text"]
    assert_valid_html(text)
    assert text.startswith(texts.ANSWER_HEADER)
    assert "1. «" in text and "<b>بلال</b> <b>الشواش</b>" in text
    assert f"… — {texts.PASSAGE_LABEL} 1" in text and BILAL_FILE not in text
    assert "📄 كشفت مصادر إعلامية في المعارضة السورية" in text
    # answered in milliseconds: no «typing…» (it would spend a request of the bot's 30 a second)
    assert standin.sent("sendChatAction") == []
    assert [b["text"] for b in buttons(reply)] == [
        texts.PASSAGE_BUTTON.format(rank=1),
        texts.NEW_BUTTON,
    ]


async def test_an_excerpt_says_which_words_of_the_question_it_lacks(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """The articles never give Bilal al-Shawash's birth: the nearest passage is cited, and
    says plainly that it does not hold the word asked about."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text("متى وُلد بلال الشواش؟")
        [reply] = await standin.wait_for("sendMessage")
    text = reply["text"]
    assert_valid_html(text)
    first = text.split("\n\n")[1]
    assert "<b>بلال</b> <b>الشواش</b>" in first
    assert first.endswith(f"\n{texts.MISSING_LABEL}: «وُلد»")


async def test_html_in_questions_is_escaped(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """Questions with <b> and & get valid HTML, and admins see them escaped in /stats."""
    settings = settings_for(standin, bot_db, corpus_dir)
    unanswered = "<b>كمبيوتر</b> & برمجة"
    async with running_bot(settings):
        standin.push_text("<b>بلال الشواش</b> & داعش")
        await standin.wait_for("sendMessage")
        standin.push_text(unanswered)
        await standin.wait_for("sendMessage", count=2)
        await logged_questions(bot_db, 2)
        standin.push_text("/stats", user_id=next(iter(settings.admin_ids)))
        replies = await standin.wait_for("sendMessage", count=3)
    for reply in replies:
        assert_valid_html(reply["text"])
    assert "📄 كشفت مصادر إعلامية في المعارضة السورية" in replies[0]["text"]
    assert replies[1]["text"].startswith(texts.NO_ANSWER)
    assert "&lt;b&gt;كمبيوتر&lt;/b&gt; &amp; برمجة" in replies[2]["text"]
    assert unanswered in bot_message(standin, "📊")["text"]  # what the admin reads


async def test_no_answer_says_so_without_citing(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """A question the sources cannot answer gets a hint to rephrase, and no excerpt."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text("ما عاصمة اليابان؟")
        [reply] = await standin.wait_for("sendMessage")
    assert reply["text"] == f"{texts.NO_ANSWER}\n{texts.NO_ANSWER_HINT}"
    assert texts.PASSAGE_LABEL not in reply["text"] and not buttons(reply)


async def test_more_then_full_passage(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """«المزيد» sends results 4-6 and drops itself; a passage button shows it with neighbours."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)) as app:
        standin.push_text("داعش")
        [first] = await standin.wait_for("sendMessage")
        more = [b for b in buttons(first) if b["text"] == texts.MORE_BUTTON]
        assert len(more) == 1 and len(buttons(first)) == 5  # 3 passages, more, new question
        answer_id = bot_message(standin, texts.ANSWER_HEADER)["message_id"]
        standin.push_callback(more[0]["callback_data"], message_id=answer_id)
        replies = await standin.wait_for("sendMessage", count=2)
        await standin.wait_for("editMessageReplyMarkup")
        second = replies[1]
        assert second["text"].startswith(texts.ANSWER_HEADER_MORE)
        assert "4. «" in second["text"] and "1. «" not in second["text"]
        assert_valid_html(second["text"])
        kept = buttons(standin.bot_messages[answer_id])
        assert [b["text"] for b in kept] == [
            *(texts.PASSAGE_BUTTON.format(rank=r) for r in (1, 2, 3)),
            texts.NEW_BUTTON,
        ]

        passage_button = kept[1]
        passage_index = int(passage_button["callback_data"].split(":")[1])
        standin.push_callback(passage_button["callback_data"], message_id=answer_id)
        replies = await standin.wait_for("sendMessage", count=3)
        answers = await standin.wait_for("answerCallbackQuery", count=2)
        searcher = app.bot_data["dalil"].engine.searcher
    view = replies[2]["text"]
    assert_valid_html(view)
    passage = searcher.corpus.passages[passage_index]
    assert view.startswith(f"📖 <b>{texts.FULL_PASSAGE_HEADER}</b>")
    assert f"<b>[{texts.PASSAGE_LABEL} {passage.number}]</b>" in view
    neighbours = [n for n in searcher.neighbours(passage_index) if n != passage]
    assert neighbours
    for neighbour in neighbours:
        assert f"<i>[{texts.PASSAGE_LABEL} {neighbour.number}]</i>" in view
    assert "<b>داعش</b>" in view
    visible = standin.bot_messages[max(standin.bot_messages)]["text"]
    assert passage.text.split()[-1] in visible and passage.text.split()[0] in visible
    assert all("text" not in a for a in answers)  # a plain acknowledgement, no error notice


async def test_stale_and_forged_buttons_get_a_notice(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """Unknown tokens, other index versions and garbage answer politely; nothing breaks."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)) as app:
        errors: list[BaseException] = []

        async def collect(update: object, context) -> None:
            errors.append(context.error)

        app.add_error_handler(collect)
        standin.push_text(BILAL)
        await standin.wait_for("sendMessage")
        message_id = bot_message(standin, texts.ANSWER_HEADER)["message_id"]
        forged = ["m:AAAAAAAA:3", "p:0:999", "p:999999:1", "m:xx:1", "drop table", "p:-1:1"]
        for data in forged:
            standin.push_callback(data, message_id=message_id)
        notices = await standin.wait_for("answerCallbackQuery", count=len(forged))
        standin.push_text(BILAL)
        await standin.wait_for("sendMessage", count=2)
    assert {n["text"] for n in notices} == {texts.STALE_BUTTON}
    assert errors == []
    assert len(texts_to(standin, USER_ID)) == 2


async def test_unusable_questions_get_helpful_replies(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """Too long, emoji only, Latin only and an empty /ask each get their own explanation."""
    messages = {
        "سؤال " * 250: texts.too_long(len(("سؤال " * 250).strip()), 1000),
        "😀🎉👍": texts.no_words(SEED_EXAMPLE),
        "who is Bilal?": texts.latin_only(SEED_EXAMPLE),
        "/ask": texts.ask_usage(SEED_EXAMPLE),
        "/nonsense": texts.UNKNOWN_COMMAND,
    }
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        for number, text in enumerate(messages):
            standin.push_text(text, user_id=USER_ID + number)
        await standin.wait_for("sendMessage", count=len(messages))
    for number, expected in enumerate(messages.values()):
        [reply] = texts_to(standin, USER_ID + number)
        assert reply == expected
    assert standin.sent("sendChatAction") == []


async def test_a_flooding_user_is_slowed_down_while_others_are_served(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """The 21st question within a minute gets «slow down» once; another user still gets answers."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        for _ in range(23):
            standin.push_text("داعش", user_id=5)
        standin.push_text(BILAL, user_id=6)
        await standin.wait_for("sendMessage", lambda p: p["chat_id"] == 6)
        await standin.wait_for("sendMessage", lambda p: p["chat_id"] == 5, count=21, timeout=10)
    flooder = texts_to(standin, 5)
    assert flooder.count(texts.SLOW_DOWN) == 1
    assert sum(t.startswith(texts.ANSWER_HEADER) for t in flooder) == 20
    assert len(flooder) == 21
    assert texts_to(standin, 6)[0].startswith(texts.ANSWER_HEADER)


async def test_an_answer_over_4096_characters_is_trimmed(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """Ten long excerpts are trimmed (never inside a tag) so Telegram accepts the message."""
    places = ("حلب", "إدلب", "حماة", "حمص", "درعا", "الرقة", "دير الزور", "تدمر", "منبج", "الباب")
    for number, place in enumerate(places):
        paragraph = " ".join(
            f"قال مراسل {n} إن تنظيم داعش في سوريا خسر الموقع {n} قرب {place}"
            f" بعد معارك استمرت {n + number} أيام."
            for n in range(9)
        )
        title = f"تقرير مراسلينا عن معارك تنظيم داعش قرب مدينة {place} في شمال سوريا"
        (corpus_dir / f"long{number}.txt").write_text(f"{title}\n\n{paragraph}", "utf-8")
    engine = Engine(bot_db)
    engine.reindex(corpus_dir)
    question = "تنظيم داعش في سوريا"
    untrimmed = render_answer(engine.ask(question, top_k=10).answer, limit=10**6)
    assert message_length(untrimmed) > 4096
    async with running_bot(settings_for(standin, bot_db, corpus_dir, top_k=10), engine):
        standin.push_text(question)
        [reply] = await standin.wait_for("sendMessage")
    text = reply["text"]
    assert_valid_html(text)
    assert 3000 < message_length(text) <= 4096
    assert ELLIPSIS in text
    shown = sum(f"{rank}. «" in text for rank in range(1, 11))
    passages = [b for b in buttons(reply) if b["text"] not in (texts.MORE_BUTTON, texts.NEW_BUTTON)]
    assert shown == len(passages)
    assert shown >= 5


class FailingEngine(Engine):
    """An engine that breaks on one question, as a bug in a handler would."""

    def ask(
        self,
        question: str,
        top_k: int = 3,
        offset: int = 0,
        after: str | None = None,
        subject: str = "",
    ) -> Timed:
        """Raise for «انهيار», answer anything else."""
        if "انهيار" in question:
            raise RuntimeError("simulated failure inside the handler")
        return super().ask(question, top_k, offset, after, subject=subject)


@pytest.fixture
def failing_engine(bot_db: Path, caplog: pytest.LogCaptureFixture) -> FailingEngine:
    """A loaded FailingEngine, with the error handler's log captured."""
    engine = FailingEngine(bot_db)
    engine.load()
    caplog.set_level(logging.ERROR, logger="bot.handlers.errors")
    return engine


async def test_an_error_in_a_handler_is_logged_and_apologised_for(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path, failing_engine: FailingEngine, caplog
) -> None:
    """The user gets a short apology, the traceback is logged, and the bot keeps answering."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir), failing_engine):
        standin.push_text("انهيار النظام")
        await standin.wait_for("sendMessage")
        standin.push_text(BILAL)
        replies = await standin.wait_for("sendMessage", count=2)
    assert replies[0]["text"] == texts.APOLOGY
    assert replies[1]["text"].startswith(texts.ANSWER_HEADER)
    [record] = [r for r in caplog.records if "caused an error" in r.getMessage()]
    assert "انهيار النظام" in record.getMessage()
    assert record.exc_info and "simulated failure" in str(record.exc_info[1])
    # who asked is logged as the query log's salted hash, never by id or name
    assert hash_user(1001, "test-salt") in record.getMessage()
    logged_values = set(_leaf_values(_logged_update(record.getMessage())))
    assert 1001 not in logged_values and "1001" not in logged_values
    assert "مستخدم" not in record.getMessage()


def _logged_update(message: str) -> object:
    """The update's JSON out of the error handler's «update {...} caused an error» line."""
    return json.loads(message.removeprefix("update ").removesuffix(" caused an error"))


def _leaf_values(value: object) -> Iterator[object]:
    """Every number and string inside a decoded JSON value."""
    if isinstance(value, dict):
        for inner in value.values():
            yield from _leaf_values(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _leaf_values(inner)
    else:
        yield value


async def test_an_error_log_leaves_out_the_text_when_the_query_log_is_off(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path, failing_engine: FailingEngine, caplog
) -> None:
    settings = settings_for(standin, bot_db, corpus_dir, log_questions=False)
    async with running_bot(settings, failing_engine):
        standin.push_text("انهيار النظام", username="reporter")
        await standin.wait_for("sendMessage")
    [record] = [r for r in caplog.records if "caused an error" in r.getMessage()]
    assert "انهيار" not in record.getMessage() and "reporter" not in record.getMessage()
    assert "<13 characters>" in record.getMessage()


@pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")
async def test_telegram_flood_limit_is_waited_out(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """A 429 with retry_after is honoured: the answer is sent again after the wait."""
    standin.fail_next("sendMessage", retry_after=1)
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text(BILAL)
        [reply] = await standin.wait_for("sendMessage", timeout=6)
    [(params, error)] = standin.rejected("sendMessage")
    assert error["error_code"] == 429 and params["text"] == reply["text"]
    assert reply["text"].startswith(texts.ANSWER_HEADER)


class SlowEngine(Engine):
    """An engine whose answers take 1.3 s (a large index on a busy machine)."""

    def ask(self, *args: object, **kwargs: object) -> Timed:
        """Answer after a pause."""
        time.sleep(1.3)
        return super().ask(*args, **kwargs)


async def test_a_slow_answer_shows_typing_first(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """«typing…» appears when the answer takes over a second, before the answer."""
    engine = SlowEngine(bot_db)
    engine.load()
    async with running_bot(settings_for(standin, bot_db, corpus_dir), engine):
        standin.push_text(BILAL)
        await standin.wait_for("sendMessage", timeout=10)
    names = [name for name, _ in standin.calls if name in ("sendChatAction", "sendMessage")]
    assert names == ["sendChatAction", "sendMessage"]
    assert standin.sent("sendChatAction")[0]["action"] == "typing"
