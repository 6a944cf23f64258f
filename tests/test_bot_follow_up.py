"""Follow-up questions: a question soon after an answer leans to that answer's article."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot import texts
from bot.cli import main as dalil
from bot.conversation import Conversations
from bot.engine import Engine
from bot.render import short_title
from retrieval.analyzer import DEFAULT_ANALYZER
from retrieval.follow_ups import lacks_subject, own_question
from storage.corpus_reader import title_of
from tests.helpers import Clock, seed_text
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import buttons, running_bot, settings_for, texts_to

VISIT = "من زار بلدة الهبيط؟"  # answered from 001_…, the article on the Russian ministry's bulletin
VISIT_FILE = "001_fc843bc12e8cb1da.txt"
VISIT_TITLE = short_title(title_of(seed_text("001")))  # as its citations show it
FOLLOW_UP = "كم عدد القتلى؟"  # asked alone, answered first from 003_…


def test_the_previous_document_is_kept_per_person_and_chat_for_a_while() -> None:
    clock = Clock()
    conversations = Conversations(window=600, clock=clock)
    conversations.remember(chat_id=-5, user_id=1, document="a.txt")
    clock.now = 599
    assert conversations.previous_document(-5, 1) == "a.txt"
    assert conversations.previous_document(-5, 2) is None  # someone else in the same group
    assert conversations.previous_document(1, 1) is None  # the same person in another chat
    clock.now = 601
    assert conversations.previous_document(-5, 1) is None


def test_conversations_are_bounded() -> None:
    conversations = Conversations(capacity=2)
    for user in (1, 2, 3):
        conversations.remember(chat_id=user, user_id=user, document=f"{user}.txt")
    assert conversations.previous_document(1, 1) is None
    assert conversations.previous_document(3, 3) == "3.txt"


def test_the_seed_follow_up_needs_the_context(bot_db: Path) -> None:
    """The end-to-end test below means something: alone, FOLLOW_UP is answered elsewhere."""
    engine = Engine(bot_db)
    engine.load()
    assert engine.ask(VISIT, 1).answer.hits[0].document.path == VISIT_FILE
    assert engine.ask(FOLLOW_UP, 1).answer.hits[0].document.path != VISIT_FILE
    assert engine.ask(FOLLOW_UP, 1, after=VISIT_FILE).answer.hits[0].document.path == VISIT_FILE


async def test_a_follow_up_is_answered_from_the_article_just_cited(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """The asker's follow-up, and its «المزيد» page, lean to that article; another person's
    same question, asked in the same moment, does not."""
    engine = Engine(bot_db)
    engine.load()
    settings = settings_for(standin, bot_db, corpus_dir)

    def two_pages(after: str | None) -> list[tuple[str, int]]:
        pages = [engine.ask(FOLLOW_UP, settings.top_k, o, after=after) for o in (0, settings.top_k)]
        return [(h.document.path, h.passage_number) for page in pages for h in page.answer.hits]

    # the lift reorders the two pages (with the fitted weights, the first one only)
    assert two_pages(VISIT_FILE) != two_pages(None)
    expected = two_pages(VISIT_FILE)[settings.top_k :]
    async with running_bot(settings, engine):
        standin.push_text(VISIT, user_id=11)
        await standin.wait_for("sendMessage")
        standin.push_text(FOLLOW_UP, user_id=11)
        standin.push_text(FOLLOW_UP, user_id=12)
        await standin.wait_for("sendMessage", count=3)
        [answer_id] = [
            m["message_id"] for m in standin.bot_messages.values() if m["chat"]["id"] == 11
        ][1:]
        follow_up = standin.bot_messages[answer_id]
        [more] = [b for b in buttons(follow_up) if b["text"] == texts.MORE_BUTTON]
        standin.push_callback(more["callback_data"], message_id=answer_id, user_id=11)
        await standin.wait_for("sendMessage", count=4)
    titles = {d.path: short_title(d.title) for d in engine.searcher.corpus.documents}
    assert titles[VISIT_FILE] in first_citation(follow_up["text"])
    # the asker is told the answer leaned on the previous one
    assert follow_up["text"].startswith(
        f"{texts.FOLLOWED_UP_ON.format(subject=VISIT)}\n{texts.ANSWER_HEADER}"
    )
    [first] = texts_to(standin, 11)[:1]
    [other] = texts_to(standin, 12)
    assert titles[VISIT_FILE] not in first_citation(other)
    assert texts.FOLLOWED_UP_MARK not in first and texts.FOLLOWED_UP_MARK not in other
    page_two = texts_to(standin, 11)[2]
    assert page_two.startswith(texts.ANSWER_HEADER_MORE)
    cited = [line for line in page_two.splitlines() if line.startswith("📄")]
    assert len(cited) == len(expected)
    shown: set[str] = set()
    for line, (path, number) in zip(cited, expected, strict=True):
        # a document's title once, then «the same document»
        assert (texts.SAME_DOCUMENT if path in shown else titles[path]) in line
        assert line.endswith(f"{texts.PASSAGE_LABEL} {number}")
        shown.add(path)


def first_citation(text: str) -> str:
    """The source line of an answer's first excerpt."""
    return next(line for line in text.splitlines() if line.startswith("📄"))


