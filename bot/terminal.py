"""`dalil chat`: the bot's conversation in a terminal, «المزيد» and the full passage included."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot import texts
from bot.engine import Engine, Timed
from bot.journal import QuestionLog
from bot.questions import question_problem
from bot.render import render_answer_parts
from bot.small_talk import SMALL_TALK_REPLIES, example_question, small_talk
from bot.telegram_format import passage_view

CHAT_TYPE = "terminal"  # how the query log tells these questions apart
TERMINAL_USER = 0  # the one person at the terminal, as the query log hashes them
_TAG = re.compile(r"</?[a-z]+(?: [^>]*)?>")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)


def plain(text: str) -> str:
    """Telegram HTML as terminal text: tags dropped, entities unescaped."""
    return html.unescape(_TAG.sub("", text))


@dataclass
class TerminalChat:
    """One person's conversation: the last question, its pages so far and the follow-up."""

    engine: Engine
    top_k: int
    log: QuestionLog | None = None
    question: str | None = None
    after: str | None = None  # the document the current question followed up on
    subject: str = ""  # and the subject it took from the answer before
    previous: str | None = None  # the document of the last answer, for the next question
    previous_subject: str = ""  # and its subject
    offset: int = 0
    shown: dict[int, int] = field(default_factory=dict)  # result number -> passage index

    def reply(self, line: str) -> str:
        """The answer to one line: a question, «المزيد», «الفقرة N» or /new."""
        words = line.split()
        if words == ["/new"]:  # «سؤال جديد»: forget the follow-up context, as in the bot
            self.previous, self.previous_subject = None, ""
            return texts.NEW_DONE
        if words and words[0] in texts.CHAT_MORE and len(words) == 1:
            return self.more()
        if words and words[0] in texts.CHAT_PASSAGE and len(words) <= 2:
            return self.passage(words[1] if len(words) == 2 else "1")
        return self.ask(line)

    def ask(self, question: str) -> str:
        """Check and answer a new question, the way the bot does."""
        example = html.escape(example_question(self.engine.searcher.corpus))
        if problem := question_problem(question, example):
            return plain(problem)
        question = question.strip()
        if kind := small_talk(question):  # a greeting or thanks: not searched, not logged
            return plain(SMALL_TALK_REPLIES[kind](example))
        timed = self.engine.ask(
            question, self.top_k, 0, self.previous, subject=self.previous_subject
        )
        if self.log is not None:
            self.log.record(TERMINAL_USER, CHAT_TYPE, question, timed)
        self.question, self.after, self.subject = question, self.previous, self.previous_subject
        self.shown = {}
        if timed.answer.hits:
            self.previous = timed.answer.hits[0].document.path
            self.previous_subject = timed.answer.subject
        return self._page(timed)

    def more(self) -> str:
        """The next results of the current question (the «المزيد» button)."""
        if self.question is None:
            return texts.CHAT_NOTHING_YET
        timed = self.engine.ask(
            self.question, self.top_k, self.offset, self.after, subject=self.subject
        )
        if timed.answer.abstained or not timed.answer.hits:
            return texts.NO_MORE
        return self._page(timed)

    def passage(self, number: str) -> str:
        """A shown result's whole passage with its neighbours (the «الفقرة N» button)."""
        if self.question is None:
            return texts.CHAT_NOTHING_YET
        number = number.translate(_DIGITS)
        index = self.shown.get(int(number)) if number.isdigit() else None
        if index is None:
            return texts.CHAT_NO_SUCH_RESULT
        return plain(passage_view(self.engine.searcher, index, self.question))

    def _page(self, timed: Timed) -> str:
        """Word a page of results and remember what it showed."""
        text, count = render_answer_parts(timed.answer, markup=False)
        hits = timed.answer.hits[:count]
        self.shown.update((hit.rank, hit.passage_index) for hit in hits)
        self.offset = timed.answer.offset + count
        if not hits:
            return text
        more = timed.answer.has_more or count < len(timed.answer.hits)
        hint = texts.CHAT_HINT if more else texts.CHAT_HINT_LAST
        return f"{text}\n{hint.format(first=hits[0].rank)}"


def converse(chat: TerminalChat, read: Callable[[str], str], write: Callable[[str], None]) -> int:
    """Read lines until end of input (Ctrl-D) or Ctrl-C, answering each."""
    write(texts.CHAT_WELCOME)
    while True:
        try:
            line = read(texts.CHAT_PROMPT)
        except (EOFError, KeyboardInterrupt):
            write("")
            return 0
        if line.strip():
            write(chat.reply(line))
            write("")
