"""Who may change the collection: only a message an admin typed themself, in their own name.

/reindex, uploads and the admin part of /stats are refused for non-admins, for forwarded
messages (whoever forwards them), for messages sent on behalf of a channel or by an anonymous
group admin (`sender_chat`), and forged upload buttons do nothing. Run with `-s` for the figure.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot import texts
from bot.engine import Engine
from storage.index_writer import IndexReport
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import ADMIN_ID, USER_ID, bot_message, buttons, running_bot, settings_for

GROUP_ID = -(10**12 + 4040)
GROUP = {"id": GROUP_ID, "type": "supergroup", "title": "مجموعة"}
CHANNEL = {"id": -(10**12 + 5050), "type": "channel", "title": "قناة"}
# The users Telegram puts in `from` for posts on behalf of a channel and of anonymous admins.
CHANNEL_BOT_ID = 136817688
ANONYMOUS_ADMIN_BOT_ID = 1087968824
REFUSALS = {texts.NOT_ADMIN, texts.NOT_TYPED_BY_ADMIN}
ARTICLE = (
    "أعلنت بلدية مدينة القيروان افتتاح مكتبة عامة جديدة تضم عشرين ألف كتاب في التاريخ والأدب.\n\n"
    "وقال رئيس البلدية إن المكتبة القيروانية ستفتح أبوابها للطلاب مجانًا طوال أيام الأسبوع.\n"
)


@dataclass(frozen=True)
class Sender:
    """Who a message comes from, as the Bot API describes it."""

    name: str
    user_id: int
    chat_id: int | None = None
    forwarded_from: int | None = None
    sender_chat: dict | None = None

    @property
    def chat(self) -> int:
        """The chat the message is in (private chats have the user's id)."""
        return self.user_id if self.chat_id is None else self.chat_id

    @property
    def extra(self) -> dict[str, Any]:
        """The message fields that make it a forward or a post on behalf of a chat."""
        fields: dict[str, Any] = {}
        if self.forwarded_from is not None:
            fields["forward_origin"] = {
                "type": "user",
                "date": 0,
                "sender_user": {"id": self.forwarded_from, "is_bot": False, "first_name": "م"},
            }
        if self.sender_chat is not None:
            fields["sender_chat"] = self.sender_chat
        return fields


SENDERS = [
    Sender("non-admin", USER_ID),
    Sender("non-admin forwarding an admin's message", USER_ID, forwarded_from=ADMIN_ID),
    Sender("admin forwarding their own message", ADMIN_ID, forwarded_from=ADMIN_ID),
    Sender("admin forwarding someone else's message", ADMIN_ID, forwarded_from=USER_ID),
    Sender("post on behalf of a channel", CHANNEL_BOT_ID, GROUP_ID, sender_chat=CHANNEL),
    Sender("anonymous group admin", ANONYMOUS_ADMIN_BOT_ID, GROUP_ID, sender_chat=GROUP),
    Sender("admin's id with a sender_chat, private", ADMIN_ID, sender_chat=CHANNEL),
    Sender("admin's id with a sender_chat, group", ADMIN_ID, GROUP_ID, sender_chat=GROUP),
]


class CountingEngine(Engine):
    """An engine that counts the reindexes it is asked for."""

    def __init__(self, db_path: Path) -> None:
        """Start with none."""
        super().__init__(db_path)
        self.reindexes = 0

    def reindex(self, corpus_dir: Path, **kwargs: Any) -> IndexReport | None:
        """Count, then reindex."""
        self.reindexes += 1
        return super().reindex(corpus_dir, **kwargs)


@dataclass
class Tally:
    """Attempts at admin actions and how many were refused, by kind."""

    attempts: list[tuple[str, bool]] = field(default_factory=list)

    def add(self, what: str, refused: bool) -> None:
        """Note one attempt."""
        self.attempts.append((what, refused))

    @property
    def let_through(self) -> list[str]:
        """The attempts that were not refused."""
        return [what for what, refused in self.attempts if not refused]


def push(standin: BotApiStandIn, sender: Sender, text: str | None = None, **document: Any) -> None:
    """Queue a text (or, given content and file_name, a document) from sender."""
    if text is not None:
        message = standin.push_text(
            text,
            user_id=sender.user_id,
            chat_id=sender.chat_id,
            chat_type="private" if sender.chat_id is None else "supergroup",
        )
    else:
        message = standin.push_document(user_id=sender.user_id, chat_id=sender.chat_id, **document)
    # The queued update holds this very dict and is copied only when the bot polls, which cannot
    # happen before the next await: the extra fields go out with the message.
    message.update(sender.extra)


async def replies_after(
    standin: BotApiStandIn, chat_id: int, before: int, expect_reply: bool
) -> list[str]:
    """The texts sent to chat_id after the first `before` ones (waiting for one if expected)."""

    def to_chat(params: dict) -> bool:
        return params["chat_id"] == chat_id

    if expect_reply:
        await standin.wait_for("sendMessage", to_chat, count=before + 1)
    else:
        await asyncio.sleep(0.3)  # a message the bot ignores: give it time to do anything at all
    return [p["text"] for p in standin.sent("sendMessage") if to_chat(p)][before:]


def listing(folder: Path) -> dict[str, bytes]:
    """Every file in folder with its bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


async def test_only_a_message_an_admin_typed_may_change_the_collection(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """Every disguised attempt at /reindex, an upload or admin /stats is refused; the admin's
    own typed commands still work (so the test can tell refused from broken)."""
    engine = CountingEngine(bot_db)
    engine.load()
    tally = Tally()
    before_files = listing(corpus_dir)
    async with running_bot(settings_for(standin, bot_db, corpus_dir), engine):
        for number, sender in enumerate(SENDERS):
            in_private = sender.chat_id is None
            not_own = bool(sender.extra)
            sent = len([p for p in standin.sent("sendMessage") if p["chat_id"] == sender.chat])

            reindexes, files = engine.reindexes, listing(corpus_dir)
            push(standin, sender, "/reindex")
            [reply] = await replies_after(standin, sender.chat, sent, True)
            await asyncio.sleep(0.05)  # an accepted /reindex starts its build right after replying
            refused = reply in REFUSALS and engine.reindexes == reindexes
            tally.add(f"/reindex: {sender.name}", refused)
            assert reply == (texts.NOT_TYPED_BY_ADMIN if not_own else texts.NOT_ADMIN), sender.name

            # Telegram puts a user's own file in the private chat; in groups the bot takes none.
            push(standin, sender, content=ARTICLE.encode(), file_name=f"{number}.txt")
            got = await replies_after(standin, sender.chat, sent + 1, in_private)
            tally.add(f"upload: {sender.name}", listing(corpus_dir) == files)
            refusal = texts.NOT_TYPED_BY_ADMIN if not_own else texts.UPLOAD_ONLY_ADMINS
            assert got == ([refusal] if in_private else []), sender.name

            push(standin, sender, "/stats")
            [stats] = await replies_after(standin, sender.chat, sent + 1 + in_private, True)
            tally.add(f"admin /stats: {sender.name}", texts.STATS_TODAY not in stats)
            assert stats.startswith(texts.STATS_TITLE), sender.name

        assert engine.reindexes == 0 and listing(corpus_dir) == before_files
        await forge_upload_buttons(standin, corpus_dir, tally)

        in_group = len([p for p in standin.sent("sendMessage") if p["chat_id"] == GROUP_ID])
        standin.push_text("/stats", user_id=ADMIN_ID, chat_id=GROUP_ID, chat_type="supergroup")
        [group_stats] = await replies_after(standin, GROUP_ID, in_group, True)
        standin.push_text("/stats", user_id=ADMIN_ID)
        standin.push_text("/reindex", user_id=ADMIN_ID)
        await standin.wait_for("editMessageText", timeout=15)
    refused = len(tally.attempts) - len(tally.let_through)
    print(f"\nadmin actions: {refused} refused / {len(tally.attempts)} attempts")
    assert tally.let_through == []
    assert engine.reindexes == 2  # the admin's own /reindex, and the confirmed upload above
    admin_texts = [p["text"] for p in standin.sent("sendMessage") if p["chat_id"] == ADMIN_ID]
    assert any(texts.STATS_TODAY in text for text in admin_texts)
    # Other users' questions are not read out to a group, even when an admin asks there.
    assert group_stats.startswith(texts.STATS_TITLE) and texts.STATS_TODAY not in group_stats


async def forge_upload_buttons(standin: BotApiStandIn, corpus_dir: Path, tally: Tally) -> None:
    """Press the «replace the file?» buttons of an admin's upload as anyone but that admin, and
    with made-up tokens; then the admin's own press replaces the file (once)."""
    original = corpus_dir / "note.txt"
    original.write_text(ARTICLE, encoding="utf-8")
    changed = ARTICLE + "\nوأضافت البلدية قاعة مطالعة للأطفال في المكتبة الجديدة.\n"
    standin.push_document(changed.encode(), "note.txt", user_id=ADMIN_ID)
    [question] = await standin.wait_for("sendMessage", lambda p: "reply_markup" in p)
    replace, cancel = buttons(question)
    message_id = bot_message(standin, "يوجد في المصادر")["message_id"]
    token = replace["callback_data"].rsplit(":", 1)[1]
    forged = [
        ("non-admin presses «replace»", replace["callback_data"], USER_ID, message_id),
        ("non-admin presses «cancel»", cancel["callback_data"], USER_ID, message_id),
        ("non-admin sends the token from their own chat", f"u:y:{token}", USER_ID, 999_999),
        ("admin presses a made-up token", "u:y:AAAAAAAA", ADMIN_ID, message_id),
        ("admin presses a token with a changed letter", f"u:y:{token[:-1]}~", ADMIN_ID, message_id),
        ("admin presses an overlong token", f"u:y:{token}A", ADMIN_ID, message_id),
        ("channel bot presses «replace»", replace["callback_data"], CHANNEL_BOT_ID, message_id),
    ]
    for number, (what, data, user_id, on_message) in enumerate(forged, start=1):
        standin.push_callback(data, message_id=on_message, user_id=user_id)
        [*_, notice] = await standin.wait_for("answerCallbackQuery", count=number)
        unchanged = original.read_text(encoding="utf-8") == ARTICLE
        tally.add(f"button: {what}", unchanged and notice.get("text") == texts.STALE_BUTTON)
    standin.push_callback(replace["callback_data"], message_id=message_id, user_id=ADMIN_ID)
    await standin.wait_for(
        "sendMessage", lambda p: p["text"].startswith("✅") and "note.txt" in p["text"], timeout=15
    )
    assert original.read_text(encoding="utf-8") == changed