WHEN = "ومتى حدث ذلك؟"  # lacks its subject: the visit of «من زار بلدة الهبيط؟»
WHEN_ANSWER = "بعد ساعات من تحريرها"
GERMAN = "مين وزير الخارجية الألماني اللي حذر من كارثة في إدلب؟"
FRENCH = "من هو وزير الخارجية الفرنسي الذي حذر من تقسيم سوريا؟"  # names its own subject


@pytest.mark.parametrize(
    ("question", "lacking"),
    [
        (WHEN, True),
        ("كم عددهم؟", True),
        ("وأين؟", True),
        ("ما اسم اخيه؟", True),  # an attached pronoun with nothing before it to stand for
        ("متى توفي؟", None),  # a follow-up only if the previous document speaks of it
        ("ما قبلة المسلمين في صلاتهم؟", False),  # «هم» stands for «المسلمين»
        ("ما المذهب الذي تتبعه الصوفية؟", False),
        (FRENCH, False),
        ("ومتى انشق؟", True),  # «و» ties the question word on
        ("وماذا عن سجن إدلب؟", False),  # names its subject
        ("داعش", False),  # a bare name is the subject
        ("ما هو الأسد؟", False),  # a definition names what it asks about
    ],
)
def test_a_follow_up_lacking_its_subject_is_told_apart(question: str, lacking: bool | None) -> None:
    own = DEFAULT_ANALYZER(own_question(question))
    definition = question.startswith("ما هو")
    assert lacks_subject(question, len(set(own)), definition) is lacking


def test_the_follow_up_needs_the_previous_subject(bot_db: Path) -> None:
    """Alone, WHEN finds another article; after VISIT, the passage that answers it."""
    engine = Engine(bot_db)
    visit = engine.ask(VISIT, 3).answer
    assert visit.subject == VISIT
    alone = engine.ask(WHEN, 3).answer
    assert not alone.hits or alone.hits[0].document.path != VISIT_FILE
    followed = engine.ask(WHEN, 3, after=VISIT_FILE, subject=visit.subject).answer
    assert followed.followed_up and followed.subject == VISIT  # the subject carries on
    assert WHEN_ANSWER in followed.hits[0].passage_text


async def test_the_bot_answers_a_follow_up_from_the_previous_subject_and_says_so(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """WHEN after VISIT is answered from the visit's passage, and the reply names the question
    it followed; FRENCH after GERMAN names its own subject and is answered alone."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        for question in (VISIT, WHEN, GERMAN, FRENCH):
            standin.push_text(question, user_id=11)
            await standin.wait_for("sendMessage", count=len(texts_to(standin, 11)) + 1)
    _, when, german, french = texts_to(standin, 11)
    assert when.startswith(texts.FOLLOWED_UP_ON.format(subject=VISIT))
    assert WHEN_ANSWER in when.split("\n\n")[1] and VISIT_TITLE in first_citation(when)
    assert texts.FOLLOWED_UP_MARK not in german + french
    assert "ايرولت" in french.split("\n\n")[1]  # the French minister, not the German one


def test_dalil_chat_answers_the_follow_up_the_same_way(
    capsys: pytest.CaptureFixture[str], bot_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = iter([VISIT, WHEN, "/new", WHEN])
    monkeypatch.setattr("builtins.input", _typed(lines))
    assert dalil(["--db", str(bot_db), "chat"]) == 0
    out = capsys.readouterr().out
    followed, forgotten = out.split(texts.NEW_DONE)
    assert texts.FOLLOWED_UP_ON.format(subject=VISIT) in followed and WHEN_ANSWER in followed
    assert texts.FOLLOWED_UP_MARK not in forgotten


def _typed(lines: Iterator[str]) -> Callable[[str], str]:
    """input() reading the given lines, then the end of input."""

    def typed(prompt: str = "") -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    return typed


def test_the_subject_is_kept_with_the_document_and_an_older_chat_still_reads() -> None:
    """The subject is remembered beside the document; a chat saved before subjects were kept
    (document and time only) still gives its document, with no subject."""
    clock = Clock()
    conversations = Conversations(window=600, clock=clock)
    conversations.remember(chat_id=1, user_id=1, document="a.txt", subject=VISIT)
    assert conversations.previous(1, 1) == ("a.txt", VISIT)
    older = pickle.loads(pickle.dumps(conversations))
    older._last[(1, 1)] = ("a.txt", clock.now)  # the shape an older Dalil pickled
    assert older.previous(1, 1) == ("a.txt", "")
    assert older.previous_document(1, 1) == "a.txt"
