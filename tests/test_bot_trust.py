"""End to end: the three ways a reply is offered, small talk, examples and «سؤال جديد»."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot import texts
from bot.cli import main as dalil
from bot.small_talk import example_question
from retrieval.corpus import Corpus, DocumentInfo
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import buttons, logged_questions, running_bot, settings_for, texts_to

ANSWERED = "من هو بلال الشواش؟"
# the seeds name the Syrian defence minister but never give his age
RELATED = "كم عمر وزير الدفاع السوري علي أيوب؟"
NONE = "ما عاصمة اليابان؟"
BROAD = "ماذا حدث في إدلب؟"
SEED_EXAMPLE = "ما آخر أخبار داعش؟"
VISIT = "من زار بلدة الهبيط؟"
FOLLOW_UP = "كم عدد القتلى؟"


async def test_the_bot_offers_an_answer_related_passages_or_none(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        for number, question in enumerate((ANSWERED, RELATED, NONE, BROAD)):
            standin.push_text(question, user_id=100 + number)
        await standin.wait_for("sendMessage", count=4)
    answered, related, none, broad = (texts_to(standin, 100 + n)[0] for n in range(4))
    assert answered.startswith(texts.ANSWER_HEADER)
    # the detail asked is named first, then the nearest passages with their citations
    assert related.startswith(texts.related_header(("عمر",)))
    assert "<b>أيوب</b>" in related and texts.PASSAGE_LABEL in related
    assert none == f"{texts.NO_ANSWER}\n{texts.NO_ANSWER_HINT}"
    assert broad.startswith(texts.ANSWER_HEADER) and "إدلب" in broad


async def test_small_talk_gets_a_polite_reply_and_is_not_logged(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        for number, message in enumerate(("مرحبا", "شكرا جزيلا", "من أنت؟")):
            standin.push_text(message, user_id=200 + number)
        await standin.wait_for("sendMessage", count=3)
        standin.push_text(ANSWERED, user_id=210)
        await standin.wait_for("sendMessage", count=4)
        logged = await logged_questions(bot_db, 1)
    assert texts_to(standin, 200) == [texts.greeting_reply(SEED_EXAMPLE)]
    assert texts_to(standin, 201) == [texts.thanks_reply(SEED_EXAMPLE)]
    assert texts_to(standin, 202) == [texts.who_reply(SEED_EXAMPLE)]
    assert len(logged) == 1  # only the question


async def test_start_shows_an_example_from_the_collection(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text("/start")
        [reply] = await standin.wait_for("sendMessage")
    assert f"<i>{SEED_EXAMPLE}</i>" in reply["text"] and "بلال" not in reply["text"]


def test_the_example_is_built_from_the_titles() -> None:
    def titled(*titles: str) -> Corpus:
        documents = [DocumentInfo(f"{i}.txt", t, "", "", "") for i, t in enumerate(titles)]
        empty = np.zeros(0, dtype=np.int64)
        return Corpus(documents, [], empty, empty, {}, len(titles), "")

    assert example_question(titled("كشفت مصادر عن غارات في حمص", "قصف حمص اليوم")) == (
        "ما آخر أخبار حمص؟"
    )
    assert example_question(titled("موناليزا", "بيتكوين")) == "ما آخر أخبار موناليزا؟"


async def test_new_question_forgets_the_previous_answer(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text(VISIT, user_id=11)
        [answer] = await standin.wait_for("sendMessage")
        [new] = [b for b in buttons(answer) if b["text"] == texts.NEW_BUTTON]
        [answer_id] = [m["message_id"] for m in standin.bot_messages.values()]
        standin.push_callback(new["callback_data"], message_id=answer_id, user_id=11)
        [notice] = await standin.wait_for("answerCallbackQuery")
        standin.push_text(FOLLOW_UP, user_id=11)
        standin.push_text(VISIT, user_id=12)
        await standin.wait_for("sendMessage", count=3)
        standin.push_text("/new", user_id=12)
        await standin.wait_for("sendMessage", count=4)
        standin.push_text(FOLLOW_UP, user_id=12)
        await standin.wait_for("sendMessage", count=5)
    assert notice["text"] == texts.NEW_DONE
    after_button = texts_to(standin, 11)[1]
    _, done, after_command = texts_to(standin, 12)
    assert done == texts.NEW_DONE
    for reply in (after_button, after_command):
        assert texts.FOLLOWED_UP_MARK not in reply


@pytest.mark.parametrize(
    ("question", "offer"), [(ANSWERED, "answer"), (RELATED, "related"), (NONE, "none")]
)
def test_dalil_ask_offers_the_same_three_kinds(
    capsys: pytest.CaptureFixture[str], bot_db: Path, question: str, offer: str
) -> None:
    assert dalil(["--db", str(bot_db), "ask", question, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["offer"] == offer
    assert answer["abstained"] is (offer == "none")
    assert dalil(["--db", str(bot_db), "ask", question]) == 0
    out = capsys.readouterr().out
    header = {
        "answer": texts.ANSWER_HEADER,
        "related": texts.related_header(("عمر",)),
        "none": texts.NO_ANSWER,
    }[offer]
    assert out.startswith(header)


def test_dalil_chat_offers_them_too_and_new_forgets(
    capsys: pytest.CaptureFixture[str], bot_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = iter([RELATED, VISIT, "/new", FOLLOW_UP])

    def typed(prompt: str = "") -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", typed)
    assert dalil(["--db", str(bot_db), "chat"]) == 0
    out = capsys.readouterr().out
    assert texts.related_header(("عمر",)) in out
    assert texts.NEW_DONE in out and texts.FOLLOWED_UP_MARK not in out
